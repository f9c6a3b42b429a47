"""The result of :func:`kompasmetrics.cluster_partnerships`, apart from the fitting.

Kept free of scikit-learn, so that figures, dashboards and reports that read a clustering do not
load it; the fitted estimator inside is only a type here.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from ..instrument import Instrument
    from ._estimator import PartnershipClustering


@dataclass(frozen=True)
class Clustering:
    """Clusters of partnerships.

    Attributes
    ----------
    labels : Series
        Partnership -> cluster number (0 is the largest cluster).
    profiles : DataFrame
        Long, one row per cluster and scale: ``cluster``, ``scale``, ``mean`` (0-100),
        ``portfolio_mean``, ``difference`` (mean minus portfolio mean, points) and ``z`` (the
        difference in portfolio standard deviations).
    names : DataFrame
        Indexed by cluster: ``name_nl``, ``name_en`` (the two or three most distinctive scales,
        "high ..."/"low ..."), ``n_partnerships``.
    selection : DataFrame
        Per candidate k: ``silhouette``, ``bic`` (Gaussian mixture), ``chosen``, ``reason``.
    stability : DataFrame
        Indexed by cluster plus a row ``"overall"``: ``jaccard`` (mean Jaccard similarity of the
        cluster with its best match in bootstrap refits, Hennig 2007; above .75 is stable) and
        ``adjusted_rand`` (overall row: mean adjusted Rand index between the bootstrap refits'
        labelling of the study and the original labels).
    embedding : DataFrame
        Indexed by partnership: ``x``, ``y`` (first two principal components of the standardised
        scale scores), ``cluster``. ``attrs["explained_variance"]`` holds the two shares.
    excluded : DataFrame
        Partnerships left out (``partnership``, ``reason``).
    model : PartnershipClustering
        The fitted estimator, to place new partnerships with ``model.predict``.
    instrument : Instrument
        The instrument of the scores (its labels name the clusters; its languages those of figures).
    """

    labels: pd.Series
    profiles: pd.DataFrame
    names: pd.DataFrame
    selection: pd.DataFrame
    stability: pd.DataFrame
    embedding: pd.DataFrame
    excluded: pd.DataFrame
    model: PartnershipClustering = field(repr=False)
    instrument: Instrument | None = field(default=None, repr=False)

    @property
    def n_clusters(self) -> int:
        return int(self.model.n_clusters_)

    def __repr__(self) -> str:
        return (
            f"Clustering(method={self.model.method!r}, n_clusters={self.n_clusters}, "
            f"partnerships={len(self.labels)}, excluded={len(self.excluded)})"
        )

    def _repr_html_(self) -> str:
        names = self.names.join(self.stability[["jaccard"]]).round(2)
        return (
            f"<div><strong>{self.n_clusters} clusters</strong> of {len(self.labels)} partnerships "
            f"({html.escape(self.model.method)}; {len(self.excluded)} left out){names.to_html()}</div>"
        )
