"""Trust facets (the trust reservoir) and the power paradox."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from .._checks import expect
from ..diagnose import Rules
from ..scoring import Scores
from . import _theme as theme
from ._common import (
    check_not_suppressed,
    check_partnership,
    not_measured_figure,
    organisation_table,
    partnership_names,
    partnership_table,
    role_scales,
    wrap,
)
from ._radar import organisation_name
from ._texts import check_language, plain, text


def trust_scales(scores: Scores) -> list[str]:
    """The scored trust facets: the scales of construct ``trust``, in file order."""
    return list(scores.instrument.roles_among(scores.scales).scales("trust"))


def plot_trust(
    scores: Scores,
    *,
    partnership: str | None = None,
    rules: Rules | None = None,
    wave: object = "latest",
    language: str | None = None,
) -> go.Figure:
    """The trust reservoir: genuine interest, openness and reliability.

    Parameters
    ----------
    scores : Scores
    partnership : str, optional
        One partnership: its facets as bars with intervals, each shown organisation as a marker.
        None (default): the portfolio, one dot per partnership per facet.
    rules : Rules, optional
        For the low-trust line (``rules.low_trust``); the defaults of :class:`kompasmetrics.Rules`.
    wave : "latest" or a wave, default "latest"
    language : str, optional
        "nl" or "en"; by default the instrument's first language

    Returns
    -------
    plotly.graph_objects.Figure
        One x axis of the trust facets (and, for the portfolio, their mean). With ``partnership``: a
        bar trace ``meta["role"] = "partnership"`` (y the facet scores, intervals as error bars)
        and one marker trace per shown organisation (``"organisation"``, ``meta["organisation"]``;
        no group below the minimum size). Without: a box trace per facet (``"facet"``, every
        partnership a jittered dot whose hover names it). A dotted line marks the low-trust
        threshold.

    Raises
    ------
    KompasKeyError
        For an unknown partnership, or scores without trust scales.
    KompasValueError
        For an unknown ``language`` or ``wave``, or a suppressed partnership.
    """
    expect(scores, Scores, "plot_trust", "scores")
    language = check_language(language, scores.instrument)
    rules = rules or Rules()
    scales = trust_scales(scores)
    if not scales:
        title = text("trust.title", language)
        return not_measured_figure(title, ["trust"], language)
    labels = [scores.instrument.scale_label(s, language) for s in scales]
    table = partnership_table(scores, wave)
    figure = go.Figure()
    if partnership is not None:
        check_partnership(partnership, partnership_names(scores))
        row = table.loc[partnership]
        check_not_suppressed(scores, row, partnership)
        intervals = scores.intervals[scores.intervals["partnership"] == partnership]
        if "wave" in intervals.columns:
            intervals = intervals[intervals["wave"] == row["wave"]]
        intervals = intervals.set_index("scale").reindex(scales)
        values = row[scales].astype(float)
        positions = list(range(len(scales)))
        figure.add_trace(
            go.Bar(
                x=positions,
                y=values.tolist(),
                customdata=labels,
                name=plain(partnership),
                marker=dict(color=theme.HIGH_LIGHT),
                width=0.55,
                error_y=dict(
                    type="data",
                    symmetric=False,
                    array=(intervals["upper"] - values).tolist(),
                    arrayminus=(values - intervals["lower"]).tolist(),
                    color="#444444",
                    thickness=1.3,
                ),
                hovertemplate="%{customdata}: %{y:.0f}<extra>" + plain(partnership) + "</extra>",
                meta={"role": "partnership", "partnership": partnership},
            )
        )
        organisations = organisation_table(scores, partnership, wave)
        # spread across the bar, clear of the interval drawn in its middle
        k = len(organisations)
        offsets = np.linspace(-0.22, 0.22, k + k % 2)[:k]  # an even count has no point in the middle
        symbols = ["circle", "diamond", "square", "triangle-up", "star", "hexagon", "cross", "x"]
        for i, org in enumerate(organisations.itertuples(index=False)):
            name = organisation_name(org.organisation, org.n, language)
            figure.add_trace(
                go.Scatter(
                    x=[p + offsets[i] for p in positions],
                    y=[getattr(org, s) for s in scales],
                    mode="markers",
                    name=name,
                    customdata=labels,
                    marker=dict(
                        symbol=symbols[i % len(symbols)],
                        size=11,
                        color=theme.ORGANISATIONS[i % len(theme.ORGANISATIONS)],
                        line=dict(color="white", width=1),
                    ),
                    hovertemplate="%{customdata}: %{y:.0f}<extra>" + name + "</extra>",
                    meta={
                        "role": "organisation",
                        "organisation": org.organisation,
                        "n": int(org.n),
                    },
                )
            )
        figure.update_xaxes(tickvals=positions, ticktext=labels, range=[-0.5, len(scales) - 0.5])
        title = text("trust.title_partnership", language, partnership=partnership)
        subtitle = text(
            "common.n_summary",
            language,
            n_respondents=int(row["n_respondents"]),
            n_organisations=int(row["n_organisations"]),
        )
    else:
        shown = table[~table["suppressed"].astype(bool)] if "suppressed" in table else table
        columns = [*scales, "_mean"]
        frame = shown[scales].assign(_mean=shown[scales].mean(axis=1))
        names = [*labels, text("trust.mean", language)]
        for scale, name in zip(columns, names, strict=True):
            figure.add_trace(
                go.Box(
                    y=frame[scale].tolist(),
                    x=[wrap(name, 18)] * len(frame),
                    name=name,
                    boxpoints="all",
                    jitter=0.45,
                    pointpos=0,
                    text=[plain(p) for p in frame.index],
                    marker=dict(
                        size=6,
                        color=theme.PARTNERSHIP if scale == "_mean" else theme.HIGH,
                        opacity=0.75,
                    ),
                    line=dict(color="#7f7f7f", width=1),
                    fillcolor="rgba(0,0,0,0)",
                    hovertemplate="<b>%{text}</b><br>" + name + ": %{y:.0f}<extra></extra>",
                    meta={"role": "facet", "scale": scale.lstrip("_")},
                )
            )
        title = text("trust.title", language)
        subtitle = text("trust.subtitle", language)
    figure.add_hline(
        y=rules.low_trust,
        line=dict(color=theme.LOW, width=1.2, dash="dot"),
        annotation=dict(
            text=text("trust.low_line", language, value=rules.low_trust),
            font_size=10,
            font_color=theme.LOW,
            xanchor="left",
        ),
        annotation_position="right",
    )
    figure = theme.themed(figure, title=title, subtitle=subtitle, height=480)
    figure.update_yaxes(range=[0, 104], tickvals=[0, 25, 50, 75, 100], title=text("common.score", language))
    figure.update_xaxes(ticks="")
    figure.update_layout(
        showlegend=partnership is not None,
        margin=dict(r=130),
        legend=dict(x=1.02, xanchor="left", y=1, yanchor="top"),
    )
    return figure


def _quadrants(figure: go.Figure, rules: Rules, language: str) -> None:
    high, low = rules.high_asymmetry, rules.low_restraint
    figure.add_shape(
        type="rect",
        x0=high,
        x1=100,
        y0=0,
        y1=low,
        fillcolor=theme.OUTCOME_FILL["lose_lose"],
        line_width=0,
        layer="below",
        name="broken",
    )
    for value, axis in ((high, "x"), (low, "y")):
        line = dict(color="#8c8c8c", width=1, dash="dot")
        if axis == "x":
            figure.add_vline(x=value, line=line, layer="below")
        else:
            figure.add_hline(y=value, line=line, layer="below")
    corners = (
        ("broken", 99, 1, "right", "bottom", theme.LOW),
        ("respected", 99, 99, "right", "top", "#333333"),
        ("balanced", 1, 99, "left", "top", "#333333"),
        ("balanced_pushy", 1, 1, "left", "bottom", "#333333"),
    )
    for key, x, y, xanchor, yanchor, colour in corners:
        figure.add_annotation(
            x=x,
            y=y,
            text=text(f"power.{key}", language),
            showarrow=False,
            xanchor=xanchor,
            yanchor=yanchor,
            align=xanchor,
            font=dict(size=11, color=colour),
            name=f"quadrant_{key}",
        )


def plot_power(
    scores: Scores,
    *,
    partnership: str | None = None,
    rules: Rules | None = None,
    wave: object = "latest",
    language: str | None = None,
) -> go.Figure:
    """The power paradox: power asymmetry against the restraint of the most powerful party.

    The article's power paradox: the greater the power difference, the more restrained the most
    powerful actor should be. Partnerships in the lower right quadrant (asymmetry at or above
    ``rules.high_asymmetry``, restraint below ``rules.low_restraint``) break it.

    Parameters
    ----------
    scores : Scores
    partnership : str, optional
        Highlight one partnership and show how each of its organisations sees the power balance,
        joined to the partnership's point. The others stay as grey dots.
    rules : Rules, optional
        The quadrant lines; the defaults of :class:`kompasmetrics.Rules`.
    wave : "latest" or a wave, default "latest"
    language : str, optional
        "nl" or "en"; by default the instrument's first language

    Returns
    -------
    plotly.graph_objects.Figure
        x power asymmetry, y restraint (0-100). Traces: ``meta["role"] = "partnerships"`` (one
        marker per partnership with enough respondents; hover names it); with ``partnership`` also
        ``"organisation"`` traces (one per shown organisation, a line from the partnership to the
        organisation's view) and ``"partnership"`` (the highlighted point). Layout: the broken
        quadrant as a shaded shape named ``"broken"``, the two threshold lines, an annotation per
        quadrant.

    Raises
    ------
    KompasKeyError
        For an unknown partnership, or scores without the power scales.
    KompasValueError
        For an unknown ``language`` or ``wave``, or a suppressed partnership.
    """
    expect(scores, Scores, "plot_power", "scores")
    language = check_language(language, scores.instrument)
    rules = rules or Rules()
    found, missing = role_scales(scores, ["power_asymmetry", "power_restraint"])
    asymmetry, restraint = found["power_asymmetry"], found["power_restraint"]
    if missing or asymmetry is None or restraint is None:
        return not_measured_figure(text("power.title", language), missing, language)
    table = partnership_table(scores, wave)
    shown = table[~table["suppressed"].astype(bool)] if "suppressed" in table else table
    shown = shown.dropna(subset=[asymmetry, restraint])
    x_label = scores.instrument.scale_label(asymmetry, language)
    y_label = scores.instrument.scale_label(restraint, language)
    broken = (shown[asymmetry] >= rules.high_asymmetry) & (shown[restraint] < rules.low_restraint)
    figure = go.Figure()
    _quadrants(figure, rules, language)
    hover = "<b>%{text}</b><br>" + x_label + ": %{x:.0f}<br>" + y_label + ": %{y:.0f}<extra></extra>"
    faded = partnership is not None
    figure.add_trace(
        go.Scatter(
            x=shown[asymmetry].tolist(),
            y=shown[restraint].tolist(),
            mode="markers",
            text=[plain(p) for p in shown.index],
            name=text("power.partnerships", language),
            marker=dict(
                size=8 if not faded else 7,
                color=["#bdbdbd" if faded else (theme.LOW if b else theme.HIGH) for b in broken],
                line=dict(color="white", width=0.8),
            ),
            hovertemplate=hover,
            meta={"role": "partnerships"},
        )
    )
    subtitle = text("power.subtitle", language)
    title = text("power.title", language)
    if partnership is not None:
        check_partnership(partnership, partnership_names(scores))
        row = table.loc[partnership]
        check_not_suppressed(scores, row, partnership)
        px, py = float(row[asymmetry]), float(row[restraint])
        organisations = organisation_table(scores, partnership, wave)
        for i, org in enumerate(organisations.itertuples(index=False)):
            name = organisation_name(org.organisation, org.n, language)
            ox, oy = getattr(org, asymmetry), getattr(org, restraint)
            colour = theme.ORGANISATIONS[i % len(theme.ORGANISATIONS)]
            figure.add_trace(
                go.Scatter(
                    x=[px, ox],
                    y=[py, oy],
                    mode="lines+markers",
                    name=name,
                    line=dict(color=colour, width=1.2, dash="dot"),
                    marker=dict(size=[0, 11], color=colour, line=dict(color="white", width=1)),
                    text=["", f"{plain(partnership)} · {name}"],
                    hovertemplate=hover,
                    meta={
                        "role": "organisation",
                        "organisation": org.organisation,
                        "n": int(org.n),
                    },
                )
            )
        figure.add_trace(
            go.Scatter(
                x=[px],
                y=[py],
                mode="markers+text",
                name=plain(partnership),
                text=[plain(partnership)],
                textposition="top center",
                marker=dict(
                    size=15,
                    symbol="diamond",
                    color=theme.PARTNERSHIP,
                    line=dict(color="white", width=1.5),
                ),
                hovertemplate=hover,
                meta={"role": "partnership", "partnership": partnership},
            )
        )
        title = text("power.title_partnership", language, partnership=partnership)
    figure = theme.themed(figure, title=title, subtitle=subtitle, height=560)
    figure.update_xaxes(
        range=[0, 100],
        tickvals=[0, 25, 50, 75, 100],
        title=x_label + " (0-100)",
        showgrid=False,
        constrain="domain",
    )
    figure.update_yaxes(
        range=[0, 100],
        tickvals=[0, 25, 50, 75, 100],
        title=y_label + " (0-100)",
        showgrid=False,
        scaleanchor="x",
        scaleratio=1,
    )
    figure.update_layout(
        showlegend=partnership is not None,
        legend=dict(x=1.02, xanchor="left", y=1, yanchor="top"),
        margin=dict(r=30),
    )
    return figure
