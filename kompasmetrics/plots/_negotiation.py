"""Figure 4 of the article: own gain against the partners' gain, per organisation."""

from __future__ import annotations

import plotly.graph_objects as go

from .._checks import expect
from ..diagnose import OUTCOMES, Diagnosis
from ..errors import KompasValueError
from . import _theme as theme
from ._common import check_partnership, choose_wave, not_measured_figure
from ._radar import organisation_name
from ._texts import check_language, plain, text

# shape as well as colour, for readers who cannot tell the colours apart
SYMBOLS = {
    "lose_lose": "square",
    "win_lose": "triangle-right",
    "lose_win": "triangle-up",
    "compromise": "circle",
    "win_win": "diamond",
}


def outcome_regions(low: float, high: float, gap: float) -> dict[str, list[tuple[float, float]]]:
    """Polygons (own gain x, partners' gain y; 0-100) of the outcomes of the diagnosis.

    lose-lose: both below ``low``; win-lose: partners below ``low`` and own gain at least ``gap``
    ahead (lose-win mirrored); win-win: both at or above ``high``; compromise: the rest (the whole
    square, drawn first).
    """
    low, high, gap = float(low), float(high), float(gap)
    start = max(low - gap, 0.0)
    win_lose = [(max(low, gap), 0.0), (100.0, 0.0), (100.0, low), (min(low + gap, 100.0), low)]
    if start > 0:
        win_lose.append((low, start))
    return {
        "compromise": [(0.0, 0.0), (100.0, 0.0), (100.0, 100.0), (0.0, 100.0)],
        "lose_lose": [(0.0, 0.0), (low, 0.0), (low, low), (0.0, low)],
        "win_lose": win_lose,
        "lose_win": [(y, x) for x, y in win_lose],
        "win_win": [(high, high), (100.0, high), (100.0, 100.0), (high, 100.0)],
    }


def _path(points: list[tuple[float, float]]) -> str:
    return "M " + " L ".join(f"{x:g},{y:g}" for x, y in points) + " Z"


def plot_negotiation(
    dx: Diagnosis,
    *,
    partnership: str | None = None,
    wave: object = "latest",
    language: str | None = None,
) -> go.Figure:
    """Figure 4 of the article: own gain against the gain seen for the partners, per organisation.

    The square is divided into the outcomes of :func:`kompasmetrics.diagnose` with its thresholds
    (``dx.rules.gain_low``, ``gain_high``, ``gain_gap``): lose-lose, win-lose, lose-win,
    compromise and win-win. A lasting partnership needs at least a compromise; win-win is the aim.

    Parameters
    ----------
    dx : Diagnosis
        From :func:`kompasmetrics.diagnose`; its ``negotiation`` table holds only organisations that
        may be shown (the minimum group size applies).
    partnership : str, optional
        Only this partnership's organisations, labelled, with the partnership's mean as a diamond.
        None (default): every shown organisation of the portfolio.
    wave : "latest" or a wave, default "latest"
    language : str, optional
        "nl" or "en"; by default the instrument's first language

    Returns
    -------
    plotly.graph_objects.Figure
        x own gain, y partners' gain (0-100). Layout shapes, one per region, named after the
        outcome (``compromise`` first, underneath). Traces: ``meta["role"] = "regions"``, the
        regions' names (text, in :data:`~kompasmetrics.diagnose.OUTCOMES` order); one marker trace
        per outcome that occurs (``meta["role"] = "outcome"``,
        ``meta["outcome"]``), every point an organisation whose hover names the partnership and
        the organisation; with ``partnership`` also ``"partnership"``, the mean of its
        organisations.

    Raises
    ------
    KompasKeyError
        For an unknown partnership.
    KompasValueError
        For an unknown ``language`` or ``wave``, or a diagnosis without negotiation scores.
    """
    expect(dx, Diagnosis, "plot_negotiation", "dx")
    language = check_language(language, dx.instrument)
    table = dx.negotiation
    missing = dx.not_measured.loc[dx.not_measured["flag"] == "win_lose", "needs"]
    if len(missing):
        return not_measured_figure(text("negotiation.title", language), missing.iloc[0].split(", "), language)
    if table.empty and not len(dx.summary):
        raise KompasValueError("This diagnosis has no negotiation outcomes: the survey did not measure gains.")
    if "wave" in table.columns:
        keys = choose_wave(dx.summary.reset_index()[["partnership", "wave"]], wave)
        table = table.merge(keys, on=["partnership", "wave"])
    if partnership is not None:
        check_partnership(partnership, dx.summary.index.get_level_values("partnership").unique())
        table = table[table["partnership"] == partnership]
    table = table.dropna(subset=["own_gain", "partners_gain"])
    rules = dx.rules
    regions = outcome_regions(rules.gain_low, rules.gain_high, rules.gain_gap)
    figure = go.Figure()
    for outcome, points in regions.items():
        figure.add_shape(
            type="path",
            path=_path(points),
            fillcolor=theme.OUTCOME_FILL[outcome],
            line=dict(color="rgba(120,120,120,0.5)", width=0.8),
            layer="below",
            name=outcome,
        )
    # region names in the corners and the top strip, where points rarely fall; a text trace drawn
    # before the points, so that a point is never hidden behind a name
    middle = (rules.gain_low + rules.gain_high) / 2
    places = {
        "lose_lose": (1, 1, "top right"),
        "win_lose": (99, 1, "top left"),
        "lose_win": (1, 99, "bottom right"),
        "compromise": (middle, 99, "bottom center"),
        "win_win": (99, 99, "bottom left"),
    }
    figure.add_trace(
        go.Scatter(
            x=[places[o][0] for o in OUTCOMES],
            y=[places[o][1] for o in OUTCOMES],
            mode="text",
            text=[f"<b>{text(f'negotiation.outcomes.{o}', language)}</b>" for o in OUTCOMES],
            textposition=[places[o][2] for o in OUTCOMES],
            textfont=dict(size=13, color=[theme.OUTCOME_COLOUR[o] for o in OUTCOMES]),
            hoverinfo="skip",
            showlegend=False,
            cliponaxis=False,
            meta={"role": "regions", "outcomes": list(OUTCOMES)},
        )
    )
    one = partnership is not None
    organisation_word = text("common.organisation", language)
    for outcome in OUTCOMES:
        rows = table[table["outcome"] == outcome]
        if rows.empty:
            continue
        names = [organisation_name(o, n, language) for o, n in zip(rows["organisation"], rows["n"], strict=True)]
        hover = [
            f"<b>{plain(p)}</b><br>{organisation_word}: {name}"
            for p, name in zip(rows["partnership"], names, strict=True)
        ]
        figure.add_trace(
            go.Scatter(
                x=rows["own_gain"].tolist(),
                y=rows["partners_gain"].tolist(),
                mode="markers+text" if one else "markers",
                text=[n.split(" (n=")[0] for n in names] if one else None,
                textposition="middle right",
                textfont=dict(size=11),
                hovertext=hover,
                name=text(f"negotiation.outcomes.{outcome}", language),
                marker=dict(
                    size=(12 if one else 8) + (2 if SYMBOLS[outcome].startswith("triangle") else 0),
                    color=theme.OUTCOME_COLOUR[outcome],
                    opacity=0.9 if one else 0.75,
                    symbol=SYMBOLS[outcome],
                    line=dict(color="white", width=1),
                ),
                hovertemplate=(
                    "%{hovertext}<br>"
                    + text("negotiation.x", language).split(" (")[0]
                    + ": %{x:.0f}<br>"
                    + text("negotiation.y", language).split(" (")[0]
                    + ": %{y:.0f}<extra></extra>"
                ),
                meta={"role": "outcome", "outcome": outcome},
            )
        )
    title = text("negotiation.title", language)
    if one:
        title = text("negotiation.title_partnership", language, partnership=partnership)
        if len(table):
            mean = table[["own_gain", "partners_gain"]].mean()
            figure.add_trace(
                go.Scatter(
                    x=[mean["own_gain"]],
                    y=[mean["partners_gain"]],
                    mode="markers",
                    name=text("negotiation.partnership_mean", language),
                    marker=dict(
                        symbol="diamond-open",
                        size=16,
                        color=theme.PARTNERSHIP,
                        line=dict(width=2.5),
                    ),
                    hovertemplate=f"<b>{plain(partnership)}</b><br>"
                    + text("negotiation.partnership_mean", language)
                    + ": %{x:.0f} / %{y:.0f}<extra></extra>",
                    meta={"role": "partnership", "partnership": partnership},
                )
            )
    figure = theme.themed(figure, title=title, subtitle=text("negotiation.subtitle", language), height=600)
    thresholds = [rules.gain_low, rules.gain_high]
    ticks = sorted({*thresholds, *(t for t in (0, 25, 50, 75, 100) if all(abs(t - v) > 7 for v in thresholds))})
    figure.update_xaxes(
        range=[0, 100],
        tickvals=ticks,
        title=text("negotiation.x", language),
        showgrid=False,
        constrain="domain",
    )
    figure.update_yaxes(
        range=[0, 100],
        tickvals=ticks,
        title=text("negotiation.y", language),
        showgrid=False,
        scaleanchor="x",
        scaleratio=1,
    )
    figure.update_layout(
        legend=dict(
            title=dict(text=text("negotiation.outcome", language)),
            x=1.02,
            xanchor="left",
            y=1,
            yanchor="top",
        )
    )

    return figure
