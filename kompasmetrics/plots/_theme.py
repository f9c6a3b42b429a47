"""One look for every figure: colours readable with colour-blindness, fonts, layout defaults.

The qualitative colours are Okabe & Ito's (2008) palette, designed to stay distinct for the common
forms of colour-blindness (yellow left out: it disappears on white). Scores use one diverging scale,
orange (low) through light grey (the neutral 50) to blue (high), the pair that stays apart for
deuteranopes and protanopes. Figures are sized for a notebook cell about 900 pixels wide.
"""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.colors import sample_colorscale

FONT = "Inter, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEXT_COLOUR = "#222222"
MUTED = "#6b6b6b"
GRID = "#e3e3e3"
WIDTH = 900  # used only for wrapping decisions; figures autosize to their container

# Okabe-Ito without yellow, blue first
QUALITATIVE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#7f7f7f",
    "#000000",
]
PARTNERSHIP = "#0b3c68"  # the partnership itself: a dark blue, drawn thicker than organisations
ORGANISATIONS = [
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#0072B2",
    "#7f7f7f",
    "#000000",
]
BAND = "rgba(110, 110, 110, 0.16)"
BAND_LINE = "rgba(110, 110, 110, 0.45)"

LOW = "#b35806"
LOW_LIGHT = "#f1a340"
NEUTRAL = "#d4d4d4"
HIGH_LIGHT = "#6baed6"
HIGH = "#08519c"

# 0-100 scores, centred on the neutral middle (50)
SCORE_SCALE = [[0.0, LOW], [0.25, LOW_LIGHT], [0.5, "#f4f4f4"], [0.75, HIGH_LIGHT], [1.0, HIGH]]
# rwg_j, 0-1: orange below .70 (at most moderate agreement), blue above
RWG_SCALE = [[0.0, LOW], [0.5, LOW_LIGHT], [0.7, "#f4f4f4"], [0.85, HIGH_LIGHT], [1.0, HIGH]]
# gaps in points: white (none) to deep orange
GAP_SCALE = [[0.0, "#f7f7f7"], [0.4, "#fdb863"], [1.0, LOW]]

STATUS = {"complete": HIGH, "under_way": HIGH_LIGHT, "incomplete": LOW_LIGHT, "skipped": LOW}

OUTCOME_FILL = {
    "lose_lose": "rgba(179, 88, 6, 0.20)",
    "win_lose": "rgba(230, 159, 0, 0.16)",
    "lose_win": "rgba(230, 159, 0, 0.16)",
    "compromise": "rgba(150, 150, 150, 0.08)",
    "win_win": "rgba(0, 114, 178, 0.16)",
}
OUTCOME_COLOUR = {
    "lose_lose": LOW,
    "win_lose": "#c98500",
    "lose_win": "#c98500",
    "compromise": "#555555",
    "win_win": "#0072B2",
}


def likert_colours(n_options: int) -> list[str]:
    """Colours of ``n_options`` ordered answers: orange (disagree) to blue (agree), grey middle."""
    if n_options == 1:
        return [NEUTRAL]
    scale = [[0.0, LOW], [0.25, LOW_LIGHT], [0.5, NEUTRAL], [0.75, HIGH_LIGHT], [1.0, HIGH]]
    return sample_colorscale(scale, [i / (n_options - 1) for i in range(n_options)], colortype="rgb")


def _axis() -> dict:
    return dict(
        gridcolor=GRID,
        zerolinecolor="#bdbdbd",
        linecolor="#9e9e9e",
        ticks="outside",
        tickcolor="#bdbdbd",
        title=dict(font=dict(size=13)),
        automargin=True,
    )


TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT, size=13, color=TEXT_COLOUR),
        title=dict(
            x=0.015,
            xref="container",
            xanchor="left",
            y=0.98,
            yanchor="top",
            font=dict(size=17),
            subtitle=dict(font=dict(size=12, color=MUTED)),
        ),
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=QUALITATIVE,
        margin=dict(l=70, r=30, t=90, b=60),
        xaxis=_axis(),
        yaxis=_axis(),
        polar=dict(
            bgcolor="white",
            radialaxis=dict(
                range=[0, 100],
                tickvals=[25, 50, 75, 100],
                gridcolor=GRID,
                linecolor=GRID,
                tickfont=dict(size=9, color=MUTED),
                angle=90,
                tickangle=90,
                showline=False,
                ticks="",
            ),
            angularaxis=dict(
                gridcolor=GRID,
                linecolor="#bdbdbd",
                direction="clockwise",
                rotation=90,
                tickfont=dict(size=11),
            ),
        ),
        legend=dict(bgcolor="rgba(255,255,255,0.85)", font=dict(size=12)),
        hoverlabel=dict(font=dict(family=FONT, size=12), bgcolor="white", bordercolor="#9e9e9e"),
        coloraxis=dict(colorbar=dict(thickness=14, outlinewidth=0, tickfont=dict(size=11))),
    )
)


def themed(figure: go.Figure, *, title: str, subtitle: str | None = None, height: int = 520) -> go.Figure:
    """Apply the theme, a left-aligned title with an optional subtitle, and a height."""
    figure.update_layout(template=TEMPLATE, height=height, title=dict(text=title, subtitle=dict(text=subtitle or "")))
    return figure
