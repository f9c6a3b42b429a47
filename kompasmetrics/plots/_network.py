"""Figures of the partner network: a map per partnership and a trust matrix (rater x rated).

Both read :func:`kompasmetrics.network` results only, show suppressed pairs as "too few raters"
and escape every name from the data (:func:`._texts.plain`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from .._checks import expect
from ..network import Network
from ..texts import number, t
from ._common import check_choice, check_partnership, wrap
from ._texts import check_language, plain
from ._theme import SCORE_SCALE, themed

MANY = 8
"""Above this many organisations the matrix cells are too narrow for words."""


def _text(key: str, language: str, **values: object) -> str:
    return t(f"network.{key}", language, **{k: plain(v) if isinstance(v, str) else v for k, v in values.items()})


def _one(net: Network, partnership: object, measure: str, wave: object, language: object, owner: str, rows=None):
    """The checked language, the partnership's pairs and organisations (at ``wave``, its latest by
    default) and its organisations' names over every wave. ``rows``: the partnership's rows of
    ``net.pairs`` and ``net.organisations`` already taken out, and the arguments already checked."""
    if rows is None:
        expect(net, Network, owner, "net")
        language = check_language(language, net.instrument)
        check_partnership(partnership, net.partnerships.index.get_level_values("partnership").unique())
        check_choice("measure", measure, net.measures)
        rows = (
            net.pairs[net.pairs["partnership"] == partnership],
            net.organisations[net.organisations["partnership"] == partnership],
        )
    pairs, organisations = rows
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
    influence the others grant them and coloured by the ``measure`` they receive; an arrow runs from
    rater to rated, coloured by ``measure``
    (orange low, blue high, 0-100); pairs with too few raters are drawn as dotted grey lines.
    """
    return _figure(_map_parts(net, partnership, measure, wave, language, "plot_network"))


def _figure(parts: _Parts) -> go.Figure:
    figure = go.Figure(data=parts.traces).update_layout(**parts.layout)
    return themed(figure, title=parts.title, subtitle=parts.subtitle, height=parts.height)


@dataclass(frozen=True)
class _Parts:
    """What one partnership's figure holds beyond what all of them share: plain trace dicts, its own
    layout entries, title, subtitle and height."""

    traces: list[dict]
    layout: dict
    title: str
    subtitle: str
    height: int


def _map_parts(net: Network, partnership, measure: str, wave, language, owner: str, rows=None) -> _Parts:
    language, pairs, organisations, names = _one(net, partnership, measure, wave, language, owner, rows)
    place = positions(names)
    shown = pairs[~pairs["suppressed"]].dropna(subset=[measure])
    hidden = pairs[pairs["suppressed"]]
    many = len(names) > 6
    shrink, width, head = (0.09, 1.3, 0.8) if many else (0.13, 2.6, 1.1)
    hover_x, hover_y, hover_text = [], [], []
    arrows: list[dict] = []  # set at once: one add_annotation per arrow revalidates them all
    colours = sample_colorscale(SCORE_SCALE, list(np.clip(shown[measure].to_numpy(float) / 100, 0, 1)))
    for row, colour in zip(shown.to_dict("records"), colours, strict=True):
        (x0, y0), (x1, y1) = _ends(place, row["rater_organisation"], row["rated_organisation"], shrink)
        arrows.append(
            {"x": x1, "y": y1, "ax": x0, "ay": y0, "xref": "x", "yref": "y", "axref": "x", "ayref": "y",
             "showarrow": True, "arrowhead": 3, "arrowsize": head, "arrowwidth": width, "arrowcolor": colour,
             "text": ""}
        )  # fmt: skip
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
    traces: list[dict] = []
    if len(hidden):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for row in hidden.to_dict("records"):
            (x0, y0), (x1, y1) = _ends(place, row["rater_organisation"], row["rated_organisation"], shrink)
            xs += [x0, x1, None]
            ys += [y0, y1, None]
        traces.append(
            {"type": "scatter", "x": xs, "y": ys, "mode": "lines",
             "line": {"color": "#b0b0b0", "width": 1.4, "dash": "dot"},
             "name": _text("map.too_few", language, minimum=minimum), "hoverinfo": "skip"}
        )  # fmt: skip
    traces.append(
        {"type": "scatter", "x": hover_x, "y": hover_y, "mode": "markers", "marker": {"size": 10, "opacity": 0},
         "hovertext": hover_text, "hoverinfo": "text", "showlegend": False}
    )  # fmt: skip
    traces.append(_nodes(names, place, organisations, language, measure, shown))
    return _Parts(
        traces=traces,
        layout={
            "annotations": arrows,
            "xaxis": {"visible": False, "range": [-2.1, 2.1], "scaleanchor": "y"},
            "yaxis": {"visible": False, "range": [-1.3, 1.3]},
            "legend": {"orientation": "h", "y": -0.02, "x": 0.5, "xanchor": "center"},
            "margin": {"l": 20, "r": 20, "t": 90, "b": 40},
        },
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


def _nodes(names, place, organisations: pd.DataFrame, language: str, measure: str, shown_pairs: pd.DataFrame) -> dict:
    """The organisations, coloured by the ``measure`` they receive: the arrows' colour scale and
    the colour bar's title then describe both (trust: the organisation table's trust received;
    another measure: the mean of the shown pairs that rate it)."""
    influence = organisations["influence_received"].reindex(names) if "influence_received" in organisations else None
    received = organisations["trust_received"].reindex(names)
    colour = (
        received
        if measure == "trust"
        else shown_pairs.groupby("rated_organisation")[measure].mean().reindex(names).astype(float)
    )
    colour = (
        received
        if measure == "trust"
        else shown_pairs.groupby("rated_organisation")[measure].mean().reindex(names).astype(float)
    )
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
    return {
        "type": "scatter",
        "x": list(x),
        "y": list(y),
        "mode": "markers+text",
        "text": [plain(n) for n in names],
        "hovertext": hover,
        "hoverinfo": "text",
        "textposition": [_side(xx, yy) for xx, yy in zip(x, y, strict=True)],
        "textfont": {"size": 12},
        "marker": {
            "size": [float(v) for v in size],
            "color": colour.to_numpy(float),  # NaN for an organisation not shown: Plotly refuses None here
            "colorscale": SCORE_SCALE,
            "cmin": 0,
            "cmax": 100,
            "line": {"color": "#555555", "width": 1.2},
            "showscale": True,
            # wrapped: a long measure name on one line pushed the map aside and cut off its labels
            "colorbar": {"title": {"text": wrap(t(f"network.measures.{measure}", language), 12)}, "len": 0.6},
        },
        "showlegend": False,
        "cliponaxis": False,
    }


def _plain_list(values: np.ndarray) -> list:
    """Numbers for a figure dict: floats, None where missing (nested for a matrix)."""
    if values.ndim > 1:
        return [_plain_list(row) for row in values]
    return [None if v != v else float(v) for v in values.tolist()]


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
    return _figure(_matrix_parts(net, partnership, measure, wave, language, "plot_trust_matrix"))


def _matrix_parts(net: Network, partnership, measure: str, wave, language, owner: str, rows=None) -> _Parts:
    language, pairs, _, names = _one(net, partnership, measure, wave, language, owner, rows)
    cells = dict(
        zip(
            zip(pairs["rater_organisation"], pairs["rated_organisation"], strict=True),
            zip(pairs["suppressed"], pairs[measure], strict=True),
            strict=True,
        )
    )
    minimum = net.settings["min_group_size"]
    many = len(names) > MANY  # narrow cells: the short mark, explained in the subtitle
    too_few = _text("matrix.too_few_short" if many else "matrix.too_few", language)
    z = np.full((len(names), len(names)), np.nan)
    labels = [["" for _ in names] for _ in names]
    for i, rater in enumerate(names):
        for j, rated in enumerate(names):
            if i == j:
                labels[i][j] = _text("matrix.own", language)
            elif (rater, rated) in cells:
                suppressed, value = cells[(rater, rated)]
                if suppressed:
                    labels[i][j] = too_few
                elif value == value:
                    z[i, j] = value
                    labels[i][j] = number(value, language)
    shown_names = [plain(n) for n in names]
    hover = [
        [_text("matrix.cell_hover", language, rater=r, rated=c, value=labels[i][j] or "–") for j, c in enumerate(names)]
        for i, r in enumerate(names)
    ]
    trace = {
        "type": "heatmap",
        "z": _plain_list(z),
        "x": shown_names,
        "y": shown_names,
        "text": labels,
        "texttemplate": "%{text}",
        "hovertext": hover,
        "hoverinfo": "text",
        "colorscale": SCORE_SCALE,
        "zmin": 0,
        "zmax": 100,
        "xgap": 2,
        "ygap": 2,
        "textfont": {"size": 12 if len(names) <= 8 else 10},
        "colorbar": {"title": {"text": t(f"network.measures.{measure}", language)}, "len": 0.7},
    }
    subtitle = _text("matrix.subtitle", language)
    if many:
        subtitle += " " + _text("matrix.too_few_note", language, minimum=minimum)
    return _Parts(
        traces=[trace],
        layout={
            "xaxis": {"side": "top", "tickangle": -35, "showgrid": False},
            "yaxis": {"autorange": "reversed", "showgrid": False},
            "plot_bgcolor": "#f4f4f4",
            "margin": {"l": 70, "r": 30, "t": 160, "b": 30},
        },
        title=_text(
            "matrix.title", language, partnership=partnership, measure=t(f"network.measures.{measure}", language)
        ),
        subtitle=subtitle,
        height=max(360, 60 * len(names) + 200) + 120,
    )


PARTS = {"n": (_map_parts, "plot_network"), "m": (_matrix_parts, "plot_trust_matrix")}


def network_figures(
    net: Network, partnerships: list, *, measure: str = "trust", waves: dict | None = None, language: str | None = None
) -> dict[object, dict[str, dict]]:
    """The map (``"n"``) and the trust matrix (``"m"``) of many partnerships, as figure dicts.

    Partnership -> ``{"n": figure, "m": figure}``, each ``{"data": [...], "layout": {...}}`` as
    :func:`plot_network` / :func:`plot_trust_matrix` draw it (``waves`` gives a partnership's wave,
    its latest by default), without Plotly's validation of every figure: the shared layout is made
    once by the plot function, the traces and the partnership's own layout entries are plain dicts.
    Treat the result as read-only: the layouts share their parts.
    """
    expect(net, Network, "network_figures", "net")
    language = check_language(language, net.instrument)
    check_choice("measure", measure, net.measures)
    held = net.partnerships.index.get_level_values("partnership").unique()
    for partnership in partnerships:
        check_partnership(partnership, held)
    waves = waves or {}
    pairs = dict(tuple(net.pairs.groupby("partnership", sort=False)))
    organisations = dict(tuple(net.organisations.groupby("partnership", sort=False)))
    no_pairs = net.pairs.iloc[:0]
    figures: dict[object, dict[str, dict]] = {}
    templates: dict[str, dict] = {}
    for partnership in partnerships:
        out = {}
        rows = (pairs.get(partnership, no_pairs), organisations[partnership])
        for key, (parts_of, owner) in PARTS.items():
            parts = parts_of(net, partnership, measure, waves.get(partnership), language, owner, rows)
            if key not in templates:
                templates[key] = _figure(parts).to_plotly_json()["layout"]
            layout = {**templates[key], **parts.layout, "height": parts.height}
            title = templates[key]["title"]
            layout["title"] = {**title, "text": parts.title, "subtitle": {**title["subtitle"], "text": parts.subtitle}}
            out[key] = {"data": parts.traces, "layout": layout}
        figures[partnership] = out
    return figures


__all__ = ["network_figures", "plot_network", "plot_trust_matrix", "positions"]
