"""Agreement heat map: rwg_j or organisation gaps, partnership x scale."""

from __future__ import annotations

import numpy as np
from plot_helpers import role

import kompasmetrics as km


def test_heatmap_is_rwg_j(small_scores):
    figure = km.plot_agreement(small_scores)
    (heatmap,) = role(figure, "heatmap")
    agreement = small_scores.agreement.partnerships
    wide = agreement.pivot(index="partnership", columns="scale", values="rwg_j")
    np.testing.assert_allclose(
        np.asarray(heatmap.z, float),
        wide.loc[heatmap.meta["partnerships"], heatmap.meta["scales"]].to_numpy(float),
    )
    assert heatmap.meta["scales"] == small_scores.scales
    assert (heatmap.zmin, heatmap.zmax) == (0, 1)
    for row, partnership in zip(heatmap.customdata, heatmap.meta["partnerships"], strict=True):
        assert all(cell.startswith(f"<b>{partnership}</b>") for cell in row)


def test_selected_partnerships_and_gaps(small_scores):
    figure = km.plot_agreement(small_scores, partnerships=["P005", "P001"], measure="org_gap", language="en")
    (heatmap,) = role(figure, "heatmap")
    assert list(heatmap.y) == ["P005", "P001"]
    gaps = small_scores.agreement.partnerships.pivot(index="partnership", columns="scale", values="org_gap")
    np.testing.assert_allclose(
        np.asarray(heatmap.z, float),
        gaps.loc[["P005", "P001"], heatmap.meta["scales"]],
        equal_nan=True,
    )
    assert figure.layout.title.text.startswith("Difference between organisations")
    assert heatmap.x[0] == "Exploring"
