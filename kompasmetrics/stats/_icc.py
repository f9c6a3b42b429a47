"""Group-mean reliability from a one-way ANOVA: ICC(1) and ICC(2), as R's multilevel.

Checked against multilevel's ``R/multilevel.R`` (functions ``ICC1`` and ``ICC2``); every choice
is stated in the Notes of the function that makes it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._items import _warn_degenerate
from ._rwg import _labels, _vector


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


__all__ = ["icc1", "icc2"]
