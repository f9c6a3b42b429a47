r"""Two-level reliability: how well a scale's mean tells partnerships apart at the study's sizes.

Per scale, each respondent's score is the mean of the answered (keyed) items when at least half
the scale's items are answered (as :func:`kompasmetrics.score`'s default ``min_valid``). A one-way
analysis of variance of these scores by partnership gives ICC(1) and ICC(2) as R's
``multilevel::ICC1``/``ICC2`` (:func:`kompasmetrics.stats.oneway_icc`; Bliese, 2000). The
reliability of one partnership's mean from :math:`n` respondents is the Spearman-Brown step-up of
ICC(1),

.. math:: \lambda(n) = \frac{n\,\mathrm{ICC}(1)}{1 + (n - 1)\,\mathrm{ICC}(1)},

reported at the harmonic mean :math:`n_h` of the partnerships' sizes (the size that gives the
average sampling variance of the means, which with unequal groups is below the arithmetic mean
that ICC(2) uses), together with the share of partnerships whose own :math:`\lambda(n_g)` reaches
0.70 and the size that would give 0.70, :math:`n_{.70} = \lceil 0.7(1 - \mathrm{ICC}(1)) /
(0.3\,\mathrm{ICC}(1)) \rceil`. Partnerships with one respondent count in the ANOVA (as in
multilevel) but a mean from one person has no within-partnership spread to judge.

References
----------
Bliese, P. D. (2000). Within-group agreement, non-independence, and reliability: Implications for
data aggregation and analysis. In K. J. Klein & S. W. J. Kozlowski (Eds.), Multilevel theory,
research, and methods in organizations (pp. 349-381). Jossey-Bass.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..stats import oneway_icc

MIN_PARTNERSHIPS = 5
TARGET = 0.70


def scale_scores(keyed: np.ndarray, scale_of: list[str], scales: list[str]) -> np.ndarray:
    """Respondent x scale means of the answered items (NaN when fewer than half are answered)."""
    owner = np.array(scale_of)
    scores = np.full((len(keyed), len(scales)), np.nan)
    for s, scale in enumerate(scales):
        block = keyed[:, owner == scale]
        counts = (~np.isnan(block)).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            means = np.nansum(block, axis=1) / counts
        scores[:, s] = np.where((counts > 0) & (counts >= np.ceil(0.5 * block.shape[1] - 1e-9)), means, np.nan)
    return scores


def spearman_brown(icc1: float | np.ndarray, n: float | np.ndarray) -> np.ndarray:
    return np.asarray(n * icc1 / (1.0 + (n - 1.0) * icc1), dtype=float)


def two_level(scores: np.ndarray, partnership: pd.Series, scales: list[str]) -> pd.DataFrame:
    """One row per scale: partnerships, harmonic group size, ICC(1), ICC(2), reliability at n_h,
    share of partnerships reaching 0.70, respondents needed per partnership for 0.70."""
    codes, units = pd.factorize(partnership, sort=True)
    icc1, icc2 = oneway_icc(scores, codes, len(units))
    rows = []
    for s, scale in enumerate(scales):
        present = ~np.isnan(scores[:, s])
        sizes = np.bincount(codes[present], minlength=len(units))
        sizes = sizes[sizes > 0]
        n_h = float(len(sizes) / np.sum(1.0 / sizes)) if len(sizes) else np.nan
        groups_of_two = int(np.sum(sizes >= 2))
        value = float(spearman_brown(icc1[s], n_h)) if icc1[s] > 0 else np.nan
        needed = int(np.ceil(TARGET * (1 - icc1[s]) / ((1 - TARGET) * icc1[s]) - 1e-9)) if icc1[s] > 0 else None
        share = float(np.mean(spearman_brown(icc1[s], sizes) >= TARGET)) if icc1[s] > 0 else 0.0
        rows.append(
            {
                "scale": scale,
                "n_partnerships": len(sizes),
                "n_partnerships_2plus": groups_of_two,
                "harmonic_group_size": n_h,
                "icc1": float(icc1[s]),
                "icc2": float(icc2[s]),
                "reliability_at_harmonic_n": value,
                "share_partnerships_reliable": share,
                "respondents_needed": needed,
            }
        )
    return pd.DataFrame(rows)


__all__ = ["MIN_PARTNERSHIPS", "TARGET", "scale_scores", "spearman_brown", "two_level"]
