"""The rules that read partner ratings (``km.network``): ``broken_pair``.

A broken pair is two organisations whose trust in each other is far below the rest of the
partnership, in both directions: the article's trust reservoir has run dry between these two,
whatever it holds elsewhere. A party everybody distrusts (one direction into it low) and an
unreciprocated pair (one direction low) are something else and do not raise it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats

from ..network._pairs import PAIR
from ._context import Context
from ._flags import _rows, _severity, _sure
from ._texts import LANGUAGES, t


def pair_deviations(network, prior_df: float) -> pd.DataFrame:
    """Per directed pair, its trust minus the rest of its partnership, with a standard error.

    The rest of pair ``A -> B`` is every directed pair of the partnership except ``A -> B`` and
    ``B -> A``, each weighing the same: ``dev = m_AB - mean_rest(m)``. With the partnership's pooled
    within-pair variance ``s2`` (moderated towards the portfolio's with ``prior_df`` degrees of
    freedom, as in :mod:`._uncertainty`), ``se^2 = s2 / n_AB + s2 / R^2 * sum_rest 1 / n_d``. Shared
    raters (the same people rate B and the rest) only make the true se smaller, so this is
    conservative. Reads every rater, as the partnership scores do; prints nothing of a hidden pair.
    """
    keys = list(network.keys)
    raters = network.raters.dropna(subset=["trust"])
    grouped = raters.groupby([*keys, *PAIR], sort=True)["trust"]
    pairs = grouped.agg(["mean", "count", "var"]).reset_index()
    pairs["ss"] = pairs["var"].fillna(0) * (pairs["count"] - 1)
    unit = pairs.groupby(keys, sort=False)
    df = unit["count"].transform("sum") - unit["count"].transform("size")
    portfolio = pairs["ss"].sum() / max(float((pairs["count"] - 1).sum()), 1.0)
    s2 = (unit["ss"].transform("sum") + prior_df * portfolio) / (df + prior_df)
    pairs["inverse"] = 1 / pairs["count"]
    total, total_inverse, size = (
        unit["mean"].transform("sum"),
        unit["inverse"].transform("sum"),
        unit["mean"].transform("size"),
    )
    back = pairs.set_index([*keys, "rated_organisation", "rater_organisation"])[["mean", "inverse"]]
    reverse = back.reindex(pd.MultiIndex.from_frame(pairs[[*keys, *PAIR]])).to_numpy()
    reverse_mean, reverse_inverse = np.nan_to_num(reverse[:, 0]), np.nan_to_num(reverse[:, 1])
    has_reverse = ~np.isnan(reverse[:, 0])
    rest = size - 1 - has_reverse
    with np.errstate(invalid="ignore", divide="ignore"):
        rest_mean = (total - pairs["mean"] - reverse_mean) / rest
        rest_inverse = total_inverse - pairs["inverse"] - reverse_inverse
        pairs["deviation"] = (pairs["mean"] - rest_mean).where(rest > 0)
        pairs["se"] = np.sqrt(s2 * (pairs["inverse"] + rest_inverse / rest**2)).where(rest > 0)
    pairs["rest"] = rest_mean.where(rest > 0)
    return pairs[[*keys, *PAIR, "mean", "count", "deviation", "se", "rest"]]


def broken_pairs(network, gap: float, prior_df: float) -> pd.DataFrame:
    """The most probably broken pair of each partnership, with its confidence.

    Confidence that {A, B} is broken: ``P(dev_AB <= -gap) * P(dev_BA <= -gap)``, each a normal
    probability ``Phi((-gap - dev) / se)``. One row per partnership (the pair of highest confidence):
    the keys, ``organisation_a``, ``organisation_b``, ``confidence``, ``gap`` (the larger of the two
    deviations, negated: how far both directions fall below the rest).
    """
    keys = list(network.keys)
    directed = pair_deviations(network, prior_df)
    directed["p"] = scipy_stats.norm.cdf((-gap - directed["deviation"]) / directed["se"])
    back = directed.set_index([*keys, "rated_organisation", "rater_organisation"])[["p", "deviation"]]
    reverse = back.reindex(pd.MultiIndex.from_frame(directed[[*keys, *PAIR]]))
    directed["confidence"] = directed["p"].to_numpy() * reverse["p"].to_numpy()
    directed["gap"] = -np.maximum(directed["deviation"].to_numpy(), reverse["deviation"].to_numpy())
    one_way = directed[directed["rater_organisation"] < directed["rated_organisation"]].dropna(subset=["confidence"])
    best = one_way.sort_values([*keys, "confidence"], ascending=[*[True] * len(keys), False], kind="stable")
    best = best.groupby(keys, sort=True).head(1)
    best = best.rename(columns={"rater_organisation": "organisation_a", "rated_organisation": "organisation_b"})
    return best[[*keys, "organisation_a", "organisation_b", "confidence", "gap"]].reset_index(drop=True)


def broken_pair(context: Context, network) -> pd.DataFrame:
    """Flag rows for the partnerships with a probable broken pair (``rules.broken_pair_gap``).

    Only a pair rated by at least the network's ``min_group_size`` people in all may be named;
    the evidence shows the pair's mutual trust when the dyad may be shown, the mean of the other
    shown pairs, and never a hidden direction.
    """
    rules, keys = context.rules, context.keys
    found = broken_pairs(network, rules.broken_pair_gap, rules.prior_df)
    dyads = network.dyads.set_index([*keys, "organisation_a", "organisation_b"])
    on = pd.MultiIndex.from_frame(found[[*keys, "organisation_a", "organisation_b"]])
    dyad = dyads.reindex(on)
    found = found[(dyad["n_raters"].fillna(0) >= network.settings["min_group_size"]).to_numpy()]
    dyad = dyad[(dyad["n_raters"].fillna(0) >= network.settings["min_group_size"]).to_numpy()]
    index = pd.MultiIndex.from_frame(found[keys]) if len(keys) > 1 else pd.Index(found[keys[0]])
    confidence = pd.Series(found["confidence"].to_numpy(), index=index).reindex(context.partnerships.index)
    mask = _sure(context, confidence)
    party = pd.Series((found["organisation_a"] + " & " + found["organisation_b"]).to_numpy(), index=index)
    values = pd.DataFrame(index=index)
    values["a"], values["b"] = found["organisation_a"].to_numpy(), found["organisation_b"].to_numpy()
    rest = _shown_rest(network, found, keys)
    for language in LANGUAGES:
        values[f"scores_{language}"] = [
            t("diagnosis.pair_scores.shown", language, mutual=m, rest=r, n=int(n))
            if not hidden and m == m and r == r
            else t("diagnosis.pair_scores.hidden", language, n=int(n))
            for m, r, n, hidden in zip(dyad["trust"], rest, dyad["n_raters"], dyad["suppressed"], strict=True)
        ]
    gap = pd.Series(found["gap"].to_numpy(), index=index).reindex(context.partnerships.index)
    return _rows(context, "broken_pair", mask, _severity(gap >= 35, gap >= 20), values, confidence, party=party)


def _shown_rest(network, found: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """Mean trust of the shown directed pairs outside each found pair (what may be printed)."""
    shown = network.pairs[~network.pairs["suppressed"]]
    out = []
    for row in found.to_dict("records"):
        mine = np.ones(len(shown), dtype=bool)
        for k in keys:
            mine &= (shown[k] == row[k]).to_numpy()
        inside = shown["rater_organisation"].isin([row["organisation_a"], row["organisation_b"]]) & shown[
            "rated_organisation"
        ].isin([row["organisation_a"], row["organisation_b"]])
        others = shown.loc[mine & ~inside.to_numpy(), "trust"]
        out.append(float(others.mean()) if len(others) else np.nan)
    return np.array(out)


def value_imbalance(network, gap: float, prior_df: float, certainty: float) -> pd.DataFrame:
    """Per partnership, its pair of clearly uneven value, winner and loser named, from the ratings of
    "the value this partner brings to my organisation".

    ``value(A -> B)`` is what A gets from B, as A's raters see it. For an unordered pair {W, L}
    with both directions shown (at least ``min_group_size`` raters each), the imbalance is
    ``d = value(W -> L) - value(L -> W)``: W, the winner, gets ``d`` points more from L than L, the
    loser, gets from W. Its standard error is ``sqrt(s2_WL / n_WL + s2_LW / n_LW)``, each direction's
    within-pair variance moderated towards the portfolio's with ``prior_df`` degrees of freedom
    (``s2 = (SS + prior_df s2_portfolio) / (n - 1 + prior_df)``), and the confidence is the normal
    ``P(true d >= gap) = Phi((d - gap) / se)``. The pair of highest confidence is kept when it
    reaches ``certainty``. One row per such partnership, indexed by the network's keys:
    ``winner``, ``loser``, ``winner_gets`` (the shown ``value(W -> L)``), ``loser_gets`` (the shown
    ``value(L -> W)``), ``imbalance`` (``d``), ``confidence``. Only shown pairs are ever named or
    printed; without a ``value`` item the table is empty.
    """
    keys = list(network.keys)
    columns = ["winner", "loser", "winner_gets", "loser_gets", "imbalance", "confidence"]
    index = pd.MultiIndex.from_arrays([[]] * len(keys), names=keys) if len(keys) > 1 else pd.Index([], name=keys[0])
    if "value" not in network.raters or "value" not in network.pairs:
        return pd.DataFrame(columns=columns, index=index)
    raters = network.raters.dropna(subset=["value"])
    pairs = raters.groupby([*keys, *PAIR], sort=True)["value"].agg(["mean", "count", "var"]).reset_index()
    pairs["ss"] = pairs["var"].fillna(0) * (pairs["count"] - 1)
    portfolio = pairs["ss"].sum() / max(float((pairs["count"] - 1).sum()), 1.0)
    pairs["s2n"] = (pairs["ss"] + prior_df * portfolio) / (pairs["count"] - 1 + prior_df) / pairs["count"]
    shown = network.pairs[~network.pairs["suppressed"]].dropna(subset=["value"])[[*keys, *PAIR, "value"]]
    pairs = pairs.merge(shown, on=[*keys, *PAIR])
    back = pairs[[*keys, *PAIR, "value", "s2n"]].rename(
        columns={
            "rater_organisation": "rated_organisation",
            "rated_organisation": "rater_organisation",
            "value": "back",
            "s2n": "back_s2n",
        }
    )
    both = pairs.merge(back, on=[*keys, *PAIR])
    both["imbalance"] = both["value"] - both["back"]
    both = both[both["imbalance"] > 0].copy()
    both["tested"] = both.groupby(keys)["imbalance"].transform("size")
    se = np.sqrt(both["s2n"] + both["back_s2n"])
    both["confidence"] = scipy_stats.norm.cdf((both["imbalance"] - gap) / se)
    best = both.sort_values([*keys, "confidence"], ascending=[*[True] * len(keys), False], kind="stable")
    best = best.groupby(keys, sort=True).head(1)
    best = best[best["confidence"] >= 1 - (1 - certainty) / best["tested"]].rename(
        columns={
            "rater_organisation": "winner",
            "rated_organisation": "loser",
            "value": "winner_gets",
            "back": "loser_gets",
        }
    )
    return best.set_index(keys if len(keys) > 1 else keys[0])[columns]


__all__ = ["broken_pair", "broken_pairs", "most_influential", "pair_deviations", "value_imbalance"]


INFLUENCE_LEAD = 10.0
"""Points of influence received (0-100) by which the most influential party must lead the next one
before the power rule names it: a smaller lead is within the noise of a few raters."""


def most_influential(network) -> pd.Series:
    """Per partnership, the organisation whose partners rate its influence on decisions highest
    (``network.organisations["influence_received"]``, from shown pairs only), when it is rated by at
    least two organisations and leads the next by :data:`INFLUENCE_LEAD` points; partnerships
    without such a clear leader are left out. The power rule names this party: influence as the
    others see it is the power the article's paradox is about, more directly than dependence."""
    table = network.organisations.dropna(subset=["influence_received"])
    table = table[table["n_rated_by"] >= 2].sort_values("influence_received", ascending=False, kind="stable")
    leaders = {}
    for partnership, group in table.groupby("partnership", sort=False):
        values = group["influence_received"].to_numpy(float)
        if len(values) == 1 or values[0] - values[1] >= INFLUENCE_LEAD:
            leaders[partnership] = group["organisation"].iloc[0]
    return pd.Series(leaders, dtype=object, name="party")
