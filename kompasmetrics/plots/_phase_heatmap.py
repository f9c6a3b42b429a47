"""The Kompas of the whole portfolio: a heat map of every partnership's phase completion."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import _theme as theme
from ._common import wrap
from ._texts import plain, text

# Phase names wrap at 13 characters: "3. Overeenkomen" and "5. Executing and renewing" take two
# lines, and five bars fit in a figure half a dashboard wide without tilting their labels.
LABEL_WIDTH = 13


def phase_position(phase_number: object, numbers: list[int] | None) -> int:
    """Where phase ``phase_number`` sits among the measured phases (0-based)."""
    number = int(phase_number)  # type: ignore[call-overload]  # a phase number: int, numpy or Int64 scalar
    return numbers.index(number) if numbers is not None and number in numbers else number - 1


def _whole(value: float) -> str:
    return "" if np.isnan(value) else f"{value:.0f}"


def phase_heatmap(
    table: pd.DataFrame,
    phases: list[str],
    labels: list[str],
    skipped: pd.DataFrame,
    language: str,
    numbers: list[int] | None = None,
) -> go.Figure:
    """Partnerships (rows, sorted by current and next phase) by phases (columns): completion 0-100
    as colour and number, a dot on the current phase, a cross on a phase the diagnosis judged
    skipped (``skipped``, a boolean table); a partnership with too little data says so by its name."""
    order = (
        table.assign(_name=table.index.astype(str))
        .sort_values(["current_phase", "next_phase", "_name"], na_position="last", kind="stable")
        .index
    )
    table, skipped = table.loc[order], skipped.loc[order]
    n = len(table)
    insufficient = text("phases.insufficient", language)
    names = [plain(p) for p in order]
    sufficient = table["sufficient_data"].to_numpy(bool)
    rows = [name if enough else f"{name} ({insufficient})" for name, enough in zip(names, sufficient, strict=True)]
    columns = [wrap(label, LABEL_WIDTH) for label in labels]
    values = table[phases].to_numpy(float)
    current_word = text("phases.current", language)
    current_labels = [
        labels[phase_position(current, numbers)] if not pd.isna(current) else "–" for current in table["current_phase"]
    ]
    customdata = np.empty((*values.shape, 2), dtype=object)
    customdata[:, :, 0] = np.array(names, dtype=object)[:, None]
    for i, current_label in enumerate(current_labels):
        for j, label in enumerate(labels):
            customdata[i, j, 1] = f"{label}: {values[i, j]:.0f}<br>{current_word}: {current_label}"
    show_text = n <= 45
    figure = go.Figure(
        go.Heatmap(
            z=values,
            x=list(range(len(columns))),
            y=list(range(n)),
            zmin=0,
            zmax=100,
            colorscale=theme.SCORE_SCALE,
            xgap=2,
            ygap=1 if n <= 80 else 0,
            text=np.vectorize(_whole, otypes=[object])(values) if show_text else None,
            texttemplate="%{text}" if show_text else None,
            textfont=dict(size=10),
            customdata=customdata,
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
            colorbar=dict(
                ticklabelposition="outside bottom",
                title=dict(
                    text=text("phases.completion", language).replace(" (", "<br>("),
                    side="top",
                    font_size=11,
                ),
                thickness=12,
                len=min(1.0, max(0.35, 300 / (150 + 18 * n))),
                y=0.97,
                yanchor="top",
                tickvals=[0, 25, 50, 75, 100],
            ),
            meta={"role": "heatmap", "partnerships": [str(p) for p in order]},
        )
    )
    marker_size = 7 if n <= 60 else 5
    # beside the number when cells show one, in the middle of the cell otherwise
    offset = -0.33 if show_text else 0.0
    current = table["current_phase"]
    has_current = current.notna().to_numpy()
    figure.add_trace(
        go.Scatter(
            x=[phase_position(c, numbers) + offset for c in current[has_current]],
            y=np.flatnonzero(has_current).tolist(),
            mode="markers",
            marker=dict(
                symbol="circle",
                size=marker_size,
                color="#111111",
                line=dict(color="white", width=1),
            ),
            name=text("phases.current", language),
            hoverinfo="skip",
            text=None,
            meta={"role": "current"},
        )
    )
    where = np.argwhere(skipped[phases].to_numpy(bool))
    if len(where):
        figure.add_trace(
            go.Scatter(
                x=[j + offset for _, j in where],
                y=[i for i, _ in where],
                mode="markers",
                marker=dict(
                    symbol="x-thin",
                    size=marker_size + (4 if n <= 60 else 2),
                    line=dict(color="#111111", width=2 if n <= 60 else 1.5),
                ),
                name=text("phases.skipped", language),
                hoverinfo="skip",
                meta={"role": "skipped"},
            )
        )
    height = int(min(max(380, 170 + 17 * n), 1500))
    step = max(1, int(np.ceil(n / 75)))  # a readable number of row labels; the hover names every row
    figure = theme.themed(
        figure,
        title=text("phases.heatmap_title", language),
        subtitle=text("phases.heatmap_subtitle", language),
        height=height,
    )
    # an explicit reversed range: autorange would pad around the markers
    figure.update_yaxes(
        autorange=False,
        showgrid=False,
        zeroline=False,
        ticks="",
        tickmode="array",
        tickvals=list(range(0, n, step)),
        ticktext=rows[::step],
        tickfont_size=11 if n <= 60 else 9,
        range=[n - 0.5, -0.5],
    )
    figure.update_xaxes(
        side="top",
        showgrid=False,
        zeroline=False,
        ticks="",
        tickmode="array",
        tickvals=list(range(len(columns))),
        ticktext=columns,
        tickangle=0,
        tickfont_size=11,
        range=[-0.5, len(columns) - 0.5],
        autorange=False,
        linecolor="white",
    )
    figure.update_layout(showlegend=False, margin=dict(t=125, l=80, r=40, b=30), plot_bgcolor="white")
    return figure
