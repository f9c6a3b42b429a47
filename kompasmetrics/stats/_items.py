"""What alpha, item-total statistics and omega share: the item matrix, the missing-answer policy,
items without variance, and the pairwise moments of a set of items, computed once (:class:`ItemMoments`).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np
import pandas as pd

from ..errors import DegenerateStatisticWarning, KompasValueError

NanPolicy = Literal["pairwise", "listwise"]
_NAN_POLICIES: tuple[str, ...] = ("pairwise", "listwise")


def _warn_degenerate(statistic: str, reason: str, fix: str, *, is_nan: bool = True, stacklevel: int = 3) -> None:
    """Warn that ``statistic`` is NaN (or, ``is_nan=False``, qualified) because of ``reason``."""
    outcome = " is NaN" if is_nan else ""
    warnings.warn(
        f"{statistic}{outcome}: {reason}. {fix}.",
        DegenerateStatisticWarning,
        stacklevel=stacklevel,
    )


def _check_nan_policy(nan_policy: object) -> str:
    if nan_policy not in _NAN_POLICIES:
        raise KompasValueError(
            f"Parameter 'nan_policy' must be one of {', '.join(map(repr, _NAN_POLICIES))}; "
            f"got {nan_policy!r}. Use 'pairwise' to use every available answer (as psych::alpha "
            "does) or 'listwise' to drop respondents with any missing item first."
        )
    return str(nan_policy)


def _item_matrix(items: pd.DataFrame | np.ndarray, parameter: str = "items") -> tuple[np.ndarray, pd.Index]:
    """Return ``(values, names)``: a float (n_rows, n_items) array with NaN for missing answers."""
    if isinstance(items, pd.DataFrame):
        frame = items
    else:
        array = np.asarray(items)
        if array.ndim != 2:
            raise KompasValueError(
                f"Parameter {parameter!r} must be two-dimensional (respondents in rows, items in "
                f"columns); got an array with {array.ndim} dimension(s) and shape {array.shape}. "
                "Pass a DataFrame or a 2-D array; for a single item use a one-column array."
            )
        frame = pd.DataFrame(array)
    try:
        values = frame.to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        non_numeric = [str(name) for name in frame.columns if not pd.api.types.is_numeric_dtype(frame[name].dtype)]
        raise KompasValueError(
            f"Parameter {parameter!r} must hold numeric answers; column(s) "
            f"{', '.join(non_numeric) or '(unknown)'} are not numeric. Convert the answers to "
            "numbers (for example 1-5) and leave missing answers empty (NaN)."
        ) from None
    return values, pd.Index(frame.columns)


def _describe_items(names: Sequence[object], limit: int = 5) -> str:
    shown = ", ".join(repr(name) for name in list(names)[:limit])
    extra = len(names) - limit
    return shown + (f" and {extra} more" if extra > 0 else "")


def _listwise(values: np.ndarray) -> np.ndarray:
    return values[~np.isnan(values).any(axis=1)]


def _constant_items(values: np.ndarray) -> np.ndarray:
    """Mask of items without variance: constant or fewer than 2 answers (psych drops them)."""
    missing = np.isnan(values)
    counts = (~missing).sum(axis=0)
    highest = np.max(np.where(missing, -np.inf, values), axis=0, initial=-np.inf)
    lowest = np.min(np.where(missing, np.inf, values), axis=0, initial=np.inf)
    return (counts < 2) | ~(highest - lowest > 0)


def _warn_constant_items(names: pd.Index, constant: np.ndarray, statistic: str, *, stacklevel: int) -> None:
    kept = names[~constant]
    _warn_degenerate(
        statistic,
        f"item(s) {_describe_items(list(names[constant]))} have no variance (all answers "
        "equal, or fewer than 2 answers) and were left out, as psych does",
        f"The statistic uses the remaining {len(kept)} item(s); remove constant items from "
        "the scale or collect more answers",
        is_nan=False,
        stacklevel=stacklevel,
    )


def _answered_items(moments: ItemMoments, statistic: str) -> np.ndarray | None:
    """Mask of the items with variance, constant items warned about; None, with a warning, when
    there are no answers at all. Called from the core of a public statistic (stack levels)."""
    if _no_answers(moments.values):
        _warn_degenerate(
            statistic,
            "there are no answers (all values missing, or no complete respondent with nan_policy='listwise')",
            "Pass answered items, or use nan_policy='pairwise'",
            stacklevel=5,
        )
        return None
    if moments.constant.any() and moments.values.shape[0] > 0:
        _warn_constant_items(moments.names, moments.constant, statistic, stacklevel=6)
    return ~moments.constant


def _pairwise_covariance(values: np.ndarray) -> np.ndarray:
    """R's ``cov(x, use = "pairwise")``: each entry from the rows where both items are answered."""
    return pd.DataFrame(values).cov().to_numpy()


def _pairwise_correlation(values: np.ndarray) -> np.ndarray:
    """R's ``cor(x, use = "pairwise")``: means and SDs of each pair from its common rows."""
    return pd.DataFrame(values).corr().to_numpy()


def _pairwise_sums(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """``n, s, q, p``: for every item pair (i, j) over the rows where both are answered, the
    count, the sum of item i, the sum of its squares, and the sum of products (one Gram matrix).

    None unless these are exact integers in float64: whole answers small enough that
    ``n * sum(x^2)`` stays below 2**52 (every Likert scale), and at least one answer.
    """
    k, n_rows = values.shape[1], values.shape[0]
    answered = ~np.isnan(values)
    filled = np.where(answered, values, 0.0)
    largest = float(np.abs(filled).max()) if filled.size else 0.0
    if not (answered.any() and float(n_rows) ** 2 * largest**2 < 2.0**52 and np.array_equal(filled, np.round(filled))):
        return None
    stacked = np.concatenate([filled, filled * filled, answered], axis=1)
    gram = stacked.T @ stacked
    return gram[2 * k :, 2 * k :], gram[:k, 2 * k :], gram[k : 2 * k, 2 * k :], gram[:k, :k]


@dataclass(frozen=True)
class ItemMoments:
    """The answers to a set of items and their pairwise moments, computed once and shared by
    :func:`cronbach_alpha`, :func:`item_total_statistics` and :func:`mcdonald_omega` (scoring
    computes all three per scale from one of these).

    ``covariance`` and ``correlation`` are R's ``cov``/``cor(x, use = "pairwise")`` of all items
    (constant ones included; a pair answered together by fewer than 2 respondents, or constant
    among them, is NaN). For whole answers of a Likert size they come from one Gram matrix of the
    answers, their squares and the answered mask, whose sums are exact integers in float64, so
    ``(n p - s_i s_j) / (n (n - 1))`` is exact up to its final rounding; other data go through
    pandas' two-pass ``cov``/``corr``.
    """

    values: np.ndarray
    names: pd.Index

    @classmethod
    def of(cls, items: pd.DataFrame | np.ndarray, nan_policy: object = "pairwise") -> ItemMoments:
        values, names = _prepare(items, nan_policy)
        return cls(values, names)

    @cached_property
    def constant(self) -> np.ndarray:
        """Items without variance: fewer than 2 answers, or all answers equal (psych drops them)."""
        if self._sums is None:
            return _constant_items(self.values)
        n, s, q, _ = (np.diag(matrix) for matrix in self._sums)
        return (n < 2) | ~(n * q - s * s > 0)  # exact: zero only when every answer is the same

    @cached_property
    def _sums(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
        return _pairwise_sums(self.values)

    @cached_property
    def covariance(self) -> np.ndarray:
        if self._sums is None:
            return _pairwise_covariance(self.values)
        n, s, _, p = self._sums
        with np.errstate(invalid="ignore", divide="ignore"):
            return (n * p - s * s.T) / (n * (n - 1))

    @cached_property
    def item_summary(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Answers, mean and standard deviation (ddof = 1; NaN below 2 answers) of every item."""
        if self._sums is None:
            values = self.values
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN items: NaN mean and SD
                n = (~np.isnan(values)).sum(axis=0)
                empty = np.full(values.shape[1], np.nan)
                mean = np.nanmean(values, axis=0) if values.shape[0] else empty
                sd = np.nanstd(values, axis=0, ddof=1) if values.shape[0] else empty
            return n, mean, np.where(n >= 2, sd, np.nan)
        n, s, q, _ = (np.diag(matrix) for matrix in self._sums)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(n > 0, s / n, np.nan)
            sd = np.where(n >= 2, np.sqrt((n * q - s * s) / (n * (n - 1))), np.nan)
        return n.astype(np.int64), mean, sd

    @cached_property
    def correlation(self) -> np.ndarray:
        if self._sums is None:
            return _pairwise_correlation(self.values)
        n, s, q, p = self._sums
        spread = n * q - s * s  # n times the sum of squared deviations of item i on the common rows
        with np.errstate(invalid="ignore", divide="ignore"):
            correlation = (n * p - s * s.T) / np.sqrt(spread * spread.T)
        defined = np.diag(spread) > 0
        correlation[np.diag_indices_from(correlation)] = np.where(defined, 1.0, np.nan)
        return correlation


def _first_missing_pair(matrix: np.ndarray, names: pd.Index) -> str:
    rows, columns = np.nonzero(np.isnan(matrix))
    return f"{names[rows[0]]!r} and {names[columns[0]]!r}"


def _prepare(items: pd.DataFrame | np.ndarray, nan_policy: object) -> tuple[np.ndarray, pd.Index]:
    policy = _check_nan_policy(nan_policy)
    values, names = _item_matrix(items)
    if policy == "listwise":
        values = _listwise(values)
    return values, names


def _no_answers(values: np.ndarray) -> bool:
    return values.size == 0 or bool(np.isnan(values).all())
