"""`compare_waves()`: change per partnership and scale between measurement waves."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats

from ..errors import KompasValueError
from ..scoring import Scores


def compare_waves(scores: Scores, *, confidence: float = 0.95) -> pd.DataFrame:
    """Change between consecutive waves, with a reliable-change criterion.

    Parameters
    ----------
    scores : Scores
        Scored from a survey with a ``wave`` column.
    confidence : float, default 0.95
        A change is reliable when it exceeds its uncertainty at this level.

    Returns
    -------
    DataFrame
        One row per partnership, scale and pair of consecutive waves it was measured in:
        ``partnership``, ``scale``, ``wave_from``, ``wave_to``, ``score_from``, ``score_to``,
        ``change`` (points, 0-100 metric), ``se_change``, ``reliable_change_index``
        (``change / se_change``), ``reliable`` (bool), ``direction`` (``up``, ``down`` or
        ``unchanged`` when the change is not reliable).

    Notes
    -----
    The reliable change index follows Jacobson & Truax (1991), ``RCI = (x2 - x1) / S_diff``, with
    ``S_diff`` taken for partnership means rather than individuals:
    ``sqrt(se_1^2 + se_2^2)``, the standard errors of the two partnership scores (``se`` in
    ``scores.intervals``: the respondents' spread over the root of Kish's effective size, which
    includes measurement error). Waves are treated as independent samples of respondents, which is
    conservative when the same people answer twice. ``|RCI|`` above the normal quantile of
    ``confidence`` (1.96 for 0.95) is a reliable change. Suppressed partnerships have no standard
    error and so no reliable change.
    """
    if not scores.has_waves:
        raise KompasValueError(
            "compare_waves() needs scores from a survey with a 'wave' column; "
            "these scores have one measurement per partnership."
        )
    if not 0 < confidence < 1:
        raise KompasValueError(f"confidence={confidence!r}: give a level between 0 and 1, such as 0.95.")
    long = scores.intervals.sort_values(["partnership", "scale", "wave"])
    grouped = long.groupby(["partnership", "scale"], sort=False)
    previous = grouped[["wave", "score", "se"]].shift(1)
    table = pd.DataFrame(
        {
            "partnership": long["partnership"],
            "scale": long["scale"],
            "wave_from": previous["wave"],
            "wave_to": long["wave"],
            "score_from": previous["score"],
            "score_to": long["score"],
        }
    )
    table = table[previous["wave"].notna()]
    table["wave_from"] = table["wave_from"].astype(long["wave"].dtype)
    table["change"] = table["score_to"] - table["score_from"]
    table["se_change"] = np.sqrt(previous.loc[table.index, "se"] ** 2 + long.loc[table.index, "se"] ** 2)
    table["reliable_change_index"] = table["change"] / table["se_change"]
    critical = scipy_stats.norm.ppf(0.5 + confidence / 2)
    table["reliable"] = table["reliable_change_index"].abs() >= critical
    table["direction"] = np.where(~table["reliable"], "unchanged", np.where(table["change"] > 0, "up", "down"))
    return table.reset_index(drop=True)
