"""What the rules read: partnership scores, agreement and organisation means as wide tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats

from ..instrument import ScaleRoles
from ..scoring import Scores
from ._reports import PhaseReports
from ._rules import Rules
from ._uncertainty import Posterior, posterior


@dataclass(frozen=True)
class Context:
    """Scores reshaped for the rules; every table is indexed by the partnership keys."""

    scores: Scores
    rules: Rules
    keys: list[str]
    partnerships: pd.DataFrame  # scale scores, n_respondents, n_organisations
    rwg: pd.DataFrame  # unit x scale
    gap: pd.DataFrame  # unit x scale, highest minus lowest shown organisation mean
    organisations: pd.DataFrame  # shown organisations, with the keys as columns
    attributes: pd.DataFrame  # numeric partnership attributes (months_running...)
    within_sd: pd.DataFrame  # unit x scale, pooled within-organisation SD, moderated (see _uncertainty)
    sufficient: pd.Series  # bool per unit: enough data for a judgement
    roles: ScaleRoles  # which scored scale plays which part, from the instrument (scored scales only)
    posterior: Posterior  # how sure each partnership score is (see _uncertainty)
    compared: pd.Series  # bool per unit: at least two organisations shown, so they can be compared
    min_respondents: int  # the respondents a judgement needs (rules.min_respondents or the scores' minimum)
    reports: PhaseReports  # what the people who were there report about each phase (see _reports)
    _extremes: dict = field(default_factory=dict, repr=False, compare=False)  # (scale, min_gap) -> table
    _labels: dict = field(default_factory=dict, repr=False, compare=False)  # (scale, language) -> label
    _between: dict = field(default_factory=dict, repr=False, compare=False)  # scale -> between-org variance

    def label(self, scale: str, language: str) -> str:
        key = (scale, language)
        if key not in self._labels:
            self._labels[key] = self.scores.instrument.scale_label(scale, language)
        return self._labels[key]

    @cached_property
    def facet_of(self) -> dict[str, str]:
        """The instrument's ``facet`` of each scale that has one (the texts per trust facet)."""
        facets = self.scores.instrument.scales.set_index("scale")["facet"].dropna()
        return {str(k): str(v) for k, v in facets.items()}

    @property
    def phases(self) -> list[str]:
        """The phase scales that were scored, in phase order."""
        return list(self.roles.scales("phases"))

    def extremes(self, scale: str | None, *, min_gap: float = 0.0) -> pd.DataFrame:
        """Per partnership, the shown organisations highest and lowest on ``scale``.

        Columns: ``high``, ``low``, ``high_org``, ``low_org``, ``n_high``, ``n_low``, ``k`` (shown
        organisations), ``gap`` (high minus low), ``se`` (its standard error), ``joint`` (mean over
        shown organisations), ``p``: the Bonferroni-adjusted p-value of the gap, the
        two-sided t test ``t = gap / (s_w * sqrt(1/n_high + 1/n_low))`` on the within-organisation
        degrees of freedom, multiplied by the ``K (K - 1) / 2`` pairs the extreme pair was picked
        from (``s_w``: the partnership's pooled within-organisation standard deviation, moderated
        towards the portfolio's as in :mod:`._uncertainty`, with its degrees of freedom). This
        accounts for picking the extreme pair out of K organisations, so that chance differences
        between small organisations do not count; it is slightly more conservative than Tukey-Kramer
        and, unlike it, vectorises over thousands of partnerships. Missing with fewer than two shown
        organisations; ``p`` only computed where ``gap >= min_gap``. Computed once per scale and
        ``min_gap`` (several rules read the same extremes): treat the table as read-only.
        """
        key = (scale, min_gap)
        if key not in self._extremes:
            self._extremes[key] = self._extremes_of(scale, min_gap)
        return self._extremes[key]

    def gap_probability(self, scale: str | None, threshold: float) -> pd.Series:
        """P(true gap >= threshold) between the highest and lowest shown organisation.

        Empirical Bayes again, one level down: each organisation mean is shrunk towards the
        partnership's mean of shown organisations by ``b_k = sigma2_o / (sigma2_o + s2 / n_k)``,
        where ``sigma2_o`` is the portfolio's between-organisation variance of the scale (method of
        moments over all partnerships with two or more shown organisations, floored at 1) and ``s2``
        the moderated within-organisation variance. The gap's posterior is normal with mean
        ``b_h (x_h - x) - b_l (x_l - x)`` and variance ``b_h s2 / n_h + b_l s2 / n_l``. Shrinking
        small organisations towards their partners corrects most of the winner's curse of picking
        the extreme pair; it is still used beside the significance test of :meth:`extremes`, never
        instead of it.
        """
        table = self.extremes(scale, min_gap=threshold)
        if scale is None or table["gap"].isna().all():
            return pd.Series(np.nan, index=table.index)
        sigma2 = self._between_organisation_variance(scale)
        s2 = self.within_sd[scale].reindex(table.index) ** 2
        v_high, v_low = s2 / table["n_high"], s2 / table["n_low"]
        b_high, b_low = sigma2 / (sigma2 + v_high), sigma2 / (sigma2 + v_low)
        mean = b_high * (table["high"] - table["joint"]) - b_low * (table["low"] - table["joint"])
        scale_of_gap = np.sqrt(b_high * v_high + b_low * v_low)
        return pd.Series(scipy_stats.norm.cdf((mean - threshold) / scale_of_gap), index=table.index).where(
            table["gap"].notna()
        )

    def _between_organisation_variance(self, scale: str) -> float:
        if scale not in self._between:
            organisations = self.organisations
            keys = self.keys if len(self.keys) > 1 else self.keys[0]
            shown = organisations.dropna(subset=[scale])
            grouped = shown.groupby(keys)[scale]
            k = grouped.transform("count")
            deviation = shown[scale] - grouped.transform("mean")
            unit = pd.MultiIndex.from_frame(shown[self.keys]) if len(self.keys) > 1 else pd.Index(shown[self.keys[0]])
            s2 = self.within_sd[scale].reindex(unit).to_numpy(float) ** 2
            use = (k >= 2).to_numpy() & self.sufficient.reindex(unit).fillna(False).to_numpy(bool) & np.isfinite(s2)
            if use.sum() < 2:
                self._between[scale] = 1e6  # too few organisations to learn from: no shrinkage
            else:
                many = k.to_numpy(float)[use]
                spread = deviation.to_numpy(float)[use] ** 2 * many / (many - 1)
                noise = (s2 / shown["n"].to_numpy(float))[use]
                self._between[scale] = max(float(np.mean(spread) - np.mean(noise)), 1.0)
        return self._between[scale]

    def _extremes_of(self, scale: str | None, min_gap: float) -> pd.DataFrame:
        index = self.partnerships.index
        empty = pd.DataFrame(
            {
                **dict.fromkeys(["high", "low", "joint", "n_high", "n_low", "k", "gap", "se", "p"], np.nan),
                "high_org": "",
                "low_org": "",
            },
            index=index,
        )
        organisations = self.organisations
        if scale is None or scale not in organisations.columns or organisations.empty:
            return empty
        keys = self.keys if len(self.keys) > 1 else self.keys[0]
        shown = organisations.dropna(subset=[scale])
        grouped = shown.groupby(keys, sort=True)[scale]
        high = shown.loc[grouped.idxmax()].set_index(keys)
        low = shown.loc[grouped.idxmin()].set_index(keys)
        table = pd.DataFrame(
            {
                "high": high[scale],
                "low": low[scale],
                "high_org": high["organisation"],
                "low_org": low["organisation"],
                "joint": grouped.mean(),
                "n_high": high["n"],
                "n_low": low["n"],
                "k": grouped.count(),
                "df": shown.groupby(keys, sort=True)["n"].sum() - grouped.count() + self.rules.prior_df,
            }
        )
        table = table[table["k"] >= 2]
        table["gap"] = table["high"] - table["low"]
        table["se"] = self.within_sd[scale].reindex(table.index) * np.sqrt(1 / table["n_high"] + 1 / table["n_low"])
        table["p"] = np.nan
        candidates = (table["gap"] >= min_gap) & (table["df"] > 0)
        if candidates.any():
            rows = table[candidates]
            t = (rows["gap"] / rows["se"]).to_numpy(float)
            pairs = (rows["k"] * (rows["k"] - 1) / 2).to_numpy(float)
            table.loc[candidates, "p"] = np.minimum(1.0, pairs * 2 * scipy_stats.t.sf(t, rows["df"].to_numpy(float)))
        table = table.drop(columns=["df"])
        return table.reindex(index).fillna({"high_org": "", "low_org": ""})


def build_context(scores: Scores, rules: Rules) -> Context:
    partnerships = scores.partnerships
    keys = list(partnerships.index.names)
    long = scores.agreement.partnerships
    rwg = long.pivot_table(index=keys, columns="scale", values="rwg_j", dropna=False).reindex(partnerships.index)
    gap = long.pivot_table(index=keys, columns="scale", values="org_gap", dropna=False).reindex(partnerships.index)
    min_respondents = (
        scores.settings.get("min_group_size", 3) if rules.min_respondents is None else rules.min_respondents
    )
    sufficient = (
        ~partnerships["suppressed"]
        & (partnerships["n_respondents"] >= min_respondents)
        & (partnerships["n_organisations"] >= rules.min_organisations)
    )
    scales = scores.scales
    within_sd, within_df = _pooled_within_sd(scores, keys)
    n_effective = scores.intervals.pivot_table(index=keys, columns="scale", values="n_effective", dropna=False)
    shown = scores.organisations.groupby(keys).size() if len(scores.organisations) else pd.Series(dtype=int)
    uncertainty = posterior(
        partnerships[scales],
        n_effective.reindex(index=partnerships.index, columns=scales),
        (within_sd**2).reindex(index=partnerships.index, columns=scales),
        within_df.reindex(index=partnerships.index, columns=scales),
        judged=sufficient,
        prior_df=rules.prior_df,
    )
    roles = scores.instrument.roles_among(partnerships.columns)
    return Context(
        scores=scores,
        rules=rules,
        keys=keys,
        partnerships=partnerships,
        rwg=rwg,
        gap=gap,
        within_sd=uncertainty.spread,
        organisations=scores.organisations,
        attributes=scores.attributes.reindex(partnerships.index),
        sufficient=sufficient,
        roles=roles,
        posterior=uncertainty,
        compared=shown.reindex(partnerships.index).fillna(0).ge(2) & sufficient,
        min_respondents=int(min_respondents),
        reports=PhaseReports.of(scores.phase_reports, dict(roles.phases), partnerships.index),
    )


def _pooled_within_sd(scores: Scores, keys: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """sqrt(sum_k (n_k - 1) s_k^2 / sum_k (n_k - 1)) over the organisations of each partnership,
    and its degrees of freedom sum_k (n_k - 1)."""
    respondents = scores.respondents
    scales = scores.scales
    by_org = respondents.groupby([*keys, "organisation"], sort=False)[scales]
    variance, count = by_org.var(ddof=1), by_org.count()
    degrees = (count - 1).clip(lower=0)
    level = keys if len(keys) > 1 else keys[0]
    total = degrees.groupby(level=level).sum()
    pooled = (variance.fillna(0) * degrees).groupby(level=level).sum() / total
    return np.sqrt(pooled.where(total > 0)), total
