"""Response-quality indices per respondent: longstring, IRV, share answered, completion time.

Definitions follow the R package careless (Yentes & Wilhelm), version 1.2:

- ``longstring``: the length of the longest run of identical consecutive answers, in the order
  the questions were asked (``careless::longstring``: ``max(rle(x)$lengths)``). As in R's ``rle``,
  a missing answer is never equal to anything, so it breaks a run and is a run of length 1.
- ``irv``: intra-individual response variability, the standard deviation (n - 1 denominator)
  of a respondent's answers, missing answers left out (``careless::irv(x, na.rm = TRUE)``;
  Dunn, Heggestad, Shanock & Theilgard, 2018). Missing with fewer than two answers.

Answers are the raw answers as the respondent gave them, before reverse keying.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._cells import Columns, as_dates

DEFAULT_RULES = {
    "longstring_share": 0.5,
    "longstring_min": 10,
    "irv_below": 0.25,
    "irv_min_answers": 10,
    "seconds_per_item": 2.0,
}
"""Default thresholds for flagging a response (see :func:`quality_flags`)."""


def longstring(answers: np.ndarray) -> np.ndarray:
    """Longest run of identical consecutive answers per row (careless::longstring).

    Parameters
    ----------
    answers : array of float, shape (respondents, items)
        Answers in the order they were asked; NaN for missing.

    Returns
    -------
    ndarray of int, shape (respondents,)
        0 for a row without items.

    Examples
    --------
    >>> longstring(np.array([[3, 3, 3, 1, 1], [1, 2, 3, 4, 5], [2, np.nan, np.nan, 2, 2]]))
    array([3, 1, 2])
    """
    answers = np.asarray(answers, dtype=float)
    n, k = answers.shape
    if k == 0:
        return np.zeros(n, dtype=int)
    same = answers[:, 1:] == answers[:, :-1]  # NaN == NaN is False: a missing answer breaks a run
    run = np.zeros((n, k), dtype=np.int64)
    run[:, 1:] = np.cumsum(~same, axis=1)  # run number of every answer within its row
    counts = np.bincount((run + np.arange(n)[:, None] * k).ravel(), minlength=n * k).reshape(n, k)
    return counts.max(axis=1)


def irv(answers: np.ndarray) -> np.ndarray:
    """Intra-individual response variability per row (careless::irv, ``na.rm = TRUE``).

    The standard deviation with n - 1 in the denominator of each row's answered items; NaN for a
    row with fewer than two answers.

    Examples
    --------
    >>> irv(np.array([[3, 3, 3, 3], [1, 5, 1, 5], [4, np.nan, np.nan, np.nan]])).round(4)
    array([0.    , 2.3094,    nan])
    """
    answers = np.asarray(answers, dtype=float)
    answered = ~np.isnan(answers)
    n = answered.sum(axis=1)
    filled = np.where(answered, answers, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = filled.sum(axis=1) / n
        deviation = np.where(answered, answers - mean[:, None], 0.0)
        variance = (deviation**2).sum(axis=1) / (n - 1)
    return np.where(n >= 2, np.sqrt(variance), np.nan)


@dataclass(frozen=True)
class QualityFlags:
    """Which rows look careless or too fast, and a reason text per flagged row."""

    careless: np.ndarray
    too_fast: np.ndarray
    reasons: np.ndarray  # object: str or None

    @property
    def any(self) -> np.ndarray:
        """Rows flagged as careless, too fast, or both."""
        return self.careless | self.too_fast


def quality_flags(
    longest: np.ndarray,
    variability: np.ndarray,
    n_answered: np.ndarray,
    seconds: np.ndarray,
    rules: Mapping[str, float],
) -> QualityFlags:
    """Flag careless and too-fast responses.

    A response is *careless* when its longest run covers at least ``longstring_share`` of the
    items answered (and at least ``longstring_min`` items), or when it answered at least
    ``irv_min_answers`` items with an IRV below ``irv_below``. It is *too fast* when the
    completion time is below ``seconds_per_item`` seconds per item answered (Huang, Curran,
    Keeney, Poposki & DeShon, 2012, propose 2 seconds per item).
    """
    n_answered = np.asarray(n_answered, dtype=float)
    long_run = longest >= np.maximum(rules["longstring_share"] * n_answered, rules["longstring_min"])
    low_variability = (n_answered >= rules["irv_min_answers"]) & (variability < rules["irv_below"])
    careless = (long_run | low_variability) & (n_answered > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        per_item = seconds / n_answered
    too_fast = (per_item < rules["seconds_per_item"]) & (n_answered > 0)
    reasons = np.full(len(careless), None, dtype=object)
    for row in np.flatnonzero(careless | too_fast):
        parts = []
        if careless[row]:
            parts.append(
                f"possibly careless: longest run of identical answers {int(longest[row])} of "
                f"{int(n_answered[row])} answered, IRV {variability[row]:.2f}"
            )
        if too_fast[row]:
            parts.append(
                f"too fast: {seconds[row]:.0f} s for {int(n_answered[row])} items "
                f"({per_item[row]:.1f} s per item, threshold {rules['seconds_per_item']:g})"
            )
        reasons[row] = "; ".join(parts)
    return QualityFlags(careless=careless, too_fast=too_fast, reasons=reasons)


QUALITY_COLUMNS = [
    "file",
    "sheet",
    "row",
    "respondent_id",
    "n_items",
    "n_answered",
    "share_answered",
    "longstring",
    "irv",
    "duration_seconds",
    "seconds_per_item",
    "careless",
    "too_fast",
    "kept",
    "left_out_because",
]


@dataclass(frozen=True)
class QualityIndices:
    """Stage 4 of a file's import: the indices and flags of every data row read."""

    n_items: int
    n_answered: np.ndarray
    longest: np.ndarray
    variability: np.ndarray
    seconds: np.ndarray
    flags: QualityFlags


def quality_indices(answers: np.ndarray, seconds: np.ndarray, rules: Mapping[str, float]) -> QualityIndices:
    """The indices of the raw answers (rows x items, in the order asked) and the completion times."""
    n_answered = (~np.isnan(answers)).sum(axis=1)
    longest = longstring(answers)
    variability = irv(answers)
    flags = quality_flags(longest, variability, n_answered, seconds, rules)
    return QualityIndices(answers.shape[1], n_answered, longest, variability, seconds, flags)


def completion_seconds(roles: Mapping[str, int], data: Columns) -> np.ndarray:
    """Seconds each response took: the export's duration column, or its end time minus its start
    time; NaN where the export has neither."""
    if "duration_seconds" in roles:
        values = pd.Series(data[roles["duration_seconds"]], dtype=object).replace("", None)
        return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    if "started_at" in roles and "ended_at" in roles:
        start = as_dates(data[roles["started_at"]])
        end = as_dates(data[roles["ended_at"]])
        return (pd.Series(end) - pd.Series(start)).dt.total_seconds().to_numpy(dtype=float)
    return np.full(data.n_rows, np.nan)


def quality_table(
    indices: QualityIndices,
    file: str,
    sheet: str | None,
    rows: np.ndarray,
    ids: np.ndarray,
    kept: np.ndarray,
    reasons: np.ndarray,
) -> pd.DataFrame:
    """One row per data row read (see :func:`kompasmetrics.read_survey`), kept or not."""
    n_answered, seconds = indices.n_answered, indices.seconds
    with np.errstate(invalid="ignore", divide="ignore"):
        share = n_answered / indices.n_items if indices.n_items else np.full(len(rows), np.nan)
        per_item = seconds / n_answered
    return pd.DataFrame(
        {
            "file": file,
            "sheet": sheet,
            "row": rows,
            "respondent_id": ids.astype(str),
            "n_items": indices.n_items,
            "n_answered": n_answered,
            "share_answered": share,
            "longstring": indices.longest,
            "irv": indices.variability,
            "duration_seconds": seconds,
            "seconds_per_item": np.where(n_answered > 0, per_item, np.nan),
            "careless": indices.flags.careless,
            "too_fast": indices.flags.too_fast,
            "kept": kept,
            "left_out_because": pd.array(reasons, dtype="string"),
        },
        columns=QUALITY_COLUMNS,
    )
