"""Within-group agreement on an item (rwg) and on a multi-item scale (rwg(j)), as R's multilevel.

Checked against multilevel's ``R/multilevel.R`` (functions ``rwg`` and ``rwg.j``); every choice
is stated in the Notes of the function that makes it. Also the argument helpers the ICCs share.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from ..errors import KompasValueError
from ._items import _item_matrix, _warn_degenerate


def _check_n_options(n_options: object) -> int:
    if isinstance(n_options, bool) or not isinstance(n_options, numbers.Integral) or int(n_options) < 2:
        raise KompasValueError(
            f"Parameter 'n_options' must be an integer number of response options of at least "
            f"2; got {n_options!r}. Pass the number of answer categories of the item, for "
            "example 5 for a 1-5 Likert item."
        )
    return int(n_options)


def _vector(values: object, parameter: str) -> np.ndarray:
    array = values.to_numpy() if isinstance(values, pd.Series | pd.Index) else np.asarray(values)
    if array.ndim != 1:
        raise KompasValueError(
            f"Parameter {parameter!r} must be one-dimensional (one value per respondent); got "
            f"shape {array.shape}. Pass a Series, a list or a 1-D array."
        )
    try:
        return pd.Series(array).to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        raise KompasValueError(
            f"Parameter {parameter!r} must be numeric; got values of type {array.dtype}. "
            "Convert the answers to numbers and leave missing answers empty (NaN)."
        ) from None


def _labels(groups: object, n_rows: int, parameter: str, data_parameter: str) -> pd.Series:
    raw = groups.to_numpy() if isinstance(groups, pd.Series | pd.Index) else np.asarray(groups)
    if raw.ndim != 1:
        raise KompasValueError(
            f"Parameter {parameter!r} must be one-dimensional (one group label per row); got "
            f"shape {raw.shape}. Pass a Series, a list or a 1-D array of labels."
        )
    labels = pd.Series(raw)
    if len(labels) != n_rows:
        raise KompasValueError(
            f"Parameter {parameter!r} must give one group label per row of {data_parameter!r}: "
            f"{data_parameter!r} has {n_rows} rows but {parameter!r} has {len(labels)} labels. "
            "Pass group labels aligned with the data, in the same order."
        )
    labels.name = getattr(groups, "name", None) or "group"
    return labels


def _rwg_from_ratio(ratio: np.ndarray | float) -> np.ndarray:
    """multilevel::rwg: 1 - s^2/sigma_EU^2, with s^2 truncated at sigma_EU^2 (so rwg >= 0)."""
    return 1.0 - np.minimum(ratio, 1.0)


def _rwg_j_from_ratio(ratio: np.ndarray, n_items: np.ndarray) -> np.ndarray:
    """multilevel::rwg.j from mean(item variance / null variance) and J; 0 when ratio >= 1."""
    ratio = np.minimum(ratio, 1.0)
    agreement = n_items * (1.0 - ratio)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = agreement / (agreement + ratio)
    return np.where(n_items > 0, result, np.nan)


def _nan_groups_text(statistic: str, nan_groups: pd.Index, n_groups: int) -> str:
    shown = ", ".join(repr(label) for label in list(nan_groups)[:5])
    extra = len(nan_groups) - 5
    more = f" and {extra} more" if extra > 0 else ""
    return (
        f"{len(nan_groups)} of {n_groups} group(s) ({shown}{more}) "
        f"have fewer than 2 raters with an answer, and {statistic} needs a within-group variance"
    )


def uniform_null_variance(n_options: int) -> float:
    r"""Variance of a discrete uniform distribution over ``n_options`` answer categories.

    Parameters
    ----------
    n_options : int
        Number of response options A (at least 2).

    Returns
    -------
    float
        :math:`\sigma^2_{EU} = (A^2 - 1)/12`: 2.0 for A = 5, 4.0 for A = 7, 6.67 for A = 9.

    Notes
    -----
    The expected error variance of James, Demaree & Wolf (1984) under a rectangular (no
    agreement) null; the values above are those tabulated by LeBreton & Senter (2008, Table 2),
    and multilevel's ``rwg.sim`` uses the same ``(nresp^2 - 1)/12``.

    References
    ----------
    James, L. R., Demaree, R. G., & Wolf, G. (1984). Estimating within-group interrater
    reliability with and without response bias. Journal of Applied Psychology, 69, 85-98.
    LeBreton, J. M., & Senter, J. L. (2008). Answers to 20 questions about interrater
    reliability and interrater agreement. Organizational Research Methods, 11, 815-852.
    """
    a = _check_n_options(n_options)
    return (a * a - 1) / 12.0


def rwg(
    ratings: pd.Series | np.ndarray | list[float],
    *,
    n_options: int = 5,
    groups: pd.Series | np.ndarray | list[object] | None = None,
) -> float | pd.Series:
    r"""Within-group agreement on one item, rwg (James, Demaree & Wolf, 1984).

    Parameters
    ----------
    ratings : array-like of float
        Answers of the raters to one item; NaN marks a missing answer.
    n_options : int, default 5
        Number of response options A, which sets the null variance :math:`(A^2-1)/12`.
    groups : array-like, optional
        Group label of each rating. Without it all ratings form one group.

    Returns
    -------
    float or pandas.Series
        rwg of the single group, or a Series named ``"rwg"`` indexed by group label (sorted)
        when ``groups`` is given. NaN, with a
        :class:`~kompasmetrics.errors.DegenerateStatisticWarning`, for groups with fewer than
        2 answers.

    Notes
    -----
    .. math:: r_{wg} = 1 - \frac{\min(s^2, \sigma^2_{EU})}{\sigma^2_{EU}},
              \qquad \sigma^2_{EU} = \frac{A^2-1}{12},

    with :math:`s^2` the within-group variance (ddof = 1). Checked against multilevel's
    ``R/multilevel.R`` (function ``rwg``, argument ``ranvar``): ratings and labels with NA are
    dropped, a variance above the null variance is set to the null variance, so rwg is
    truncated at 0 (never negative), and a group of size 1 gives NA. Here a group whose ratings
    are all missing is kept in the result with NaN (multilevel's ``na.exclude`` drops it).
    """
    a = _check_n_options(n_options)
    null_variance = (a * a - 1) / 12.0
    values = _vector(ratings, "ratings")
    if groups is None:
        answered = values[~np.isnan(values)]
        if answered.size < 2:
            _warn_degenerate(
                "rwg",
                f"it needs at least 2 non-missing ratings, got {answered.size}",
                "Collect answers from 2 or more raters",
            )
            return float("nan")
        return float(_rwg_from_ratio(np.var(answered, ddof=1) / null_variance))
    labels = _labels(groups, values.size, "groups", "ratings")
    variance = pd.Series(values).groupby(labels, sort=True, dropna=True, observed=True).var()
    result = pd.Series(_rwg_from_ratio(variance.to_numpy() / null_variance), index=variance.index, name="rwg")
    nan_groups = result.index[result.isna()]
    if len(nan_groups):
        _warn_degenerate(
            "rwg",
            _nan_groups_text("rwg", nan_groups, len(result)),
            "Those groups get NaN; collect answers from 2 or more raters per group",
        )
    return result


def rwg_j(
    items: pd.DataFrame | np.ndarray,
    *,
    n_options: int = 5,
    groups: pd.Series | np.ndarray | list[object] | None = None,
) -> float | pd.Series:
    r"""Within-group agreement on a multi-item scale, rwg(j) (James, Demaree & Wolf, 1984).

    Parameters
    ----------
    items : pandas.DataFrame or numpy.ndarray
        Answers, raters in rows and the J items of one scale in columns; NaN marks a missing
        answer. All items share one response scale of ``n_options`` categories.
    n_options : int, default 5
        Number of response options A, which sets the null variance :math:`(A^2-1)/12`.
    groups : array-like, optional
        Group label of each rater (row). Without it all rows form one group.

    Returns
    -------
    float or pandas.Series
        rwg(j) of the single group, or a Series named ``"rwg_j"`` indexed by group label
        (sorted) when ``groups`` is given. NaN, with a
        :class:`~kompasmetrics.errors.DegenerateStatisticWarning`, where no item has 2 answers
        in the group.

    Notes
    -----
    With :math:`\bar s^2` the mean of the item variances (ddof = 1) within the group and
    :math:`x = \bar s^2/\sigma^2_{EU}`,

    .. math:: r_{wg(J)} = \frac{J(1 - x)}{J(1 - x) + x},

    and :math:`r_{wg(J)} = 0` when :math:`\bar s^2 \ge \sigma^2_{EU}`. Checked against
    multilevel's ``R/multilevel.R`` (function ``rwg.j``): a mean variance above ``ranvar`` is
    set to ``ranvar``, which makes the index 0 instead of the negative or greater-than-1 values
    the formula gives there (LeBreton & Senter, 2008, recommend the same), and a group of size
    1 gives NA.

    Missing answers: multilevel removes every rater with any missing item (``na.exclude``)
    and takes J = number of columns. Here each item's variance uses all its answers in the
    group, J counts the items with a defined variance (at least 2 answers), and their mean
    variance is used, so a single missing answer does not discard a rater. Without missing
    data both are identical. This is the rule of the vectorised :func:`grouped_rwg_j`, and
    the tests check that the two agree.

    References
    ----------
    James, L. R., Demaree, R. G., & Wolf, G. (1984). Estimating within-group interrater
    reliability with and without response bias. Journal of Applied Psychology, 69, 85-98.
    LeBreton, J. M., & Senter, J. L. (2008). Answers to 20 questions about interrater
    reliability and interrater agreement. Organizational Research Methods, 11, 815-852.
    """
    a = _check_n_options(n_options)
    null_variance = (a * a - 1) / 12.0
    values, _ = _item_matrix(items)
    frame = pd.DataFrame(values)
    if groups is None:
        variance = frame.var().to_numpy() if len(frame) else np.full(values.shape[1], np.nan)
        defined = ~np.isnan(variance)
        if not defined.any():
            _warn_degenerate(
                "rwg_j",
                "no item has at least 2 non-missing ratings, so no within-group variance is defined",
                "Collect answers from 2 or more raters",
            )
            return float("nan")
        ratio = np.mean(variance[defined]) / null_variance
        return float(_rwg_j_from_ratio(np.asarray(ratio), np.asarray(defined.sum())))
    labels = _labels(groups, values.shape[0], "groups", "items")
    variance = frame.groupby(labels, sort=True, dropna=True, observed=True).var()
    ratios = variance.to_numpy() / null_variance
    n_defined = (~np.isnan(ratios)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_ratio = np.nansum(ratios, axis=1) / n_defined
    result = pd.Series(_rwg_j_from_ratio(mean_ratio, n_defined), index=variance.index, name="rwg_j")
    nan_groups = result.index[result.isna()]
    if len(nan_groups):
        _warn_degenerate(
            "rwg_j",
            _nan_groups_text("rwg_j", nan_groups, len(result)),
            "Those groups get NaN; collect answers from 2 or more raters per group",
        )
    return result


__all__ = ["rwg", "rwg_j", "uniform_null_variance"]
