"""Comparative studies: clusters of partnerships, benchmarks against the portfolio, change over waves."""

from ._benchmark import benchmark
from ._cluster import Clustering, cluster_partnerships
from ._waves import compare_waves

__all__ = ["Clustering", "PartnershipClustering", "benchmark", "cluster_partnerships", "compare_waves"]


def __getattr__(name: str):
    if name == "PartnershipClustering":  # scikit-learn, loaded when first used (PEP 562)
        from ._estimator import PartnershipClustering

        return PartnershipClustering
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
