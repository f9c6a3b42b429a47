"""The diagnosis tables, texts, thresholds and edge cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import kompasmetrics as km
from kompasmetrics.diagnose import FLAGS, classify


@pytest.fixture(scope="module")
def study():
    return km.simulate(n_partnerships=60, random_state=5)


@pytest.fixture(scope="module")
def dx(study):
    return km.diagnose(km.score(study.survey))


def test_flags_table_shape_and_texts(dx):
    flags = dx.flags
    assert list(flags.columns) == [
        "partnership",
        "flag",
        "severity",
        "confidence",
        "phase",
        "party",
        "facet",
        "title_nl",
        "title_en",
        "evidence_nl",
        "evidence_en",
        "recommendation_nl",
        "recommendation_en",
    ]
    assert set(flags["flag"]) <= set(FLAGS)
    assert set(flags["severity"]) <= {"low", "medium", "high"}
    for column in ["title_nl", "title_en", "evidence_nl", "evidence_en", "recommendation_nl", "recommendation_en"]:
        assert flags[column].str.len().gt(10).all() if "title" not in column else flags[column].str.len().gt(3).all()
    assert not (flags["evidence_nl"] == flags["evidence_en"]).any()
    assert not flags["evidence_en"].str.contains(r"\{|\bnan\b").any()


def test_skipped_phase_evidence_names_both_phases_with_numbers(dx, study):
    rows = dx.flags[dx.flags["flag"] == "skipped_phase"]
    assert len(rows)
    first = rows.iloc[0]
    scores = km.score(study.survey).partnerships.loc[first["partnership"]]
    phases = ["Exploring", "Sharing", "Agreeing", "Designing", "Executing"]
    named = [p for p in phases if p.lower() in first["evidence_en"].lower()]
    assert len(named) == 2
    assert (
        f"{scores['phase1_explore']:.0f}" in first["evidence_en"]
        or f"{scores['phase2_share']:.0f}" in first["evidence_en"]
        or f"{scores['phase3_agree']:.0f}" in first["evidence_en"]
    )


def test_phases_table(dx):
    phases = dx.phases
    assert {
        "phase1_explore",
        "phase5_execute",
        "current_phase",
        "next_phase",
        "phases_agree",
        "next_step_nl",
        "next_step_en",
    } <= set(phases.columns)
    judged = phases[phases["sufficient_data"]]
    assert judged["current_phase"].between(1, 5).all()
    assert judged["next_step_nl"].str.startswith(("Fase", "Alle fasen")).all()
    assert judged["next_step_en"].str.startswith(("Phase", "All phases")).all()


def test_summary_one_row_per_partnership(dx, study):
    assert len(dx.summary) == len(study.truth)
    assert dx.summary["headline_nl"].notna().all() and dx.summary["headline_en"].notna().all()
    assert (
        dx.summary["n_flags"]
        == dx.flags[dx.flags["flag"] != "progress"].groupby("partnership").size().reindex(dx.summary.index).fillna(0)
    ).all()


def test_rules_are_overridable(study):
    scores = km.score(study.survey)
    strict = km.diagnose(scores, rules=km.Rules(weak_leadership=90))
    lenient = km.diagnose(scores, rules=km.Rules().replace(weak_leadership=5))
    assert len(strict.flagged("weak_leadership")) > len(lenient.flagged("weak_leadership"))
    assert len(lenient.flagged("weak_leadership")) == 0


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"complete": 120}, "complete=120"),
        ({"rwg_moderate": 2}, "rwg_moderate=2"),
        ({"gap_alpha": 0}, "gap_alpha=0"),
        ({"min_respondents": 0}, "min_respondents=0"),
        ({"incomplete": 70, "under_way": 60}, "must not exceed"),
        ({"low_trust": "low"}, "low_trust='low'"),
    ],
)
def test_bad_rules(kwargs, fragment):
    with pytest.raises(km.KompasValueError, match=fragment):
        km.Rules(**kwargs)


def test_unknown_rule_name():
    with pytest.raises(km.KompasValueError, match="no threshold 'complet'"):
        km.Rules().replace(complet=70)


def test_insufficient_data_instead_of_guesses():
    study = km.simulate(n_partnerships=30, organisations=(1, 2), respondents=(1, 2), random_state=3)
    dx = km.diagnose(km.score(study.survey))
    insufficient = set(dx.flagged("insufficient_data"))
    assert insufficient
    others = dx.flags[dx.flags["partnership"].isin(insufficient) & (dx.flags["flag"] != "insufficient_data")]
    assert others.empty
    assert dx.summary.loc[list(insufficient), "current_phase"].isna().all()


@pytest.mark.parametrize(
    ("own", "partners", "expected"),
    [
        (30, 30, "lose_lose"),
        (75, 30, "win_lose"),
        (30, 70, "lose_win"),
        (50, 50, "compromise"),
        (56, 40, "compromise"),  # one side below 45 but not 20 points behind: no clear winner
        (80, 75, "win_win"),
        (np.nan, 50, None),
    ],
)
def test_negotiation_outcomes(own, partners, expected):
    assert classify([own], [partners], low=45, high=65, gap=20)[0] == expected


def test_negotiation_table_respects_small_group_suppression(dx, study):
    scores = km.score(study.survey)
    assert (dx.negotiation["n"] >= scores.settings["min_group_size"]).all()
    assert set(dx.negotiation["outcome"].dropna()) <= {"lose_lose", "win_lose", "lose_win", "compromise", "win_win"}


def test_not_scores():
    with pytest.raises(km.KompasValueError, match="needs the Scores"):
        km.diagnose(pd.DataFrame())


def test_flagged_rejects_unknown_flag(dx):
    with pytest.raises(km.KompasValueError, match="Unknown flag"):
        dx.flagged("sham")


def test_html_repr(dx):
    assert "Diagnosis" in dx._repr_html_()
