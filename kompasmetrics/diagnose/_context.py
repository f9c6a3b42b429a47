"""What the rules read: partnership scores, agreement and organisation means as wide tables."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..scoring import Scores
from ._rules import Rules

PHASES = ["phase1_explore", "phase2_share", "phase3_agree", "phase4_design", "phase5_execute"]
TRUST = ["trust_interest", "trust_openness", "trust_reliability"]
AMBITION = ["ambition_issue", "ambition_solution", "ambition_opportunity", "ambition_form"]


@dataclass(frozen=True)
class Context:
    """Scores reshaped for the rules; every table is indexed by the partnership keys."""

    scores: Scores
    rules: Rules
    keys: list[str]
    partnerships: pd.DataFrame      # scale scores, n_respondents, n_organisations
    rwg: pd.DataFrame               # unit x scale
    gap: pd.DataFrame               # unit x scale, highest minus lowest shown organisation mean
    organisations: pd.DataFrame     # shown organisations, with the keys as columns
    attributes: pd.DataFrame        # numeric partnership attributes (months_running...)
    sufficient: pd.Series           # bool per unit: enough data for a judgement

    def label(self, scale: str, language: str) -> str:
        return self.scores.instrument.scale_label(scale, language)

    def has(self, *scales: str) -> bool:
        return all(scale in self.partnerships.columns for scale in scales)


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
        scores=scores, rules=rules, keys=keys, partnerships=partnerships, rwg=rwg, gap=gap,
        organisations=scores.organisations, attributes=scores.attributes.reindex(partnerships.index),
        sufficient=sufficient,
    )
