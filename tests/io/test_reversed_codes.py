"""A question coded in reverse in the survey tool reads as valid numbers; the data shows it.

Every export format reports an item whose correlation with the rest of its scale is clearly
negative, and the reliability table says what to check."""

from __future__ import annotations

import numpy as np
import pytest

import kompasmetrics as km
from kompasmetrics.io._samples import write_export


@pytest.fixture(scope="module")
def study():
    return km.simulate(n_partnerships=12, organisations=(3, 3), respondents=(3, 4), random_state=7)


def reversed_codes(study):
    responses = study.responses.copy()
    column = responses["trust_openness_2"]
    numbers = column.map(lambda v: v if isinstance(v, (int, float, np.integer, np.floating)) else np.nan)
    responses["trust_openness_2"] = column.where(numbers.isna(), 6 - numbers)  # Strongly agree = 1
    return responses


@pytest.mark.parametrize("platform", ["qualtrics", "msforms", "google", "surveymonkey", "limesurvey", "generic"])
def test_every_format_reports_an_item_coded_in_reverse(tmp_path, study, instrument, platform):
    path = write_export(reversed_codes(study), tmp_path / f"x_{platform}.csv", platform, instrument=instrument)
    survey = km.read_survey(path)
    notes = survey.report[survey.report["problem"].str.contains("correlates negatively")]
    assert notes["column"].tolist() == ["trust_openness_2"]
    assert "coded this question in reverse" in notes["action"].iloc[0]
    clean = km.read_survey(write_export(study.responses, tmp_path / "clean.csv", platform, instrument=instrument))
    assert not clean.report["problem"].str.contains("correlates negatively").any()


def test_the_reliability_table_says_what_to_check(study):
    survey = km.Survey(reversed_codes(study), study.survey.instrument, attributes=study.survey.attributes)
    items = km.score(survey).reliability.items.set_index("item")
    assert items.at["trust_openness_2", "corrected_item_total_r"] < -0.2
    assert "coded in reverse" in items.at["trust_openness_2", "note"]
    assert (items.drop(index="trust_openness_2")["note"] == "").all()
