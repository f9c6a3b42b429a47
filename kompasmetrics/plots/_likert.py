"""Diverging stacked bars of the answers to one scale's items."""

from __future__ import annotations

import copy
import functools

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .._checks import expect
from .._messages import listing, suggestion
from ..errors import KompasKeyError, KompasValueError
from ..survey import Survey
from . import _theme as theme
from ._common import check_partnership, choose_wave, wrap
from ._texts import check_language, text

_PANEL_AXES = ("xaxis", "yaxis", "xaxis2", "yaxis2")


def answer_counts(
    survey: Survey, scale: str, *, partnership: str | None = None, wave: object = "latest"
) -> pd.DataFrame:
    """Counts of every answer option per item of ``scale``, options nobody chose included.

    Returns
    -------
    DataFrame
        One row per item (in instrument order), indexed by item: one column per answer value of
        the items' response scale (count, 0 when nobody chose it), ``dont_know`` (a missing label
        such as "Weet niet" was given), ``missing`` (left blank), ``n`` (respondents).
    """
    items = _items(survey, scale)
    responses = survey.responses
    keep = pd.Series(True, index=responses.index)
    if "wave" in responses.columns:
        keys = choose_wave(responses[["partnership", "wave"]].drop_duplicates(), wave)
        keep &= pd.MultiIndex.from_frame(responses[["partnership", "wave"]]).isin(
            pd.MultiIndex.from_frame(keys[["partnership", "wave"]])
        )
    if partnership is not None:
        keep &= responses["partnership"] == partnership
    answers = responses.loc[keep, items["item"]]
    nonsubstantive = survey.nonsubstantive.loc[keep, items["item"]].astype(bool)
    values = _values(survey, items)
    rows = {}
    for item in items["item"]:
        column = answers[item]
        counts = column.value_counts().reindex([float(v) for v in values], fill_value=0)
        dont_know = int((column.isna() & nonsubstantive[item]).sum())
        rows[item] = [
            *counts.astype(int).tolist(),
            dont_know,
            int(column.isna().sum()) - dont_know,
            len(column),
        ]
    return pd.DataFrame.from_dict(rows, orient="index", columns=[*values, "dont_know", "missing", "n"])


def _items(survey: Survey, scale: str) -> pd.DataFrame:
    instrument = survey.instrument
    if scale not in instrument.scale_ids:
        raise KompasKeyError(
            f"Parameter scale={scale!r} is not a scale of instrument {instrument.id!r}; "
            f"known scales: "
            f"{listing(instrument.scale_ids, 8)}.{suggestion(scale, instrument.scale_ids)}"
        )
    items = instrument.items[instrument.items["scale"] == scale]
    items = items[items["item"].isin(survey.items)]
    if items.empty:
        raise KompasKeyError(f"The survey has no answers to the items of scale {scale!r}; it was not asked.")
    return items


def _values(survey: Survey, items: pd.DataFrame) -> list[int]:
    scales = items["response_scale"].unique().tolist()
    if len(scales) > 1:
        raise KompasValueError(
            f"The items of this scale use different answer scales ({listing(scales)}); "
            f"diverging bars "
            f"need one answer scale per figure."
        )
    return list(survey.instrument.response_scales[scales[0]].values)


@functools.cache
def _panels() -> go.Figure:
    """The axes of the bars (left, 80%) and the non-substantive answers (right), sharing the items."""
    return make_subplots(rows=1, cols=2, shared_yaxes=True, column_widths=[0.8, 0.2], horizontal_spacing=0.16)


def _two_panels() -> go.Figure:
    """A new figure laid out as :func:`_panels` (made once: make_subplots took a fifth of a redraw),
    whose ``row=``/``col=`` arguments work as on a figure of make_subplots."""
    panels = _panels()
    figure = go.Figure(layout={name: copy.deepcopy(panels.layout[name].to_plotly_json()) for name in _PANEL_AXES})
    for grid in ("_grid_ref", "_grid_str"):  # where make_subplots keeps the grid (read only)
        figure.__dict__[grid] = panels.__dict__[grid]
    return figure


def plot_likert(
    survey: Survey,
    *,
    scale: str,
    partnership: str | None = None,
    wave: object = "latest",
    min_group_size: int = 3,
    language: str | None = None,
) -> go.Figure:
    """Diverging stacked bars of the answers to one scale's items.

    Each item is a bar of the shares of its substantive answers: disagreement to the left,
    agreement to the right, the neutral middle split evenly around zero. "Don't know" answers
    and blanks are shown apart, as shares of all respondents, in a narrow panel to the right.
    Answers are shown as given (before reverse keying), so the item text reads naturally;
    reverse-keyed items are marked ↺ because agreeing with them is unfavourable.

    Parameters
    ----------
    survey : Survey
    scale : str
        The scale whose items to show, such as ``"trust_openness"``.
    partnership : str, optional
        Only this partnership's respondents; all respondents by default.
    wave : "latest" or a wave, default "latest"
        With waves: each partnership's latest wave, or the one given.
    min_group_size : int, default 3
        A partnership with fewer respondents is not shown (its answers could be traced back to
        people); use the same value as in :func:`kompasmetrics.score`.
    language : str, optional
        "nl" or "en"; by default the instrument's first language

    Returns
    -------
    plotly.graph_objects.Figure
        Two x axes sharing the item axis (``y``): ``x`` the diverging bars, percentages of the
        substantive answers (negative = the disagreeing side); ``x2`` the non-substantive shares.
        Traces on ``x``: one bar trace per answer option (``meta["role"] = "option"``,
        ``meta["value"]``, ``meta["counts"]`` per item; options nobody chose are there with zero
        counts), with the neutral option of an odd scale split into two traces (``meta["half"]``
        ``"left"``/``"right"``, one legend entry). On ``x2``: ``"dont_know"`` and ``"missing"``.
        ``customdata`` holds the counts; items run top to bottom in instrument order.

    Raises
    ------
    KompasKeyError
        For an unknown scale or partnership, with the closest match.
    KompasValueError
        For an unknown ``language``, a partnership with fewer respondents than
        ``min_group_size``, or items of one scale on different answer scales.
    """
    expect(survey, Survey, "plot_likert", "survey")
    language = check_language(language, survey.instrument)
    items = _items(survey, scale)
    if partnership is not None:
        check_partnership(partnership, survey.responses["partnership"].unique())
    counts = answer_counts(survey, scale, partnership=partnership, wave=wave)
    n = int(counts["n"].max()) if len(counts) else 0
    if partnership is not None and n < min_group_size:
        raise KompasValueError(
            f"Partnership {partnership!r} has {n} respondents, "
            f"fewer than min_group_size={min_group_size}: "
            f"its answers are not shown, as they could be traced back to people."
        )
    values = _values(survey, items)
    option_labels = survey.instrument.response_scales[items["response_scale"].iloc[0]].labels[language]
    colours = theme.likert_colours(len(values))
    substantive = counts[values].sum(axis=1).replace(0, np.nan)
    share = counts[values].div(substantive, axis=0).fillna(0) * 100
    texts = items.set_index("item")[f"text_{language}"]
    reverse = items.set_index("item")["reverse"]
    y = [
        f"{position}. {wrap(texts[item], 52, 3)}" + (" ↺" if reverse[item] else "")
        for position, item in zip(items["position"], items["item"], strict=True)
    ]
    full = [texts[item] + (f" ({text('likert.reverse', language)})" if reverse[item] else "") for item in items["item"]]

    figure = _two_panels()
    middle = len(values) // 2
    odd = len(values) % 2 == 1
    # relative stacking grows outward in trace order: the options nearest the middle come first
    lower = list(range(middle - 1, -1, -1))
    upper = list(range(middle + 1 if odd else middle, len(values)))
    order: list[tuple[int, str | None]] = []
    if odd:
        order.append((middle, "left"))
    order += [(i, None) for i in lower]
    if odd:
        order.append((middle, "right"))
    order += [(i, None) for i in upper]
    for i, half in order:
        value, label = values[i], option_labels[i]
        sign = -1 if (i < middle or half == "left") else 1
        x = sign * share[value] / (2 if half else 1)
        customdata = np.column_stack([full, counts[value].to_numpy(), share[value].to_numpy()])
        figure.add_trace(
            go.Bar(
                y=y,
                x=x.tolist(),
                orientation="h",
                name=label,
                marker=dict(color=colours[i], line=dict(width=0)),
                legendgroup=str(value),
                showlegend=half != "right",
                legendrank=100 + i,
                customdata=customdata,
                hovertemplate=(
                    "%{customdata[0]}<br><b>" + label + "</b>: %{customdata[1]} (%{customdata[2]:.0f}%)<extra></extra>"
                ),
                meta={
                    "role": "option",
                    "value": value,
                    "half": half,
                    "counts": counts[value].astype(int).tolist(),
                },
                xaxis="x",
                yaxis="y",
            ),
        )
    non_substantive = {
        "dont_know": dict(color="#7a7a7a"),
        "missing": dict(
            color="white",
            line=dict(color="#8c8c8c", width=1),
            pattern=dict(shape="/", fgcolor="#8c8c8c", size=5, solidity=0.3),
        ),
    }
    for key, marker in non_substantive.items():
        label = text(f"likert.{key}", language)
        pct = counts[key] / counts["n"].replace(0, np.nan) * 100
        customdata = np.column_stack([full, counts[key].to_numpy(), pct.fillna(0).to_numpy()])
        figure.add_trace(
            go.Bar(
                y=y,
                x=pct.fillna(0).tolist(),
                orientation="h",
                name=label,
                marker=marker,
                legendrank=200 + (key == "missing"),
                customdata=customdata,
                hovertemplate="%{customdata[0]}<br><b>"
                + label
                + "</b>: %{customdata[1]} (%{customdata[2]:.0f}%)<extra></extra>",
                meta={"role": key, "counts": counts[key].astype(int).tolist()},
                xaxis="x2",
                yaxis="y2",
            ),
        )
    title_key = "likert.title_partnership" if partnership is not None else "likert.title"
    figure = theme.themed(
        figure,
        title=text(
            title_key,
            language,
            scale=survey.instrument.scale_label(scale, language),
            partnership=partnership,
        ),
        subtitle=text("likert.subtitle", language, n=n),
    )
    height = int(240 + 62 * len(items))
    top_margin, bottom_margin = 90, 150
    # below the axis titles, whatever the number of items
    legend_y = -62 / (height - top_margin - bottom_margin)
    figure.update_layout(
        height=height,
        barmode="relative",
        bargap=0.35,
        legend=dict(
            orientation="h",
            x=0,
            xanchor="left",
            y=legend_y,
            yanchor="top",
            traceorder="normal",
            font_size=11,
        ),
        margin=dict(l=20, r=40, t=top_margin, b=bottom_margin),
    )
    ticks = [-100, -50, 0, 50, 100]
    figure.update_layout(
        xaxis=dict(
            range=[-100, 100],
            tickvals=ticks,
            ticktext=[f"{abs(t)}%" for t in ticks],
            title=dict(text=text("likert.percent", language), font_size=12),
            zeroline=True,
            zerolinecolor="#555555",
            zerolinewidth=1.2,
        )
    )
    top = max(
        25.0,
        float(
            np.ceil(
                ((counts["dont_know"] + counts["missing"]) / counts["n"].replace(0, np.nan)).max(skipna=True) * 100 / 25
            )
            * 25
        )
        if counts["n"].sum()
        else 25.0,
    )
    figure.update_layout(
        xaxis2=dict(
            range=[0, top],
            tickvals=[0, top],
            ticktext=["0%", f"{top:.0f}%"],
            title=dict(text=text("likert.percent_all", language), font_size=11),
        ),
        yaxis=dict(autorange="reversed", ticks="", tickfont_size=12),
    )
    figure.update_layout(barmode="relative")
    return figure
