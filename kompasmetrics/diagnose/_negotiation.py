"""Negotiation outcomes per organisation (figure 4 of the article): own gain against partners' gain."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats

from ._context import Context
from ._flags import EVIDENCE_PART, _rows, _sure
from ._texts import LANGUAGES, texts

OUTCOMES = ("lose_lose", "win_lose", "lose_win", "compromise", "win_win")
GAINS = ("own_gain", "partners_gain")  # the roles, and the columns of the negotiation table


def classify(
    own: pd.Series | np.ndarray, partners: pd.Series | np.ndarray, *, low: float, high: float, gap: float = 20
) -> np.ndarray:
    """Outcome category of gain pairs (0-100), after figure 4 of the article.

    A gain below ``low`` is a loss. Both sides losing: lose-lose. One side losing while the other
    gains at least ``gap`` points more: win-lose (own side ahead) or lose-win. Both at or above
    ``high``: win-win (more to divide than in a compromise). Everything else: compromise, the gain
    divided about fairly. Missing gains give a missing outcome.
    """
    own, partners = np.asarray(own, float), np.asarray(partners, float)
    both_lose = (own < low) & (partners < low)
    outcome = np.select(
        [
            both_lose,
            ~both_lose & (partners < low) & (own - partners >= gap),
            ~both_lose & (own < low) & (partners - own >= gap),
            (own >= high) & (partners >= high),
        ],
        ["lose_lose", "win_lose", "lose_win", "win_win"],
        default="compromise",
    ).astype(object)
    outcome[np.isnan(own) | np.isnan(partners)] = None
    return outcome


def negotiation_table(context: Context) -> pd.DataFrame:
    """One row per shown organisation: gains and outcome, with its name in nl and en."""
    rules = context.rules
    organisations = context.organisations
    columns = [*context.keys, "organisation", "n", *GAINS, "outcome", "outcome_nl", "outcome_en"]
    own, partners = (context.roles.scale(role) for role in GAINS)
    if own is None or partners is None or not {own, partners} <= set(organisations.columns):
        return pd.DataFrame(columns=columns)
    table = organisations[[*context.keys, "organisation", "n", own, partners]].rename(
        columns={own: "own_gain", partners: "partners_gain"}
    )
    table["outcome"] = classify(
        table["own_gain"], table["partners_gain"], low=rules.gain_low, high=rules.gain_high, gap=rules.gain_gap
    )
    names = texts()["outcomes"]
    for language in LANGUAGES:
        table[f"outcome_{language}"] = table["outcome"].map(lambda o, lang=language: names[o][lang] if o else None)
    return table.reset_index(drop=True)


def negotiation_flags(
    context: Context, table: pd.DataFrame, value_pairs: pd.DataFrame | None = None
) -> list[pd.DataFrame]:
    """``lose_lose``, ``win_lose`` and ``lose_win``.

    ``lose_lose``: the partnership as a whole loses on both sides; confidence
    ``P(own gain < gain_low) * P(partners' gain < gain_low)``.

    ``win_lose`` / ``lose_win``: the shown organisations' own gains lie at least ``rules.gain_gap``
    apart, the difference between the highest (the winner) and the lowest (the loser) is
    significant in the same Bonferroni-adjusted t test as the other organisation comparisons
    (at ``rules.gain_alpha``), and the loser's own gain is below ``rules.gain_low``. Honest partners
    whose gains are equal are never flagged by chance differences. It is ``win_lose`` when the
    winner stands further above the other organisations than the loser below them (one party gains
    at the others' expense; always so with two organisations) and ``lose_win`` otherwise (one party
    loses while the others gain). Confidence: ``P(true gap >= gain_gap) * P(loser's true gain <
    gain_low)``, the loser's gain from ``N(low, s_w^2 / n_low)``. ``party`` names the winner for
    ``win_lose`` and the loser for ``lose_win``.

    With partner ratings (``value_pairs``, from :func:`kompasmetrics.diagnose._pairs.value_imbalance`)
    the winner and the loser of a flagged partnership with a clearly uneven pair are that pair's:
    the organisation that gets much value from the other and the one that gets little back, and the
    evidence says so with both shown values (``evidence_pairs``). Which partnerships are flagged
    does not change.
    """
    rules, scores, post = context.rules, context.partnerships, context.posterior
    own, partners = (context.roles.require(role) for role in GAINS)
    p_lose = post.probability_below(own, rules.gain_low) * post.probability_below(partners, rules.gain_low)
    lose_values = pd.DataFrame({"own_gain": scores[own], "partners_gain": scores[partners]})

    gains = context.extremes(own, min_gap=rules.gain_gap)
    loser_se = context.within_sd[own].reindex(gains.index) / np.sqrt(gains["n_low"])
    p_loser_loses = pd.Series(scipy_stats.norm.cdf((rules.gain_low - gains["low"]) / loser_se), index=gains.index)
    confidence = (context.gap_probability(own, rules.gain_gap) * p_loser_loses).where(
        (gains["gap"] >= rules.gain_gap) & (gains["p"] < rules.gain_alpha) & (gains["low"] < rules.gain_low)
    )
    uneven = _sure(context, confidence)
    others_of_winner = (gains["joint"] * gains["k"] - gains["high"]) / (gains["k"] - 1)
    others_of_loser = (gains["joint"] * gains["k"] - gains["low"]) / (gains["k"] - 1)
    winner_stands_out = (gains["high"] - others_of_winner) >= (others_of_loser - gains["low"])
    uneven_values = gains[["high", "low", "high_org", "low_org"]].rename(
        columns={"high": "winner_gain", "low": "loser_gain", "high_org": "winner", "low_org": "loser"}
    )
    if value_pairs is not None and len(value_pairs):
        uneven_values = _named_by_pairs(uneven_values, value_pairs)
    return [
        _rows(
            context, "lose_lose", _sure(context, p_lose), pd.Series("medium", index=scores.index), lose_values, p_lose
        ),
        _rows(
            context,
            "win_lose",
            uneven & winner_stands_out,
            pd.Series("medium", index=scores.index),
            uneven_values,
            confidence,
            party=uneven_values["winner"],
        ),
        _rows(
            context,
            "lose_win",
            uneven & ~winner_stands_out,
            pd.Series("medium", index=scores.index),
            uneven_values,
            confidence,
            party=uneven_values["loser"],
        ),
    ]


def _named_by_pairs(values: pd.DataFrame, value_pairs: pd.DataFrame) -> pd.DataFrame:
    """The winner and loser of the partnerships in ``value_pairs`` taken from their uneven pair, with
    what each gets from the other and the evidence text that says so."""
    found = value_pairs.reindex(values.index)
    named = found["winner"].notna()
    values = values.copy()
    values["winner"] = found["winner"].where(named, values["winner"])
    values["loser"] = found["loser"].where(named, values["loser"])
    values["winner_gets"], values["loser_gets"] = found["winner_gets"], found["loser_gets"]
    values[EVIDENCE_PART] = pd.Series("evidence_pairs", index=values.index).where(named)
    return values
