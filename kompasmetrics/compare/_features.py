"""The feature table for comparing partnerships: one row per partnership, one column per scale."""

from __future__ import annotations

import pandas as pd

from ..errors import KompasKeyError
from ..scoring import Scores
from ..scoring._model import protected

MAX_MISSING_SHARE = 0.5


def partnership_features(
    scores: Scores,
    *,
    scales: list[str] | None = None,
    wave: object = "latest",
    min_respondents: int = 5,
    min_organisations: int = 2,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Partnership scale scores to compare, and the partnerships left out with their reason.

    Parameters
    ----------
    scores : Scores
    scales : list of str, optional
        Scales to use; all scored scales by default.
    wave : "latest", a wave value or None
        With waves, which wave to take per partnership: its latest (default) or a given wave.
    min_respondents, min_organisations : int
        Partnerships below these (the diagnosis's ``insufficient_data``) are left out.

    Returns
    -------
    features : DataFrame
        Indexed by partnership; missing scale scores remain NaN (the caller imputes).
    excluded : DataFrame
        ``partnership``, ``reason``.
    """
    available = scores.scales
    scales = list(available) if scales is None else list(scales)
    unknown = [s for s in scales if s not in available]
    if unknown:
        raise KompasKeyError(f"scales={unknown!r} are not scored in this study; available: {', '.join(available)}.")
    # Cached on the (immutable) Scores: a dashboard's radar asks for the same portfolio band with
    # every partnership it draws.
    key = ("features", tuple(scales), wave, min_respondents, min_organisations)
    if key not in scores._cache:
        scores._cache[key] = _features(scores, scales, wave, min_respondents, min_organisations)
    features, excluded = scores._cache[key]
    return protected(features), protected(excluded)


def _features(
    scores: Scores, scales: list[str], wave: object, min_respondents: int, min_organisations: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    table = scores.partnerships
    if scores.has_waves:
        table = (table if wave is None else scores.at(wave=wave).partnerships).droplevel("wave")
    reasons = pd.Series("", index=table.index, dtype=object)
    reasons[table["n_organisations"] < min_organisations] = f"fewer than {min_organisations} organisations"
    reasons[table["n_respondents"] < min_respondents] = f"fewer than {min_respondents} respondents"
    reasons[table["suppressed"]] = "suppressed (below the minimum group size)"
    missing_share = table[scales].isna().mean(axis=1)
    reasons[(reasons == "") & (missing_share > MAX_MISSING_SHARE)] = (
        f"more than {MAX_MISSING_SHARE:.0%} of the scale scores missing"
    )
    keep = reasons == ""
    excluded = reasons[~keep].rename("reason").rename_axis("partnership").reset_index()
    return table.loc[keep, scales].astype(float), excluded
