"""Figure 4: the regions match the diagnosis' classification; every organisation is a point."""

from __future__ import annotations

import numpy as np
import pytest
from plot_helpers import role

import kompasmetrics as km
from kompasmetrics.diagnose import OUTCOMES, classify
from kompasmetrics.plots._negotiation import outcome_regions


def inside(point, polygon) -> bool:
    """Ray casting; points are taken off the region edges by the grid below."""
    x, y = point
    hit = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


@pytest.mark.parametrize(("low", "high", "gap"), [(45, 65, 20), (40, 70, 10), (30, 60, 40)])
def test_regions_agree_with_the_rule(low, high, gap):
    regions = outcome_regions(low, high, gap)
    grid = np.arange(0.5, 100, 1.0)
    own, partners = (a.ravel() for a in np.meshgrid(grid + 0.013, grid + 0.037))  # off every edge
    expected = classify(own, partners, low=low, high=high, gap=gap)
    for x, y, outcome in zip(own, partners, expected, strict=True):
        found = [o for o in OUTCOMES if o != "compromise" and inside((x, y), regions[o])]
        assert found == ([] if outcome == "compromise" else [outcome]), (x, y, outcome, found)


def test_regions_and_points(small_dx):
    figure = km.plot_negotiation(small_dx)
    assert [s.name for s in figure.layout.shapes] == [
        "compromise",
        "lose_lose",
        "win_lose",
        "lose_win",
        "win_win",
    ]
    (regions,) = role(figure, "regions")
    labels = dict(zip(regions.meta["outcomes"], regions.text, strict=True))
    assert labels["win_win"] == "<b>winst-winst</b>" and labels["lose_lose"] == "<b>verlies-verlies</b>"
    assert figure.data[0] is regions  # drawn first: names never hide a point
    traces = role(figure, "outcome")
    table = small_dx.negotiation.dropna(subset=["own_gain"])
    assert sum(len(t.x) for t in traces) == len(table)
    for trace in traces:
        rows = table[table["outcome"] == trace.meta["outcome"]]
        np.testing.assert_allclose(trace.x, rows["own_gain"])
        np.testing.assert_allclose(trace.y, rows["partners_gain"])
        assert [h.split("</b>")[0].removeprefix("<b>") for h in trace.hovertext] == rows["partnership"].tolist()


def test_regions_follow_the_rules_of_the_diagnosis(small_scores):
    dx = km.diagnose(small_scores, rules=km.Rules(gain_low=40, gain_high=70))
    figure = km.plot_negotiation(dx, language="en")
    (win_win,) = [s for s in figure.layout.shapes if s.name == "win_win"]
    assert win_win.path == "M 70,70 L 100,70 L 100,100 L 70,100 Z"
    assert list(role(figure, "regions")[0].text) == [
        f"<b>{o}</b>" for o in ("lose-lose", "win-lose", "lose-win", "compromise", "win-win")
    ]


def test_one_partnership(small_dx, tiny_groups):
    figure = km.plot_negotiation(small_dx, partnership="P004")
    rows = small_dx.negotiation.query("partnership == 'P004'")
    assert sum(len(t.x) for t in role(figure, "outcome")) == len(rows)
    (mean,) = role(figure, "partnership")
    assert mean.x[0] == pytest.approx(rows["own_gain"].mean())
    _, scores = tiny_groups
    pooled = km.plot_negotiation(km.diagnose(scores), partnership="P001")
    names = " ".join(str(t.hovertext) for t in role(pooled, "outcome"))
    assert "Klein X" not in names and "Klein Y" not in names and "Overig (samengevoegd)" in names
