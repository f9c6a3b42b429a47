"""What the rules read: partnership scores, agreement and organisation means as wide tables."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats

from ..instrument import ScaleRoles
from ..scoring import Scores
from ._rules import Rules


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
    within_sd: pd.DataFrame  # unit x scale, pooled within-organisation standard deviation
    sufficient: pd.Series  # bool per unit: enough data for a judgement
    roles: ScaleRoles  # which scored scale plays which part, from the instrument (scored scales only)
    _extremes: dict = field(default_factory=dict, repr=False, compare=False)  # (scale, min_gap) -> table

    def label(self, scale: str, language: str) -> str:
        return self.scores.instrument.scale_label(scale, language)

    @property
    def phases(self) -> list[str]:
        """The phase scales that were scored, in phase order."""
        return list(self.roles.scales("phases"))

    def extremes(self, scale: str | None, *, min_gap: float = 0.0) -> pd.DataFrame:
        """Per partnership, the shown organisations highest and lowest on ``scale``.

        Columns: ``high``, ``low``, ``high_org``, ``low_org``, ``gap`` (high minus low), ``joint``
        (mean over shown organisations), ``p``: the Bonferroni-adjusted p-value of the gap, the
        two-sided t test ``t = gap / (s_w * sqrt(1/n_high + 1/n_low))`` on the within-organisation
        degrees of freedom, multiplied by the ``K (K - 1) / 2`` pairs the extreme pair was picked
        from (``s_w``: the partnership's pooled within-organisation standard deviation). This
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

    def _extremes_of(self, scale: str | None, min_gap: float) -> pd.DataFrame:
        index = self.partnerships.index
        empty = pd.DataFrame(
            {"high": np.nan, "low": np.nan, "high_org": "", "low_org": "", "gap": np.nan, "joint": np.nan, "p": np.nan},
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
                "df": shown.groupby(keys, sort=True)["n"].sum() - grouped.count(),
            }
        )
        table = table[table["k"] >= 2]
        table["gap"] = table["high"] - table["low"]
        table["p"] = np.nan
        candidates = (table["gap"] >= min_gap) & (table["df"] > 0)
        if candidates.any():
            rows = table[candidates]
            standard_error = self.within_sd[scale].reindex(rows.index) * np.sqrt(1 / rows["n_high"] + 1 / rows["n_low"])
            t = (rows["gap"] / standard_error).to_numpy(float)
            pairs = (rows["k"] * (rows["k"] - 1) / 2).to_numpy(float)
            table.loc[candidates, "p"] = np.minimum(1.0, pairs * 2 * scipy_stats.t.sf(t, rows["df"].to_numpy(float)))
        table = table.drop(columns=["n_high", "n_low", "k", "df"])
        return table.reindex(index).fillna({"high_org": "", "low_org": ""})


def build_context(scores: Scores, rules: Rules) -> Context:
    partnerships = scores.partnerships
    keys = list(partnerships.index.names)
    long = scores.agreement.partnerships
    rwg = long.pivot_table(index=keys, columns="scale", values="rwg_j", dropna=False).reindex(partnerships.index)
    gap = long.pivot_table(index=keys, columns="scale", values="org_gap", dropna=False).reindex(partnerships.index)
    sufficient = (
        ~partnerships["suppressed"]
        & (partnerships["n_respondents"] >= rules.min_respondents)
        & (partnerships["n_organisations"] >= rules.min_organisations)
    )
    return Context(
        scores=scores,
        rules=rules,
        keys=keys,
        partnerships=partnerships,
        rwg=rwg,
        gap=gap,
        within_sd=_pooled_within_sd(scores, keys).reindex(partnerships.index),
        organisations=scores.organisations,
        attributes=scores.attributes.reindex(partnerships.index),
        sufficient=sufficient,
        roles=scores.instrument.roles_among(partnerships.columns),
    )


def _pooled_within_sd(scores: Scores, keys: list[str]) -> pd.DataFrame:
    """sqrt(sum_k (n_k - 1) s_k^2 / sum_k (n_k - 1)) over the organisations of each partnership."""
    respondents = scores.respondents
    scales = scores.scales
    by_org = respondents.groupby([*keys, "organisation"], sort=False)[scales]
    variance, count = by_org.var(ddof=1), by_org.count()
    degrees = (count - 1).clip(lower=0)
    level = keys if len(keys) > 1 else keys[0]
    pooled = (variance.fillna(0) * degrees).groupby(level=level).sum() / degrees.groupby(level=level).sum()
    return np.sqrt(pooled.where(degrees.groupby(level=level).sum() > 0))
