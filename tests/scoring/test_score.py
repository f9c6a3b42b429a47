"""Scoring: hand-computed values, invariants, privacy rules and recovery of the planted truth."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats

import kompasmetrics as km
from kompasmetrics.scoring import POOLED_LABEL

MINI = """
id: mini
version: "1"
title: {nl: Mini, en: Mini}
default_response_scale: agree5
response_scales:
  - id: agree5
    values: [1, 2, 3, 4, 5]
    labels:
      nl: [Helemaal oneens, Oneens, Neutraal, Eens, Helemaal eens]
      en: [Strongly disagree, Disagree, Neutral, Agree, Strongly agree]
    missing: {nl: [Weet niet], en: ["Don't know"]}
scales:
  - id: a
    construct: x
    label: {nl: A, en: A}
    ring: context
    items:
      - {id: a1, text: {nl: a1, en: a1}, reverse: false}
      - {id: a2, text: {nl: a2, en: a2}, reverse: false}
      - {id: a3, text: {nl: a3, en: a3}, reverse: true}
  - id: b
    construct: x
    label: {nl: B, en: B}
    ring: ambition
    items:
      - {id: b1, text: {nl: b1, en: b1}, reverse: false}
      - {id: b2, text: {nl: b2, en: b2}, reverse: false}
"""

ROWS = [  # respondent, partnership, organisation, a1, a2, a3 (reverse), b1, b2
    ("r1", "P1", "X", 5, 4, 1, 5, 5),
    ("r2", "P1", "X", 3, 3, 3, 3, 4),
    ("r3", "P1", "X", 4, None, None, 2, 2),
    ("r4", "P1", "Y", 1, 2, 5, 1, 2),
    ("r5", "P2", "Z", 2, 2, 4, 4, 4),
    ("r6", "P2", "Z", 3, 2, 4, 4, 5),
    ("r7", "P3", "Z", 3, 3, 3, 3, 3),
    ("r8", "P3", "Q", 4, 4, 2, 4, 4),
]


@pytest.fixture(scope="module")
def mini(tmp_path_factory) -> km.Instrument:
    path = tmp_path_factory.mktemp("inst") / "mini.yaml"
    path.write_text(textwrap.dedent(MINI), encoding="utf-8")
    return km.load_instrument(path)


@pytest.fixture(scope="module")
def mini_survey(mini) -> km.Survey:
    frame = pd.DataFrame(ROWS, columns=["respondent_id", "partnership", "organisation", "a1", "a2", "a3", "b1", "b2"])
    return km.Survey(frame, mini)


def test_respondent_scores_by_hand(mini_survey):
    scores = km.score(mini_survey, min_group_size=1)
    a = scores.respondents.set_index("respondent_id")["a"]
    # r1: keyed 5, 4, 5 -> POMP 100, 75, 100; r4: keyed 1, 2, 1 -> 0, 25, 0
    assert a["r1"] == pytest.approx(275 / 3)
    assert a["r2"] == pytest.approx(50)
    assert np.isnan(a["r3"])  # 1 of 3 items answered < min_valid 0.5
    assert a["r4"] == pytest.approx(25 / 3)


def test_min_valid_one_third_keeps_single_answers(mini_survey):
    scores = km.score(mini_survey, min_valid=1 / 3, min_group_size=1)
    assert scores.respondents.set_index("respondent_id").at["r3", "a"] == pytest.approx(75)


def test_partnership_weights(mini_survey):
    by_org = km.score(mini_survey, min_group_size=1).partnerships
    by_respondent = km.score(mini_survey, weight="respondent", min_group_size=1).partnerships
    org_x, org_y = (275 / 3 + 50) / 2, 25 / 3
    assert by_org.at["P1", "a"] == pytest.approx((org_x + org_y) / 2)
    assert by_respondent.at["P1", "a"] == pytest.approx((275 / 3 + 50 + 25 / 3) / 3)
    assert by_org.at["P1", "n_respondents"] == 4 and by_org.at["P1", "n_organisations"] == 2


def test_interval_uses_kish_effective_size(mini_survey):
    scores = km.score(mini_survey, min_group_size=1)
    row = scores.intervals.set_index(["partnership", "scale"]).loc[("P1", "a")]
    values = np.array([275 / 3, 50, 25 / 3])
    n_effective = 2**2 / (1 / 2 + 1 / 1)  # K^2 / sum 1/n_k for organisations of 2 and 1 valid scores
    half = scipy_stats.t.ppf(0.95, n_effective - 1) * values.std(ddof=1) / np.sqrt(n_effective)
    assert row["n_effective"] == pytest.approx(n_effective)
    assert row["lower"] == pytest.approx(max(0, row["score"] - half))
    assert row["upper"] == pytest.approx(min(100, row["score"] + half))


def test_small_groups_never_shown_alone(mini_survey):
    scores = km.score(mini_survey)  # default min_group_size 3
    organisations = scores.organisations
    assert "Y" not in organisations["organisation"].tolist()  # 1 respondent, pool of 1: left out
    assert (organisations["n"] >= 3).all()
    partnerships = scores.partnerships
    assert partnerships.at["P2", "suppressed"] and np.isnan(partnerships.at["P2", "a"])
    assert not partnerships.at["P1", "suppressed"]
    # Y still counts in P1
    assert partnerships.at["P1", "a"] == pytest.approx(((275 / 3 + 50) / 2 + 25 / 3) / 2)


def test_small_organisations_pooled_when_pool_is_large_enough(small_scores):
    organisations = small_scores.organisations
    pooled = organisations[organisations["organisation"] == POOLED_LABEL]
    assert len(pooled) > 0 and pooled["pooled"].all()
    assert (organisations["n"] >= 3).all()


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"min_valid": 0}, "min_valid=0"),
        ({"weight": "people"}, "weight='people'"),
        ({"min_group_size": 0}, "min_group_size=0"),
        ({"confidence": 90}, "confidence=90"),
    ],
)
def test_bad_settings(mini_survey, kwargs, fragment):
    with pytest.raises(km.KompasValueError, match=fragment):
        km.score(mini_survey, **kwargs)


def test_scores_stay_within_0_100(small_scores):
    values = small_scores.respondents[small_scores.scales].to_numpy()
    assert np.nanmin(values) >= 0 and np.nanmax(values) <= 100
    intervals = small_scores.intervals.dropna()
    assert (intervals["lower"] <= intervals["score"]).all() and (intervals["score"] <= intervals["upper"]).all()


def test_reverse_keying_twice_is_identity(mini, mini_survey, tmp_path):
    flipped_yaml = (
        textwrap.dedent(MINI)
        .replace("reverse: true", "reverse: TMP")
        .replace("a1, en: a1}, reverse: false", "a1, en: a1}, reverse: true")
        .replace("reverse: TMP", "reverse: false")
    )
    path = tmp_path / "flipped.yaml"
    path.write_text(flipped_yaml, encoding="utf-8")
    flipped = km.load_instrument(path)
    frame = mini_survey.responses.copy()
    frame[["a1", "a3"]] = 6 - frame[["a1", "a3"]]
    original = km.score(mini_survey, min_group_size=1).respondents["a"]
    again = km.score(km.Survey(frame, flipped), min_group_size=1).respondents["a"]
    pd.testing.assert_series_equal(original, again)


def test_reliability_matches_stats_functions(small_study, small_scores, instrument):
    survey = small_study.survey
    items = instrument.items_of("trust_openness")
    info = instrument.items.set_index("item").loc[items]
    keyed = survey.responses[items].copy()
    for item in items:
        if info.at[item, "reverse"]:
            keyed[item] = info.at[item, "min"] + info.at[item, "max"] - keyed[item]
    row = small_scores.reliability.scales.set_index("scale").loc["trust_openness"]
    assert row["cronbach_alpha"] == pytest.approx(km.stats.cronbach_alpha(keyed.dropna(how="all")))
    assert row["omega_total"] == pytest.approx(km.stats.mcdonald_omega(keyed.dropna(how="all")))
    assert (small_scores.reliability.scales["cronbach_alpha"] > 0.6).all()
    items_table = small_scores.reliability.items
    assert set(items_table.columns) >= {"scale", "item", "reverse", "corrected_item_total_r", "alpha_if_deleted"}
    assert len(items_table) == len(instrument.items)


def test_agreement_matches_stats_functions(small_study, small_scores, instrument):
    survey = small_study.survey
    items = instrument.items_of("phase3_agree")
    info = instrument.items.set_index("item").loc[items]
    agreement = small_scores.agreement.partnerships.set_index(["partnership", "scale"])
    for partnership in ["P001", "P002", "P003"]:
        group = survey.responses.loc[survey.responses["partnership"] == partnership, items].copy()
        for item in items:
            if info.at[item, "reverse"]:
                group[item] = 6 - group[item]
        expected = km.stats.rwg_j(group, n_options=5)
        assert agreement.loc[(partnership, "phase3_agree"), "rwg_j"] == pytest.approx(expected)
    respondents = small_scores.respondents
    icc = small_scores.agreement.scales.set_index("scale")
    valid = respondents["trust_interest"].notna()
    assert icc.at["trust_interest", "icc1"] == pytest.approx(
        km.stats.icc1(respondents.loc[valid, "trust_interest"], respondents.loc[valid, "partnership"])
    )
    assert icc.at["trust_interest", "icc2"] == pytest.approx(
        km.stats.icc2(respondents.loc[valid, "trust_interest"], respondents.loc[valid, "partnership"])
    )


def test_org_gap_is_range_of_shown_organisations(small_scores):
    organisations = small_scores.organisations
    gap = small_scores.agreement.partnerships.set_index(["partnership", "scale"])["org_gap"]
    for partnership, group in organisations.groupby("partnership"):
        if len(group) >= 2:
            expected = group["leadership"].max() - group["leadership"].min()
            assert gap[(partnership, "leadership")] == pytest.approx(expected)


def test_partnership_scores_recover_planted_means(rng):
    study = km.simulate(n_partnerships=150, respondents=(4, 8), random_state=11)
    scores = km.score(study.survey)
    latent = study.latent
    for scale in ["phase1_explore", "phase3_agree", "trust_openness", "power_asymmetry", "value_creation"]:
        r = np.corrcoef(scores.partnerships[scale], latent.loc[scores.partnerships.index, scale])[0, 1]
        assert r > 0.9, scale


def test_waves_are_scored_per_partnership_and_wave():
    study = km.simulate(n_partnerships=12, n_waves=2, random_state=3)
    scores = km.score(study.survey)
    assert scores.partnerships.index.names == ["partnership", "wave"]
    assert len(scores.partnerships) == 24
    assert {"partnership", "wave"} <= set(scores.agreement.partnerships.columns)


def test_html_repr(small_scores):
    html = small_scores._repr_html_()
    assert "Partnerships" in html and "Reliability" in html


def test_study_statistics_do_not_depend_on_the_weighting_or_suppression():
    # ICCs, alpha and omega are study-level: the same under either weighting, and untouched by the
    # partnerships whose scores are suppressed (min_group_size above some partnerships' size)
    study = km.simulate(n_partnerships=30, n_waves=2, respondents=(1, 4), random_state=5)
    by_organisation = km.score(study.survey, weight="organisation", min_group_size=6)
    by_respondent = km.score(study.survey, weight="respondent", min_group_size=6)
    assert by_respondent.partnerships["suppressed"].any()
    pd.testing.assert_frame_equal(by_organisation.agreement.scales, by_respondent.agreement.scales)
    pd.testing.assert_frame_equal(by_organisation.reliability.scales, by_respondent.reliability.scales)
    unsuppressed = km.score(study.survey, weight="respondent", min_group_size=1)
    pd.testing.assert_series_equal(unsuppressed.agreement.scales["icc1"], by_respondent.agreement.scales["icc1"])
