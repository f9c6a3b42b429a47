"""`benchmark()`: one partnership against the portfolio, scale by scale."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import expect
from ..errors import KompasKeyError
from ..scoring import Scores
from ._clustering import Clustering
from ._features import partnership_features


def benchmark(
    scores: Scores,
    partnership: str,
    *,
    clusters: Clustering | None = None,
    wave: object = "latest",
    scales: list[str] | None = None,
) -> pd.DataFrame:
    """Compare one partnership with the portfolio on every scale.

    Parameters
    ----------
    scores : Scores
    partnership : str
        The partnership to compare.
    clusters : Clustering, optional
        From :func:`cluster_partnerships`: adds the partnership's cluster and the cluster means.
    wave : "latest", a wave or None
        With waves: the partnership's latest measurement (default) against every partnership's
        latest, or one given wave.
    scales : list of str, optional

    Returns
    -------
    DataFrame
        Indexed by scale: ``label_nl``, ``label_en``, ``ring``, ``value`` (0-100), ``lower``,
        ``upper`` (its interval), ``percentile`` (share of the portfolio's partnerships scoring
        lower, ties counted half, 0-100), ``p25``, ``p50``, ``p75`` (portfolio quartiles),
        ``n_partnerships`` (portfolio size on that scale), and with ``clusters``: ``cluster``,
        ``cluster_mean``.

    Notes
    -----
    The portfolio is every partnership with enough data to compare (see ``excluded`` of
    :func:`cluster_partnerships`); the partnership itself is part of it. A partnership with too
    little data can still be looked up, its value is then missing.
    """
    expect(scores, Scores, "benchmark", "scores")
    features, _ = partnership_features(scores, scales=scales, wave=wave, min_respondents=1, min_organisations=1)
    table = scores.partnerships
    if scores.has_waves:
        known = table.index.get_level_values("partnership").unique()
    else:
        known = table.index
    if partnership not in known:
        from .._messages import suggestion

        raise KompasKeyError(
            f"There is no partnership {partnership!r} in these scores.{suggestion(partnership, map(str, known))}"
        )
    portfolio, _ = partnership_features(scores, scales=scales, wave=wave)
    scales = list(portfolio.columns)
    value = features.loc[partnership, scales] if partnership in features.index else pd.Series(np.nan, index=scales)
    below = (portfolio.lt(value, axis=1)).sum() + 0.5 * (portfolio.eq(value, axis=1)).sum()
    counts = portfolio.count()
    instrument = scores.instrument.scales.set_index("scale")
    result = pd.DataFrame(
        {
            "label_nl": instrument.loc[scales, "label_nl"],
            "label_en": instrument.loc[scales, "label_en"],
            "ring": instrument.loc[scales, "ring"],
            "value": value,
            "percentile": (below / counts * 100).where(value.notna()),
            "p25": portfolio.quantile(0.25),
            "p50": portfolio.quantile(0.50),
            "p75": portfolio.quantile(0.75),
            "n_partnerships": counts,
        },
        index=pd.Index(scales, name="scale"),
    )
    intervals = scores.at(wave=wave).intervals if scores.has_waves and wave is not None else scores.intervals
    mine = intervals[intervals["partnership"] == partnership]
    if scores.has_waves and wave is None:
        mine = mine.iloc[0:0]  # all waves pooled: no one interval is the partnership's
    mine = mine.set_index("scale")
    result.insert(4, "lower", mine["lower"].reindex(scales))
    result.insert(5, "upper", mine["upper"].reindex(scales))
    if clusters is not None:
        labels = clusters.labels
        cluster = labels.get(partnership, np.nan)
        result["cluster"] = cluster
        if cluster == cluster:
            profile = clusters.profiles[clusters.profiles["cluster"] == cluster].set_index("scale")["mean"]
            result["cluster_mean"] = profile.reindex(scales)
        else:
            result["cluster_mean"] = np.nan
    return result
