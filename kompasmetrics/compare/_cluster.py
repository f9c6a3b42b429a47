"""`cluster_partnerships()`: types of partnership in a portfolio, with names, profiles and stability."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA
from sklearn.metrics import adjusted_rand_score
from threadpoolctl import threadpool_limits
from tqdm.auto import tqdm

from .._checks import expect
from ..errors import KompasValueError
from ..scoring import Scores
from ..texts import LANGUAGES, t
from ._clustering import Clustering
from ._estimator import PartnershipClustering
from ._features import partnership_features


def cluster_partnerships(
    scores: Scores,
    *,
    n_clusters: int | Literal["auto"] = "auto",
    method: Literal["kmeans", "ward", "gmm"] = "kmeans",
    scales: list[str] | None = None,
    k_range: tuple[int, int] = (2, 8),
    n_bootstrap: int = 50,
    random_state: int | None = None,
    wave: object = "latest",
    progress: bool = True,
) -> Clustering:
    """Find types of partnership: cluster the partnerships on their scale scores.

    Parameters
    ----------
    scores : Scores
    n_clusters : int or "auto", default "auto"
        ``"auto"`` tries every k in ``k_range`` and picks the highest mean silhouette (k-means,
        Ward) or the lowest BIC (Gaussian mixture); ``selection`` shows every candidate. Above
        2,000 partnerships the mean silhouette is that of a seeded sample of 2,000.
    method : {"kmeans", "ward", "gmm"}, default "kmeans"
    scales : list of str, optional
        The scales to cluster on; all scored scales by default. Scores are standardised first.
    k_range : (int, int), default (2, 8)
    n_bootstrap : int, default 50
        Bootstrap refits for ``stability`` (0 to skip). A progress bar appears when this takes
        longer than a second.
    random_state : int, optional
        Makes the result reproducible.
    wave : "latest", a wave or None
        With waves: cluster each partnership's latest measurement (default) or a given wave.
    progress : bool, default True
        Show the bootstrap's progress bar (when it takes longer than a second).

    Returns
    -------
    Clustering

    Raises
    ------
    KompasValueError
        With fewer than 10 partnerships that have enough data (at least 5 respondents from 2
        organisations); those with too little data are listed in ``excluded``, not clustered.

    Examples
    --------
    >>> import kompasmetrics as km
    >>> scores = km.score(km.simulate(n_partnerships=100, random_state=0).survey)
    >>> cl = km.cluster_partnerships(scores, random_state=0, n_bootstrap=0)
    >>> cl.n_clusters
    5
    """
    expect(scores, Scores, "cluster_partnerships", "scores")
    features, excluded = partnership_features(scores, scales=scales, wave=wave)
    model = PartnershipClustering(n_clusters=n_clusters, method=method, k_range=k_range, random_state=random_state)
    model.fit(features)
    labels = pd.Series(model.labels_, index=features.index, name="cluster")
    standardised = model.transform(features)
    profiles = _profiles(features, labels)
    names = _names(profiles, labels, scores)
    selection = model.selection_.copy()
    selection["reason"] = _reasons(selection, method, n_clusters)
    stability = _stability(features, model, n_bootstrap, random_state, progress=progress)
    embedding = _embedding(standardised, labels, random_state)
    return Clustering(
        labels=labels,
        profiles=profiles,
        names=names,
        selection=selection,
        stability=stability,
        embedding=embedding,
        excluded=excluded,
        model=model,
        instrument=scores.instrument,
    )


def _profiles(features: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    means = features.groupby(labels).mean()
    portfolio_mean, portfolio_sd = features.mean(), features.std()
    long = means.stack().rename("mean").rename_axis(["cluster", "scale"]).reset_index()
    long["portfolio_mean"] = long["scale"].map(portfolio_mean)
    long["difference"] = long["mean"] - long["portfolio_mean"]
    long["z"] = long["difference"] / long["scale"].map(portfolio_sd)
    return long


def _names(profiles: pd.DataFrame, labels: pd.Series, scores: Scores, n_scales: int = 3) -> pd.DataFrame:
    """Name each cluster by its most distinctive scales: the largest |z|, at least 0.5 SD away."""
    rows = []
    instrument = scores.instrument
    for cluster, group in profiles.groupby("cluster"):
        top = group.reindex(group["z"].abs().sort_values(ascending=False).index)
        top = top[top["z"].abs() >= 0.5].head(n_scales)
        row = {"cluster": cluster, "n_partnerships": int((labels == cluster).sum())}
        for language in LANGUAGES:
            parts = [
                t(
                    "clusters.high" if z > 0 else "clusters.low",
                    language,
                    scale=instrument.scale_label(scale, language).lower(),
                )
                for scale, z in zip(top["scale"], top["z"], strict=True)
            ]
            row[f"name_{language}"] = ", ".join(parts) if parts else t("clusters.average", language)
        rows.append(row)
    names = pd.DataFrame(rows).set_index("cluster")
    for language in LANGUAGES:
        column = f"name_{language}"
        repeated = names[column].duplicated(keep=False)
        names.loc[repeated, column] = names.loc[repeated, column] + " (" + names.index[repeated].astype(str) + ")"
    return names[[*(f"name_{language}" for language in LANGUAGES), "n_partnerships"]]


def _reasons(selection: pd.DataFrame, method: str, n_clusters) -> list[str]:
    if n_clusters != "auto":
        return ["fixed by n_clusters"] * len(selection)
    criterion = "lowest BIC" if method == "gmm" else "highest mean silhouette"
    return [f"chosen: {criterion}" if chosen else "" for chosen in selection["chosen"]]


def _stability(
    features: pd.DataFrame,
    model: PartnershipClustering,
    n_bootstrap: int,
    random_state: int | None,
    *,
    progress: bool = True,
) -> pd.DataFrame:
    """Hennig's (2007) clusterwise bootstrap stability and the overall adjusted Rand index.

    Each round resamples the partnerships with replacement, refits with the chosen k, and labels
    the full study with the refit. Per original cluster, the Jaccard similarity with its best
    matching refit cluster is averaged over rounds; overall, the adjusted Rand index between the
    refit's labelling and the original labels.
    """
    k = model.n_clusters_
    index = [*range(k), "overall"]
    if n_bootstrap <= 0:
        return pd.DataFrame({"jaccard": np.nan, "adjusted_rand": np.nan}, index=pd.Index(index, name="cluster"))
    rng = np.random.default_rng(random_state)
    original = model.labels_
    jaccard = np.zeros((n_bootstrap, k))
    rand = np.zeros(n_bootstrap)
    rounds = tqdm(range(n_bootstrap), desc="bootstrap stability", delay=1.0, leave=False, disable=not progress)
    with threadpool_limits(limits=1):  # once for all rounds: finding the thread pools costs more than a fit
        for round_ in rounds:
            sample = rng.integers(0, len(features), len(features))
            refit = PartnershipClustering(n_clusters=k, method=model.method, random_state=int(rng.integers(2**31)))
            refit._fit(features.iloc[sample], assess=False)
            relabelled = refit._predict(refit.transform(features))
            rand[round_] = adjusted_rand_score(original, relabelled)
            for cluster in range(k):
                members = original == cluster
                overlaps = [
                    (members & (relabelled == other)).sum() / (members | (relabelled == other)).sum()
                    for other in range(k)
                ]
                jaccard[round_, cluster] = max(overlaps)
    table = pd.DataFrame(
        {"jaccard": [*jaccard.mean(axis=0), jaccard.mean()], "adjusted_rand": [np.nan] * k + [rand.mean()]},
        index=pd.Index(index, name="cluster"),
    )
    return table


def _embedding(standardised: np.ndarray, labels: pd.Series, random_state) -> pd.DataFrame:
    pca = PCA(n_components=2, random_state=random_state).fit(standardised)
    coordinates = pca.transform(standardised)
    embedding = pd.DataFrame(
        {"x": coordinates[:, 0], "y": coordinates[:, 1], "cluster": labels.to_numpy()}, index=labels.index
    )
    embedding.attrs["explained_variance"] = tuple(pca.explained_variance_ratio_.round(4))
    return embedding


__all__ = ["Clustering", "cluster_partnerships"]
_ = KompasValueError
