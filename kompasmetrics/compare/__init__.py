"""Comparative studies: clusters of partnerships, benchmarks against the portfolio, change over waves."""

from ._benchmark import benchmark
from ._clustering import Clustering
from ._waves import compare_waves

__all__ = ["Clustering", "PartnershipClustering", "benchmark", "cluster_partnerships", "compare_waves"]


def __getattr__(name: str):
    """The parts that fit a clustering load scikit-learn, so they load when first used (PEP 562)."""
    if name == "cluster_partnerships":
        from ._cluster import cluster_partnerships

        return cluster_partnerships
    if name == "PartnershipClustering":
        from ._estimator import PartnershipClustering

        return PartnershipClustering
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
