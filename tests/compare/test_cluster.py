"""Clustering partnerships: planted archetypes recovered, the estimator contract, stability."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

import kompasmetrics as km


@pytest.fixture(scope="module", params=[31, 32, 33])
def study_scores(request):
    study = km.simulate(n_partnerships=220, random_state=request.param)
    return study, km.score(study.survey)


def archetypes_of(study, labels):
    return study.truth.set_index("partnership").loc[labels.index, "archetype"]


def test_auto_finds_the_planted_archetypes(study_scores):
    study, scores = study_scores
    cl = km.cluster_partnerships(scores, n_clusters="auto", method="kmeans", random_state=0, n_bootstrap=0)
    assert cl.n_clusters == study.truth["archetype"].nunique()
    assert adjusted_rand_score(archetypes_of(study, cl.labels), cl.labels) >= 0.8


@pytest.mark.parametrize("method", ["ward", "gmm"])
def test_other_methods_recover_archetypes(study_scores, method):
    study, scores = study_scores
    cl = km.cluster_partnerships(scores, method=method, random_state=0, n_bootstrap=0)
    assert adjusted_rand_score(archetypes_of(study, cl.labels), cl.labels) >= 0.8
    if method == "gmm":
        assert cl.selection["bic"].notna().all()
        assert cl.selection.loc[cl.selection["chosen"], "reason"].str.contains("BIC").all()


def test_result_tables(study_scores):
    _, scores = study_scores
    cl = km.cluster_partnerships(scores, random_state=0, n_bootstrap=5)
    k = cl.n_clusters
    assert set(cl.profiles.columns) == {"cluster", "scale", "mean", "portfolio_mean", "difference", "z"}
    assert len(cl.profiles) == k * len(scores.scales)
    assert cl.names["name_nl"].is_unique and cl.names["name_en"].is_unique
    assert cl.names["name_en"].str.contains("high|low").all()
    assert list(cl.stability.index) == [*range(k), "overall"]
    assert cl.stability["jaccard"].between(0, 1).all()
    assert cl.stability.at["overall", "adjusted_rand"] > 0.8
    assert list(cl.embedding.columns) == ["x", "y", "cluster"]
    assert len(cl.embedding.attrs["explained_variance"]) == 2
    assert cl.selection["chosen"].sum() == 1
    assert (
        cl.labels.value_counts().sort_index().to_numpy() == np.sort(cl.labels.value_counts().to_numpy())[::-1]
    ).all()


def test_names_describe_the_archetypes(study_scores):
    study, scores = study_scores
    cl = km.cluster_partnerships(scores, random_state=0, n_bootstrap=0)
    archetypes = archetypes_of(study, cl.labels)
    power_cluster = cl.labels[archetypes == "power_dominated"].mode()[0]
    assert (
        "power difference" in cl.names.at[power_cluster, "name_en"].lower()
        or "restraint" in cl.names.at[power_cluster, "name_en"].lower()
    )


def test_deterministic_for_random_state(study_scores):
    _, scores = study_scores
    first = km.cluster_partnerships(scores, random_state=4, n_bootstrap=3)
    second = km.cluster_partnerships(scores, random_state=4, n_bootstrap=3)
    pd.testing.assert_series_equal(first.labels, second.labels)
    pd.testing.assert_frame_equal(first.stability, second.stability)


def test_estimator_places_new_partnerships():
    last_year = km.simulate(n_partnerships=150, random_state=41)
    this_year = km.simulate(n_partnerships=60, random_state=42)
    scores_last, scores_this = km.score(last_year.survey), km.score(this_year.survey)
    features_last = scores_last.partnerships[scores_last.scales]
    model = km.PartnershipClustering(n_clusters="auto", random_state=0).fit(features_last)
    assert hasattr(model, "labels_") and hasattr(model, "n_clusters_") and hasattr(model, "cluster_centers_")
    predicted = model.predict(scores_this.partnerships[scores_this.scales])
    truth_last = last_year.truth.set_index("partnership").loc[features_last.index, "archetype"]
    mapping = pd.crosstab(model.labels_, truth_last.to_numpy()).idxmax(axis=1)
    truth_this = this_year.truth.set_index("partnership").loc[scores_this.partnerships.index, "archetype"]
    assert (mapping.loc[predicted].to_numpy() == truth_this.to_numpy()).mean() >= 0.9
    assert model.get_params()["method"] == "kmeans"


def test_ward_predict_uses_nearest_cluster_mean():
    scores = km.score(km.simulate(n_partnerships=80, random_state=2).survey)
    features = scores.partnerships[scores.scales]
    model = km.PartnershipClustering(n_clusters=5, method="ward").fit(features)
    assert (model.predict(features) == model.labels_).mean() >= 0.95


def test_too_few_partnerships_says_the_minimum():
    scores = km.score(km.simulate(n_partnerships=8, respondents=(3, 6), random_state=1).survey)
    with pytest.raises(km.KompasValueError, match="at least 10 partnerships"):
        km.cluster_partnerships(scores)


def test_insufficient_partnerships_are_listed_not_clustered():
    scores = km.score(km.simulate(n_partnerships=60, organisations=(1, 3), respondents=(1, 3), random_state=3).survey)
    cl = km.cluster_partnerships(scores, n_clusters=3, random_state=0, n_bootstrap=0)
    assert len(cl.excluded) > 0
    assert not set(cl.excluded["partnership"]) & set(cl.labels.index)
    assert cl.excluded["reason"].str.contains("fewer than|suppressed").all()


def test_missing_scale_scores_are_imputed_with_the_portfolio_mean():
    scores = km.score(km.simulate(n_partnerships=60, random_state=5).survey)
    features = scores.partnerships[scores.scales].copy()
    features.iloc[0, 0] = np.nan
    model = km.PartnershipClustering(n_clusters=3, random_state=0).fit(features)
    standardised = model.transform(features)
    assert standardised[0, 0] == pytest.approx(0, abs=1e-9)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"method": "dbscan"}, "method='dbscan'"),
        ({"n_clusters": 1}, "n_clusters=1"),
        ({"k_range": (1, 4)}, "k_range"),
        ({"scales": ["trust"]}, "not scored"),
    ],
)
def test_bad_arguments(kwargs, fragment):
    scores = km.score(km.simulate(n_partnerships=30, random_state=6).survey)
    with pytest.raises((km.KompasValueError, km.KompasKeyError), match=fragment):
        km.cluster_partnerships(scores, **kwargs)


def test_scale_subset():
    scores = km.score(km.simulate(n_partnerships=60, random_state=7).survey)
    cl = km.cluster_partnerships(
        scores, scales=["phase1_explore", "phase3_agree", "power_asymmetry"], random_state=0, n_bootstrap=0
    )
    assert set(cl.profiles["scale"]) == {"phase1_explore", "phase3_agree", "power_asymmetry"}
