"""The simulator: planted archetypes and their truth table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import kompasmetrics as km

ARCHETYPES = {"healthy", "early_stage", "skipped_exploration", "sham", "power_dominated"}


def test_archetypes_balanced_and_truth_complete():
    study = km.simulate(n_partnerships=203, random_state=1)
    counts = study.truth["archetype"].value_counts()
    assert set(counts.index) == ARCHETYPES
    assert counts.max() - counts.min() <= 1
    truth = study.truth.set_index("partnership")
    assert truth.loc[truth["archetype"] == "sham", "expected_flags"].map(lambda f: "sham_collaboration" in f).all()
    assert (
        truth.loc[truth["archetype"] == "skipped_exploration", "expected_flags"]
        .map(lambda f: f == ("skipped_phase",))
        .all()
    )
    assert truth.loc[truth["archetype"] == "healthy", "expected_flags"].map(len).eq(0).all()
    assert truth.loc[truth["archetype"] == "power_dominated", "dominant_organisation"].notna().all()
    assert truth["n_respondents"].sum() == len(study.responses)


def test_same_seed_same_study():
    first = km.simulate(n_partnerships=20, random_state=5)
    second = km.simulate(n_partnerships=20, random_state=5)
    pd.testing.assert_frame_equal(first.responses, second.responses)
    assert not first.responses.equals(km.simulate(n_partnerships=20, random_state=6).responses)


def test_nonresponse_and_dont_know_present():
    study = km.simulate(n_partnerships=30, random_state=2)
    items = study.survey.items
    assert study.survey.nonsubstantive[items].to_numpy().mean() == pytest.approx(0.02, abs=0.006)
    blank = study.survey.responses[items].isna().to_numpy() & ~study.survey.nonsubstantive[items].to_numpy()
    assert blank.mean() == pytest.approx(0.03, abs=0.006)
    assert (study.responses[items] == "Weet niet").to_numpy().any()


def test_small_organisations_occur():
    study = km.simulate(n_partnerships=30, random_state=2)
    sizes = study.responses.groupby(["partnership", "organisation"]).size()
    assert (sizes < 3).any() and (sizes >= 3).any()


def test_waves_with_trajectories():
    study = km.simulate(n_partnerships=60, n_waves=3, random_state=4)
    assert set(study.responses["wave"]) == {1, 2, 3}
    assert set(study.truth["trajectory"]) == {"stable", "progress", "backtracking"}
    latent = study.latent
    phases = ["phase1_explore", "phase2_share", "phase3_agree", "phase4_design", "phase5_execute"]
    for partnership in study.truth.loc[study.truth["trajectory"] == "backtracking", "partnership"]:
        drop = latent.loc[(partnership, 2), phases] - latent.loc[(partnership, 3), phases]
        assert drop.max() >= 30
    for partnership in study.truth.loc[study.truth["trajectory"] == "progress", "partnership"]:
        assert (latent.loc[(partnership, 3), phases] >= latent.loc[(partnership, 1), phases] - 1e-9).all()


def test_archetype_selection_and_errors():
    study = km.simulate(n_partnerships=10, archetypes={"healthy": 1, "sham": 1}, random_state=0)
    assert set(study.truth["archetype"]) == {"healthy", "sham"}
    with pytest.raises(km.KompasValueError, match="archetypes="):
        km.simulate(n_partnerships=10, archetypes=["fake"])
    with pytest.raises(km.KompasValueError, match="n_partnerships=0"):
        km.simulate(n_partnerships=0)


def test_english_labels():
    study = km.simulate(n_partnerships=10, language="en", random_state=0)
    assert (study.responses[study.survey.items] == "Don't know").to_numpy().any()
    assert (
        study.responses["organisation"].str.contains("Municipality|Care provider|Company|School|Police|Province").any()
    )


def test_planted_profiles_differ_in_the_data():
    study = km.simulate(n_partnerships=100, random_state=9)
    scores = km.score(study.survey)
    merged = scores.partnerships.join(study.truth.set_index("partnership")["archetype"])
    means = merged.groupby("archetype")[["phase1_explore", "phase3_agree", "power_asymmetry", "trust_openness"]].mean()
    assert means.at["skipped_exploration", "phase1_explore"] < means.at["healthy", "phase1_explore"] - 30
    assert means.at["sham", "phase3_agree"] < 35
    assert means.at["power_dominated", "power_asymmetry"] > 65
    assert np.isfinite(means.to_numpy()).all()
