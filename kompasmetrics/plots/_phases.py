"""The Kompas: completion of the five phases, for one partnership or the whole portfolio."""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..diagnose import Diagnosis, diagnose
from ..diagnose._status import STATUSES, phase_columns
from ..errors import KompasValueError
from ..instrument import Instrument, load_instrument
from ..scoring import Scores, select_wave
from . import _theme as theme
from ._common import check_partnership, chosen_partnerships, not_measured_figure, with_title, wrap
from ._phase_heatmap import LABEL_WIDTH, phase_heatmap, phase_position
from ._texts import check_language, plain, text


def _phase_columns(dx: Diagnosis) -> list[str]:
    return phase_columns(dx.phases)


def _phase_numbers(phases: list[str], instrument: Instrument) -> list[int]:
    """The Kompas number of each phase scale (an instrument may measure only some phases)."""
    table = instrument.scales.set_index("scale")
    numbers = []
    for i, scale in enumerate(phases, start=1):
        number = table.at[scale, "phase"] if scale in table.index else np.nan
        numbers.append(i if pd.isna(number) else int(number))
    return numbers


def _phase_labels(phases: list[str], instrument: Instrument, language: str) -> list[str]:
    table = instrument.scales.set_index("scale")
    labels = []
    for i, scale in enumerate(phases, start=1):
        if scale in table.index:
            number = table.at[scale, "phase"]
            number = i if pd.isna(number) else int(number)
            labels.append(f"{number}. {instrument.scale_label(scale, language)}")
        else:
            labels.append(f"{i}. {scale}")
    return labels


def phase_statuses(dx: Diagnosis, table: pd.DataFrame, phases: list[str], wave: object = "latest") -> pd.DataFrame:
    """The status of each phase (partnership x phase scale) at ``wave``, as the diagnosis judged it
    (:meth:`kompasmetrics.Diagnosis.phase_statuses`), for the partnerships of ``table``."""
    statuses = dx.phase_statuses()
    if "wave" in (statuses.index.names or []):
        statuses = select_wave(statuses, wave).droplevel("wave")
    return statuses.reindex(index=table.index, columns=phases)


def phase_intervals(
    dx: Diagnosis, scores: Scores | None, table: pd.DataFrame, phases: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Lower and upper limits (partnership x phase scale) of the intervals the verdicts rest on:
    the diagnosis' 90% posterior intervals, or the scores' intervals for a partnership without a
    verdict; None without either."""
    frames = []
    if len(dx.verdicts):
        verdicts = dx.verdicts
        verdicts = verdicts[verdicts["partnership"].isin(table.index)]  # one partnership: cut before the pivot
        if "wave" in verdicts.columns and "wave" in table.columns:
            verdicts = verdicts.merge(table["wave"].reset_index(), on=["partnership", "wave"])
        frames.append(verdicts.dropna(subset=["verdict"]))
    if scores is not None:
        intervals = scores.intervals
        intervals = intervals[intervals["scale"].isin(phases) & intervals["partnership"].isin(table.index)]
        if "wave" in intervals.columns and "wave" in table.columns:
            intervals = intervals.merge(table["wave"].reset_index(), on=["partnership", "wave"])
        frames.append(intervals)
    if not frames:
        return None

    def wide(frame: pd.DataFrame, column: str) -> pd.DataFrame:
        return frame.pivot(index="partnership", columns="scale", values=column).reindex(
            index=table.index, columns=phases
        )

    limits = []
    for column in ("lower", "upper"):
        combined = wide(frames[0], column)
        for frame in frames[1:]:
            combined = combined.combine_first(wide(frame, column))
        limits.append(combined)
    return limits[0], limits[1]


def _prepare(
    scores_or_dx: Scores | Diagnosis, scores: Scores | None, wave: object
) -> tuple[Diagnosis, Scores | None, pd.DataFrame]:
    if isinstance(scores_or_dx, Scores):
        warnings.warn(
            "plot_phases(scores) is deprecated: the figure shows a diagnosis' verdicts, so pass the "
            "Diagnosis: plot_phases(km.diagnose(scores), scores=scores). Scores are diagnosed with "
            "the default rules for now.",
            DeprecationWarning,
            stacklevel=3,
        )
        scores, dx = scores_or_dx, diagnose(scores_or_dx)
    elif isinstance(scores_or_dx, Diagnosis):
        dx = scores_or_dx
    else:
        raise KompasValueError(
            f"plot_phases needs the Scores of km.score() or the Diagnosis of km.diagnose(), "
            f"not {type(scores_or_dx).__name__}."
        )
    table = dx.phases
    if "wave" in (table.index.names or []):
        table = select_wave(table, wave).reset_index(level="wave")
    return dx, scores, table


def plot_phases(
    scores_or_dx: Scores | Diagnosis,
    *,
    partnership: str | None = None,
    scores: Scores | None = None,
    wave: object = "latest",
    language: str | None = None,
) -> go.Figure:
    """The Kompas: completion of the five phases, where a partnership stands and what it skipped.

    Parameters
    ----------
    scores_or_dx : Diagnosis (or Scores, deprecated)
        A :class:`~kompasmetrics.Diagnosis` is read as it is (its verdicts, rules and flags);
        given :class:`~kompasmetrics.Scores`, a DeprecationWarning, and the default rules are run
        with :func:`kompasmetrics.diagnose`.
    partnership : str, optional
        One partnership: a bar per phase. None (default): a heat map of every partnership.
    scores : Scores, optional
        When ``scores_or_dx`` is a Diagnosis: the scores it was made from, for the intervals
        (error bars) and the instrument's labels. Without them the bars have no error bars and
        the labels come from the bundled instrument.
    wave : "latest" or a wave, default "latest"
        With waves: each partnership's latest measurement, or the one given.
    language : str, optional
        "nl" or "en"; by default the instrument's first language

    Returns
    -------
    plotly.graph_objects.Figure
        With ``partnership``: one x axis of the phases in order, y completion 0-100. A bar trace per
        status that occurs (``meta["role"] = "status"``, ``meta["status"]`` as the diagnosis judged
        the phase, see :func:`phase_statuses`: ``complete``, ``under_way``, ``incomplete`` (clearly)
        and ``skipped`` (the phase a ``skipped_phase`` flag goes back to)), with the 90% posterior
        intervals the verdicts rest on as error bars (``dx.verdicts``; a partnership without a
        verdict gets the scores' intervals when scores are given); a marker trace ``"current"``
        above the current phase and one ``"next"`` above the next phase (none when every phase is
        complete); dotted lines at the complete and incomplete thresholds (layout shapes).

        Without ``partnership``: a heat map trace (``meta["role"] = "heatmap"``; rows the
        partnerships sorted by current phase, then next phase, then name, top to bottom; columns
        the phases; ``z`` completion), a marker trace ``"current"`` (a dot in each partnership's
        current phase) and, when any, a marker trace ``"skipped"`` (a cross in each skipped phase).
        Hover texts name the partnership.

    Raises
    ------
    KompasKeyError
        For an unknown partnership, with the closest match.
    KompasValueError
        For an unknown ``language`` or ``wave``, or a first argument that is neither Scores nor a
        Diagnosis.

    Notes
    -----
    Passing Scores is deprecated (a DeprecationWarning): the figure draws a diagnosis' verdicts,
    and a figure does not diagnose.
    """
    dx, scores, table = _prepare(scores_or_dx, scores, wave)
    language = check_language(language, scores.instrument if scores is not None else dx.instrument)
    phases = _phase_columns(dx)
    if not phases:  # the survey answered no phase scale: say so in the figure's place
        title = text(
            "phases.heatmap_title" if partnership is None else "phases.title", language, partnership=partnership
        )
        return not_measured_figure(title, ["phases"], language)
    instrument = scores.instrument if scores is not None else load_instrument()
    labels = _phase_labels(phases, instrument, language)
    numbers = _phase_numbers(phases, instrument)
    statuses = phase_statuses(dx, table, phases, wave)
    if partnership is None:
        return phase_heatmap(table, phases, labels, statuses == "skipped", language, numbers)
    check_partnership(partnership, table.index)
    return _one(dx, scores, table, phases, labels, statuses, partnership, language, numbers)


def _one(
    dx: Diagnosis,
    scores: Scores | None,
    table: pd.DataFrame,
    phases: list[str],
    labels: list[str],
    statuses: pd.DataFrame,
    partnership: str,
    language: str,
    numbers: list[int] | None = None,
) -> go.Figure:
    rules = dx.rules
    row = table.loc[partnership]
    values = row[phases].astype(float)
    status = statuses.loc[partnership, phases]
    lower = upper = None
    limits = phase_intervals(dx, scores, table.loc[[partnership]], phases)
    if limits is not None:
        lower, upper = limits[0].loc[partnership].tolist(), limits[1].loc[partnership].tolist()
    figure = go.Figure()
    for spec in phase_trace_specs(
        partnership,
        values.tolist(),
        status.tolist(),
        lower,
        upper,
        phases=phases,
        current=row["current_phase"],
        next_phase=row["next_phase"],
        labels=labels,
        language=language,
        numbers=numbers,
    ):
        figure.add_trace(go.Bar(spec) if spec["type"] == "bar" else go.Scatter(spec))
    # the threshold lines as add_hline draws them, set at once: add_hline took a tenth of a redraw
    lines = [(rules.complete, "complete_line"), (rules.incomplete, "incomplete_line")]
    figure.update_layout(
        shapes=[
            dict(
                type="line",
                xref="x domain",
                x0=0,
                x1=1,
                yref="y",
                y0=threshold,
                y1=threshold,
                line=dict(color="#777777", width=1, dash="dot"),
            )
            for threshold, _ in lines
        ],
        annotations=[
            dict(
                text=text(f"phases.{key}", language, value=threshold),
                font=dict(size=10, color=theme.MUTED),
                showarrow=False,
                xref="x domain",
                x=1,
                xanchor="left",
                yref="y",
                y=threshold,
                yanchor="middle",
            )
            for threshold, key in lines
        ],
    )
    subtitle = phase_subtitle(
        bool(row.get("sufficient_data", True)),
        row["current_phase"],
        row["next_phase"],
        labels=labels,
        language=language,
        numbers=numbers,
    )
    figure = theme.themed(
        figure,
        title=text("phases.title", language, partnership=partnership),
        subtitle=subtitle,
        height=480,
    )
    x = [wrap(label, LABEL_WIDTH) for label in labels]
    figure.update_layout(
        barmode="overlay",
        bargap=0.3,
        legend=dict(orientation="h", x=0, xanchor="left", y=-0.18, yanchor="top"),
        margin=dict(t=80, r=110, b=110),
    )
    figure.update_yaxes(range=[0, 121], tickvals=[0, 25, 50, 75, 100], title=text("phases.completion", language))
    figure.update_xaxes(categoryorder="array", categoryarray=x, ticks="", tickfont_size=11)
    return figure


def phase_subtitle(
    sufficient: bool,
    current: object,
    next_phase: object,
    *,
    labels: list[str],
    language: str,
    numbers: list[int] | None = None,
) -> str:
    """The subtitle of the phase bars: where the partnership stands and its next step.

    ``numbers`` are the phase numbers of ``labels`` (default 1, 2, ...)."""
    if not sufficient:
        return text("phases.subtitle_insufficient", language)
    current_label = labels[phase_position(current, numbers)] if not pd.isna(current) else "–"
    if pd.isna(next_phase):
        return text("phases.subtitle_done", language, current=current_label)
    return text("phases.subtitle", language, current=current_label, next=labels[phase_position(next_phase, numbers)])


def _range(lower: list[float] | None, upper: list[float] | None, j: int) -> str:
    """ " (40-62)": phase ``j``'s interval for the hover, or nothing without intervals."""
    return f" ({lower[j]:.0f}-{upper[j]:.0f})" if lower is not None and upper is not None else ""


def phase_trace_specs(
    partnership: str,
    values: list[float],
    status: list[str],
    lower: list[float] | None,
    upper: list[float] | None,
    *,
    phases: list[str],
    current: object,
    next_phase: object,
    labels: list[str],
    language: str,
    numbers: list[int] | None = None,
) -> list[dict]:
    """The traces of one partnership's phase bars, as plain trace dicts.

    ``values``, ``status``, ``lower`` and ``upper`` hold one entry per phase, in phase order
    (``lower`` and ``upper`` None without intervals), ``phases`` the phase scales; ``current``
    and ``next_phase`` are phase numbers (1-based) or missing.
    """
    x = [wrap(label, LABEL_WIDTH) for label in labels]
    traces: list[dict] = []
    for name in STATUSES:
        chosen = [j for j, s in enumerate(status) if s == name]
        if not chosen:
            continue
        trace: dict[str, Any] = dict(
            type="bar",
            x=[x[j] for j in chosen],
            y=[values[j] for j in chosen],
            name=text(f"phases.{name}", language),
            marker=dict(
                color=theme.STATUS[name],
                line=dict(color="#333333" if name == "skipped" else "white", width=1.2),
            ),
            hovertext=[f"{labels[j]}: {values[j]:.0f}" + _range(lower, upper, j) for j in chosen],
            hovertemplate="%{hovertext}<extra>" + plain(partnership) + "</extra>",
            width=0.62,
            meta={"role": "status", "status": name, "phases": [phases[j] for j in chosen]},
        )
        if name == "skipped":
            trace["marker"]["pattern"] = dict(shape="/", fgcolor="white", size=7, solidity=0.3, fillmode="overlay")
        if lower is not None and upper is not None:
            trace["error_y"] = dict(
                type="data",
                symmetric=False,
                array=[upper[j] - values[j] for j in chosen],
                arrayminus=[values[j] - lower[j] for j in chosen],
                color="#555555",
                thickness=1.3,
                width=6,
            )
        traces.append(trace)
    top = values if upper is None else [v if u != u else u for v, u in zip(values, upper, strict=True)]
    markers = (
        ("current", current, "triangle-down", 6),
        ("next", next_phase, "triangle-down-open", 6),
    )
    for role, phase_number, symbol, lift in markers:
        if pd.isna(phase_number):
            continue
        j = phase_position(phase_number, numbers)
        extra = 17 if role == "next" and not pd.isna(current) and current == next_phase else 0
        traces.append(
            dict(
                type="scatter",
                x=[x[j]],
                y=[min(float(top[j]) + lift + extra, 110)],
                mode="markers+text",
                marker=dict(symbol=symbol, size=15, color="#111111", line=dict(color="#111111", width=2)),
                text=[text(f"phases.{role}", language)],
                textposition="top center",
                textfont=dict(size=11),
                name=text(f"phases.{role}", language),
                hoverinfo="skip",
                cliponaxis=False,
                meta={"role": role, "phase": int(phase_number)},  # type: ignore[call-overload]
            )
        )
    return traces


def phase_figures(
    dx: Diagnosis,
    partnerships: Iterable[str] | None = None,
    *,
    scores: Scores | None = None,
    wave: object = "latest",
    language: str | None = None,
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
    dx, scores, table = _prepare(dx, scores, wave)
    language = check_language(language, scores.instrument if scores is not None else dx.instrument)
    names = chosen_partnerships(partnerships, list(table.index))
    if not names:
        return {}
    phases = _phase_columns(dx)
    instrument = scores.instrument if scores is not None else load_instrument()
    labels = _phase_labels(phases, instrument, language)
    numbers = _phase_numbers(phases, instrument)
    statuses = phase_statuses(dx, table, phases, wave)
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
        figures[partnership] = {"data": data, "layout": with_title(template, title, subtitle)}
    return figures
