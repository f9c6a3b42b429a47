"""With partner ratings, win-lose names its winner and loser from the value ratings per pair (issue:
"win-lose names winner and loser from value ratings per pair"); against the simulator's planted
win-lose pairs."""

from __future__ import annotations

import pytest

import kompasmetrics as km
from kompasmetrics.diagnose._pairs import value_imbalance

RULES = km.Rules()


@pytest.fixture(scope="module")
def planted():
    study = km.simulate(
        n_partnerships=200, partner_ratings=True, organisations=(2, 6), respondents=(3, 6), random_state=8
    )
    network = km.network(study.partner_ratings)
    found = value_imbalance(network, RULES.gain_gap, RULES.prior_df, RULES.certainty)
    return study, km.score(study.survey), network, found


def test_the_uneven_pair_is_the_planted_win_lose_pair(planted):
    study, _, _, found = planted
    truth = study.partner_truth.set_index("partnership")["win_lose_pair"]
    named = found.apply(lambda row: (row["winner"], row["loser"]), axis=1)
    pairs, plain = truth.dropna(), truth[truth.isna()]
    assert len(pairs) >= 80 and len(plain) >= 80
    hits = named.reindex(pairs.index) == pairs
    assert hits.mean() >= 0.6  # recall: a single five-point item, raters of 3-6 per direction
    assert hits[named.reindex(pairs.index).notna()].mean() >= 0.9  # a named pair is the planted one
    assert plain.index.isin(named.index).mean() <= 0.05  # false naming where none is planted


def test_only_pairs_shown_both_ways_are_named(planted):
    _, _, network, found = planted
    shown = network.pairs[~network.pairs["suppressed"]].set_index(
        ["partnership", "rater_organisation", "rated_organisation"]
    )["value"]
    for partnership, row in found.iterrows():
        assert shown[(partnership, row["winner"], row["loser"])] == pytest.approx(row["winner_gets"])
        assert shown[(partnership, row["loser"], row["winner"])] == pytest.approx(row["loser_gets"])
        assert row["winner_gets"] - row["loser_gets"] >= RULES.gain_gap


def test_the_flags_name_the_pair_and_say_why(planted):
    _, scores, network, found = planted
    flags = km.diagnose(scores, network=network).flags
    without = km.diagnose(scores).flags
    uneven = flags[flags["flag"].isin(["win_lose", "lose_win"])].set_index("partnership")
    before = without[without["flag"].isin(["win_lose", "lose_win"])].set_index("partnership")
    assert list(uneven.index) == list(before.index) and (uneven["flag"] == before["flag"]).all()
    named = uneven[uneven.index.isin(found.index)]
    assert len(named) >= 5
    for partnership, row in named.iterrows():
        pair = found.loc[partnership]
        assert row["party"] == (pair["winner"] if row["flag"] == "win_lose" else pair["loser"])
        for language, words in (("en", "By the partner ratings"), ("nl", "Volgens de partnerbeoordelingen")):
            evidence = row[f"evidence_{language}"]
            assert evidence.startswith(words) and pair["winner"] in evidence and pair["loser"] in evidence
            assert f"({pair['winner_gets']:.0f})" in evidence and f"({pair['loser_gets']:.0f})" in evidence
    rest = uneven[~uneven.index.isin(found.index)]
    assert (rest["party"] == before.loc[rest.index, "party"]).all()
    assert not rest["evidence_en"].str.contains("partner ratings").any()
