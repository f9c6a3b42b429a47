"""Shared fixtures: a seeded generator, the bundled instrument and a small simulated study."""

from __future__ import annotations

import numpy as np
import pytest

import kompasmetrics as km


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20261128)


@pytest.fixture(scope="session")
def instrument() -> km.Instrument:
    return km.load_instrument()


@pytest.fixture(scope="session")
def small_study() -> km.SimulatedStudy:
    return km.simulate(n_partnerships=40, random_state=7)


@pytest.fixture(scope="session")
def small_scores(small_study) -> km.Scores:
    return km.score(small_study.survey)
