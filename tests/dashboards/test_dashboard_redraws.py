"""The dashboards draw from kept tables and unvalidated dicts: they must show what the plot functions
and the diagnosis give, and follow every change of the diagnosis."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from plotly.utils import PlotlyJSONEncoder

import kompasmetrics as km
from kompasmetrics.compare._features import partnership_features
from kompasmetrics.dashboards._common import FigureSlot
from kompasmetrics.scoring import select_wave


def as_json(figure) -> dict:
    """The figure as plain JSON, without the ids a FigureWidget gives its traces."""
    spec = json.loads(json.dumps(figure.to_plotly_json(), cls=PlotlyJSONEncoder))
    for trace in spec["data"]:
        trace.pop("uid", None)
    return spec


def drawn_by_a_slot(figure, width=None) -> dict:
    """What a FigureSlot (the dashboards' figure place) shows for ``figure``."""
    slot = FigureSlot(width=width)
    return as_json(slot.show(figure))


def test_partnership_figures_are_the_plot_functions(scores, dx, study):
    board = km.dashboard(scores, dx, survey=study.survey)
    other = board.partnership.options[4]
    board.partnership.value = other
    board.ring.value = "context"
    board.language.value = "en"
    radar = km.plot_radar(scores, other, ring="context", by="partnership", legend="below", language="en")
    phases = km.plot_phases(dx, partnership=other, scores=scores, language="en")
    likert = km.plot_likert(study.survey, scale=board.scale.value, partnership=other, min_group_size=3, language="en")
    assert as_json(board.radar) == drawn_by_a_slot(radar, width=600)
    assert as_json(board.phases) == drawn_by_a_slot(phases, width=600)
    assert as_json(board.likert) == drawn_by_a_slot(likert)


def test_the_cluster_map_marks_the_filtered_partnerships(scores, dx, cl):
    board = km.portfolio_dashboard(scores, dx, cl)
    board.phase.value = int(dx.summary["current_phase"].dropna().mode()[0])
    chosen = set(board.selected())
    assert 0 < len(chosen) < len(board._summary())
    expected = km.plot_clusters(cl, dx=dx, scores=scores, language="nl")
    drawn = [t for t in board.cluster_map.data if t.customdata is not None]
    assert len(drawn) == len([t for t in expected.data if t.customdata is not None])
    for trace in drawn:
        ids = [str(c) for c in trace.customdata]
        assert [ids[i] for i in trace.selectedpoints] == [p for p in ids if p in chosen]
    assert len(board.heatmap.data[0].y) == len(chosen)


def test_sorting_orders_the_table_and_leaves_the_figures(scores, dx, cl):
    board = km.portfolio_dashboard(scores, dx, cl)
    cluster_map, heatmap = board.cluster_map, board.heatmap
    board.sort_by.value = "partnership"
    board.descending.value = False
    assert board.cluster_map is cluster_map and board.heatmap is heatmap
    first_cells = re.findall(r"<tr><td[^>]*>([^<]*)</td>", board.table.value)
    assert first_cells == sorted(board.selected())


def test_a_threshold_gives_the_diagnosis_of_those_rules(scores, dx, cl):
    board = km.portfolio_dashboard(scores, dx, cl)
    board.flag.value = "low_trust"
    before = set(board.selected())
    board.thresholds["low_trust"].value = 70
    board.thresholds["complete"].value = 60
    expected = km.diagnose(scores, rules=dx.rules.replace(low_trust=70, complete=60))
    for name in ("flags", "summary", "phases", "agenda"):
        pd.testing.assert_frame_equal(getattr(board.dx, name), getattr(expected, name))
    assert board.detail.dx is board.dx
    # the kept tables follow the new diagnosis: the filter, the count and the table
    flagged = set(select_wave(expected.flags, by=expected.summary).query("flag == 'low_trust'")["partnership"])
    assert set(board.selected()) == flagged & set(board._summary().index)
    assert set(board.selected()) > before
    for partnership in board.selected()[:3]:
        assert expected.summary.at[partnership, "headline_nl"].split(":")[0] in board.table.value


def test_a_filter_that_leaves_nothing_draws_an_empty_heat_map(scores, dx, cl):
    board = km.portfolio_dashboard(scores, dx, cl)
    board.flag.value = "low_trust"
    board.phase.value = next(
        p for p in range(1, 6) if not set(board.selected()) & set(dx.summary.index[dx.summary["current_phase"] == p])
    )
    assert board.selected() == []
    assert len(board.heatmap.data[0].y) == 0


def test_the_features_kept_on_the_scores_are_the_callers_own(scores):
    first, _ = partnership_features(scores, min_respondents=1, min_organisations=1)
    first.iloc[:, :] = -1.0
    again, _ = partnership_features(scores, min_respondents=1, min_organisations=1)
    assert (again.to_numpy() >= 0).all()


@pytest.mark.parametrize("labels", [(1, 2, 3), ("2024-voorjaar", "2025-najaar", "2026-voorjaar")])
def test_the_latest_wave_from_ranked_labels(labels):
    table = pd.DataFrame(
        {"partnership": ["A", "A", "B", "C", "C", "C"], "wave": [labels[1], labels[0], labels[0], *labels]}
    )
    chosen = select_wave(table)
    assert chosen.to_dict("list") == {"partnership": ["A", "B", "C"], "wave": [labels[1], labels[0], labels[2]]}


@pytest.fixture(scope="module")
def rated():
    study = km.simulate(
        n_partnerships=6, organisations=(3, 5), respondents=(2, 4), partner_ratings=True, random_state=16
    )
    return study, km.score(study.survey), km.network(study.partner_ratings)


def test_the_partner_network_with_a_facet_choice(rated):
    study, scores, net = rated
    board = km.dashboard(scores, survey=study.survey, network=net)
    assert [value for _, value in board.facet.options] == [
        "trust_interest",
        "trust_openness",
        "trust_reliability",
        "value",
        "influence",
    ]
    assert board.facet.options[0][0] == "Oprechte interesse"
    assert board.dx.flags is not None and "broken_pair" not in set(board.dx.not_measured["flag"])
    partnership = board.partnership.value
    assert as_json(board.trust_matrix) == drawn_by_a_slot(
        km.plot_trust_matrix(net, partnership, measure="trust_interest", language="nl"), width=600
    )
    board.facet.value = "influence"
    assert as_json(board.network_map) == drawn_by_a_slot(
        km.plot_network(net, partnership, measure="influence", language="nl"), width=600
    )
    other = board.partnership.options[2]
    board.partnership.value = other
    assert board.trust_matrix.layout.title.text.startswith(f"{other}: Invloed op besluiten")
    board.language.value = "en"
    assert board.facet.value == "influence" and board.facet.options[-1][0] == "Influence on decisions"
    assert board.trust_matrix.layout.title.text.startswith(f"{other}: Influence on decisions")
    assert "Who trusts whom" in board.network_heading.value


def test_without_partner_ratings_nothing_changes(rated):
    study, scores, _ = rated
    board = km.dashboard(scores, survey=study.survey)
    assert board.facet.options == () and board.network_map is None and board.trust_matrix is None
    assert board._network_part in board.children and board._network_part.layout.display == "none"


def test_the_likert_figure_keeps_its_two_panels(study, scores):
    """Its axes are copied from one make_subplots figure: a caller can still address the panels."""
    import plotly.graph_objects as go

    figure = km.plot_likert(study.survey, scale=scores.scales[0], partnership=scores.partnerships.index[0])
    figure.add_trace(go.Scatter(x=[1], y=[figure.data[0].y[0]]), row=1, col=2)
    figure.update_xaxes(range=[0, 50], row=1, col=2)
    assert (figure.data[-1].xaxis, figure.layout.xaxis2.range) == ("x2", (0, 50))
    again = km.plot_likert(study.survey, scale=scores.scales[0], partnership=scores.partnerships.index[0])
    assert again.layout.xaxis2.range != (0, 50)  # the kept layout was not changed
