"""The network map and the trust matrix: escaped names, suppressed pairs drawn as too few raters."""

from __future__ import annotations

import pytest

import kompasmetrics as km
from tests.network.conftest import answers, build

ROWS = (
    answers("P<1>", "<b>A</b>", "B", 3, 5, influence=5, frequency=4)
    + answers("P<1>", "B", "<b>A</b>", 3, 2, influence=2, frequency=4)
    + answers("P<1>", "C", "<b>A</b>", 1, 4, influence=3, frequency=2)
    + answers("P<1>", "B", "C", 3, 3, influence=3, frequency=3)
)


@pytest.fixture(scope="module")
def net():
    return km.network(build(ROWS))


def shown_text(figure) -> str:
    parts = [str(figure.layout.title.text), str(figure.layout.title.subtitle.text)]
    for trace in figure.data:
        for field in ("text", "hovertext", "name", "x", "y"):
            value = getattr(trace, field, None)
            parts.append(str(value))
    parts += [str(a.text) for a in figure.layout.annotations]
    return " ".join(parts)


def test_the_map_escapes_names_and_draws_hidden_pairs_as_too_few(net):
    figure = km.plot_network(net, "P<1>", language="en")
    text = shown_text(figure)
    assert "&lt;b&gt;A&lt;/b&gt;" in text and "<b>A</b>" not in text and "P&lt;1&gt;" in text
    assert any(trace.name == "too few raters (fewer than 3)" for trace in figure.data)
    assert len([a for a in figure.layout.annotations if a.showarrow]) == 3  # the shown pairs


def test_the_layout_is_the_same_whatever_the_scores(net):
    other = km.network(build([{**row, "value": 1} for row in ROWS]))
    first = km.plot_network(net, "P<1>").data[-1]
    second = km.plot_network(other, "P<1>").data[-1]
    assert first.x == second.x and first.y == second.y


def test_the_matrix_shows_rater_by_rated_with_own_and_too_few_cells(net):
    figure = km.plot_trust_matrix(net, "P<1>", language="nl")
    heat = figure.data[0]
    names = list(heat.y)
    labels = dict(zip(names, heat.text, strict=True))
    assert labels["C"][names.index("&lt;b&gt;A&lt;/b&gt;")] == "te weinig"
    assert labels["B"][names.index("B")] == "eigen"
    assert labels["&lt;b&gt;A&lt;/b&gt;"][names.index("B")] == "100"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda net: km.plot_network(net, "P2"), "There is no partnership 'P2'"),
        (lambda net: km.plot_trust_matrix(net, "P<1>", measure="love"), "measure='love' is not allowed"),
        (lambda net: km.plot_network(net, "P<1>", language="fr"), "language='fr'"),
    ],
)
def test_bad_options_get_one_clear_error(net, call, message):
    with pytest.raises(km.KompasError, match=message):
        call(net)


@pytest.mark.parametrize("n_waves", [1, 2])
def test_the_report_figures_are_the_plot_functions_figures(n_waves):
    """plots._network.network_figures (the HTML report's, without Plotly's validation per figure)
    draws what plot_network and plot_trust_matrix draw: 3 to 12 organisations, hidden pairs,
    organisations nobody may be shown rating, waves."""
    import json

    import plotly.graph_objects as go

    from kompasmetrics.plots._network import network_figures

    study = km.simulate(
        n_partnerships=8, organisations=(3, 12), respondents=(2, 4), partner_ratings=True, n_waves=n_waves,
        random_state=0,
    )  # fmt: skip
    net = km.network(study.partner_ratings)
    names = list(net.partnerships.index.get_level_values("partnership").unique())
    assert net.organisations["trust_received"].isna().any() and net.pairs["suppressed"].any()
    figures = network_figures(net, names, language="nl")
    for name in names:
        for key, plot in (("n", km.plot_network), ("m", km.plot_trust_matrix)):
            drawn = json.loads(go.Figure(figures[name][key]).to_json())
            assert drawn == json.loads(plot(net, name, language="nl").to_json()), (name, key)
