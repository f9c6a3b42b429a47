"""Radar charts of the Kijkglas rings: one ring (`plot_radar`) or all three (`plot_kijkglas`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .._checks import expect
from ..compare import benchmark as portfolio_benchmark
from ..scoring import Scores
from . import _theme as theme
from ._common import (
    OTHER,
    RINGS,
    check_choice,
    check_not_suppressed,
    check_partnership,
    close,
    organisation_table,
    partnership_names,
    partnership_table,
    polar_axis,
    scales_of_ring,
    wrap,
)
from ._ring_panels import MAX_AXES, RingPanel, ring_panels
from ._texts import check_language, plain, text

BY = ("partnership", "organisation")


def organisation_name(name: str, n: int, language: str) -> str:
    """Legend name of an organisation: the pooled row in the figure's language, with its size."""
    if name == OTHER:
        name = text("common.pooled_name", language)
    return f"{plain(name)} (n={int(n)})"


def ring_traces(
    scores: Scores,
    partnership: str,
    *,
    ring: str,
    by: str,
    benchmark: bool,
    language: str,
    wave: object,
    subplot: str = "polar",
    showlegend: bool = True,
    label_width: int = 14,
    scales: Sequence[str] | None = None,
) -> list[go.Scatterpolar]:
    """The traces of one ring's radar (or of one panel of it: ``scales``): band, organisations,
    partnership (in that drawing order)."""
    scales = list(scales_of_ring(scores, ring) if scales is None else scales)
    table = partnership_table(scores, wave)
    row = table.loc[partnership]
    check_not_suppressed(scores, row, partnership)
    theta, full = ring_labels(scores, scales, language, label_width)
    band = (
        band_traces(
            scores,
            partnership,
            ring=ring,
            scales=scales,
            theta=theta,
            full=full,
            language=language,
            wave=wave,
            subplot=subplot,
            showlegend=showlegend,
        )
        if benchmark
        else []
    )
    organisations = []
    if by == "organisation":
        table = organisation_table(scores, partnership, wave)
        organisations = [
            (org.organisation, int(org.n), [getattr(org, s) for s in scales]) for org in table.itertuples(index=False)
        ]
    specs = ring_trace_specs(
        partnership,
        [row[s] for s in scales],
        organisations,
        ring=ring,
        by=by,
        theta=theta,
        full=full,
        language=language,
        subplot=subplot,
        showlegend=showlegend,
    )
    return [go.Scatterpolar(spec) for spec in [*band, *specs]]


def ring_labels(scores: Scores, scales: Sequence[str], language: str, label_width: int) -> tuple[list, list]:
    """The closed angular labels of a radar's ``scales``: wrapped for the axis, in full for the hover."""
    labels = [scores.instrument.scale_label(s, language) for s in scales]
    return close([wrap(label, label_width) for label in labels]), close(labels)


def band_traces(
    scores: Scores,
    partnership: str,
    *,
    ring: str,
    scales: Sequence[str],
    theta: list,
    full: list,
    language: str,
    wave: object,
    subplot: str,
    showlegend: bool,
) -> list[dict]:
    """The portfolio's p25-p75 band of one radar's ``scales`` (the same for every partnership of a
    portfolio), as trace dicts: the filled ring and its p75 edge, which carries the hover."""
    scales = list(scales)
    key = ("radar_band", tuple(scales), wave)  # kept on the immutable Scores: a dashboard draws it often
    if key not in scores._cache:
        reference = portfolio_benchmark(scores, partnership, wave=wave, scales=scales).reindex(scales)
        scores._cache[key] = (reference["p25"].tolist(), reference["p75"].tolist())
    quartile_1, quartile_3 = scores._cache[key]
    upper, lower = close(list(quartile_3)), close(list(quartile_1))
    band_name = text("common.portfolio_band", language)
    hover = [f"{label}: {lo:.0f}-{hi:.0f}" for label, lo, hi in zip(full, lower, upper, strict=True)]
    return [
        dict(
            type="scatterpolar",
            # outer edge one way, inner edge back: the even winding leaves the middle unfilled
            r=upper + lower[::-1],
            theta=theta + theta[::-1],
            fill="toself",
            fillcolor=theme.BAND,
            line=dict(width=0),
            mode="lines",
            name=band_name,
            legendgroup="band",
            showlegend=showlegend,
            hoverinfo="skip",
            subplot=subplot,
            meta={"role": "band", "ring": ring},
        ),
        dict(
            type="scatterpolar",
            r=upper,
            theta=theta,
            mode="lines",
            line=dict(color=theme.BAND_LINE, width=1, dash="dot"),
            name=band_name,
            legendgroup="band",
            showlegend=False,
            customdata=hover,
            hovertemplate="%{customdata}<extra>" + band_name + "</extra>",
            subplot=subplot,
            meta={"role": "band_edge", "ring": ring},
        ),
    ]


def ring_trace_specs(
    partnership: str,
    values: list,
    organisations: list[tuple[str, int, list]],
    *,
    ring: str,
    by: str,
    theta: list,
    full: list,
    language: str,
    subplot: str,
    showlegend: bool,
) -> list[dict]:
    """The organisation and partnership traces of one ring, as plain trace dicts.

    ``values`` are the partnership's scores on the ring's scales, ``organisations`` the shown
    organisations as ``(name, n, values)``. ``theta`` and ``full`` are put in every trace as they
    are (not copied), so that a batch of figures can share them.
    """
    traces: list[dict] = []
    if by == "organisation":
        for i, (organisation, n, org_values) in enumerate(organisations):
            name = organisation_name(organisation, n, language)
            colour = theme.ORGANISATIONS[i % len(theme.ORGANISATIONS)]
            traces.append(
                dict(
                    type="scatterpolar",
                    r=close(org_values),
                    theta=theta,
                    mode="lines+markers",
                    name=name,
                    legendgroup=name,
                    showlegend=showlegend,
                    line=dict(color=colour, width=1.8),
                    marker=dict(size=5, color=colour),
                    customdata=full,
                    hovertemplate="%{customdata}: %{r:.0f}<extra>" + name + "</extra>",
                    subplot=subplot,
                    meta={"role": "organisation", "organisation": organisation, "n": int(n), "ring": ring},
                )
            )
    name = f"{plain(partnership)} ({text('common.partnership', language).lower()})"
    trace = dict(
        type="scatterpolar",
        r=close(values),
        theta=theta,
        mode="lines+markers",
        name=name,
        legendgroup="partnership",
        showlegend=showlegend,
        line=dict(color=theme.PARTNERSHIP, width=3.2 if by == "organisation" else 2.6, dash="solid"),
        marker=dict(size=7, color=theme.PARTNERSHIP),
        fillcolor="rgba(11, 60, 104, 0.10)",
        customdata=full,
        hovertemplate="%{customdata}: %{r:.0f}<extra>" + plain(partnership) + "</extra>",
        subplot=subplot,
        meta={"role": "partnership", "partnership": partnership, "ring": ring},
    )
    if by == "partnership":
        trace["fill"] = "toself"
    traces.append(trace)
    return traces


def radial_axis(n_scales: int, *, small: bool = False) -> dict:
    """The 0-100 radial axis drawn between the first two scales, clear of their labels."""
    angle = 90 - 180 / max(n_scales, 1)
    return dict(
        range=[0, 100],
        angle=angle,
        tickangle=angle,
        tickvals=[50, 100] if small else [25, 50, 75, 100],
    )


def check_radar(scores: Scores, partnership: str, by: str, language: str | None) -> str:
    expect(scores, Scores, "plot_radar", "scores")
    language = check_language(language, scores.instrument)
    check_choice("by", by, BY)
    check_partnership(partnership, partnership_names(scores))
    return language


def radar_subtitle(scores: Scores, partnership: str, by: str, wave: object, language: str, *, no_band: bool) -> str:
    row = partnership_table(scores, wave).loc[partnership]
    wave_value = row["wave"] if "wave" in row.index else None
    return kijkglas_subtitle(
        int(row["n_respondents"]),
        int(row["n_organisations"]),
        wave_value,
        by=by,
        min_group_size=scores.settings.get("min_group_size", 1),
        language=language,
        no_band=no_band,
    )


MIN_PORTFOLIO = 5
"""Partnerships a portfolio band needs: the p25-p75 range of fewer is the partnerships themselves."""


def has_portfolio(scores: Scores, wave: object) -> bool:
    """Whether the portfolio (the partnerships shown, at ``wave``) is large enough for its band."""
    table = partnership_table(scores, wave)
    return int((~table["suppressed"].to_numpy(bool)).sum()) >= MIN_PORTFOLIO


def kijkglas_subtitle(
    n_respondents: int,
    n_organisations: int,
    wave: object,
    *,
    by: str,
    min_group_size: object,
    language: str,
    no_band: bool = False,
) -> str:
    """The subtitle of a radar: respondents and organisations, the wave, the pooling rule, and
    why there is no portfolio band when one was asked for."""
    parts = [
        text(
            "common.n_summary",
            language,
            n_respondents=n_respondents,
            n_organisations=n_organisations,
        )
    ]
    if wave is not None and not pd.isna(wave):
        parts.append(text("common.wave", language, wave=wave))
    if by == "organisation":
        parts.append(text("common.pooled_note", language, min_group_size=min_group_size))
    if no_band:
        parts.append(text("common.no_band", language, minimum=MIN_PORTFOLIO))
    return " · ".join(parts)


PANEL_COLUMNS = 2
"""Radars side by side when a ring is drawn in panels (readable at 800 pixels)."""
PANEL_HEIGHT = 330
"""Pixels per row of panels."""


def _one_radar(
    scores: Scores, partnership: str, ring: str, *, by: str, band: bool, wave: object, language: str
) -> tuple[go.Figure, int]:
    """The radar of a whole ring, and its height."""
    n_scales = len(scales_of_ring(scores, ring))
    figure = go.Figure(
        ring_traces(
            scores,
            partnership,
            ring=ring,
            by=by,
            benchmark=band,
            language=language,
            wave=wave,
            label_width=12 if n_scales > 8 else 16,
        )
    )
    figure.update_polars(angularaxis_tickfont_size=10 if n_scales > 8 else 12, radialaxis=radial_axis(n_scales))
    return figure, 600 if n_scales > 8 else 520


def panel_subplots(titles: Sequence[str], *, x: Sequence[float] = (0.0, 1.0)) -> go.Figure:
    """An empty figure of polar axes ``polar``, ``polar2``, ... for panels, ``PANEL_COLUMNS`` to a
    row, in the horizontal extent ``x`` of the figure, each headed by its title."""
    rows = math.ceil(len(titles) / PANEL_COLUMNS)
    figure = make_subplots(
        rows=rows,
        cols=PANEL_COLUMNS,
        specs=[[{"type": "polar"}] * PANEL_COLUMNS for _ in range(rows)],
        horizontal_spacing=0.2,
        vertical_spacing=0.5 / rows,
        subplot_titles=list(titles),
    )
    left, right = x
    for i in range(rows * PANEL_COLUMNS):
        polar = figure.layout[polar_axis(i)]
        polar.domain.x = [left + (right - left) * edge for edge in polar.domain.x]
        if i >= len(titles):
            polar.visible = False
    for annotation in figure.layout.annotations:
        annotation.x = left + (right - left) * annotation.x
    figure.update_annotations(yshift=40, font_size=13)
    return figure


def add_panels(
    figure: go.Figure,
    scores: Scores,
    partnership: str,
    panels: Sequence[RingPanel],
    *,
    by: str,
    band: bool,
    wave: object,
    language: str,
) -> None:
    """The traces of each panel on its polar axis (``polar``, ``polar2``, ... in order), with its
    axes; only the first panel's traces are in the legend (its legend groups toggle a series in
    every panel)."""
    for i, panel in enumerate(panels):
        subplot = polar_axis(i)
        figure.add_traces(
            ring_traces(
                scores,
                partnership,
                ring=panel.ring,
                by=by,
                benchmark=band,
                language=language,
                wave=wave,
                subplot=subplot,
                showlegend=i == 0,
                label_width=12,
                scales=panel.scales,
            )
        )
        figure.layout[subplot].angularaxis.tickfont.size = 9 if len(panel.scales) > MAX_AXES else 10
        figure.layout[subplot].radialaxis = radial_axis(len(panel.scales), small=True)


def plot_radar(
    scores: Scores,
    partnership: str,
    *,
    ring: Literal["ambition", "interests", "context"] = "ambition",
    by: Literal["partnership", "organisation"] = "partnership",
    benchmark: bool = True,
    wave: object = "latest",
    legend: Literal["right", "below"] = "right",
    language: str | None = None,
) -> go.Figure:
    """Radar chart of one Kijkglas ring for one partnership.

    Parameters
    ----------
    scores : Scores
        From :func:`kompasmetrics.score`.
    partnership : str
        The partnership to show.
    ring : {"ambition", "interests", "context"}, default "ambition"
        The Kijkglas ring: its scales are the radar's axes (0-100), labelled with the scales' short
        labels.
    by : {"partnership", "organisation"}, default "partnership"
        ``"organisation"`` overlays every organisation of ``scores.organisations``: small
        organisations are already pooled into "Overig / Other" or left out there, so no group below
        ``min_group_size`` ever appears.
    benchmark : bool, default True
        Shade the portfolio's p25-p75 band (from :func:`kompasmetrics.benchmark`) as a reference.
    wave : "latest" or a wave, default "latest"
        With waves: the partnership's latest measurement, or the one given.
    legend : {"right", "below"}, default "right"
        Where the legend goes: beside the radar for a figure the width of a notebook, or under it
        for a narrow one (half a dashboard), where a legend beside it would squeeze the radar and
        cut off long organisation names.
    language : str, optional
        "nl" or "en"; by default the instrument's first language

    Returns
    -------
    plotly.graph_objects.Figure
        One polar axis. Traces, in drawing order, each with ``meta["role"]``: with ``benchmark``,
        ``"band"`` (the filled p25-p75 ring) and ``"band_edge"`` (its p75 edge, for the hover);
        with ``by="organisation"``, one ``"organisation"`` trace per shown organisation
        (``meta["organisation"]``, ``meta["n"]``); last the ``"partnership"`` trace. Radar
        polygons are closed: ``r`` and ``theta`` repeat the first scale at the end, so ``r[:-1]``
        are the scores in the instrument's scale order.

    Raises
    ------
    KompasKeyError
        For an unknown partnership, with the closest match.
    KompasValueError
        For an unknown ``ring``, ``by`` or ``language``, or a partnership whose scores are
        suppressed (fewer respondents than the minimum group size).

    Examples
    --------
    >>> import kompasmetrics as km
    >>> scores = km.score(km.simulate(n_partnerships=20, random_state=0).survey)
    >>> fig = km.plot_radar(scores, "P001", ring="interests", by="organisation")
    """
    language = check_radar(scores, partnership, by, language)
    ring = check_choice("ring", ring, RINGS)  # type: ignore[assignment]  # checked: one of the literals
    legend = check_choice("legend", legend, ("right", "below"))  # type: ignore[assignment]
    band = benchmark and has_portfolio(scores, wave)
    panels = ring_panels(scores.instrument, ring, scales_of_ring(scores, ring))
    width = [0.0, 0.72] if legend == "right" else [0.0, 1.0]
    if len(panels) == 1:
        figure, height = _one_radar(scores, partnership, ring, by=by, band=band, wave=wave, language=language)
        figure.update_polars(domain=dict(x=width, y=[0.0, 1.0]))
    else:
        figure = panel_subplots(
            [panel.title(scores.instrument, language, with_ring=False) for panel in panels], x=width
        )
        add_panels(figure, scores, partnership, panels, by=by, band=band, wave=wave, language=language)
        height = PANEL_HEIGHT * math.ceil(len(panels) / PANEL_COLUMNS) + 170
    themed = theme.themed(
        figure,
        height=height,
        title=text(
            "radar.title",
            language,
            partnership=partnership,
            ring=text(f"rings.{ring}", language).lower(),
        ),
        subtitle=radar_subtitle(scores, partnership, by, wave, language, no_band=benchmark and not band),
    )
    # panel headings sit above their radars' top labels; side labels of small radars need room
    top, side = (100, 0) if len(panels) == 1 else (150, 40)
    if legend == "right":
        themed.update_layout(
            legend=dict(x=0.80, xanchor="left", y=0.5, yanchor="middle"),
            margin=dict(l=60 + side, r=20, t=top, b=50),
        )
    else:
        themed.update_layout(
            legend=dict(orientation="h", x=0, xanchor="left", y=-0.1 if len(panels) == 1 else -0.05, yanchor="top"),
            margin=dict(l=40 + side, r=40 + side, t=top, b=110),
        )
    return themed
