"""Figures of the partner network: a map per partnership and a trust matrix (rater x rated).

Both read :func:`kompasmetrics.network` results only, show suppressed pairs as "too few raters"
and escape every name from the data (:func:`._texts.plain`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from .._checks import expect
from ..network import Network
from ..texts import number, t
from ._common import check_choice, check_partnership
from ._texts import check_language, plain
from ._theme import SCORE_SCALE, themed

MANY = 8
"""Above this many organisations the matrix cells are too narrow for words."""


def _text(key: str, language: str, **values: object) -> str:
    return t(f"network.{key}", language, **{k: plain(v) if isinstance(v, str) else v for k, v in values.items()})


def _one(net: Network, partnership: object, measure: str, wave: object, language: object, owner: str):
    expect(net, Network, owner, "net")
    language = check_language(language, net.instrument)
    check_partnership(partnership, net.partnerships.index.get_level_values("partnership").unique())
    check_choice("measure", measure, net.measures)
    pairs = net.pairs[net.pairs["partnership"] == partnership]
    organisations = net.organisations[net.organisations["partnership"] == partnership]
    names = sorted(organisations["organisation"].astype(str).unique())  # every wave: a stable layout
    if "wave" in pairs:
        chosen = pairs["wave"].max() if wave is None else wave
        pairs, organisations = pairs[pairs["wave"] == chosen], organisations[organisations["wave"] == chosen]
    return language, pairs, organisations.set_index("organisation"), names


def positions(names: list[str]) -> dict[str, tuple[float, float]]:
    """Organisations on a circle in name order, the first at the top: the same partners always get the
    same place, whatever the wave or the scores."""
    angles = np.pi / 2 - 2 * np.pi * np.arange(len(names)) / max(len(names), 1)
    return {name: (float(np.cos(a)), float(np.sin(a))) for name, a in zip(names, angles, strict=True)}


def plot_network(
    net: Network, partnership: str, *, measure: str = "trust", wave: object = None, language: str | None = None
) -> go.Figure:
    """The network map of one partnership: who trusts whom.

    Organisations sit on a circle in name order (a layout that stays put across waves), sized by the
    influence the others grant them; an arrow runs from rater to rated, coloured by ``measure``
    (orange low, blue high, 0-100); pairs with too few raters are drawn as dotted grey lines.
    """
    language, pairs, organisations, names = _one(net, partnership, measure, wave, language, "plot_network")
    place = positions(names)
    figure = go.Figure()
    shown = pairs[~pairs["suppressed"]].dropna(subset=[measure])
    hidden = pairs[pairs["suppressed"]]
    many = len(names) > 6
    shrink, width, head = (0.09, 1.3, 0.8) if many else (0.13, 2.6, 1.1)
    hover_x, hover_y, hover_text = [], [], []
    for row in shown.to_dict("records"):
        (x0, y0), (x1, y1) = _ends(place, row["rater_organisation"], row["rated_organisation"], shrink)
        colour = sample_colorscale(SCORE_SCALE, [min(max(row[measure] / 100, 0), 1)])[0]
        figure.add_annotation(
            x=x1,
            y=y1,
            ax=x0,
            ay=y0,
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            showarrow=True,
            arrowhead=3,
            arrowsize=head,
            arrowwidth=width,
            arrowcolor=colour,
            text="",
        )
        hover_x.append(x0 + (x1 - x0) * 0.55)
        hover_y.append(y0 + (y1 - y0) * 0.55)
        hover_text.append(
            _text(
                "map.edge_hover",
                language,
                rater=row["rater_organisation"],
                rated=row["rated_organisation"],
                value=row[measure],
                n=int(row["n_raters"]),
            )
        )
    minimum = net.settings["min_group_size"]
    if len(hidden):
        xs, ys = [], []
        for row in hidden.to_dict("records"):
            (x0, y0), (x1, y1) = _ends(place, row["rater_organisation"], row["rated_organisation"], shrink)
            xs += [x0, x1, None]
            ys += [y0, y1, None]
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line=dict(color="#b0b0b0", width=1.4, dash="dot"),
                name=_text("map.too_few", language, minimum=minimum),
                hoverinfo="skip",
            )
        )
    figure.add_trace(
        go.Scatter(
            x=hover_x,
            y=hover_y,
            mode="markers",
            marker=dict(size=10, opacity=0),
            hovertext=hover_text,
            hoverinfo="text",
            showlegend=False,
        )
    )
    figure.add_trace(_nodes(names, place, organisations, language))
    return themed(
        figure.update_layout(
            xaxis=dict(visible=False, range=[-2.1, 2.1], scaleanchor="y"),
            yaxis=dict(visible=False, range=[-1.3, 1.3]),
            legend=dict(orientation="h", y=-0.02, x=0.5, xanchor="center"),
            margin=dict(l=20, r=20, t=90, b=40),
        ),
        title=_text("map.title", language, partnership=partnership),
        subtitle=_text("map.subtitle", language, measure=t(f"network.measures.{measure}", language).lower()),
        height=560 if len(names) <= 6 else 680,
    )


def _ends(place, rater: str, rated: str, shrink: float):
    """Start and end of the arrow rater -> rated: shortened at both nodes and shifted a little to its
    right, so that A -> B and B -> A run side by side."""
    (x0, y0), (x1, y1) = place[rater], place[rated]
    dx, dy = x1 - x0, y1 - y0
    length = float(np.hypot(dx, dy)) or 1.0
    ux, uy = dx / length, dy / length
    offset = 0.035
    nx_, ny_ = uy * offset, -ux * offset
    return (x0 + ux * shrink + nx_, y0 + uy * shrink + ny_), (x1 - ux * shrink + nx_, y1 - uy * shrink + ny_)


def _nodes(names, place, organisations: pd.DataFrame, language: str) -> go.Scatter:
    influence = organisations["influence_received"].reindex(names) if "influence_received" in organisations else None
    received = organisations["trust_received"].reindex(names)
    size = 22 + 0.38 * (influence.fillna(50).to_numpy() if influence is not None else np.full(len(names), 50.0))
    missing = _text("map.not_shown", language)

    def shown(value: float) -> str:
        return missing if value != value else number(value, language)

    hover = [
        _text(
            "map.node_hover",
            language,
            organisation=name,
            received=shown(received[name]),
            influence=shown(influence[name]) if influence is not None else missing,
        )
        for name in names
    ]
    x, y = zip(*(place[n] for n in names), strict=True)
    return go.Scatter(
        x=x,
        y=y,
        mode="markers+text",
        text=[plain(n) for n in names],
        hovertext=hover,
        hoverinfo="text",
        textposition=[_side(xx, yy) for xx, yy in zip(x, y, strict=True)],
        textfont=dict(size=12),
        marker=dict(
            size=size,
            color=received.to_numpy(),
            colorscale=SCORE_SCALE,
            cmin=0,
            cmax=100,
            line=dict(color="#555555", width=1.2),
            showscale=True,
            colorbar=dict(title=dict(text=t("network.measures.trust", language)), len=0.6),
        ),
        showlegend=False,
        cliponaxis=False,
    )


def _side(x: float, y: float) -> str:
    """Where a node's name goes: outward from the circle, so it never lies across the arrows."""
    if abs(x) < 0.3:
        return "top center" if y > 0 else "bottom center"
    return "middle right" if x > 0 else "middle left"


def plot_trust_matrix(
    net: Network, partnership: str, *, measure: str = "trust", wave: object = None, language: str | None = None
) -> go.Figure:
    """Rater (rows) x rated (columns) heat map of one partnership's pair means (0-100); a pair with
    too few raters reads "too few", one's own organisation "own"."""
    language, pairs, _, names = _one(net, partnership, measure, wave, language, "plot_trust_matrix")
    table = pairs.set_index(["rater_organisation", "rated_organisation"])
    minimum = net.settings["min_group_size"]
    many = len(names) > MANY  # narrow cells: the short mark, explained in the subtitle
    too_few = _text("matrix.too_few_short" if many else "matrix.too_few", language)
    z = np.full((len(names), len(names)), np.nan)
    labels = [["" for _ in names] for _ in names]
    for i, rater in enumerate(names):
        for j, rated in enumerate(names):
            if i == j:
                labels[i][j] = _text("matrix.own", language)
            elif (rater, rated) in table.index:
                row = table.loc[(rater, rated)]
                if row["suppressed"]:
                    labels[i][j] = too_few
                elif row[measure] == row[measure]:
                    z[i, j] = row[measure]
                    labels[i][j] = number(row[measure], language)
    shown_names = [plain(n) for n in names]
    hover = [
        [_text("matrix.cell_hover", language, rater=r, rated=c, value=labels[i][j] or "–") for j, c in enumerate(names)]
        for i, r in enumerate(names)
    ]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=shown_names,
            y=shown_names,
            text=labels,
            texttemplate="%{text}",
            hovertext=hover,
            hoverinfo="text",
            colorscale=SCORE_SCALE,
            zmin=0,
            zmax=100,
            xgap=2,
            ygap=2,
            textfont=dict(size=12 if len(names) <= 8 else 10),
            colorbar=dict(title=dict(text=t(f"network.measures.{measure}", language)), len=0.7),
        )
    )
    size = max(360, 60 * len(names) + 200)
    figure.update_layout(
        xaxis=dict(side="top", tickangle=-35, showgrid=False),
        yaxis=dict(autorange="reversed", showgrid=False),
        plot_bgcolor="#f4f4f4",
        margin=dict(l=70, r=30, t=160, b=30),
    )
    title = _text("matrix.title", language, partnership=partnership, measure=t(f"network.measures.{measure}", language))
    subtitle = _text("matrix.subtitle", language)
    if many:
        subtitle += " " + _text("matrix.too_few_note", language, minimum=minimum)
    return themed(figure, title=title, subtitle=subtitle, height=size + 120)


__all__ = ["plot_network", "plot_trust_matrix", "positions"]
