"""`PartnershipClustering`: the scikit-learn estimator behind :func:`cluster_partnerships`."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClusterMixin, TransformerMixin
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.impute import SimpleImputer
from sklearn.metrics import silhouette_score
from sklearn.mixture import GaussianMixture
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted, validate_data
from threadpoolctl import threadpool_limits

from .._checks import SettingProblems
from ..errors import KompasValueError, Problem

METHODS = ("kmeans", "ward", "gmm")
MIN_PARTNERSHIPS = 10
MIN_PER_CLUSTER = 5
# Above this many partnerships the silhouette that chooses k is the mean over this many of them
# (the exact one takes n^2 distances: 3 s per candidate k at 10,000 partnerships, bench/bench_growth.py).
SILHOUETTE_SAMPLE = 2000


class PartnershipClustering(ClusterMixin, TransformerMixin, BaseEstimator):
    """Cluster partnerships on their standardised scale scores.

    Parameters
    ----------
    n_clusters : int or "auto", default "auto"
        With ``"auto"``, every k in ``k_range`` is fitted and the one with the highest mean
        silhouette (k-means, Ward) or the lowest BIC (Gaussian mixture) is chosen. Above 2,000
        partnerships the mean silhouette is taken over a seeded sample of 2,000 of them
        (``SILHOUETTE_SAMPLE``; the exact mean needs the distances of all pairs).
    method : {"kmeans", "ward", "gmm"}, default "kmeans"
    k_range : (int, int), default (2, 8)
        Inclusive range for ``"auto"``; the upper end is lowered so that every cluster can hold
        ``MIN_PER_CLUSTER`` (5) partnerships on average.
    random_state : int, optional

    Attributes
    ----------
    n_clusters_ : int
    labels_ : ndarray of int
    feature_names_in_ : ndarray of str
    preprocess_ : Pipeline
        Mean imputation (the portfolio mean of each scale, learned in ``fit``) then standardisation.
    model_ : KMeans, AgglomerativeClustering or GaussianMixture
    cluster_centers_ : ndarray (n_clusters, n_features)
        In standardised units; Ward's are the cluster means.
    selection_ : DataFrame
        Per candidate k: ``silhouette``, ``bic`` (Gaussian mixture only), ``chosen``.

    Notes
    -----
    Missing scale scores are replaced by the portfolio mean of that scale before standardising
    (documented, simple and neutral: a missing scale does not pull a partnership towards any
    cluster). Ward clustering has no ``predict`` of its own; new partnerships are assigned to the
    nearest cluster mean, which is what Ward's criterion minimises.
    """

    def __init__(
        self,
        n_clusters: int | Literal["auto"] = "auto",
        method: str = "kmeans",
        *,
        k_range: tuple[int, int] = (2, 8),
        random_state: int | None = None,
    ) -> None:
        self.n_clusters = n_clusters
        self.method = method
        self.k_range = k_range
        self.random_state = random_state

    def fit(self, X: pd.DataFrame | np.ndarray, y: object = None) -> PartnershipClustering:
        # Portfolios are small (at most thousands of rows): OpenMP threads cost more in start-up and
        # contention than they save, 30x on a busy two-core machine, so fit single-threaded.
        with threadpool_limits(limits=1):
            return self._fit(X)

    def _fit(self, X: pd.DataFrame | np.ndarray, *, assess: bool = True) -> PartnershipClustering:
        """Fit without thread limits; ``assess=False`` skips the silhouette and BIC of a fixed k
        (bootstrap refits need only the labels)."""
        self._check_parameters()
        # scikit-learn's own validation: sets n_features_in_, and feature_names_in_ for a frame
        # only (a refit on an array forgets the names of an earlier frame)
        data = validate_data(self, X, dtype=float, ensure_all_finite="allow-nan", reset=True)
        n = data.shape[0]
        if n < MIN_PARTNERSHIPS:
            raise KompasValueError.about("too_few_to_cluster", minimum=MIN_PARTNERSHIPS, n=n)
        self.preprocess_ = make_pipeline(SimpleImputer(strategy="mean", keep_empty_features=True), StandardScaler())
        standardised = self.preprocess_.fit_transform(data)
        candidates = self._candidates(n)
        rows = []
        fitted = {}
        assessed = assess or len(candidates) > 1
        for k in candidates:
            model, labels = self._fit_k(standardised, k)
            fitted[k] = (model, labels)
            silhouette = self._silhouette(standardised, labels) if assessed and len(set(labels)) > 1 else np.nan
            bic = model.bic(standardised) if assessed and self.method == "gmm" else np.nan
            rows.append({"k": k, "silhouette": silhouette, "bic": bic})
        selection = pd.DataFrame(rows)
        if len(candidates) == 1:
            chosen = candidates[0]
        elif self.method == "gmm":
            chosen = int(selection.loc[selection["bic"].idxmin(), "k"])
        else:
            chosen = int(selection.loc[selection["silhouette"].idxmax(), "k"])
        selection["chosen"] = selection["k"] == chosen
        self.selection_ = selection
        self.model_, raw_labels = fitted[chosen]
        # Number clusters by size, largest first, so that labels read the same across methods.
        sizes = np.bincount(raw_labels, minlength=chosen)
        self.relabel_ = np.empty(chosen, dtype=int)
        self.relabel_[np.argsort(-sizes, kind="stable")] = np.arange(chosen)
        self.labels_ = self.relabel_[raw_labels]
        self.n_clusters_ = chosen
        self.cluster_centers_ = np.vstack([standardised[self.labels_ == c].mean(axis=0) for c in range(chosen)])
        return self

    def _silhouette(self, standardised: np.ndarray, labels: np.ndarray) -> float:
        """Mean silhouette; over a seeded sample of ``SILHOUETTE_SAMPLE`` partnerships when there are more."""
        if standardised.shape[0] <= SILHOUETTE_SAMPLE:
            return float(silhouette_score(standardised, labels))
        seed = 0 if self.random_state is None else self.random_state
        return float(silhouette_score(standardised, labels, sample_size=SILHOUETTE_SAMPLE, random_state=seed))

    def predict(self, X: pd.DataFrame | np.ndarray) -> np.ndarray:
        check_is_fitted(self, "model_")
        standardised = self.transform(X)
        with threadpool_limits(limits=1):
            return self._predict(standardised)

    def _predict(self, standardised: np.ndarray) -> np.ndarray:
        if self.method == "ward":
            distances = ((standardised[:, None, :] - self.cluster_centers_[None]) ** 2).sum(axis=2)
            return distances.argmin(axis=1)
        return self.relabel_[self.model_.predict(standardised)]

    def transform(self, X: pd.DataFrame | np.ndarray) -> np.ndarray:
        """Impute and standardise as learned in ``fit``."""
        check_is_fitted(self, "preprocess_")
        if isinstance(X, pd.DataFrame) and hasattr(self, "feature_names_in_"):
            missing = [c for c in self.feature_names_in_ if c not in X.columns]
            if missing:
                raise KompasValueError(f"These scales were used in fit() but are missing now: {missing}.")
            X = X[list(self.feature_names_in_)]
        data = validate_data(self, X, dtype=float, ensure_all_finite="allow-nan", reset=False)
        return self.preprocess_.transform(data)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True  # missing scale scores are imputed with the portfolio mean
        return tags

    def _check_parameters(self) -> None:
        problems = SettingProblems("PartnershipClustering")
        if self.method not in METHODS:
            problems.add("method", self.method, Problem("settings.allowed", choices=", ".join(map(repr, METHODS))))
        if self.n_clusters != "auto" and not (isinstance(self.n_clusters, (int, np.integer)) and self.n_clusters >= 2):
            problems.add("n_clusters", self.n_clusters, Problem("settings.n_clusters"))
        low, high = self.k_range
        if not (2 <= low <= high):
            problems.add("k_range", self.k_range, Problem("settings.k_range"))
        problems.raise_any()

    def _candidates(self, n: int) -> list[int]:
        if self.n_clusters != "auto":
            if self.n_clusters > n // 2:
                raise KompasValueError(
                    f"n_clusters={self.n_clusters} is too many for {n} partnerships; use at most {n // 2}."
                )
            return [int(self.n_clusters)]
        low, high = self.k_range
        high = max(low, min(high, n // MIN_PER_CLUSTER))
        return list(range(low, high + 1))

    def _fit_k(self, standardised: np.ndarray, k: int):
        if self.method == "kmeans":
            model = KMeans(n_clusters=k, n_init=10, random_state=self.random_state).fit(standardised)
            return model, model.labels_
        if self.method == "ward":
            model = AgglomerativeClustering(n_clusters=k, linkage="ward").fit(standardised)
            return model, model.labels_
        model = GaussianMixture(n_components=k, covariance_type="diag", n_init=3, random_state=self.random_state).fit(
            standardised
        )
        return model, model.predict(standardised)
