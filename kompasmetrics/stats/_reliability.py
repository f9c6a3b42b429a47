"""Internal consistency of a set of items: Cronbach's alpha, McDonald's omega total, item-total
statistics (psych's ``alpha`` and ``omega``), and all of them for one scale at once.

The definitions follow R's psych package (Revelle), checked against its sources ``R/alpha.R``
(``alpha``), ``R/omega.R`` (``omegah``), ``R/schmid.R`` and ``R/fa.R`` (``fa`` with
``fm = "minres"``); every choice is stated in the Notes of the function that makes it
(:mod:`._alpha`, :mod:`._omega`; the shared item handling is in :mod:`._items`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._alpha import _cronbach_alpha, _item_total_columns, cronbach_alpha, item_total_statistics
from ._items import ItemMoments, NanPolicy
from ._items import _constant_items as _constant_items
from ._items import _item_matrix as _item_matrix
from ._items import _warn_degenerate as _warn_degenerate
from ._omega import _mcdonald_omega, mcdonald_omega
from ._omega import _omega_total_from_correlation as _omega_total_from_correlation


def scale_reliability(values: np.ndarray, names: Sequence[object]) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    """Alpha, standardized alpha, omega total and the mean inter-item r of one scale, and its
    item-total statistics, from one pairwise covariance and correlation matrix.

    Parameters
    ----------
    values : numpy.ndarray, shape (n_respondents, n_items)
        Float answers to the scale's items (keyed as scored), NaN for missing; pairwise as psych.
    names : sequence
        The items' names, for the index of the item table.

    Returns
    -------
    statistics : dict
        ``cronbach_alpha``, ``standardized_alpha``, ``omega_total``, ``mean_inter_item_r`` (the
        mean off-diagonal pairwise correlation of all items; NaN when one has no variance).
    items : dict of numpy.ndarray
        The columns of :func:`item_total_statistics`, in the order of ``names``.

    Notes
    -----
    The same values, and the same warnings in the same order, as calling
    :func:`cronbach_alpha` (raw, then standardized), :func:`mcdonald_omega` and
    :func:`item_total_statistics` one after another, which would compute the covariance five
    times.
    """
    moments = ItemMoments(np.asarray(values, dtype=float), pd.Index(names, dtype=object))
    statistics = {
        "cronbach_alpha": _cronbach_alpha(moments),
        "standardized_alpha": _cronbach_alpha(moments, standardized=True),
        "omega_total": _mcdonald_omega(moments),
        "mean_inter_item_r": float(moments.correlation[np.triu_indices(moments.values.shape[1], 1)].mean()),
    }
    return statistics, _item_total_columns(moments)


__all__ = [
    "ItemMoments",
    "NanPolicy",
    "cronbach_alpha",
    "item_total_statistics",
    "mcdonald_omega",
    "scale_reliability",
]
