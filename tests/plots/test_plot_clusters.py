"""Cluster embedding and profiles."""

from __future__ import annotations

import numpy as np
from plot_helpers import plain, role

import kompasmetrics as km


def test_embedding_coloured_by_cluster_with_names(small_clusters, small_dx, small_scores):
    cl = small_clusters
    figure = km.plot_clusters(cl, dx=small_dx, scores=small_scores, language="en")
    traces = role(figure, "cluster")
    assert len(traces) == cl.n_clusters
    for trace in traces:
        cluster = trace.meta["cluster"]
        rows = cl.embedding[cl.embedding["cluster"] == cluster]
        np.testing.assert_allclose(trace.x, rows["x"])
        assert plain(trace.name) == f"{cluster}: {cl.names.at[cluster, 'name_en']}"
        for partnership, hover in zip(rows.index, trace.hovertext, strict=True):
            assert hover.startswith(f"<b>{partnership}</b>")
            assert "Key scores:" in hover and "Flags:" in hover
    flagged = small_dx.flags.query("flag == 'sham_collaboration'")["partnership"].iloc[0]
    hover = next(h for t in traces for h in t.hovertext if h.startswith(f"<b>{flagged}</b>"))
    assert "Sham collaboration" in plain(hover)
    assert "Principal component 1" in figure.layout.xaxis.title.text


def test_hover_without_extras_and_in_dutch(small_clusters):
    figure = km.plot_clusters(small_clusters)
    hover = role(figure, "cluster")[0].hovertext[0]
    assert "Signalen" not in hover and "Kenmerkende" not in hover and "Cluster 0" in hover
    assert figure.layout.title.text == "Typen samenwerking in de portefeuille"


def test_profile_heatmap_is_the_differences(small_clusters):
    cl = small_clusters
    figure = km.plot_profiles(cl)
    (heatmap,) = role(figure, "heatmap")
    wide = cl.profiles.pivot(index="cluster", columns="scale", values="difference")
    expected = wide.loc[heatmap.meta["clusters"], heatmap.meta["scales"]].to_numpy(float)
    np.testing.assert_allclose(np.asarray(heatmap.z, float), expected)
    assert heatmap.zmid == 0
    assert heatmap.meta["clusters"] == sorted(cl.profiles["cluster"].unique().tolist())


def test_profile_radars_per_ring(small_clusters):
    cl = small_clusters
    figure = km.plot_profiles(cl, kind="radar", language="en")
    subplots = sorted(name for name in figure.layout if name.startswith("polar"))
    assert len(subplots) == 3
    assert len(role(figure, "cluster")) == 3 * cl.n_clusters and len(role(figure, "portfolio")) == 3
    means = cl.profiles.pivot(index="cluster", columns="scale", values="mean")
    trace = role(figure, "cluster")[0]
    ring = km.load_instrument().scales.query("ring == @trace.meta['ring']")["scale"]
    np.testing.assert_allclose(trace.r[:-1], means.loc[trace.meta["cluster"], ring])
