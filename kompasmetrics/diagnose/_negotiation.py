"""Negotiation outcomes per organisation (figure 4 of the article): own gain against partners' gain."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._context import Context
from ._flags import _rows
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


def negotiation_flags(context: Context, table: pd.DataFrame) -> list[pd.DataFrame]:
    """``lose_lose`` when the partnership as a whole loses on both sides; ``win_lose`` when a shown
    organisation gains at the others' expense or loses while the others gain."""
    rules, scores = context.rules, context.partnerships
    own, partners = (context.roles.require(role) for role in GAINS)
    outcome = pd.Series(
        classify(scores[own], scores[partners], low=rules.gain_low, high=rules.gain_high, gap=rules.gain_gap),
        index=scores.index,
    )
    names = texts()["outcomes"]
    lose_values = pd.DataFrame({"own_gain": scores[own], "partners_gain": scores[partners]})
    uneven_values = pd.DataFrame(index=scores.index, columns=["organisations_nl", "organisations_en"], dtype=object)
    for language in LANGUAGES:
        lose_values[f"organisations_{language}"] = ""
    skewed = table[table["outcome"].isin(["win_lose", "lose_win"])] if len(table) else table
    for language in LANGUAGES:
        if skewed.empty:
            break
        described = (
            skewed["organisation"].astype(str)
            + " "
            + skewed["outcome"].map(lambda o, lang=language: names[o][lang])
            + " ("
            + skewed["own_gain"].map("{:.0f}".format)
            + "/"
            + skewed["partners_gain"].map("{:.0f}".format)
            + ")"
        )
        joined = described.groupby([skewed[k] for k in context.keys], observed=True, sort=False).agg("; ".join)
        uneven_values[f"organisations_{language}"] = joined.reindex(scores.index)
    uneven = uneven_values["organisations_en"].notna()
    return [
        _rows(context, "lose_lose", outcome == "lose_lose", pd.Series("medium", index=scores.index), lose_values),
        _rows(context, "win_lose", uneven, pd.Series("medium", index=scores.index), uneven_values),
    ]
