"""The three Kijkglas rings of a partnership in one figure (`plot_kijkglas`), and the same figure
for many partnerships at once (`kijkglas_figures`, for the report)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Literal

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .._checks import expect
from ..scoring import Scores
from . import _theme as theme
from ._common import (
    RINGS,
    check_choice,
    check_not_suppressed,
    chosen_partnerships,
    organisation_table,
    partnership_table,
    polar_axis,
    scales_of_ring,
    with_title,
)
from ._radar import (
    BY,
    PANEL_COLUMNS,
    PANEL_HEIGHT,
    add_panels,
    band_traces,
    check_radar,
    has_portfolio,
    kijkglas_subtitle,
    panel_subplots,
    radar_subtitle,
    ring_labels,
    ring_trace_specs,
)
from ._ring_panels import RingPanel, ring_panels
from ._texts import check_language, text


def kijkglas_panels(scores: Scores) -> list[RingPanel]:
    """The radars of the Kijkglas, inner ring first: one per ring, or a ring's panels when it
    has too many scales for one radar (see :mod:`kompasmetrics.plots._ring_panels`)."""
    return [
        panel
        for ring in RINGS
        if scales_of_ring(scores, ring)
        for panel in ring_panels(scores.instrument, ring, scales_of_ring(scores, ring))
    ]


def plot_kijkglas(
    scores: Scores,
    partnership: str,
    *,
    by: Literal["partnership", "organisation"] = "partnership",
    benchmark: bool = True,
    wave: object = "latest",
    language: str | None = None,
) -> go.Figure:
    """The three Kijkglas rings of one partnership, the inner ring (ambition) first.

    A ring with more scales than one radar can show readably (the bundled context ring has 17) is
    drawn as small radars per group of constructs, each headed "Context: Trust" and so on; the
    rings are then laid out two radars to a row. Otherwise the three rings stand side by side.

    Parameters
    ----------
    scores : Scores
    partnership : str
    by : {"partnership", "organisation"}, default "partnership"
        As in :func:`plot_radar`.
    benchmark : bool, default True
        Shade the portfolio's p25-p75 band in every ring.
    wave : "latest" or a wave, default "latest"
    language : str, optional
        "nl" or "en"; by default the instrument's first language

    Returns
    -------
    plotly.graph_objects.Figure
        One polar axis per radar (``polar``, ``polar2``, ...: ambition, interests, then context or
        its panels), each with the traces of :func:`plot_radar` for its scales (``meta["ring"]``
        names the ring). The legend is shared: only the first radar's traces show in it, and
        clicking an entry toggles that series in every radar.

    Raises
    ------
    KompasKeyError, KompasValueError
        As :func:`plot_radar`.
    """
    expect(scores, Scores, "plot_kijkglas", "scores")
    language = check_radar(scores, partnership, by, language)
    panels = kijkglas_panels(scores)
    band = benchmark and has_portfolio(scores, wave)
    if len(panels) <= len(RINGS):
        figure = _side_by_side(scores, partnership, panels, by=by, band=band, wave=wave, language=language)
        height, margin, legend_y = 480, dict(l=45, r=90, t=125, b=60), -0.08
    else:
        titles = [panel.title(scores.instrument, language) for panel in panels]
        figure = panel_subplots(titles)
        add_panels(figure, scores, partnership, panels, by=by, band=band, wave=wave, language=language)
        rows = math.ceil(len(panels) / PANEL_COLUMNS)
        height, margin, legend_y = PANEL_HEIGHT * rows + 190, dict(l=70, r=70, t=150, b=60), -0.25 / rows
    themed = theme.themed(
        figure,
        title=text("radar.kijkglas_title", language, partnership=partnership),
        subtitle=radar_subtitle(scores, partnership, by, wave, language, no_band=benchmark and not band),
        height=height,
    )
    themed.update_layout(
        legend=dict(orientation="h", x=0.5, xanchor="center", y=legend_y, yanchor="top"),
        margin=margin,
    )
    return themed


def _side_by_side(
    scores: Scores,
    partnership: str,
    panels: list[RingPanel],
    *,
    by: str,
    band: bool,
    wave: object,
    language: str,
) -> go.Figure:
    """The rings in one row, each as wide as its number of scales asks."""
    sizes = np.array([len(panel.scales) for panel in panels], float)
    widths = (1.0 + sizes / sizes.max()) / (1.0 + sizes / sizes.max()).sum()
    figure = make_subplots(
        rows=1,
        cols=len(panels),
        specs=[[{"type": "polar"}] * len(panels)],
        column_widths=widths.tolist(),
        horizontal_spacing=0.12,
        subplot_titles=[panel.title(scores.instrument, language) for panel in panels],
    )
    add_panels(figure, scores, partnership, panels, by=by, band=band, wave=wave, language=language)
    figure.update_annotations(yshift=34, font_size=14)
    return figure


def kijkglas_figures(
    scores: Scores,
    partnerships: Iterable[str] | None = None,
    *,
    by: Literal["partnership", "organisation"] = "organisation",
    benchmark: bool = True,
    wave: object = "latest",
    language: str | None = None,
) -> dict[str, dict]:
    """The figure of :func:`plot_kijkglas` for many partnerships, as figure dicts.

    Parameters
    ----------
    scores : Scores
    partnerships : iterable of str, optional
        The partnerships to draw; by default every partnership that is not suppressed.
    by, benchmark, wave, language
        As in :func:`plot_kijkglas`.

    Returns
    -------
    dict
        Partnership -> ``{"data": [...], "layout": {...}}``, equal to
        ``plot_kijkglas(scores, partnership, ...).to_plotly_json()``. Shared parts are the same
        objects in every figure; treat the result as read-only.

    Raises
    ------
    KompasKeyError, KompasValueError
        As :func:`plot_kijkglas`, for the first partnership that fails.
    """
    language = check_language(language, scores.instrument)
    check_choice("by", by, BY)
    table = partnership_table(scores, wave)
    if partnerships is None:
        names = [p for p, s in zip(table.index, table["suppressed"], strict=True) if not s]
    else:
        names = chosen_partnerships(partnerships, list(table.index))
        for name in names:
            check_not_suppressed(scores, table.loc[name], name)
    if not names:
        return {}
    no_band = benchmark and not has_portfolio(scores, wave)
    benchmark = benchmark and not no_band
    template = plot_kijkglas(
        scores, names[0], by=by, benchmark=benchmark, wave=wave, language=language
    ).to_plotly_json()["layout"]

    columns = {s: j for j, s in enumerate(scores.scales)}
    per_panel = []
    for i, panel in enumerate(kijkglas_panels(scores)):
        subplot = polar_axis(i)
        theta, full = ring_labels(scores, panel.scales, language, 12)
        band = (
            band_traces(
                scores,
                names[0],
                ring=panel.ring,
                scales=panel.scales,
                theta=theta,
                full=full,
                language=language,
                wave=wave,
                subplot=subplot,
                showlegend=i == 0,
            )
            if benchmark
            else []
        )
        cols = [columns[s] for s in panel.scales]
        per_panel.append((panel.ring, subplot, theta, full, band, cols, i == 0))

    values = table.loc[names, scores.scales].to_numpy(float)
    n_respondents = table.loc[names, "n_respondents"].to_numpy()
    n_organisations = table.loc[names, "n_organisations"].to_numpy()
    waves = table.loc[names, "wave"].tolist() if "wave" in table.columns else [None] * len(names)
    organisations = organisation_table(scores, None, wave) if by == "organisation" else None
    if organisations is not None:
        org_values = organisations[scores.scales].to_numpy(float)
        org_names = organisations["organisation"].tolist()
        org_n = organisations["n"].astype(int).tolist()
        groups = organisations.groupby("partnership", sort=False).indices
    minimum = scores.settings.get("min_group_size", 1)

    figures = {}
    for k, partnership in enumerate(names):
        rows = groups.get(partnership, ()) if organisations is not None else ()
        data = []
        for ring, subplot, theta, full, band, cols, first in per_panel:
            shown = [(org_names[r], org_n[r], org_values[r, cols].tolist()) for r in rows]
            data.extend(band)
            data.extend(
                ring_trace_specs(
                    partnership,
                    values[k, cols].tolist(),
                    shown,
                    ring=ring,
                    by=by,
                    theta=theta,
                    full=full,
                    language=language,
                    subplot=subplot,
                    showlegend=first,
                )
            )
        subtitle = kijkglas_subtitle(
            int(n_respondents[k]),
            int(n_organisations[k]),
            waves[k],
            by=by,
            min_group_size=minimum,
            language=language,
            no_band=no_band,
        )
        title = text("radar.kijkglas_title", language, partnership=partnership)
        figures[partnership] = {"data": data, "layout": with_title(template, title, subtitle)}
    return figures
