"""Where the people of a partnership disagree: rwg_j or organisation gaps, as a heat map."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import plotly.graph_objects as go

from .._checks import expect
from ..scoring import Scores
from ..texts import number
from . import _theme as theme
from ._common import check_choice, check_partnership, choose_wave, partnership_names, shorten
from ._texts import check_language, plain, text

MEASURES = ("rwg_j", "org_gap")


def plot_agreement(
    scores: Scores,
    *,
    partnerships: Sequence[str] | None = None,
    measure: Literal["rwg_j", "org_gap"] = "rwg_j",
    wave: object = "latest",
    language: str | None = None,
) -> go.Figure:
    """Agreement within each partnership, scale by scale, as a heat map.

    Parameters
    ----------
    scores : Scores
    partnerships : list of str, optional
        The partnerships to show, in this order; all by default (sorted by name).
    measure : {"rwg_j", "org_gap"}, default "rwg_j"
        ``"rwg_j"``: agreement among the partnership's respondents (0-1; below .70 only moderate,
        LeBreton & Senter 2008). ``"org_gap"``: highest minus lowest organisation mean (points),
        over the organisations that may be shown.
    wave : "latest" or a wave, default "latest"
    language : str, optional
        "nl" or "en"; by default the instrument's first language

    Returns
    -------
    plotly.graph_objects.Figure
        One heat map trace (``meta["role"] = "heatmap"``, ``meta["measure"]``): rows the
        partnerships (top to bottom), columns the scales in instrument order, ``z`` the measure
        from ``scores.agreement.partnerships``; the hover names partnership, scale, value and
        number of respondents.

    Raises
    ------
    KompasKeyError
        For an unknown partnership in ``partnerships``, with the closest match.
    KompasValueError
        For an unknown ``measure``, ``language`` or ``wave``.
    """
    expect(scores, Scores, "plot_agreement", "scores")
    language = check_language(language, scores.instrument)
    check_choice("measure", measure, MEASURES)
    table = choose_wave(scores.agreement.partnerships, wave)
    known = partnership_names(scores)
    if partnerships is None:
        rows = sorted(table["partnership"].unique().tolist(), key=str)
    else:
        rows = [check_partnership(p, known, parameter="partnerships") for p in partnerships]
    scales = [s for s in scores.scales if s in set(table["scale"])]
    wide = table.pivot(index="partnership", columns="scale", values=measure).reindex(index=rows, columns=scales)
    counts = table.pivot(index="partnership", columns="scale", values="n_respondents").reindex(
        index=rows, columns=scales
    )
    labels = [scores.instrument.scale_label(s, language) for s in scales]
    values = wide.to_numpy(float)
    hover = np.empty(values.shape, dtype=object)
    digits = 2 if measure == "rwg_j" else 0
    measure_name = text(f"agreement.hover_{measure}", language)
    for i, p in enumerate(rows):
        for j, label in enumerate(labels):
            value = "–" if np.isnan(values[i, j]) else number(values[i, j], language, digits)
            n = counts.iat[i, j]
            hover[i, j] = f"<b>{plain(p)}</b><br>{label}<br>{measure_name}: {value}" + (
                "" if np.isnan(n) else f" (n = {int(n)} {text('common.respondents', language)})"
            )
    if measure == "rwg_j":
        colour = dict(colorscale=theme.RWG_SCALE, zmin=0, zmax=1)
        ticks = dict(tickvals=[0, 0.5, 0.7, 1], ticktext=["0", *(number(v, language, 2) for v in (0.5, 0.7)), "1"])
    else:
        colour = dict(
            colorscale=theme.GAP_SCALE,
            zmin=0,
            zmax=max(50.0, float(np.nanmax(values)) if np.isfinite(values).any() else 50.0),
        )
        ticks = {}
    n = len(rows)
    figure = go.Figure(
        go.Heatmap(
            z=values,
            x=[shorten(label) for label in labels],
            y=[plain(p) for p in rows],
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            xgap=1,
            ygap=1 if n <= 80 else 0,
            **colour,
            colorbar=dict(
                ticklabelposition="outside bottom",
                title=dict(text=text(f"agreement.colour_{measure}", language), side="top", font_size=11),
                thickness=12,
                len=min(1.0, max(0.4, 300 / (150 + 16 * n))),
                y=0.97,
                yanchor="top",
                **ticks,
            ),
            meta={
                "role": "heatmap",
                "measure": measure,
                "partnerships": [str(p) for p in rows],
                "scales": scales,
            },
        )
    )
    figure = theme.themed(
        figure,
        title=text(f"agreement.title_{measure}", language),
        subtitle=text(f"agreement.subtitle_{measure}", language),
        height=int(min(max(420, 260 + 16 * n), 1500)),
    )
    figure.update_xaxes(tickangle=-45, tickfont_size=10, showgrid=False, ticks="", side="top")
    figure.update_yaxes(
        autorange="reversed",
        showgrid=False,
        ticks="",
        tickfont_size=10 if n <= 60 else 8,
        type="category",
    )
    figure.update_layout(margin=dict(l=20, r=20, t=230, b=20))
    return figure
