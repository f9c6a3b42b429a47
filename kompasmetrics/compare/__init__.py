"""Comparative studies: clusters of partnerships, benchmarks against the portfolio, change over waves."""

from ._benchmark import benchmark
from ._cluster import Clustering, cluster_partnerships
from ._estimator import PartnershipClustering
from ._waves import compare_waves

__all__ = ["Clustering", "PartnershipClustering", "benchmark", "cluster_partnerships", "compare_waves"]
