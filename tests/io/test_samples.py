"""The sample exports: each reads back to the scores of the simulated truth it was made from."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import kompasmetrics as km


@pytest.fixture(scope="module")
def truth_scores(sample_study):
    return km.score(sample_study.survey)


@pytest.mark.parametrize(
    "name",
    [
        "qualtrics_choice_text.xlsx",
        "msforms_nl.xlsx",
        "google_forms.csv",
        "surveymonkey.xlsx",
        "limesurvey.csv",
    ],
)
def test_sample_scores_equal_the_simulated_truth(
    name, make_samples, sample_study, truth_scores, instrument, sample_folder
):
    survey = km.read_survey(sample_folder / name, instrument=instrument, **make_samples.SAMPLES[name]["read"])
    assert len(survey.items) == len(instrument.items)
    assert len(survey.responses) == len(sample_study.responses)
    scores = km.score(survey)
    pd.testing.assert_frame_equal(scores.partnerships, truth_scores.partnerships, check_exact=False, rtol=1e-12)
    # the answers themselves, and which of them were "don't know"
    ours = survey.responses.reset_index(drop=True)
    theirs = sample_study.survey.responses.reset_index(drop=True)
    np.testing.assert_array_equal(ours[survey.items].to_numpy(), theirs[survey.items].to_numpy())
    assert ours["partnership"].tolist() == theirs["partnership"].tolist()
    if name != "limesurvey.csv":  # LimeSurvey's "no answer" is an empty cell
        np.testing.assert_array_equal(survey.nonsubstantive.to_numpy(), sample_study.survey.nonsubstantive.to_numpy())
    # personal data never reaches the responses
    roles = {"respondent_id", "partnership", "organisation", "wave", "submitted_at"}
    assert set(survey.responses.columns) <= roles | set(survey.items)


def test_make_samples_is_deterministic(tmp_path, make_samples, sample_folder):
    for path in make_samples.make_samples(tmp_path):
        committed = sample_folder / path.name
        if path.suffix == ".csv":
            assert path.read_bytes() == committed.read_bytes(), path.name
        else:
            new = pd.read_excel(path, header=None, engine="calamine")
            old = pd.read_excel(committed, header=None, engine="calamine")
            pd.testing.assert_frame_equal(new, old)


def test_samples_readme_names_every_sample(make_samples, sample_folder):
    readme = (sample_folder / "README.md").read_text(encoding="utf-8")
    for name in make_samples.SAMPLES:
        assert name in readme
