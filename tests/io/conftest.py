"""Fixtures for the importer: the sample study, its exports, and a writer for small variants."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import kompasmetrics as km
from kompasmetrics.io._samples import write_export

SAMPLE_FOLDER = Path(__file__).resolve().parents[2] / "sample_data"


def _load_make_samples():
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLE_FOLDER / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def sample_folder() -> Path:
    return SAMPLE_FOLDER


@pytest.fixture(scope="session")
def make_samples():
    """sample_data/make_samples.py as a module (SAMPLES, simulated_study, make_samples)."""
    return _load_make_samples()


@pytest.fixture(scope="session")
def sample_study(make_samples) -> km.SimulatedStudy:
    return make_samples.simulated_study()


@pytest.fixture(scope="session")
def tiny_study() -> km.SimulatedStudy:
    """Three partnerships: small enough to write many export variants quickly."""
    return km.simulate(n_partnerships=3, organisations=(2, 2), respondents=(2, 3), random_state=11)


@pytest.fixture
def export(tmp_path, tiny_study, instrument):
    """write_export(tiny_study.responses, tmp_path / name, platform, **options) -> path."""

    def write(name: str, platform: str, responses=None, **options) -> Path:
        return write_export(
            tiny_study.responses if responses is None else responses,
            tmp_path / name,
            platform,
            instrument=instrument,
            **options,
        )

    return write
