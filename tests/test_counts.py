"""One definition of each count (partnerships, waves, organisations, organisation memberships),
the same in every repr and report: a two-wave study of 20 partnerships says 20, not 40."""

from __future__ import annotations

import kompasmetrics as km
from kompasmetrics._counts import study_counts


def test_a_two_wave_study_counts_its_partnerships_once():
    study = km.simulate(n_partnerships=20, n_waves=2, random_state=1)
    scores = km.score(study.survey)
    counts = study_counts(scores.respondents)
    assert counts["partnerships"] == 20 and counts["waves"] == 2 and counts["measurements"] == 40
    responses = study.survey.responses
    assert counts["organisations"] == responses["organisation"].nunique()
    assert counts["memberships"] == len(responses[["partnership", "organisation"]].drop_duplicates())
    assert counts["organisations"] < counts["memberships"]  # simulated names recur across partnerships
    text = repr(scores)
    assert "partnerships=20, waves=2, measurements=40" in text
    assert f"organisations={counts['organisations']}, memberships={counts['memberships']}" in text


def test_the_report_card_counts_distinct_organisations(tmp_path):
    from kompasmetrics.report import write_html

    study = km.simulate(n_partnerships=12, random_state=4)
    scores = km.score(study.survey)
    page = write_html(tmp_path / "r.html", scores).read_text(encoding="utf-8")
    distinct = study_counts(scores.respondents)["organisations"]
    assert f'<span class="km-card-n">{distinct}</span><span class="km-card-label">organisaties' in page


def test_survey_and_scores_reprs_say_the_same_counts():
    study = km.simulate(n_partnerships=20, n_waves=2, random_state=1)
    survey_text, scores_text = repr(study.survey), repr(km.score(study.survey))
    shared = "partnerships=20, waves=2, measurements=40"
    assert shared in survey_text and shared in scores_text
    counts = study_counts(study.survey.responses)
    assert f"organisations={counts['organisations']}, memberships={counts['memberships']}" in survey_text
