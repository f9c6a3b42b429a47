"""With partner ratings, the power rule names the party the others rate clearly most influential
(issue: "the power paradox names the most influential party"); against the simulator's planted
dominant party."""

from __future__ import annotations

import pytest

import kompasmetrics as km
from kompasmetrics.diagnose._pairs import most_influential


@pytest.fixture(scope="module")
def planted():
    study = km.simulate(
        n_partnerships=150, partner_ratings=True, organisations=(3, 6), respondents=(2, 5), random_state=11
    )
    scores = km.score(study.survey)
    return study, scores, km.network(study.partner_ratings)


def test_the_clear_leader_is_the_planted_dominant_party(planted):
    study, _, network = planted
    truth = study.partner_truth.set_index("partnership")["dominant_party"]
    leaders = most_influential(network)
    assert len(leaders) >= 0.7 * len(truth)  # most partnerships have a clear leader
    assert (leaders == truth.reindex(leaders.index)).mean() >= 0.85


def test_the_power_flag_names_it(planted):
    _, scores, network = planted
    flags = km.diagnose(scores, network=network).flags
    power = flags[flags["flag"] == "power_imbalance"].set_index("partnership")["party"]
    leaders = most_influential(network)
    named = power[power.index.isin(leaders.index)]
    assert len(named) and (named == leaders.reindex(named.index)).all()
    without = km.diagnose(scores).flags
    assert set(without.loc[without["flag"] == "power_imbalance", "partnership"]) == set(power.index)
