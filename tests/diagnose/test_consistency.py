"""Verdicts that never contradict each other, checked over every partnership and every flag of
several simulated studies (the faults measured in the diagnosis issue: healthy phase-5
partnerships told to go back, skipped-phase evidence and advice naming different phases)."""

from __future__ import annotations

import re

import numpy as np
import pytest

import kompasmetrics as km


@pytest.fixture(scope="module", params=[1, 2, 3])
def study(request):
    scores = km.score(km.simulate(n_partnerships=150, random_state=request.param).survey)
    return scores, km.diagnose(scores)


def test_sent_back_only_to_a_clearly_incomplete_phase(study):
    scores, dx = study
    roles = scores.instrument.roles
    phases = dx.phases.dropna(subset=["current_phase", "next_phase"])
    back = phases[phases["next_phase"] < phases["current_phase"]]
    completion = np.array([back.at[unit, roles.phases[int(n)]] for unit, n in back["next_phase"].items()])
    assert (completion < dx.rules.incomplete).all()


def test_no_healthy_last_phase_partnership_is_sent_back(study):
    _, dx = study
    problems = set(dx.flags.loc[dx.flags["flag"] != "progress", "partnership"])
    summary = dx.summary[~dx.summary.index.isin(problems)]
    in_phase_5 = summary[summary["current_phase"] == 5]
    assert len(in_phase_5) > 0
    assert (in_phase_5["next_phase"].isna() | (in_phase_5["next_phase"] == 5)).all()
    for headline in in_phase_5["headline_en"]:
        assert "next step: Exploring" not in headline and "next step: Agreeing" not in headline


def test_skipped_phase_evidence_and_advice_name_the_same_phase(study):
    scores, dx = study
    labels = {scores.instrument.scale_label(s, lang).lower() for s in scores.instrument.roles.scales("phases")
              for lang in ("nl", "en")}  # fmt: skip
    flags = dx.flags[dx.flags["flag"] == "skipped_phase"]
    assert len(flags) > 10
    for language in ("nl", "en"):
        for evidence, advice in zip(flags[f"evidence_{language}"], flags[f"recommendation_{language}"], strict=True):
            named = evidence.split(" is ")[0].lower()
            assert named in labels
            in_advice = {label for label in labels if re.search(rf"\b{re.escape(label)}\b", advice.lower())}
            assert in_advice == {named}, (evidence, advice)
