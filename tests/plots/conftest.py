"""Fixtures of the figure tests: a diagnosis and clustering of the shared small study, and a study
with organisations too small to show."""

from __future__ import annotations

import pytest

import kompasmetrics as km


@pytest.fixture(scope="session")
def small_dx(small_scores) -> km.Diagnosis:
    return km.diagnose(small_scores)


@pytest.fixture(scope="session")
def small_clusters(small_scores) -> km.Clustering:
    return km.cluster_partnerships(small_scores, random_state=0, n_bootstrap=0)


@pytest.fixture(scope="session")
def tiny_groups(small_study):
    """P001 with two organisations below the minimum group size (3), 'Klein X' (2 respondents) and
    'Klein Y' (1): scoring pools them with the other small ones into one 'Overig / Other' row."""
    responses = small_study.survey.responses.copy()
    rows = responses.index[responses["partnership"] == "P001"]
    responses.loc[rows[:2], "organisation"] = "Klein X"
    responses.loc[rows[2:3], "organisation"] = "Klein Y"
    survey = km.Survey(
        responses,
        small_study.survey.instrument,
        attributes=small_study.survey.attributes,
        nonsubstantive=small_study.survey.nonsubstantive,
    )
    return survey, km.score(survey)


@pytest.fixture(scope="session")
def wave_scores() -> km.Scores:
    return km.score(km.simulate(n_partnerships=12, n_waves=2, random_state=3).survey)
