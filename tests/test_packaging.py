"""The wheel carries the instruments: an installed (not editable) package loads them anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kompasmetrics.texts import catalogue_files

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    pytest.importorskip("hatchling", reason="building the wheel needs hatchling (in the test extra)")
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    return next(out.glob("kompasmetrics-*.whl"))


def test_wheel_contains_instruments_and_archetypes(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "kompasmetrics/instruments/kompas.yaml" in names
    for data_file in (
        "simulate/archetypes.yaml",
        "io/platforms.yaml",
        "io/role_questions.yaml",
        "texts/languages.yaml",
        *(f"texts/{name}.yaml" for name in catalogue_files()),
        "app/dashboard.ipynb",
    ):
        assert f"kompasmetrics/{data_file}" in names, data_file


def test_installed_wheel_loads_instrument_from_another_folder(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        text=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import kompasmetrics as km, pathlib; i = km.load_instrument(); "
        "print(i.id, len(i.scales), pathlib.Path(km.__file__).parent)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(target)},
        check=True,
    )
    identifier, n_scales, location = result.stdout.split()
    assert identifier == "kompas" and int(n_scales) >= 27
    assert Path(location).is_relative_to(target)


def _loaded_after(code: str) -> set[str]:
    heavy = "('plotly', 'ipywidgets', 'sklearn', 'semopy')"
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in {heavy} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_import_and_statistics_load_no_figures_widgets_or_clustering():
    """PEP 562 lazy attributes: the heavy parts load when first used, not on import."""
    assert _loaded_after("import kompasmetrics") == set()
    assert _loaded_after("import kompasmetrics.stats") == set()
    pipeline = (
        "import kompasmetrics as km\n"
        "scores = km.score(km.simulate(n_partnerships=8, random_state=1).survey)\n"
        "km.diagnose(scores)"
    )
    assert _loaded_after(pipeline) == set()
    assert _loaded_after("import kompasmetrics as km\nkm.plot_radar") == {"plotly"}


def test_every_public_name_resolves():
    import kompasmetrics as km

    for name in km.__all__:
        assert getattr(km, name) is not None, name
    assert set(km.__all__) <= set(dir(km))
    with pytest.raises(AttributeError, match="no attribute 'plot_everything'"):
        km.plot_everything  # noqa: B018


def test_dependencies_declared_are_the_dependencies_imported():
    import ast
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    distribution_of = {"sklearn": "scikit-learn", "yaml": "pyyaml", "python_calamine": "python-calamine"}
    declared = {re_name(d) for d in project["dependencies"]}
    optional = {re_name(d) for extra in project["optional-dependencies"].values() for d in extra}
    imported = set()
    for path in (ROOT / "kompasmetrics").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {distribution_of.get(m, m) for m in imported - set(sys.stdlib_module_names) - {"kompasmetrics"}}
    assert third_party - declared <= optional, third_party - declared - optional  # voila: the app extra
    assert declared - third_party == {"anywidget"}  # needed by Plotly's FigureWidget, documented in pyproject


def re_name(requirement: str) -> str:
    import re

    return re.split(r"[<>=\[; ]", requirement, maxsplit=1)[0].lower()


def test_the_package_is_typed(wheel):
    assert "kompasmetrics/py.typed" in zipfile.ZipFile(wheel).namelist()


def test_functions_named_like_their_subpackage_stay_functions():
    import kompasmetrics as km
    import kompasmetrics.diagnose
    import kompasmetrics.simulate

    assert callable(km.diagnose) and callable(km.simulate)
    from kompasmetrics.diagnose import Rules

    assert Rules is km.Rules


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda km, s: km.score("file.xlsx"), r"score\(\) needs a Survey as survey; got str 'file.xlsx'\. Pass"),
        (lambda km, s: km.score(s.responses), r"score\(\) needs a Survey as survey; got DataFrame"),
        (lambda km, s: km.plot_kijkglas(s.survey, "P001"), r"plot_kijkglas\(\) needs the Scores .*got Survey"),
        (lambda km, s: km.plot_radar(s.survey, "P001"), r"plot_radar\(\) needs the Scores"),
        (lambda km, s: km.plot_power(s.survey), r"plot_power\(\) needs the Scores"),
        (lambda km, s: km.plot_likert(s.responses, scale="leadership"), r"plot_likert\(\) needs a Survey"),
        (lambda km, s: km.read_survey(123), r"read_survey\(\) needs a file path as path; got int 123"),
    ],
)
def test_wrong_arguments_get_our_error(call, message):
    import kompasmetrics as km

    study = km.simulate(n_partnerships=4, random_state=1)
    with pytest.raises(km.KompasValueError, match=message):
        call(km, study)
