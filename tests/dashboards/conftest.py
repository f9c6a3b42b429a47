"""The study both dashboard test modules draw: 30 simulated partnerships, scored, diagnosed and
clustered once per module."""

from __future__ import annotations

import pytest

import kompasmetrics as km


@pytest.fixture(scope="module")
def study():
    return km.simulate(n_partnerships=30, random_state=14)


@pytest.fixture(scope="module")
def scores(study):
    return km.score(study.survey)


@pytest.fixture(scope="module")
def dx(scores):
    return km.diagnose(scores)


@pytest.fixture(scope="module")
def cl(scores):
    return km.cluster_partnerships(scores, random_state=0, n_bootstrap=2)
