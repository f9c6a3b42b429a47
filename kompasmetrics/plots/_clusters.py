"""Types of partnership: the clusters in their 2-D embedding, and the clusters' profiles."""

from __future__ import annotations

from typing import Literal

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .._checks import expect
from ..compare import Clustering
from ..diagnose import Diagnosis
from ..instrument import load_instrument
from ..scoring import Scores, latest_wave, select_wave
from . import _theme as theme
from ._common import RINGS, check_choice, close, polar_axis, shorten, wrap
from ._texts import check_language, plain, text

N_KEY_SCORES = 3


def _check_clustering(cl: object, function: str) -> Clustering:
    return expect(cl, Clustering, function, "cl")


def cluster_name(cl: Clustering, cluster: int, language: str) -> str:
    return str(cl.names.at[cluster, f"name_{language}"])


def plot_clusters(
    cl: Clustering,
    *,
    dx: Diagnosis | None = None,
    scores: Scores | None = None,
    language: str | None = None,
) -> go.Figure:
    """The partnerships in the clustering's 2-D embedding, coloured by cluster.

    Parameters
    ----------
    cl : Clustering
        From :func:`kompasmetrics.cluster_partnerships`.
    dx : Diagnosis, optional
        Adds each partnership's flags (titles, most severe first) to the hover.
    scores : Scores, optional
        Adds each partnership's key scores to the hover: the scales that set its cluster apart
        most (largest ``|z|`` in ``cl.profiles``).
    language : str, optional
        "nl" or "en"; by default the instrument's first language

    Returns
    -------
    plotly.graph_objects.Figure
        x, y the first two principal components (``cl.embedding``). One marker trace per
        cluster (``meta["role"] = "cluster"``, ``meta["cluster"]``), named "number: cluster name"
        in the legend, with ``hovertext`` per partnership: the partnership, the cluster's name and,
        when given, flags and key scores.

    Raises
    ------
    KompasValueError
        For an unknown ``language`` or a first argument that is not a Clustering.
    """
    cl = _check_clustering(cl, "plot_clusters")
    language = check_language(language, cl.instrument)
    embedding = cl.embedding
    flags = _flag_lines(dx, language) if dx is not None else None
    key_scores = _key_score_lines(cl, scores, language) if scores is not None else None
    figure = go.Figure()
    cluster_word = text("clusters.cluster", language)
    for cluster in sorted(embedding["cluster"].unique()):
        rows = embedding[embedding["cluster"] == cluster]
        name = cluster_name(cl, cluster, language)
        hover = []
        for partnership in rows.index:
            lines = [f"<b>{plain(partnership)}</b>", f"{cluster_word} {cluster}: {wrap(name, 45)}"]
            if flags is not None:
                lines.append(
                    f"{text('clusters.flags', language)}: {flags.get(partnership, text('common.none', language))}"
                )
            if key_scores is not None and partnership in key_scores:
                lines.append(key_scores[partnership])
            hover.append("<br>".join(lines))
        colour = theme.QUALITATIVE[int(cluster) % len(theme.QUALITATIVE)]
        figure.add_trace(
            go.Scatter(
                x=rows["x"].tolist(),
                y=rows["y"].tolist(),
                mode="markers",
                name=f"{cluster}: {wrap(name, 38)}",
                marker=dict(
                    size=10,
                    color=colour,
                    symbol=SYMBOLS[int(cluster) % len(SYMBOLS)],
                    line=dict(color="white", width=1),
                ),
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
                customdata=rows.index.astype(str).tolist(),
                meta={
                    "role": "cluster",
                    "cluster": int(cluster),
                    "partnerships": rows.index.astype(str).tolist(),
                },
            )
        )
    shares = embedding.attrs.get("explained_variance")
    axes = []
    for i in (1, 2):
        if shares is not None and len(shares) >= i:
            axes.append(text("clusters.axis", language, i=i, share=float(shares[i - 1])))
        else:
            axes.append(text("clusters.axis_plain", language, i=i))
    figure = theme.themed(
        figure,
        title=text("clusters.title", language),
        subtitle=text("clusters.subtitle", language),
        height=560,
    )
    figure.update_xaxes(title=axes[0], zeroline=False)
    figure.update_yaxes(title=axes[1], zeroline=False)
    figure.update_layout(
        legend=dict(
            orientation="h",
            x=0,
            xanchor="left",
            y=-0.2,  # clear of the x axis' title
            yanchor="top",
            font_size=11,
            entrywidth=0.5,
            entrywidthmode="fraction",
        ),
        margin=dict(l=80, b=170),
    )
    return figure


# shape as well as colour
SYMBOLS = [
    "circle",
    "square",
    "diamond",
    "triangle-up",
    "cross",
    "star",
    "hexagon",
    "triangle-down",
]


def _flag_lines(dx: Diagnosis, language: str) -> dict[str, str]:
    flags = select_wave(dx.flags, by=dx.summary)  # the partnership's latest wave, not its latest flag
    flags = flags[flags["flag"] != "progress"]
    return {
        partnership: wrap("; ".join(dict.fromkeys(group[f"title_{language}"])), 60)
        for partnership, group in flags.groupby("partnership", sort=False)
    }


def _key_score_lines(cl: Clustering, scores: Scores, language: str) -> dict[str, str]:
    table = latest_wave(scores.partnerships)
    profiles = cl.profiles.assign(_abs=cl.profiles["z"].abs())
    lines = {}
    for cluster, group in profiles.groupby("cluster"):
        scales = [s for s in group.sort_values("_abs", ascending=False)["scale"] if s in table.columns][:N_KEY_SCORES]
        members = [p for p in cl.labels.index[cl.labels == cluster] if p in table.index]
        labels = [scores.instrument.scale_label(s, language) for s in scales]
        # one look-up per cluster, not per partnership and scale: portfolios run to thousands
        block = table.loc[members, scales].to_numpy(float)
        for partnership, row in zip(members, block, strict=True):
            values = ", ".join(f"{label} {v:.0f}" for label, v in zip(labels, row, strict=True))
            lines[partnership] = f"{text('clusters.key_scores', language)}: {wrap(values, 60)}"
    return lines


def plot_profiles(
    cl: Clustering,
    *,
    kind: Literal["heatmap", "radar"] = "heatmap",
    language: str | None = None,
) -> go.Figure:
    """The clusters' profiles: how each cluster differs from the portfolio, scale by scale.

    Parameters
    ----------
    cl : Clustering
        From :func:`kompasmetrics.cluster_partnerships`.
    kind : {"heatmap", "radar"}, default "heatmap"
        ``"heatmap"``: clusters x scales, coloured by the difference from the portfolio mean
        (points), the cluster mean written in each cell. ``"radar"``: the three Kijkglas rings
        side by side, one polygon per cluster (its means) and the portfolio mean dotted.
    language : str, optional
        "nl" or "en"; by default the instrument's first language

    Returns
    -------
    plotly.graph_objects.Figure
        ``"heatmap"``: one heat map trace (``meta["role"] = "heatmap"``); ``z`` the differences
        (rows the clusters in order, columns the scales in instrument order), ``text`` the means.
        ``"radar"``: a polar axis per ring that has clustered scales (``polar``, ``polar2``...),
        each with a ``"portfolio"`` trace and one ``"cluster"`` trace per cluster
        (``meta["cluster"]``); polygons are closed (the first scale repeated).

    Raises
    ------
    KompasValueError
        For an unknown ``kind`` or ``language``, or a first argument that is not a Clustering.
    """
    check_choice("kind", kind, ("heatmap", "radar"))
    cl = _check_clustering(cl, "plot_profiles")
    language = check_language(language, cl.instrument)
    # a Clustering keeps no instrument: scale labels come from the bundled Kompas instrument
    instrument = load_instrument()
    scales = [s for s in instrument.scale_ids if s in set(cl.profiles["scale"])]
    scales += [s for s in dict.fromkeys(cl.profiles["scale"]) if s not in scales]
    labels = {s: instrument.scale_label(s, language) if s in instrument.scale_ids else s for s in scales}
    clusters = sorted(cl.profiles["cluster"].unique())
    if kind == "heatmap":
        return _profile_heatmap(cl, clusters, scales, labels, language)
    return _profile_radar(cl, clusters, scales, labels, instrument, language)


def _profile_heatmap(
    cl: Clustering, clusters: list, scales: list[str], labels: dict[str, str], language: str
) -> go.Figure:
    wide = cl.profiles.pivot(index="cluster", columns="scale", values="difference").reindex(
        index=clusters, columns=scales
    )
    means = cl.profiles.pivot(index="cluster", columns="scale", values="mean").reindex(index=clusters, columns=scales)
    limit = float(np.nanmax(np.abs(wide.to_numpy()))) if wide.notna().any().any() else 1.0
    limit = max(10.0, np.ceil(limit / 5) * 5)
    rows = [f"{c}: {wrap(cluster_name(cl, c, language), 30, 3)}" for c in clusters]
    portfolio = cl.profiles.drop_duplicates("scale").set_index("scale")["portfolio_mean"]
    hover = np.empty(wide.shape, dtype=object)
    for i, c in enumerate(clusters):
        for j, s in enumerate(scales):
            hover[i, j] = (
                f"<b>{text('clusters.cluster', language)} {c}</b>: "
                f"{wrap(cluster_name(cl, c, language), 45)}"
                f"<br>{labels[s]}: {means.iat[i, j]:.0f} "
                f"({text('clusters.portfolio_mean', language).lower()} "
                f"{portfolio.get(s, np.nan):.0f}, {wide.iat[i, j]:+.0f})"
            )
    figure = go.Figure(
        go.Heatmap(
            z=wide.to_numpy(),
            x=[shorten(labels[s]) for s in scales],
            y=rows,
            zmid=0,
            zmin=-limit,
            zmax=limit,
            colorscale=theme.SCORE_SCALE,
            xgap=1.5,
            ygap=3,
            text=np.vectorize(lambda v: "" if np.isnan(v) else f"{v:.0f}")(means.to_numpy()),
            texttemplate="%{text}",
            textfont=dict(size=9),
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            colorbar=dict(
                ticklabelposition="outside bottom",
                title=dict(text=text("clusters.difference", language), side="top", font_size=11),
                thickness=12,
                len=0.9,
            ),
            meta={"role": "heatmap", "clusters": [int(c) for c in clusters], "scales": scales},
        )
    )
    figure = theme.themed(
        figure,
        title=text("clusters.profiles_title", language),
        subtitle=text("clusters.profiles_subtitle", language),
        height=int(260 + 70 * len(clusters)),
    )
    figure.update_xaxes(tickangle=-45, tickfont_size=10, showgrid=False, ticks="", side="bottom")
    figure.update_yaxes(autorange="reversed", showgrid=False, ticks="", tickfont_size=11)
    figure.update_layout(margin=dict(l=20, r=20, t=90, b=40))
    return figure


def _profile_radar(
    cl: Clustering,
    clusters: list,
    scales: list[str],
    labels: dict[str, str],
    instrument,
    language: str,
) -> go.Figure:
    ring_of = instrument.scales.set_index("scale")["ring"].to_dict()
    rings = [r for r in RINGS if any(ring_of.get(s) == r for s in scales)]
    sizes = np.array([sum(ring_of.get(s) == r for s in scales) for r in rings], float)
    widths = (1.0 + sizes / sizes.max()) / (1.0 + sizes / sizes.max()).sum()
    figure = make_subplots(
        rows=1,
        cols=len(rings),
        specs=[[{"type": "polar"}] * len(rings)],
        column_widths=widths.tolist(),
        horizontal_spacing=0.12,
        subplot_titles=[f"<b>{text(f'rings.{r}', language)}</b>" for r in rings],
    )
    means = cl.profiles.pivot(index="cluster", columns="scale", values="mean")
    portfolio = cl.profiles.drop_duplicates("scale").set_index("scale")["portfolio_mean"]
    for i, ring in enumerate(rings):
        subplot = polar_axis(i)
        ring_scales = [s for s in scales if ring_of.get(s) == ring]
        theta = close([wrap(labels[s], 12) for s in ring_scales])
        full = close([labels[s] for s in ring_scales])
        name = text("clusters.portfolio_mean", language)
        figure.add_trace(
            go.Scatterpolar(
                r=close(portfolio.reindex(ring_scales).tolist()),
                theta=theta,
                mode="lines",
                name=name,
                line=dict(color="#555555", width=1.5, dash="dot"),
                legendgroup="portfolio",
                showlegend=i == 0,
                customdata=full,
                hovertemplate="%{customdata}: %{r:.0f}<extra>" + name + "</extra>",
                subplot=subplot,
                meta={"role": "portfolio", "ring": ring},
            )
        )
        for cluster in clusters:
            colour = theme.QUALITATIVE[int(cluster) % len(theme.QUALITATIVE)]
            cname = f"{cluster}: {wrap(cluster_name(cl, cluster, language), 38)}"
            figure.add_trace(
                go.Scatterpolar(
                    r=close(means.loc[cluster].reindex(ring_scales).tolist()),
                    theta=theta,
                    mode="lines+markers",
                    name=cname,
                    legendgroup=str(cluster),
                    showlegend=i == 0,
                    line=dict(color=colour, width=2),
                    marker=dict(size=5, color=colour),
                    customdata=full,
                    hovertemplate="%{customdata}: %{r:.0f}<extra>"
                    + f"{text('clusters.cluster', language)} {cluster}</extra>",
                    subplot=subplot,
                    meta={"role": "cluster", "cluster": int(cluster), "ring": ring},
                )
            )
        many = len(ring_scales) > 8
        angle = 90 - 180 / max(len(ring_scales), 1)
        figure.layout[subplot].update(
            angularaxis=dict(tickfont_size=9 if many else 10),
            radialaxis=dict(range=[0, 100], angle=angle, tickangle=angle, tickvals=[50, 100]),
        )
    figure.update_annotations(yshift=34, font_size=14)
    figure = theme.themed(
        figure,
        title=text("clusters.profiles_title", language),
        subtitle=text("clusters.profiles_radar_subtitle", language),
        height=640,
    )
    figure.update_layout(
        legend=dict(
            orientation="h",
            x=0,
            xanchor="left",
            y=-0.2,
            yanchor="top",
            font_size=11,
            entrywidth=0.5,
            entrywidthmode="fraction",
        ),
        margin=dict(l=45, r=90, t=125, b=190),
    )
    return figure
