"""km.simulate(partner_ratings=True): off by default, the survey unchanged, the planted truth found."""

from __future__ import annotations

import pandas as pd

import kompasmetrics as km


def test_without_the_option_the_study_is_what_it_was():
    plain = km.simulate(n_partnerships=12, random_state=4)
    rated = km.simulate(n_partnerships=12, random_state=4, partner_ratings=True)
    pd.testing.assert_frame_equal(plain.responses, rated.responses)
    pd.testing.assert_frame_equal(plain.truth, rated.truth)
    assert plain.partner_ratings is None and plain.partner_truth.empty
    assert rated.partner_ratings is not None


def test_every_respondent_rates_every_other_partner_and_never_their_own(partner_study):
    ratings = partner_study.partner_ratings.ratings
    assert (ratings["rater_organisation"] != ratings["rated_organisation"]).all()
    per_respondent = ratings.groupby("respondent_id")["rated_organisation"].nunique()
    sizes = partner_study.survey.responses.groupby("partnership")["organisation"].nunique()
    partnership_of = partner_study.survey.responses.set_index("respondent_id")["partnership"]
    assert (per_respondent == sizes.reindex(partnership_of.loc[per_respondent.index]).to_numpy() - 1).all()
    assert partner_study.partner_ratings.unrated.empty


def test_the_planted_patterns_come_out_of_the_network():
    study = km.simulate(
        n_partnerships=80, organisations=(3, 6), respondents=(3, 5), partner_ratings=True, random_state=8
    )
    net = km.network(study.partner_ratings)
    truth = study.partner_truth.set_index("partnership")
    organisations = net.organisations.dropna(subset=["influence_received"])
    strongest = organisations.loc[organisations.groupby("partnership")["influence_received"].idxmax()]
    found = (strongest.set_index("partnership")["organisation"] == truth["dominant_party"]).mean()
    assert found >= 0.9, found
    distrusted = truth[truth["pattern"] == "distrusted_party"]
    least = net.partnerships["least_trusted"].reindex(distrusted.index)
    assert (least == distrusted["distrusted_party"]).mean() >= 0.9
    unreciprocated = truth[truth["pattern"] == "unreciprocated_pair"]["unreciprocated_pair"]
    asymmetry = net.pairs.set_index(["partnership", "rater_organisation", "rated_organisation"])["trust"]
    gaps = [asymmetry.get((p, a, b)) - asymmetry.get((p, b, a)) for p, (a, b) in unreciprocated.items()]
    shown = [g for g in gaps if g == g]
    assert len(shown) >= 10 and sum(g > 15 for g in shown) / len(shown) >= 0.9
