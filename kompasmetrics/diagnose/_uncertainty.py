"""How sure the diagnosis is: an empirical-Bayes posterior for every partnership score.

Every rule of the diagnosis compares a partnership's true score with a threshold. With three
respondents the observed score is a poor guide to it; with thirty it is a good one. This module
turns each observed score into a posterior distribution of the true score, so that a rule can say
how probable its condition is (the flag's ``confidence``) and a phase can be judged complete,
incomplete or unclear.

The model, per scale ``s`` and partnership (and wave) ``p``, on the 0-100 metric:

* The estimand ``theta_ps`` is the score the partnership's organisations would get from all their
  people: the organisation-weighted mean of the true organisation means (as the score is defined).
* Sampling variance ``v_ps = s2_ps / n_eff`` with ``n_eff`` Kish's effective sample size of the
  score (:func:`kompasmetrics.score`) and ``s2_ps`` the within-organisation variance, moderated
  towards the portfolio's pooled within-organisation variance ``s2_0`` as in Smyth (2004)::

      s2_ps = (d_0 * s2_0 + d_ps * w2_ps) / (d_0 + d_ps)

  where ``w2_ps`` is the partnership's own pooled within-organisation variance on ``d_ps = n - K``
  degrees of freedom and ``d_0`` (``Rules.prior_df``, default 4) the prior degrees of freedom. A
  partnership of three people thus borrows its spread mostly from the portfolio instead of trusting
  two degrees of freedom, and one with one respondent per organisation still gets a spread.
* Prior ``theta_ps ~ N(mu_s, tau2_s)`` over the partnerships of the portfolio, by the method of
  moments (Morris 1983): ``mu_s`` the mean of the observed scores, ``tau2_s = max(var - mean(v),
  0.25 var)``. The floor keeps shrinkage mild: portfolios mix very different partnerships (a
  normal prior is a simplification), and a partnership must not be pulled into the crowd. With
  fewer than ``MIN_PORTFOLIO`` scored partnerships there is no prior: the posterior is the
  likelihood alone.
* Posterior ``theta_ps ~ m_ps + sqrt(u_ps) * t(d_0 + d_ps)`` with the shrinkage weight
  ``b = tau2 / (tau2 + v)``, ``m = b * x + (1 - b) * mu`` and ``u = b * v``; Student's t carries the
  uncertainty of the variance itself.

Scales are treated as independent given the data; a rule that joins conditions on several scales
multiplies their probabilities. ``probability_at_least`` and ``probability_below`` give the
probabilities the rules use.

References: Morris, C. N. (1983). Parametric empirical Bayes inference: theory and applications.
*JASA* 78, 47-55. Smyth, G. K. (2004). Linear models and empirical Bayes methods for assessing
differential expression. *Statistical Applications in Genetics and Molecular Biology* 3, 3.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats

MIN_PORTFOLIO = 10
"""Fewer scored partnerships than this give no prior (the portfolio says too little)."""


@dataclass(frozen=True)
class Posterior:
    """Posterior mean, scale and degrees of freedom of every partnership score (unit x scale), and
    the moderated within-organisation standard deviation ``spread`` it rests on (``sqrt(s2_ps)``),
    which the organisation comparisons use as well."""

    mean: pd.DataFrame
    scale: pd.DataFrame
    df: pd.DataFrame
    spread: pd.DataFrame

    def probability_at_least(self, scale: str, threshold: float | pd.Series) -> pd.Series:
        """P(theta >= threshold) per partnership; missing where the score is missing."""
        z = (self.mean[scale] - threshold) / self.scale[scale]
        return pd.Series(scipy_stats.t.cdf(z, self.df[scale]), index=self.mean.index).where(self.mean[scale].notna())

    def probability_below(self, scale: str, threshold: float | pd.Series) -> pd.Series:
        """P(theta < threshold) per partnership; missing where the score is missing."""
        return 1.0 - self.probability_at_least(scale, threshold)

    def interval(self, scale: str, coverage: float = 0.9) -> tuple[pd.Series, pd.Series]:
        """The central posterior interval, clipped to 0-100."""
        half = scipy_stats.t.ppf(0.5 + coverage / 2, self.df[scale]) * self.scale[scale]
        return (self.mean[scale] - half).clip(0, 100), (self.mean[scale] + half).clip(0, 100)


def posterior(
    scores: pd.DataFrame,
    n_effective: pd.DataFrame,
    within_variance: pd.DataFrame,
    within_df: pd.DataFrame,
    *,
    judged: pd.Series,
    prior_df: float,
) -> Posterior:
    """The empirical-Bayes posterior of every score in ``scores`` (unit x scale), see the module.

    ``judged`` marks the partnerships that may inform the portfolio's prior and spread (enough
    respondents, not suppressed).
    """
    x = scores.to_numpy(float)
    n_eff = n_effective.reindex_like(scores).to_numpy(float)
    w2 = within_variance.reindex_like(scores).to_numpy(float)
    d = within_df.reindex_like(scores).to_numpy(float)
    d = np.where(np.isfinite(w2) & (d > 0), d, 0.0)
    w2 = np.where(d > 0, w2, 0.0)
    use = judged.reindex(scores.index).fillna(False).to_numpy(bool)[:, None] & np.isfinite(x)

    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = np.nansum(np.where(use, w2 * d, 0.0), axis=0) / np.sum(np.where(use, d, 0.0), axis=0)
        pooled = np.where(np.isfinite(pooled) & (pooled > 0), pooled, 15.0**2)  # no within spread at all
        s2 = (prior_df * pooled + d * w2) / (prior_df + d)
        v = s2 / np.where(n_eff > 0, n_eff, np.nan)

        mean, tau2 = np.full(x.shape[1], np.nan), np.full(x.shape[1], np.inf)
        count = use.sum(axis=0)
        for j in np.flatnonzero(count >= MIN_PORTFOLIO):
            observed = x[use[:, j], j]
            spread = observed.var(ddof=1)
            mean[j] = observed.mean()
            tau2[j] = max(spread - np.nanmean(v[use[:, j], j]), 0.25 * spread, 1e-6)
        weight = np.where(np.isinf(tau2), 1.0, tau2 / (tau2 + v))
        centre = np.where(np.isinf(tau2), 0.0, mean)
        post_mean = weight * x + (1 - weight) * centre
        post_scale = np.sqrt(weight * v)

    def frame(values: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(values, index=scores.index, columns=scores.columns)

    return Posterior(mean=frame(post_mean), scale=frame(post_scale), df=frame(prior_df + d), spread=frame(np.sqrt(s2)))


__all__ = ["MIN_PORTFOLIO", "Posterior", "posterior"]
