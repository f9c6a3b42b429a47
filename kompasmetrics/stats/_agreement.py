"""Within-group agreement (rwg, rwg(j)) and group-mean reliability (ICC(1), ICC(2)).

The definitions follow R's multilevel package (Bliese), checked against its source
``R/multilevel.R``, which holds the functions ``rwg``, ``rwg.j``, ``ICC1`` and ``ICC2``; every
choice is stated in the Notes of the function that makes it. The public functions take labelled
data and warn about undefined results; the ``grouped_*`` / ``oneway_icc`` internals take integer
group codes, are vectorised over groups and columns for the scoring engine, and do not warn.
They live in :mod:`._rwg`, :mod:`._icc` and :mod:`._grouped`; this module gathers them.
"""

from __future__ import annotations

from ._grouped import grouped_item_moments, grouped_rwg_j, oneway_icc
from ._icc import _oneway_anova as _oneway_anova
from ._icc import icc1, icc2
from ._rwg import rwg, rwg_j, uniform_null_variance

__all__ = [
    "grouped_item_moments",
    "grouped_rwg_j",
    "icc1",
    "icc2",
    "oneway_icc",
    "rwg",
    "rwg_j",
    "uniform_null_variance",
]
