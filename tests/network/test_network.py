"""km.network on small hand-made ratings whose every number can be worked out by hand."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import kompasmetrics as km
from tests.network.conftest import answers, build

# P1: A (3 people), B (3 people), C (1 person). Trust on 1-5: POMP = 25 * (x - 1).
ROWS = (
    answers("P1", "A", "B", 3, 5, frequency=5, influence=5)  # 100
    + answers("P1", "A", "C", 3, 2, frequency=2, influence=3)  # 25
    + answers("P1", "B", "A", 3, 4, frequency=5, influence=4)  # 75
    + answers("P1", "B", "C", 3, 3, frequency=1, influence=2)  # 50
    + answers("P1", "C", "A", 1, 1, frequency=2, influence=1)  # hidden: one rater
    + answers("P1", "C", "B", 1, 5, frequency=1, influence=1)  # hidden
)


@pytest.fixture(scope="module")
def net() -> km.Network:
    return km.network(build(ROWS))


def pair(net, rater, rated) -> pd.Series:
    return net.pairs.set_index(["rater_organisation", "rated_organisation"]).loc[(rater, rated)]


def test_pair_means_are_the_raters_mean_on_the_0_100_metric(net):
    assert pair(net, "A", "B")["trust"] == 100 and pair(net, "B", "A")["trust"] == 75
    assert pair(net, "A", "C")["trust"] == 25 and pair(net, "A", "C")["frequency"] == 25
    assert pair(net, "A", "B")["n_raters"] == 3


def test_a_pair_with_fewer_raters_than_the_minimum_is_never_shown(net):
    hidden = pair(net, "C", "A")
    assert hidden["suppressed"] and hidden["n_raters"] == 1
    assert hidden[net.measures].isna().all()
    interval = net.intervals[(net.intervals["rater_organisation"] == "C")]
    assert interval["mean"].isna().all() and interval["lower"].isna().all()


def test_a_dyad_that_would_reveal_its_hidden_direction_is_hidden(net):
    dyads = net.dyads.set_index(["organisation_a", "organisation_b"])
    # A -> C shown (3 raters), C -> A hidden (1): the mutual mean of 4 raters and A -> C give C -> A
    assert dyads.loc[("A", "C"), "suppressed"] and np.isnan(dyads.loc[("A", "C"), "trust"])
    assert dyads.loc[("A", "B"), "trust"] == pytest.approx(87.5)
    assert dyads.loc[("A", "B"), "asymmetry"] == pytest.approx(25)


def test_two_hidden_directions_may_be_shown_together_when_they_reach_the_minimum():
    rows = answers("P", "A", "B", 2, 5) + answers("P", "B", "A", 2, 1) + answers("P", "A", "C", 3, 3)
    net = km.network(build(rows))
    dyad = net.dyads.set_index(["organisation_a", "organisation_b"]).loc[("A", "B")]
    assert not dyad["suppressed"] and dyad["trust"] == pytest.approx(50) and dyad["n_raters"] == 4
    assert net.pairs["suppressed"].sum() == 2


def test_organisation_figures_use_shown_pairs_only(net):
    organisations = net.organisations.set_index("organisation")
    # C is rated by A (25) and B (50); C's own (hidden) ratings of A and B enter nothing
    assert organisations.loc["C", "trust_received"] == pytest.approx(37.5)
    assert organisations.loc["A", "trust_received"] == pytest.approx(75)
    assert organisations.loc["C", "n_rating"] == 0 and np.isnan(organisations.loc["C", "trust_given"])
    assert organisations.loc["A", "influence_received"] == pytest.approx(75)


def test_weighted_reciprocity_is_the_share_of_trust_returned(net):
    """Squartini et al. (2013): r = sum min(w_ij, w_ji) / sum w_ij over pairs shown both ways."""
    expected = (min(100, 75) * 2) / (100 + 75)
    assert net.partnerships.loc["P1", "reciprocity"] == pytest.approx(expected)
    assert net.organisations.set_index("organisation").loc["A", "reciprocity"] == pytest.approx(75 / 100)


def test_centrality_is_networkx_on_the_shown_pairs(net):
    organisations = net.organisations.set_index("organisation")
    assert organisations.loc["A", "in_strength"] == pytest.approx(0.75)
    assert organisations.loc["C", "in_strength"] == pytest.approx(0.25 + 0.5)
    graph = nx.Graph()
    graph.add_edge("A", "B", length=1.0)  # frequency 100 both ways
    graph.add_edge("A", "C", length=4.0)  # 25; B -> C is 0: no edge
    expected = nx.betweenness_centrality(graph, weight="length", normalized=True)
    assert organisations.loc["A", "betweenness"] == pytest.approx(expected["A"]) == pytest.approx(1.0)


def test_partnership_figures(net):
    row = net.partnerships.loc["P1"]
    assert row["n_organisations"] == 3 and row["n_pairs"] == 6 and row["n_pairs_shown"] == 4
    assert row["mean_trust"] == pytest.approx((100 + 25 + 75 + 50) / 4)
    assert row["density"] == pytest.approx(2 / 4)  # A <-> B weekly or more; A -> C, B -> C not monthly
    # only C is rated by two organisations in shown pairs: nobody to compare it with
    assert pd.isna(row["most_trusted"]) and pd.isna(row["least_trusted"])


def test_most_and_least_trusted_party():
    rows = [r for a, b, x in [("A", "B", 5), ("A", "C", 2), ("B", "A", 4), ("B", "C", 3), ("C", "A", 4), ("C", "B", 5)]
            for r in answers("P", a, b, 3, x)]  # fmt: skip
    row = km.network(build(rows)).partnerships.loc["P"]
    assert (row["most_trusted"], row["least_trusted"]) == ("B", "C")


def test_the_matrix_is_rater_by_rated(net):
    matrix = net.matrix("P1")
    assert list(matrix.index) == ["A", "B", "C"] and matrix.loc["A", "B"] == 100
    assert np.isnan(matrix.loc["C", "A"]) and np.isnan(matrix.loc["A", "A"])


def test_a_lower_minimum_shows_more_and_intervals_cover_the_mean():
    net = km.network(build(ROWS), min_group_size=1)
    assert not net.pairs["suppressed"].any()
    shown = net.intervals.dropna(subset=["lower"])
    assert ((shown["lower"] <= shown["mean"]) & (shown["mean"] <= shown["upper"])).all()


def test_own_organisation_ratings_are_left_out_and_reported():
    rows = answers("P", "A", "B", 3, 4) + answers("P", "A", "A", 1, 5, start=7)
    ratings = build(rows)
    assert (ratings.ratings["rater_organisation"] != ratings.ratings["rated_organisation"]).all()
    assert len(ratings.report) == 1 and "own organisation 'A'" in ratings.report["problem"].iloc[0]
    assert ratings.report["respondent_id"].iloc[0] == "P-A-7"


def test_pairs_nobody_rated_are_reported():
    answered = pd.DataFrame({"partnership": ["P", "P", "P"], "organisation": ["A", "B", "C"]})
    ratings = build(answers("P", "A", "B", 3, 4), answered=answered)
    unrated = set(map(tuple, ratings.unrated[["rater_organisation", "rated_organisation"]].to_numpy()))
    assert unrated == {("A", "C"), ("B", "A"), ("B", "C"), ("C", "A"), ("C", "B")}
    assert ratings.partners.set_index("organisation").loc["C", "answered"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: km.network("ratings.xlsx"), "network() needs a PartnerRatings as ratings"),
        (lambda: km.network(build(ROWS), min_group_size=0), "min_group_size=0"),
        (lambda: km.network(build(ROWS), confidence=90), "confidence=90"),
    ],
)
def test_bad_settings_get_one_clear_error(call, message):
    with pytest.raises(km.KompasValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call()
