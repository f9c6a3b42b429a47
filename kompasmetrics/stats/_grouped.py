"""Vectorised grouped statistics for the scoring engine: the moments of every column within every
group, rwg(j) of every scale in every group, and ICC(1)/ICC(2) of every column at once.

They take integer group codes, loop over no group, and return NaN where a statistic is undefined,
without warnings (the labelled public functions in :mod:`._rwg` and :mod:`._icc` warn).
"""

from __future__ import annotations

import numpy as np

from ._icc import _icc_from_mean_squares
from ._rwg import _rwg_j_from_ratio

_ITEM_CHUNK = 12


def grouped_item_moments(x: np.ndarray, codes: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Count, mean and variance of every item within every group, ignoring NaN.

    Parameters
    ----------
    x : numpy.ndarray, shape (n_rows, n_items)
        Float answers with NaN for missing.
    codes : numpy.ndarray, shape (n_rows,)
        Integer group code of each row, in ``[0, n_groups)``.
    n_groups : int
        Number of groups; groups without rows get count 0 and NaN moments.

    Returns
    -------
    count : numpy.ndarray of int64, shape (n_groups, n_items)
        Non-missing answers per group and item.
    mean : numpy.ndarray, shape (n_groups, n_items)
        Mean of those answers (NaN where the count is 0).
    variance : numpy.ndarray, shape (n_groups, n_items)
        Variance with ddof = 1 (NaN where the count is below 2).

    Notes
    -----
    Rows are sorted by group once and summed with ``np.add.reduceat``; the variance is the
    two-pass sum of squared deviations from the group mean (not the cancellation-prone
    sum-of-squares formula). Equal to pandas ``groupby(codes).count/mean/var`` per item.
    """
    return GroupedRows(codes, n_groups).moments(x)


class GroupedRows:
    """Rows sorted by group once, for the moments of any columns over the same groups.

    Parameters
    ----------
    codes : numpy.ndarray, shape (n_rows,)
        Integer group code of each row, in ``[0, n_groups)``.
    n_groups : int
        Number of groups.
    order : numpy.ndarray, optional
        A permutation of the rows that sorts ``codes`` (for example the order that sorts a finer
        grouping nested in this one, such as organisations within partnerships), which saves the
        sort; checked, and replaced by a sort when it does not sort ``codes``.
    """

    def __init__(self, codes: np.ndarray, n_groups: int, *, order: np.ndarray | None = None) -> None:
        codes = np.asarray(codes, dtype=np.intp)
        if order is not None:
            sorted_codes = codes[order]
            if sorted_codes.size and np.any(sorted_codes[1:] < sorted_codes[:-1]):
                order = None
        if order is None:
            order = np.argsort(codes, kind="stable")
            sorted_codes = codes[order]
        self.order, self.n_groups, self.n_rows = order, n_groups, codes.size
        changes = np.flatnonzero(sorted_codes[1:] != sorted_codes[:-1]) + 1
        self.starts = np.concatenate([[0], changes]) if codes.size else changes
        self.present = sorted_codes[self.starts]
        self.block = np.repeat(np.arange(self.present.size), np.diff(np.append(self.starts, codes.size)))

    def moments(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Count, mean and variance (ddof = 1) of every column of ``x`` in every group, as
        :func:`grouped_item_moments`."""
        x = np.asarray(x, dtype=float)
        if x.ndim == 1:
            x = x[:, None]
        n_items, starts, present = x.shape[1], self.starts, self.present
        count = np.zeros((self.n_groups, n_items), dtype=np.int64)
        total = np.zeros((self.n_groups, n_items))
        squares = np.zeros((self.n_groups, n_items))
        if self.n_rows:
            # A few items at a time: the temporaries stay a fraction of x for a million respondents.
            for first in range(0, n_items, _ITEM_CHUNK):
                columns = slice(first, min(first + _ITEM_CHUNK, n_items))
                filled = x[self.order, columns]
                answered = ~np.isnan(filled)
                np.copyto(filled, 0.0, where=~answered)
                block_count = np.add.reduceat(answered, starts, axis=0, dtype=np.int64)
                block_total = np.add.reduceat(filled, starts, axis=0)
                with np.errstate(divide="ignore", invalid="ignore"):
                    block_mean = np.where(block_count > 0, block_total / block_count, 0.0)
                deviation = filled - block_mean[self.block]
                deviation *= answered
                deviation *= deviation
                count[present, columns] = block_count
                total[present, columns] = block_total
                squares[present, columns] = np.add.reduceat(deviation, starts, axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = np.where(count > 0, total / count, np.nan)
            variance = np.where(count > 1, squares / (count - 1), np.nan)
        return count, mean, variance


def grouped_rwg_j(
    x: np.ndarray,
    codes: np.ndarray,
    n_groups: int,
    membership: np.ndarray,
    null_variance: np.ndarray,
) -> np.ndarray:
    r"""rwg(j) of every scale within every group, vectorised; NaN where undefined, no warnings.

    Parameters
    ----------
    x : numpy.ndarray, shape (n_rows, n_items)
        Float answers with NaN for missing (items keyed as scored).
    codes : numpy.ndarray, shape (n_rows,)
        Integer group code of each row, in ``[0, n_groups)``.
    n_groups : int
        Number of groups.
    membership : numpy.ndarray of bool, shape (n_items, n_scales)
        ``membership[i, s]`` is True when item i belongs to scale s.
    null_variance : numpy.ndarray, shape (n_items,)
        :math:`\sigma^2_{EU}` of each item (see :func:`uniform_null_variance`).

    Returns
    -------
    numpy.ndarray, shape (n_groups, n_scales)
        rwg(j) per group and scale.

    Notes
    -----
    For group g and scale s, with :math:`J` the number of the scale's items whose variance is
    defined in g (2 or more answers) and
    :math:`x = \operatorname{mean}_i(s^2_{gi}/\sigma^2_{EU,i})` over those items,
    :math:`r_{wg(J)} = J(1-x)/(J(1-x)+x)`, set to 0 when :math:`x \ge 1`
    (multilevel's ``rwg.j`` truncation; see :func:`rwg_j`). Averaging variance ratios rather
    than dividing the mean variance by one null variance lets items with different numbers of
    options share a scale; with one response scale it is the textbook formula. A single-item
    scale gives rwg. NaN where J = 0.
    """
    _, _, variance = grouped_item_moments(x, codes, n_groups)
    return rwg_j_from_variance(variance, membership, null_variance)


def rwg_j_from_variance(variance: np.ndarray, membership: np.ndarray, null_variance: np.ndarray) -> np.ndarray:
    """:func:`grouped_rwg_j` from the within-group item variances (n_groups, n_items)."""
    ratio = variance / np.asarray(null_variance, dtype=float)
    defined = ~np.isnan(ratio)
    weights = np.asarray(membership, dtype=float)
    n_defined = defined.astype(float) @ weights
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_ratio = (np.where(defined, ratio, 0.0) @ weights) / n_defined
    return _rwg_j_from_ratio(mean_ratio, n_defined)


def oneway_icc(values: np.ndarray, codes: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """ICC(1) and ICC(2) of every column, vectorised; NaN where undefined, no warnings.

    Parameters
    ----------
    values : numpy.ndarray, shape (n_rows, n_scales)
        Float values (for example scale scores) with NaN for missing; each column is analysed
        on its own non-missing rows.
    codes : numpy.ndarray, shape (n_rows,)
        Integer group code of each row, in ``[0, n_groups)``.
    n_groups : int
        Number of possible groups; groups without values in a column do not count in it.

    Returns
    -------
    icc1, icc2 : numpy.ndarray, shape (n_scales,)
        As :func:`icc1` and :func:`icc2` per column (multilevel's ICC1 with the mean group
        size N/J, ICC2 = (MSB - MSW)/MSB).
    """
    values = np.asarray(values, dtype=float)
    if values.ndim == 1:
        values = values[:, None]
    return icc_from_moments(*grouped_item_moments(values, codes, n_groups))


def icc_from_moments(count: np.ndarray, mean: np.ndarray, variance: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`oneway_icc` from the within-group count, mean and variance of every column."""
    n_rows = count.sum(axis=0).astype(float)
    n_present = (count > 0).sum(axis=0).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        grand_mean = np.nansum(count * mean, axis=0) / n_rows
        ss_between = np.nansum(count * (mean - grand_mean) ** 2, axis=0)
        ss_within = np.nansum((count - 1) * variance, axis=0)
        msb = ss_between / (n_present - 1.0)
        msw = ss_within / (n_rows - n_present)
        mean_group_size = n_rows / n_present
    undefined = (n_present < 2) | (n_rows - n_present < 1)
    msb = np.where(undefined, np.nan, msb)
    msw = np.where(undefined, np.nan, msw)
    return _icc_from_mean_squares(msb, msw, mean_group_size)


__all__ = [
    "GroupedRows",
    "grouped_item_moments",
    "grouped_rwg_j",
    "icc_from_moments",
    "oneway_icc",
    "rwg_j_from_variance",
]
