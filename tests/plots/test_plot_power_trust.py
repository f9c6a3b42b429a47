"""Trust facets and the power-paradox quadrant."""

from __future__ import annotations

import numpy as np
from plot_helpers import role

import kompasmetrics as km

TRUST = ["trust_interest", "trust_openness", "trust_reliability"]


def test_power_quadrant_has_every_partnership_with_its_name(small_scores):
    figure = km.plot_power(small_scores)
    (points,) = role(figure, "partnerships")
    shown = small_scores.partnerships[~small_scores.partnerships["suppressed"]].dropna(
        subset=["power_asymmetry", "power_restraint"]
    )
    assert list(points.text) == shown.index.tolist()
    np.testing.assert_allclose(points.x, shown["power_asymmetry"])
    np.testing.assert_allclose(points.y, shown["power_restraint"])
    assert "%{text}" in points.hovertemplate
    rules = km.Rules()
    (broken,) = [s for s in figure.layout.shapes if s.name == "broken"]
    assert (broken.x0, broken.x1, broken.y0, broken.y1) == (
        rules.high_asymmetry,
        100,
        0,
        rules.low_restraint,
    )
    quadrants = {a.name for a in figure.layout.annotations}
    assert quadrants == {
        "quadrant_broken",
        "quadrant_respected",
        "quadrant_balanced",
        "quadrant_balanced_pushy",
    }
    assert figure.layout.xaxis.title.text.startswith("Machtsverschil")


def test_power_for_one_partnership_shows_its_organisations(small_scores):
    figure = km.plot_power(small_scores, partnership="P004", rules=km.Rules(high_asymmetry=70), language="en")
    (point,) = role(figure, "partnership")
    assert (point.x[0], point.y[0]) == tuple(
        small_scores.partnerships.loc["P004", ["power_asymmetry", "power_restraint"]]
    )
    organisations = small_scores.organisations.query("partnership == 'P004'")
    assert [t.meta["organisation"] for t in role(figure, "organisation")] == organisations["organisation"].tolist()
    assert all("P004" in t.text[1] for t in role(figure, "organisation"))
    assert next(s for s in figure.layout.shapes if s.name == "broken").x0 == 70
    assert figure.layout.title.text == "P004: the power paradox"


def test_trust_portfolio_has_a_box_per_facet_and_the_mean(small_scores):
    figure = km.plot_trust(small_scores)
    boxes = role(figure, "facet")
    assert [b.meta["scale"] for b in boxes] == [*TRUST, "mean"]
    shown = small_scores.partnerships[~small_scores.partnerships["suppressed"]]
    np.testing.assert_allclose(boxes[0].y, shown["trust_interest"])
    np.testing.assert_allclose(boxes[-1].y, shown[TRUST].mean(axis=1))
    assert list(boxes[0].text) == shown.index.tolist()


def test_trust_of_one_partnership(small_scores):
    figure = km.plot_trust(small_scores, partnership="P004", language="en")
    (bar,) = role(figure, "partnership")
    np.testing.assert_allclose(bar.y, small_scores.partnerships.loc["P004", TRUST].to_numpy(float))
    assert list(figure.layout.xaxis.ticktext) == ["Genuine interest", "Openness", "Reliability"]
    n_organisations = (small_scores.organisations["partnership"] == "P004").sum()
    assert len(role(figure, "organisation")) == n_organisations
    assert figure.layout.shapes[0].y0 == km.Rules().low_trust
