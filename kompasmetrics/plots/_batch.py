"""The Kijkglas and phase figures of many partnerships at once, as plain figure dicts.

Reports need the same two figures for hundreds of partnerships. Building each with
:func:`plot_kijkglas` and :func:`plot_phases` costs about 0.1 s a figure, nearly all of it Plotly's
validation and per-call table look-ups. The functions here look every table up once, build the
traces with the same trace builders as the plot functions (``ring_trace_specs``,
``phase_trace_specs``), and take the layout from one figure made by the plot function itself, so the
figures look exactly the same. Parts that are equal for every partnership (the layout, the angular
labels, the portfolio band) are the same Python objects in every figure: a serialiser can write
them once, and nobody may mutate them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..diagnose import Diagnosis
from ..instrument import load_instrument
from ..scoring import Scores
from ._common import (
    RINGS,
    check_choice,
    check_not_suppressed,
    check_partnership,
    organisation_table,
    partnership_table,
    scales_of_ring,
)
from ._phases import (
    _one,
    _phase_columns,
    _phase_labels,
    _phase_numbers,
    _prepare,
    phase_intervals,
    phase_statuses,
    phase_subtitle,
    phase_trace_specs,
)
from ._radar import (
    BY,
    band_traces,
    kijkglas_subtitle,
    plot_kijkglas,
    ring_labels,
    ring_trace_specs,
)
from ._texts import check_language, text


def _with_title(layout: dict, title: str, subtitle: str) -> dict:
    """``layout`` with another title and subtitle; every other entry is shared, not copied."""
    old = layout.get("title", {})
    return {
        **layout,
        "title": {**old, "text": title, "subtitle": {**old.get("subtitle", {}), "text": subtitle}},
    }


def _chosen(names: Iterable[str] | None, known: Sequence[str]) -> list[str]:
    if names is None:
        return list(known)
    names = list(names)
    for name in names:
        check_partnership(name, known, parameter="partnerships")
    return names


def kijkglas_figures(
    scores: Scores,
    partnerships: Iterable[str] | None = None,
    *,
    by: str = "organisation",
    benchmark: bool = True,
    wave: object = "latest",
    language: str = "nl",
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
    language = check_language(language)
    check_choice("by", by, BY)
    table = partnership_table(scores, wave)
    if partnerships is None:
        names = [p for p, s in zip(table.index, table["suppressed"], strict=True) if not s]
    else:
        names = _chosen(partnerships, list(table.index))
        for name in names:
            check_not_suppressed(scores, table.loc[name], name)
    if not names:
        return {}
    rings = [ring for ring in RINGS if scales_of_ring(scores, ring)]
    template = plot_kijkglas(
        scores, names[0], by=by, benchmark=benchmark, wave=wave, language=language
    ).to_plotly_json()["layout"]

    columns = {s: j for j, s in enumerate(scores.scales)}
    per_ring = []
    for i, ring in enumerate(rings):
        subplot = "polar" if i == 0 else f"polar{i + 1}"
        theta, full = ring_labels(scores, ring, language, 12)
        band = (
            band_traces(
                scores,
                names[0],
                ring=ring,
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
        cols = [columns[s] for s in scales_of_ring(scores, ring)]
        per_ring.append((ring, subplot, theta, full, band, cols, i == 0))

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
        for ring, subplot, theta, full, band, cols, first in per_ring:
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
        )
        title = text("radar.kijkglas_title", language, partnership=partnership)
        figures[partnership] = {"data": data, "layout": _with_title(template, title, subtitle)}
    return figures


def phase_figures(
    dx: Diagnosis,
    partnerships: Iterable[str] | None = None,
    *,
    scores: Scores | None = None,
    wave: object = "latest",
    language: str = "nl",
) -> dict[str, dict]:
    """The phase bars of :func:`plot_phases` for many partnerships, as figure dicts.

    Parameters
    ----------
    dx : Diagnosis
    partnerships : iterable of str, optional
        By default every partnership of the diagnosis.
    scores : Scores, optional
        As in :func:`plot_phases`: intervals (error bars) and the instrument's labels.
    wave, language
        As in :func:`plot_phases`.

    Returns
    -------
    dict
        Partnership -> ``{"data": [...], "layout": {...}}``, equal to
        ``plot_phases(dx, partnership=p, scores=scores, ...).to_plotly_json()``. Shared parts are
        the same objects in every figure; treat the result as read-only.
    """
    language = check_language(language)
    dx, scores, table = _prepare(dx, scores, wave)
    names = _chosen(partnerships, list(table.index))
    if not names:
        return {}
    phases = _phase_columns(dx)
    instrument = scores.instrument if scores is not None else load_instrument()
    labels = _phase_labels(phases, instrument, language)
    numbers = _phase_numbers(phases, instrument)
    statuses = phase_statuses(dx, table, phases)
    template = _one(dx, scores, table, phases, labels, statuses, names[0], language, numbers).to_plotly_json()["layout"]

    chosen = table.loc[names]
    values = chosen[phases].to_numpy(float)
    status = statuses.loc[names, phases].to_numpy(object)
    lower = upper = None
    limits = phase_intervals(dx, scores, chosen, phases)
    if limits is not None:
        lower, upper = (limit.to_numpy(float) for limit in limits)
    current = chosen["current_phase"].tolist()
    next_phase = chosen["next_phase"].tolist()
    sufficient = (
        chosen["sufficient_data"].astype(bool).tolist() if "sufficient_data" in chosen.columns else [True] * len(names)
    )

    figures = {}
    for k, partnership in enumerate(names):
        data = phase_trace_specs(
            partnership,
            values[k].tolist(),
            status[k].tolist(),
            None if lower is None else lower[k].tolist(),
            None if upper is None else upper[k].tolist(),
            phases=phases,
            current=current[k],
            next_phase=next_phase[k],
            labels=labels,
            language=language,
            numbers=numbers,
        )
        subtitle = phase_subtitle(
            sufficient[k], current[k], next_phase[k], labels=labels, language=language, numbers=numbers
        )
        title = text("phases.title", language, partnership=partnership)
        figures[partnership] = {"data": data, "layout": _with_title(template, title, subtitle)}
    return figures


__all__ = ["kijkglas_figures", "phase_figures"]
