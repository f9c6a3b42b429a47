"""Cronbach's alpha and the item-total statistics of a set of items, as psych's ``alpha``.

Checked against psych's ``R/alpha.R`` (``alpha``, inner ``alpha.1``); every choice is stated in
the Notes of the function that makes it. Both read one pairwise covariance matrix of the items
(:class:`~kompasmetrics.stats._items.ItemMoments`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._items import (
    ItemMoments,
    NanPolicy,
    _answered_items,
    _describe_items,
    _first_missing_pair,
    _no_answers,
    _warn_constant_items,
    _warn_degenerate,
)

# ----------------------------------------------------------------------------------------------
# Cronbach's alpha
# ----------------------------------------------------------------------------------------------


def cronbach_alpha(
    items: pd.DataFrame | np.ndarray,
    *,
    nan_policy: NanPolicy = "pairwise",
    standardized: bool = False,
) -> float:
    r"""Cronbach's coefficient alpha of a set of items, as ``psych::alpha`` computes it.

    Parameters
    ----------
    items : pandas.DataFrame or numpy.ndarray
        Answers, respondents in rows and items in columns (already reverse-keyed where needed);
        NaN marks a missing answer.
    nan_policy : {"pairwise", "listwise"}, default "pairwise"
        ``"pairwise"`` computes each covariance from the respondents who answered both items
        (psych's default ``use = "pairwise"``); ``"listwise"`` first drops every respondent
        with a missing answer.
    standardized : bool, default False
        Return standardized alpha (from the correlation matrix) instead of raw alpha.

    Returns
    -------
    float
        Alpha; NaN (with a :class:`~kompasmetrics.errors.DegenerateStatisticWarning`) when it is
        undefined: fewer than 2 items with variance, zero total variance, no answers, or two
        items never answered together.

    Notes
    -----
    With :math:`C` the (pairwise) covariance matrix of the :math:`k` items,

    .. math::

        \alpha = \frac{k}{k-1}\Bigl(1 - \frac{\operatorname{tr} C}{\mathbf 1'C\mathbf 1}\Bigr),

    and with :math:`R` = ``cov2cor(C)`` and :math:`\bar r` its mean off-diagonal element,
    standardized alpha is :math:`\frac{k}{k-1}(1 - k/\mathbf 1'R\mathbf 1)
    = k\bar r / (1 + (k-1)\bar r)`.

    Checked against psych's ``R/alpha.R`` (function ``alpha``, inner ``alpha.1``): raw alpha
    from ``cov(x, use = "pairwise")``, standardized alpha from ``cov2cor`` of that same matrix
    (not from separately computed pairwise correlations), and items whose standard deviation is
    zero or undefined are dropped with a warning before anything is computed; this function
    does the same. Items are not reversed automatically (psych only warns about negatively
    correlated items unless ``check.keys = TRUE``). The pairwise result equals
    ``pingouin.cronbach_alpha(nan_policy="pairwise")``; with complete data it also equals
    ICC(3,k) of Shrout & Fleiss (1979), which the tests use as a published check.

    With answers missing pairwise, each covariance rests on other respondents, the matrix need not
    be positive semidefinite, and the correlations it implies can exceed 1; then either alpha can
    exceed 1 (as psych's can), and a :class:`DegenerateStatisticWarning` says why.

    References
    ----------
    Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
    Psychometrika, 16, 297-334.
    """
    return _cronbach_alpha(ItemMoments.of(items, nan_policy), standardized=standardized)


def _cronbach_alpha(moments: ItemMoments, *, standardized: bool = False) -> float:
    """:func:`cronbach_alpha` from the moments of the items (warnings as there)."""
    statistic = "standardized cronbach_alpha" if standardized else "cronbach_alpha"
    keep = _answered_items(moments, statistic)
    if keep is None:
        return float("nan")
    names = moments.names[keep]
    if len(names) < 2:
        _warn_degenerate(
            statistic,
            f"alpha needs at least 2 items with variance, got {len(names)}",
            "Pass 2 or more items that respondents answered differently",
            stacklevel=4,
        )
        return float("nan")
    covariance = moments.covariance[np.ix_(keep, keep)]
    if np.isnan(covariance).any():
        _warn_degenerate(
            statistic,
            f"items {_first_missing_pair(covariance, names)} were answered together by fewer "
            "than 2 respondents, so their covariance is undefined",
            "Collect more complete answers, or drop one of these items",
            stacklevel=4,
        )
        return float("nan")
    scale = np.sqrt(np.diag(covariance))
    correlation = covariance / np.outer(scale, scale)
    largest = np.abs(correlation[~np.eye(len(names), dtype=bool)]).max()
    if largest > 1 + 1e-12:
        _warn_degenerate(
            statistic,
            f"with answers missing pairwise, the pairwise covariances imply correlations up to "
            f"{largest:.2f}, above 1, so alpha can exceed 1 (psych computes it the same way)",
            "Collect more complete answers, or use nan_policy='listwise' (respondents who answered every item)",
            is_nan=False,
            stacklevel=4,
        )
    if standardized:
        covariance = correlation
    total = covariance.sum()
    if not total > 1e-12 * np.trace(covariance):
        _warn_degenerate(
            statistic,
            f"the total score has no variance (sum of the covariance matrix = {total:.3g})",
            "Check the item keying: items that cancel each other out (one reversed copy of "
            "another) give a constant total",
            stacklevel=4,
        )
        return float("nan")
    k = covariance.shape[0]
    return float(k / (k - 1) * (1.0 - np.trace(covariance) / total))


# ----------------------------------------------------------------------------------------------
# item-total statistics
# ----------------------------------------------------------------------------------------------


def item_total_statistics(items: pd.DataFrame | np.ndarray, *, nan_policy: NanPolicy = "pairwise") -> pd.DataFrame:
    r"""Per-item statistics of a scale: n, mean, SD, corrected item-total r, alpha if deleted.

    Parameters
    ----------
    items : pandas.DataFrame or numpy.ndarray
        Answers, respondents in rows and items in columns; NaN marks a missing answer.
    nan_policy : {"pairwise", "listwise"}, default "pairwise"
        As in :func:`cronbach_alpha`.

    Returns
    -------
    pandas.DataFrame
        Indexed by item name (the column labels, or 0..k-1 for an array) with columns

        ``n``
            number of answers to the item;
        ``mean``, ``sd``
            item mean and standard deviation (ddof = 1) over its answers;
        ``corrected_item_total_r``
            correlation of the item with the sum of the other items (psych's ``r.drop``);
        ``alpha_if_deleted``
            raw alpha of the other items (psych's ``alpha.drop$raw_alpha``).

    Notes
    -----
    From the (pairwise) covariance matrix :math:`C`, with :math:`c_i = \sum_{j\ne i} C_{ij}`
    and :math:`V_{-i} = \sum_{j,l\ne i} C_{jl}`:

    .. math:: r_{\text{drop},i} = c_i / \sqrt{C_{ii} V_{-i}}, \qquad
              \alpha_{-i} = \frac{k-1}{k-2}\Bigl(1 - \frac{\operatorname{tr} C - C_{ii}}
              {V_{-i}}\Bigr).

    Checked against psych's ``R/alpha.R``: ``r.drop`` is computed from the covariance matrix in
    exactly this way (so with missing data it uses the pairwise covariances, not a correlation
    with an observed rest score), ``n`` is ``colSums(!is.na(x))``, and ``mean``/``sd`` use every
    answer of the item. Items without variance get NaN in the last two columns and are left
    out of the other items' statistics (psych drops them); a warning says so. With 2 items the
    alpha of the single remaining item is undefined: NaN with a warning (psych reports
    cov12 / var of the remaining item there instead).
    """
    moments = ItemMoments.of(items, nan_policy)
    return pd.DataFrame(_item_total_columns(moments), index=moments.names)


def _item_total_columns(moments: ItemMoments) -> dict[str, np.ndarray]:
    """The columns of :func:`item_total_statistics` from the moments of the items (warnings as there)."""
    values, names = moments.values, moments.names
    n, mean, sd = moments.item_summary
    r_column, alpha_column = np.full(len(names), np.nan), np.full(len(names), np.nan)

    def table() -> dict[str, np.ndarray]:
        return {
            "n": n.astype(np.int64),
            "mean": mean,
            "sd": sd,
            "corrected_item_total_r": r_column,
            "alpha_if_deleted": alpha_column,
        }

    statistic = "item_total_statistics (corrected_item_total_r, alpha_if_deleted)"
    if _no_answers(values):
        _warn_degenerate(
            statistic,
            "there are no answers",
            "Pass answered items, or use nan_policy='pairwise'",
            stacklevel=4,
        )
        return table()
    valid = ~moments.constant
    if moments.constant.any() and values.shape[0] > 0:
        _warn_constant_items(names, moments.constant, statistic, stacklevel=5)
    kept_names = names[valid]
    k = len(kept_names)
    if k < 2:
        _warn_degenerate(
            statistic,
            f"these need at least 2 items with variance, got {k}",
            "Pass 2 or more items that respondents answered differently",
            stacklevel=4,
        )
        return table()
    covariance = moments.covariance[np.ix_(valid, valid)]
    if np.isnan(covariance).any():
        _warn_degenerate(
            statistic,
            f"items {_first_missing_pair(covariance, kept_names)} were answered together by "
            "fewer than 2 respondents, so their covariance is undefined",
            "Collect more complete answers, or drop one of these items",
            stacklevel=4,
        )
        return table()
    diagonal = np.diag(covariance)
    column_sums = covariance.sum(axis=0)
    rest_covariance = column_sums - diagonal
    rest_variance = covariance.sum() - 2.0 * column_sums + diagonal
    with np.errstate(divide="ignore", invalid="ignore"):
        r_drop = rest_covariance / np.sqrt(diagonal * rest_variance)
        if k >= 3:
            alpha_drop = (k - 1) / (k - 2) * (1.0 - (np.trace(covariance) - diagonal) / rest_variance)
        else:
            alpha_drop = np.full(k, np.nan)
    degenerate_rest = ~(rest_variance > 1e-12 * (np.trace(covariance) - diagonal))
    r_drop = np.where(degenerate_rest, np.nan, r_drop)
    alpha_drop = np.where(degenerate_rest, np.nan, alpha_drop)
    if k == 2:
        _warn_degenerate(
            statistic,
            "alpha_if_deleted is NaN: with 2 items, deleting one leaves a single item, whose alpha is undefined",
            "Use a scale of 3 or more items to judge alpha if deleted",
            is_nan=False,
            stacklevel=4,
        )
    elif degenerate_rest.any():
        _warn_degenerate(
            statistic,
            "the sum of the other items has no variance when deleting item(s) "
            f"{_describe_items(list(kept_names[degenerate_rest]))}, so their corrected "
            "item-total r and alpha if deleted are NaN",
            "Check the item keying (items cancelling each other out give a constant total)",
            is_nan=False,
            stacklevel=4,
        )
    r_column[valid] = r_drop
    alpha_column[valid] = alpha_drop
    return table()


__all__ = ["cronbach_alpha", "item_total_statistics"]
