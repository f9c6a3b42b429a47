"""Benchmarks against the portfolio and reliable change between waves."""

from __future__ import annotations

import pytest
from scipy import stats as scipy_stats

import kompasmetrics as km


@pytest.fixture(scope="module")
def scores():
    return km.score(km.simulate(n_partnerships=80, random_state=8).survey)


def test_benchmark_percentiles_and_quartiles(scores):
    table = km.benchmark(scores, "P010")
    portfolio = scores.partnerships[~scores.partnerships["suppressed"]]
    value = scores.partnerships.at["P010", "trust_openness"]
    row = table.loc["trust_openness"]
    assert row["value"] == pytest.approx(value)
    assert row["lower"] <= value <= row["upper"]
    assert 0 <= row["percentile"] <= 100
    assert row["p25"] <= row["p50"] <= row["p75"]
    assert {"label_nl", "label_en", "ring"} <= set(table.columns)
    # percentile: share below, ties half (scipy's 'mean' kind over the portfolio it was computed on)
    kept = portfolio.loc[
        [
            p
            for p in portfolio.index
            if p in set(km.cluster_partnerships(scores, n_clusters=3, random_state=0, n_bootstrap=0).labels.index)
        ],
        "trust_openness",
    ]
    assert row["percentile"] == pytest.approx(scipy_stats.percentileofscore(kept, value, kind="mean"))


def test_benchmark_with_clusters(scores):
    cl = km.cluster_partnerships(scores, random_state=0, n_bootstrap=0)
    table = km.benchmark(scores, "P010", clusters=cl)
    assert (table["cluster"] == cl.labels["P010"]).all()
    assert table["cluster_mean"].notna().all()


def test_benchmark_unknown_partnership(scores):
    with pytest.raises(km.KompasKeyError, match=r"no partnership 'P0100'.*Did you mean"):
        km.benchmark(scores, "P0100")


def test_compare_waves_reliable_change():
    study = km.simulate(n_partnerships=80, n_waves=2, respondents=(4, 8), random_state=9)
    scores = km.score(study.survey)
    change = km.compare_waves(scores)
    assert {
        "partnership",
        "scale",
        "wave_from",
        "wave_to",
        "change",
        "se_change",
        "reliable_change_index",
        "reliable",
        "direction",
    } <= set(change.columns)
    assert (change["wave_from"] == 1).all() and (change["wave_to"] == 2).all()
    row = change.dropna().iloc[0]
    assert row["reliable_change_index"] == pytest.approx(row["change"] / row["se_change"])
    truth = study.truth.set_index("partnership")["trajectory"]
    phases = change[change["scale"].str.startswith("phase")].assign(trajectory=lambda t: t["partnership"].map(truth))
    up_rate = phases.groupby("trajectory")["direction"].apply(lambda d: (d == "up").mean())
    down_rate = phases.groupby("trajectory")["direction"].apply(lambda d: (d == "down").mean())
    assert up_rate["progress"] > 0.2 > up_rate["stable"]
    assert down_rate["backtracking"] > down_rate["stable"]
    assert down_rate["stable"] <= 0.05 and up_rate["stable"] <= 0.05


def test_compare_waves_needs_waves(scores):
    with pytest.raises(km.KompasValueError, match="wave"):
        km.compare_waves(scores)
