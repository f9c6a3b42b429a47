"""The wheel carries the instruments: an installed (not editable) package loads them anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

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
        "diagnose/texts.yaml",
        "io/platforms.yaml",
        "plots/texts.yaml",
        "report/texts.yaml",
        "dashboards/texts.yaml",
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
