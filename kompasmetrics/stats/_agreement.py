"""Within-group agreement (rwg, rwg(j)) and group-mean reliability (ICC(1), ICC(2)).

The definitions follow R's multilevel package (Bliese), checked against its source
``R/multilevel.R``, which holds the functions ``rwg``, ``rwg.j``, ``ICC1`` and ``ICC2``; every
choice is stated in the Notes of the function that makes it. The public functions take labelled
data and warn about undefined results; the ``grouped_*`` / ``oneway_icc`` internals take integer
group codes, are vectorised over groups and columns for the scoring engine, and do not warn.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from ..errors import KompasValueError
from ._reliability import _item_matrix, _warn_degenerate

# ----------------------------------------------------------------------------------------------
# argument helpers
# ----------------------------------------------------------------------------------------------


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


# ----------------------------------------------------------------------------------------------
# rwg
# ----------------------------------------------------------------------------------------------


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


# ----------------------------------------------------------------------------------------------
# ICC(1), ICC(2)
# ----------------------------------------------------------------------------------------------


def _icc_from_mean_squares(
    msb: np.ndarray, msw: np.ndarray, mean_group_size: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """ICC(1) and ICC(2) from the one-way ANOVA mean squares; NaN where undefined."""
    with np.errstate(divide="ignore", invalid="ignore"):
        icc1 = (msb - msw) / (msb + (mean_group_size - 1.0) * msw)
        icc2 = (msb - msw) / msb
    no_between = ~(msb > 1e-13 * (msb + msw))
    no_variance = ~(msb + msw > 0)
    icc1 = np.where(no_variance | ~np.isfinite(icc1), np.nan, icc1)
    icc2 = np.where(no_between | ~np.isfinite(icc2), np.nan, icc2)
    return icc1, icc2


def _oneway_anova(values: object, groups: object, statistic: str) -> dict[str, float]:
    """Mean squares of a one-way ANOVA of ``values`` by ``groups``; warns when undefined."""
    numeric = _vector(values, "values")
    labels = _labels(groups, numeric.size, "groups", "values")
    keep = ~np.isnan(numeric) & labels.notna().to_numpy()
    frame = pd.DataFrame({"value": numeric[keep], "group": labels.to_numpy()[keep]})
    summary = frame.groupby("group", sort=False, observed=True)["value"].agg(["count", "mean", "var"])
    n_rows = int(summary["count"].sum())
    n_groups = len(summary)
    out = {"n": float(n_rows), "groups": float(n_groups), "msb": np.nan, "msw": np.nan, "k": np.nan}
    if n_rows == 0:
        _warn_degenerate(
            statistic,
            "all values (or all group labels) are missing",
            "Pass values with group labels",
            stacklevel=4,
        )
        return out
    if n_groups < 2:
        _warn_degenerate(
            statistic,
            f"a one-way ANOVA needs at least 2 groups, got {n_groups}",
            "Pass values from 2 or more groups",
            stacklevel=4,
        )
        return out
    if n_rows == n_groups:
        _warn_degenerate(
            statistic,
            "every group has a single member, so the within-group mean square is undefined",
            "At least one group needs 2 or more members",
            stacklevel=4,
        )
        return out
    count = summary["count"].to_numpy(dtype=float)
    mean = summary["mean"].to_numpy()
    grand_mean = np.sum(count * mean) / n_rows
    ss_between = np.sum(count * (mean - grand_mean) ** 2)
    ss_within = np.sum((count - 1.0) * np.nan_to_num(summary["var"].to_numpy()))
    out.update(
        msb=ss_between / (n_groups - 1),
        msw=ss_within / (n_rows - n_groups),
        k=n_rows / n_groups,
    )
    if frame["value"].max() == frame["value"].min():
        _warn_degenerate(
            statistic,
            "all values are equal (zero total variance)",
            "The statistic needs values that vary",
            stacklevel=4,
        )
        out.update(msb=np.nan, msw=np.nan)
    return out


def icc1(values: pd.Series | np.ndarray | list[float], groups: object) -> float:
    r"""ICC(1): share of variance due to group membership, as ``multilevel::ICC1``.

    Parameters
    ----------
    values : array-like of float
        One value per respondent (an item answer or a scale score); NaN marks missing.
    groups : array-like
        Group label of each value, same length as ``values``.

    Returns
    -------
    float
        ICC(1), the reliability of a single respondent's value as an estimate of the group
        mean. NaN with a :class:`~kompasmetrics.errors.DegenerateStatisticWarning` when there
        are no values, fewer than 2 groups, only groups of size 1, or zero total variance.

    Notes
    -----
    One-way ANOVA of the values by group, with N non-missing values in J groups:
    :math:`MSB = \sum_g n_g(\bar y_g - \bar y)^2/(J-1)`,
    :math:`MSW = \sum_g\sum_i (y_{gi} - \bar y_g)^2/(N-J)` and mean group size
    :math:`k = N/J`. Then (Bliese, 2000)

    .. math:: ICC(1) = \frac{MSB - MSW}{MSB + (k-1)MSW}.

    Checked against multilevel's ``R/multilevel.R`` (function ``ICC1``, which reads MSB and
    MSW from ``summary(aov(y ~ as.factor(group)))``): the group size is
    ``(df_within + df_between + 1)/(df_between + 1)`` = N/J, the *mean* group size (not the
    n0 of unbalanced ANOVA). Rows with a missing value or label are dropped (``aov``'s
    ``na.omit``). A group of size 1 adds to N, J and MSB but nothing to the within sum of
    squares. Negative values are returned as they are (multilevel does not truncate). With
    balanced groups this is Shrout & Fleiss's ICC(1,1) (``pingouin.intraclass_corr``'s ICC1).

    References
    ----------
    Bliese, P. D. (2000). Within-group agreement, non-independence, and reliability. In
    K. J. Klein & S. W. J. Kozlowski (Eds.), Multilevel theory, research, and methods in
    organizations (pp. 349-381). San Francisco: Jossey-Bass.
    Shrout, P. E., & Fleiss, J. L. (1979). Intraclass correlations: Uses in assessing rater
    reliability. Psychological Bulletin, 86, 420-428.
    """
    anova = _oneway_anova(values, groups, "icc1")
    result, _ = _icc_from_mean_squares(np.asarray(anova["msb"]), np.asarray(anova["msw"]), np.asarray(anova["k"]))
    return float(result)


def icc2(values: pd.Series | np.ndarray | list[float], groups: object) -> float:
    r"""ICC(2): reliability of the group means, as ``multilevel::ICC2``.

    Parameters
    ----------
    values : array-like of float
        One value per respondent (an item answer or a scale score); NaN marks missing.
    groups : array-like
        Group label of each value, same length as ``values``.

    Returns
    -------
    float
        ICC(2). NaN with a :class:`~kompasmetrics.errors.DegenerateStatisticWarning` in the
        cases listed for :func:`icc1`, and when all group means are equal (MSB = 0).

    Notes
    -----
    With the one-way ANOVA mean squares of :func:`icc1` (Bliese, 2000),

    .. math:: ICC(2) = \frac{MSB - MSW}{MSB},

    which is the Spearman-Brown step-up of ICC(1) to the mean group size N/J only for
    balanced groups. Checked against multilevel's ``R/multilevel.R`` (function ``ICC2``:
    ``(MSB - MSW)/MSB`` from the ``aov`` table; no group size enters). Missing values, groups
    of size 1 and negative values are handled as in :func:`icc1`. With balanced groups this is
    Shrout & Fleiss's ICC(1,k) (``pingouin.intraclass_corr``'s ICC1k).

    References
    ----------
    Bliese, P. D. (2000). Within-group agreement, non-independence, and reliability. In
    K. J. Klein & S. W. J. Kozlowski (Eds.), Multilevel theory, research, and methods in
    organizations (pp. 349-381). San Francisco: Jossey-Bass.
    """
    anova = _oneway_anova(values, groups, "icc2")
    msb = np.asarray(anova["msb"])
    if np.isfinite(msb) and not msb > 1e-13 * (msb + anova["msw"]):
        _warn_degenerate(
            "icc2",
            "the group means are all equal (between-group mean square 0), so (MSB - MSW)/MSB is undefined",
            "ICC(2) needs groups whose means differ",
        )
        return float("nan")
    _, result = _icc_from_mean_squares(msb, np.asarray(anova["msw"]), np.asarray(anova["k"]))
    return float(result)


# ----------------------------------------------------------------------------------------------
# vectorised internals for the scoring engine
# ----------------------------------------------------------------------------------------------


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
    x = np.asarray(x, dtype=float)
    if x.ndim == 1:
        x = x[:, None]
    codes = np.asarray(codes, dtype=np.intp)
    n_items = x.shape[1]
    count = np.zeros((n_groups, n_items), dtype=np.int64)
    total = np.zeros((n_groups, n_items))
    squares = np.zeros((n_groups, n_items))
    if codes.size:
        order = np.argsort(codes, kind="stable")
        sorted_codes = codes[order]
        present, starts = np.unique(sorted_codes, return_index=True)
        block = np.repeat(np.arange(present.size), np.diff(np.append(starts, codes.size)))
        # A few items at a time: the temporaries stay a fraction of x for a million respondents.
        for first in range(0, n_items, _ITEM_CHUNK):
            columns = slice(first, min(first + _ITEM_CHUNK, n_items))
            filled = x[order, columns]
            answered = ~np.isnan(filled)
            np.copyto(filled, 0.0, where=~answered)
            block_count = np.add.reduceat(answered, starts, axis=0, dtype=np.int64)
            block_total = np.add.reduceat(filled, starts, axis=0)
            with np.errstate(divide="ignore", invalid="ignore"):
                block_mean = np.where(block_count > 0, block_total / block_count, 0.0)
            deviation = filled - block_mean[block]
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
    count, mean, variance = grouped_item_moments(values, codes, n_groups)
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
    "grouped_item_moments",
    "grouped_rwg_j",
    "icc1",
    "icc2",
    "oneway_icc",
    "rwg",
    "rwg_j",
    "uniform_null_variance",
]
