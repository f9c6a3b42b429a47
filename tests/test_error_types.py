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


def _problem_keys() -> list[tuple[str, str]]:
    """Every ``Problem("key", ...)`` written in the package, with the module it is in."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "Problem"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.append((str(path.relative_to(PACKAGE)), node.args[0].value))
    return found


def test_every_problem_key_is_in_the_catalogue_in_every_language():
    from kompasmetrics.texts import LANGUAGES, entry

    keys = _problem_keys()
    assert len(keys) > 30
    missing = []
    for module, key in keys:
        try:
            text = entry(f"errors.{key}")
        except KeyError:
            missing.append(f"{module}: {key}")
            continue
        missing += [f"{module}: {key} [{language}]" for language in LANGUAGES if language not in text]
    assert not missing, missing


def test_a_problem_is_english_text_and_says_itself_in_dutch():
    problem = errors.Problem("common.more", shown="'a', 'b'", n=3)
    assert problem == "'a', 'b' and 3 more" and problem.text("nl") == "'a', 'b' en nog 3"
    error = errors.ExportError(
        errors.Problem(
            "common.cannot_import",
            where="x.csv",
            n=2,
            problems=errors.Bullets([errors.Problem("common.more", shown="'a'", n=1), "plain text"]),
        ),
        file="x.csv",
    )
    assert str(error) == "x.csv cannot be imported (2 problems):\n  - 'a' and 1 more\n  - plain text"
    assert error.text("nl") == "x.csv kan niet worden ingelezen (2 problemen):\n  - 'a' en nog 1\n  - plain text"


def test_a_settings_error_reaches_the_cli_in_the_output_language(capsys, tmp_path):
    from kompasmetrics.cli import main

    samples = Path(__file__).parent.parent / "sample_data" / "qualtrics_choice_text.xlsx"
    code = main(["report", str(samples), "--out", str(tmp_path), "--min-group-size", "0", "--language", "nl"])
    said = capsys.readouterr()
    text = said.out + said.err
    assert code != 0
    assert "kan deze instelling niet gebruiken" in text and "min_group_size=0: geef een geheel getal" in text
    assert "cannot use" not in text and "give a whole number" not in text


def test_an_export_that_fits_no_column_is_said_in_dutch(tmp_path):
    import pandas as pd

    path = tmp_path / "export.csv"
    pd.DataFrame({"a": [1, 2], "b": [3, 4]}).to_csv(path, index=False)
    try:
        km.read_survey(path)
    except km.ExportError as error:
        english, dutch = str(error), error.text("nl")
    assert "cannot be imported (3 problems)" in english and "No column of export.csv is the partnership" in english
    assert "kan niet worden ingelezen (3 problemen)" in dutch
    assert "Geen kolom van export.csv is de vraag naar de samenwerking" in dutch
    assert "Geen kolom van export.csv past bij een item" in dutch and "en nog 93" not in english
    assert not any(word in dutch for word in ("No column", "Pass ", "Columns found", " more"))
