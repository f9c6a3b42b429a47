"""Simulated partner ratings with planted pair-level truth (``km.simulate(partner_ratings=True)``).

The generating model, per respondent ``r`` of organisation ``A`` rating partner ``B`` on the
0-100 metric::

    trust:     theta = level_p + rated_B + rater_A + dyad_AB + u_r + e_rB  (+ planted effect)
    value:     theta = 62 + rated_B + u_r + e_rB  (+ planted win-lose)
    influence: theta = 45 + power_B + e_rB, with power_B = +35 for the dominant party
    frequency: theta = often_AB + e_rB, the same for both directions of a pair

with ``level_p ~ N(68, 8)``, ``rated_B, rater_A ~ N(0, 4)``, ``dyad_AB ~ N(0, 3)``, a rater's
leniency ``u_r ~ N(0, 7)``, ``e ~ N(0, 9)``; an item answer is ``round(min + (max - min) theta /
100 + N(0, 0.45))`` clipped to the response scale (reversed for reverse-keyed items). Each
partnership of three or more organisations gets one pattern, in equal shares:

* ``broken_pair``: two organisations trust each other 40 points less, in both directions;
* ``distrusted_party``: every partner trusts one organisation 40 points less;
* ``unreciprocated_pair``: B trusts A 40 points less than A trusts B;
* ``none``.

The first organisation of every partnership is its dominant party (most influence). Independently,
half of the partnerships of two or more organisations get a planted **win-lose pair** (winner W,
loser L): W gets :data:`VALUE_EFFECT` points more value from L, L as much less from W
(``value(W -> L) + 25``, ``value(L -> W) - 25``), drawn from a generator spawned from the
simulation's, so that every other draw stays as it was.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..instrument import Instrument
from ..network import PartnerRatings, partner_ratings

PATTERNS = ("none", "broken_pair", "distrusted_party", "unreciprocated_pair")
EFFECT = 40.0
VALUE_EFFECT = 25.0


def simulate_partner_ratings(
    frame: pd.DataFrame,
    organisations: pd.DataFrame,
    instrument: Instrument,
    rng: np.random.Generator,
    missing_rate: float,
) -> tuple[PartnerRatings, pd.DataFrame]:
    """Ratings of every other partner by every respondent of ``frame``, and the planted truth.

    ``organisations``: ``partnership``, ``organisation``, ``position`` (0 = dominant), in order.
    Returns the ratings and one truth row per partnership: ``pattern``, ``broken_pair`` (a tuple of
    two organisations, name order), ``distrusted_party``, ``unreciprocated_pair`` (truster,
    untrusting), ``dominant_party``, ``win_lose_pair`` (winner, loser, or None).
    """
    keys = ["partnership", "wave"] if "wave" in frame else ["partnership"]
    truth, effects = _plant(organisations, rng)
    truth["win_lose_pair"], value_effects = _plant_win_lose(organisations, rng.spawn(1)[0])
    org = organisations.assign(
        rated_effect=rng.normal(0, 4, len(organisations)),
        rater_effect=rng.normal(0, 4, len(organisations)),
        power=np.where(organisations["position"] == 0, 35.0, 0.0),
    )
    level = pd.Series(rng.normal(68, 8, len(truth)), index=truth.index)
    respondents = frame[[*keys, "organisation", "respondent_id"]].assign(leniency=lambda f: rng.normal(0, 7, len(f)))
    rows = respondents.merge(org[["partnership", "organisation"]], on="partnership", suffixes=("", "_rated"))
    rows = rows[rows["organisation"] != rows["organisation_rated"]].reset_index(drop=True)
    first = rows[["organisation", "organisation_rated"]].min(axis=1)
    second = rows[["organisation", "organisation_rated"]].max(axis=1)
    dyad_keys = pd.MultiIndex.from_arrays([rows["partnership"], first, second])
    dyad_frame = pd.DataFrame(index=dyad_keys.unique())
    dyad_frame["shared"] = rng.normal(0, 3, len(dyad_frame))
    dyad_frame["often"] = rng.choice([25.0, 50.0, 75.0, 100.0], len(dyad_frame), p=[0.25, 0.35, 0.3, 0.1])
    dyad = dyad_frame.reindex(dyad_keys)
    rated = org.set_index(["partnership", "organisation"])
    of_rated = rated.reindex(pd.MultiIndex.from_frame(rows[["partnership", "organisation_rated"]]))
    of_rater = rated.reindex(pd.MultiIndex.from_frame(rows[["partnership", "organisation"]]))
    directed = pd.MultiIndex.from_frame(rows[["partnership", "organisation", "organisation_rated"]])
    planted = effects.reindex(directed)
    value_planted = value_effects.reindex(directed).fillna(0).to_numpy()
    n = len(rows)
    trust = (
        level.reindex(rows["partnership"]).to_numpy()
        + of_rated["rated_effect"].to_numpy()
        + of_rater["rater_effect"].to_numpy()
        + dyad["shared"].to_numpy()
        + rows["leniency"].to_numpy()
        + planted["effect"].fillna(0).to_numpy()
    )
    latent = {
        "trust": trust,
        "value": 62
        + of_rated["rated_effect"].to_numpy()
        + rows["leniency"].to_numpy()
        + rng.normal(0, 9, n)
        + value_planted,
        "influence": 45 + of_rated["power"].to_numpy() + rng.normal(0, 9, n),
        "frequency": dyad["often"].to_numpy() + rng.normal(0, 9, n),
    }
    rater_noise = rng.normal(0, 9, n)
    long = _answers(rows, latent, rater_noise, instrument, rng, missing_rate, keys)
    answered = frame[[*keys, "organisation"]].drop_duplicates()
    ratings = partner_ratings(long, instrument, keys=tuple(keys), answered=answered)
    return ratings, truth.reset_index()


def _plant(organisations: pd.DataFrame, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One pattern per partnership (balanced over those with three or more organisations) and the
    trust effect of every planted directed pair."""
    members = organisations.groupby("partnership", sort=True)["organisation"].agg(list)
    eligible = [p for p, names in members.items() if len(names) >= 3]
    counts = np.full(len(PATTERNS), len(eligible) // len(PATTERNS))
    counts[: len(eligible) % len(PATTERNS)] += 1
    drawn = dict(zip(eligible, rng.permutation(np.repeat(np.arange(len(PATTERNS)), counts)), strict=True))
    truth, effects = [], []
    for partnership, names in members.items():
        pattern = PATTERNS[drawn.get(partnership, 0)]
        row = {"partnership": partnership, "pattern": pattern, "broken_pair": None, "distrusted_party": None,
               "unreciprocated_pair": None, "dominant_party": names[0]}  # fmt: skip
        pick = [names[i] for i in rng.choice(len(names), size=2, replace=False)] if len(names) >= 2 else []
        if pattern == "broken_pair":
            row["broken_pair"] = tuple(sorted(pick))
            effects += [(partnership, pick[0], pick[1]), (partnership, pick[1], pick[0])]
        elif pattern == "distrusted_party":
            row["distrusted_party"] = pick[0]
            effects += [(partnership, other, pick[0]) for other in names if other != pick[0]]
        elif pattern == "unreciprocated_pair":
            row["unreciprocated_pair"] = (pick[0], pick[1])
            effects.append((partnership, pick[1], pick[0]))
        truth.append(row)
    index = pd.MultiIndex.from_tuples(effects, names=["partnership", "organisation", "organisation_rated"])
    return (
        pd.DataFrame(truth).set_index("partnership"),
        pd.DataFrame({"effect": -EFFECT}, index=index) if effects else pd.DataFrame({"effect": []}, index=index),
    )


def _plant_win_lose(organisations: pd.DataFrame, rng: np.random.Generator) -> tuple[pd.Series, pd.Series]:
    """A win-lose pair (winner, loser) in half of the partnerships of two or more organisations, and
    the value effect of its two directed pairs (rater, rated): the winner gets more from the loser."""
    members = organisations.groupby("partnership", sort=True)["organisation"].agg(list)
    pairs: dict[object, tuple[str, str] | None] = {}
    effects: dict[tuple[object, str, str], float] = {}
    for partnership, names in members.items():
        if len(names) < 2 or rng.random() >= 0.5:
            pairs[partnership] = None
            continue
        winner, loser = (names[i] for i in rng.choice(len(names), size=2, replace=False))
        pairs[partnership] = (winner, loser)
        effects[(partnership, winner, loser)] = VALUE_EFFECT
        effects[(partnership, loser, winner)] = -VALUE_EFFECT
    names = ["partnership", "organisation", "organisation_rated"]
    index = (
        pd.MultiIndex.from_tuples(list(effects), names=names)
        if effects
        else pd.MultiIndex.from_arrays([[]] * 3, names=names)
    )
    return pd.Series(pairs, dtype=object), pd.Series(list(effects.values()), index=index, dtype=float)


def _answers(rows, latent, rater_noise, instrument, rng, missing_rate, keys) -> pd.DataFrame:
    items = instrument.partner_ratings.items
    frames = []
    for item in items.itertuples(index=False):
        base = latent["trust"] + rater_noise if item.role == "trust" else latent[item.role]
        theta = np.clip(base, 0, 100)
        span = item.max - item.min
        value = np.clip(np.rint(item.min + span * theta / 100 + rng.normal(0, 0.45, len(rows))), item.min, item.max)
        if item.reverse:
            value = item.min + item.max - value
        value[rng.random(len(rows)) < missing_rate] = np.nan
        frames.append(
            pd.DataFrame(
                {
                    **{k: rows[k].to_numpy() for k in keys},
                    "rater_organisation": rows["organisation"].to_numpy(),
                    "rated_organisation": rows["organisation_rated"].to_numpy(),
                    "item": item.item,
                    "value": value,
                    "respondent_id": rows["respondent_id"].to_numpy(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


__all__ = ["PATTERNS", "simulate_partner_ratings"]
