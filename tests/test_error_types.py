"""Every error type a user can catch lives in kompasmetrics.errors, and every error can list its
problems (``.problems``)."""

from __future__ import annotations

import ast
from pathlib import Path

import kompasmetrics as km
from kompasmetrics import errors

PACKAGE = Path(km.__file__).parent


def test_every_error_type_is_defined_in_errors_py():
    elsewhere = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "errors.py" and path.parent == PACKAGE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                (isinstance(base, ast.Name) and base.id.startswith("Kompas"))
                or getattr(base, "id", "") in errors.__all__
                for base in node.bases
            ):
                elsewhere.append(f"{path.relative_to(PACKAGE)}: {node.name}")
    assert not elsewhere, elsewhere
    for name in errors.__all__:
        assert getattr(km, name) is getattr(errors, name), name


def test_every_error_has_its_problems():
    single = errors.KompasValueError("one thing is wrong")
    assert single.problems == ("one thing is wrong",)
    export = errors.ExportError("two things", file="a.csv", problems=["first", "second"])
    assert export.problems == ("first", "second") and export.file == "a.csv"
    assert isinstance(errors.OutputError("x"), OSError)
