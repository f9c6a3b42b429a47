"""The silhouette that chooses k: exact up to SILHOUETTE_SAMPLE partnerships, sampled above."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import silhouette_score

from kompasmetrics.compare import _estimator
from kompasmetrics.compare._estimator import PartnershipClustering


def _blobs(n: int) -> np.ndarray:
    rng = np.random.default_rng(4)
    centres = rng.normal(scale=4.0, size=(3, 5))
    return centres[rng.integers(0, 3, size=n)] + rng.normal(size=(n, 5))


def test_exact_silhouette_up_to_the_sample_size():
    data = _blobs(300)
    model = PartnershipClustering(k_range=(2, 4), random_state=0).fit(data)
    standardised = model.transform(data)
    chosen = model.selection_.set_index("k").loc[model.n_clusters_, "silhouette"]
    assert chosen == pytest.approx(silhouette_score(standardised, model.labels_))


def test_sampled_silhouette_above_the_sample_size(monkeypatch):
    monkeypatch.setattr(_estimator, "SILHOUETTE_SAMPLE", 100)
    data = _blobs(300)
    model = PartnershipClustering(k_range=(2, 4), random_state=0).fit(data)
    standardised = model.transform(data)
    chosen = model.selection_.set_index("k").loc[model.n_clusters_, "silhouette"]
    exact = silhouette_score(standardised, model.labels_)
    sampled = silhouette_score(standardised, model.labels_, sample_size=100, random_state=0)
    assert chosen == pytest.approx(sampled)
    assert chosen != pytest.approx(exact, abs=1e-12)
    assert model.n_clusters_ == 3  # the planted groups are still found
    again = PartnershipClustering(k_range=(2, 4), random_state=0).fit(data)
    np.testing.assert_array_equal(again.labels_, model.labels_)
