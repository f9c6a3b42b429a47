"""Statistics core: internal consistency, within-group agreement and group-mean reliability.

Definitions follow R's psych (alpha, omega) and multilevel (rwg, rwg.j, ICC1, ICC2) packages;
each function's Notes give the formula and the R source it was checked against. Undefined
results are NaN with a :class:`~kompasmetrics.errors.DegenerateStatisticWarning`; invalid
arguments raise :class:`~kompasmetrics.errors.KompasValueError`. The ``grouped_*`` and
``oneway_icc`` functions are vectorised internals for the scoring engine and do not warn.
"""

from ._agreement import (
    grouped_item_moments,
    grouped_rwg_j,
    icc1,
    icc2,
    oneway_icc,
    rwg,
    rwg_j,
    uniform_null_variance,
)
from ._reliability import cronbach_alpha, item_total_statistics, mcdonald_omega

__all__ = [
    "cronbach_alpha",
    "grouped_item_moments",
    "grouped_rwg_j",
    "icc1",
    "icc2",
    "item_total_statistics",
    "mcdonald_omega",
    "oneway_icc",
    "rwg",
    "rwg_j",
    "uniform_null_variance",
]
