"""Pair tables, vectorised: answers -> rater scores -> directed pairs -> dyads, with suppression.

Every step works on integer group codes and :func:`numpy.bincount`, so 1,000 partnerships with
30,000 rated pairs take a fraction of a second (``bench/bench_network.py``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats

from ..errors import KompasValueError
from ..instrument import Instrument

PAIR = ["rater_organisation", "rated_organisation"]


def _block(instrument: Instrument):
    """The instrument's partner_ratings block; one clear error for an instrument without it."""
    if instrument.partner_ratings is None:
        raise KompasValueError(
            f"Instrument '{instrument.id}' has no partner_ratings block, so partners cannot be rated; "
            "see instruments/README.md, 'Partner ratings'."
        )
    return instrument.partner_ratings


def measures(instrument: Instrument) -> dict[str, str]:
    """Item -> measure: ``trust_<facet>`` for trust items, the role for the others."""
    items = _block(instrument).items
    return {
        row.item: f"trust_{row.facet}" if row.role == "trust" else row.role for row in items.itertuples(index=False)
    }


def measure_names(instrument: Instrument) -> list[str]:
    """``trust``, its facets, then value, influence, frequency: those the block measures."""
    named = list(dict.fromkeys(measures(instrument).values()))
    facets = [m for m in named if m.startswith("trust_")]
    return ["trust", *facets, *[r for r in ("value", "influence", "frequency") if r in named]]


def rater_scores(ratings: pd.DataFrame, instrument: Instrument, keys: list[str]) -> pd.DataFrame:
    """One row per respondent and rated organisation: each measure on the 0-100 (POMP) metric.

    ``POMP = 100 (x' - min) / (max - min)`` with ``x' = min + max - x`` for reverse-keyed items
    (Cohen, Cohen, Aiken & West 1999), as the scale scores; ``trust`` is the mean of the answered
    trust facets. Several items of one measure are averaged.
    """
    items = _block(instrument).items.set_index("item")
    of_item = measures(instrument)
    names = measure_names(instrument)
    item_codes = ratings["item"].map({item: i for i, item in enumerate(items.index)}).to_numpy()
    low, high = items["min"].to_numpy(float)[item_codes], items["max"].to_numpy(float)[item_codes]
    value = ratings["value"].to_numpy(float)
    value = np.where(items["reverse"].to_numpy(bool)[item_codes], low + high - value, value)
    pomp = 100.0 * (value - low) / (high - low)
    measure_code = np.array([names.index(of_item[item]) for item in items.index])[item_codes]

    row_codes, first = _codes(ratings, ["respondent_id", "rated_organisation"])
    n_rows = len(first)
    flat = row_codes * len(names) + measure_code
    sums = np.bincount(flat, weights=pomp, minlength=n_rows * len(names)).reshape(n_rows, len(names))
    counts = np.bincount(flat, minlength=n_rows * len(names)).reshape(n_rows, len(names))
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = sums / counts
    facets = [j for j, m in enumerate(names) if m.startswith("trust_")]
    with np.errstate(invalid="ignore"):
        answered = ~np.isnan(scores[:, facets])
        scores[:, 0] = np.where(
            answered.any(axis=1), np.nansum(scores[:, facets], axis=1) / answered.sum(axis=1), np.nan
        )
    table = ratings.iloc[first][[*keys, *PAIR, "respondent_id"]].reset_index(drop=True)
    return pd.concat([table, pd.DataFrame(scores, columns=names)], axis=1)


def name_order(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The two organisations of each row's pair, first and second in name order."""
    rater = frame["rater_organisation"].to_numpy(dtype=object).astype(str)
    rated = frame["rated_organisation"].to_numpy(dtype=object).astype(str)
    before = rater <= rated
    return np.where(before, rater, rated), np.where(before, rated, rater)


def _codes(frame: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Group codes (sorted by the columns) and the position of each group's first row."""
    codes = frame.groupby(columns, sort=True, observed=True).ngroup().to_numpy()
    order = np.argsort(codes, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(codes[order]) != 0])
    return codes, order[starts]


def directed_pairs(
    raters: pd.DataFrame, names: list[str], keys: list[str], min_group_size: int, confidence: float
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The directed pair table (wide: means per measure) and its intervals (long), with suppression.

    A pair is suppressed when fewer than ``min_group_size`` respondents of the rater organisation
    rated the partner, exactly as an organisation in the scores. Interval per measure:
    ``mean +/- t(n - 1) * s / sqrt(n)`` over the pair's raters, clipped to 0-100.
    """
    codes, first = _codes(raters, [*keys, *PAIR])
    n_pairs = len(first)
    values = raters[names].to_numpy(float)
    present = ~np.isnan(values)
    filled = np.where(present, values, 0.0)
    count = np.stack([np.bincount(codes, weights=present[:, j], minlength=n_pairs) for j in range(len(names))], 1)
    total = np.stack([np.bincount(codes, weights=filled[:, j], minlength=n_pairs) for j in range(len(names))], 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / count
        deviation = np.where(present, values - mean[codes], 0.0)
        squares = np.stack(
            [np.bincount(codes, weights=deviation[:, j] ** 2, minlength=n_pairs) for j in range(len(names))], 1
        )
        sd = np.sqrt(squares / (count - 1))
        t = scipy_stats.t.ppf(0.5 + confidence / 2, np.where(count > 1, count - 1, np.nan))
        half = t * sd / np.sqrt(count)
    n_raters = np.bincount(codes, minlength=n_pairs)
    pairs = raters.iloc[first][[*keys, *PAIR]].reset_index(drop=True)
    pairs["n_raters"] = n_raters
    pairs["suppressed"] = n_raters < min_group_size
    pairs = pd.concat([pairs, pd.DataFrame(mean, columns=names)], axis=1)
    pairs.loc[pairs["suppressed"], names] = np.nan
    hidden = pairs["suppressed"].to_numpy()
    long = pairs[[*keys, *PAIR]].loc[np.repeat(np.arange(n_pairs), len(names))].reset_index(drop=True)
    long["measure"] = np.tile(names, n_pairs)
    long["n"] = count.ravel().astype(int)
    long["mean"] = np.where(hidden[:, None], np.nan, mean).ravel()
    long["lower"] = np.clip(np.where(hidden[:, None], np.nan, mean - half), 0, 100).ravel()
    long["upper"] = np.clip(np.where(hidden[:, None], np.nan, mean + half), 0, 100).ravel()
    return pairs, long


def dyads(raters: pd.DataFrame, pairs: pd.DataFrame, names: list[str], keys: list[str], min_group_size: int):
    """Unordered pairs {A, B}: both directions' raters pooled, with complementary suppression.

    The dyad mean is the mean over the raters of both directions. It is shown when the pooled raters
    reach ``min_group_size`` and it gives nothing away: when both directions are shown (then it
    follows from them) or both are hidden. With one direction shown and the other hidden, the dyad
    and the shown direction together would reveal the hidden one (differencing), so the dyad is
    hidden. ``asymmetry`` is ``trust(A -> B) - trust(B -> A)`` when both directions are shown.
    """
    first_name, second_name = name_order(raters)
    pooled = raters[keys].assign(organisation_a=first_name, organisation_b=second_name)
    pooled[names] = raters[names].to_numpy()
    grouped = pooled.groupby([*keys, "organisation_a", "organisation_b"], sort=True)
    table = grouped[names].mean()
    table.insert(0, "n_raters", grouped.size())
    table = table.reset_index()
    lookup = pairs.set_index([*keys, *PAIR])
    forward = pd.MultiIndex.from_frame(table[[*keys, "organisation_a", "organisation_b"]])
    backward = pd.MultiIndex.from_frame(table[[*keys, "organisation_b", "organisation_a"]])
    ab, ba = lookup.reindex(forward), lookup.reindex(backward)
    table["n_a_to_b"] = ab["n_raters"].fillna(0).astype(int).to_numpy()
    table["n_b_to_a"] = ba["n_raters"].fillna(0).astype(int).to_numpy()
    shown_ab = (ab["suppressed"] == False).to_numpy()  # noqa: E712  (missing is neither)
    shown_ba = (ba["suppressed"] == False).to_numpy()  # noqa: E712
    hidden_ab = (ab["suppressed"] == True).to_numpy()  # noqa: E712
    hidden_ba = (ba["suppressed"] == True).to_numpy()  # noqa: E712
    mixed = (shown_ab & hidden_ba) | (hidden_ab & shown_ba)
    table["suppressed"] = (table["n_raters"] < min_group_size).to_numpy() | mixed
    table.loc[table["suppressed"], names] = np.nan
    table["asymmetry"] = np.where(shown_ab & shown_ba, ab["trust"].to_numpy() - ba["trust"].to_numpy(), np.nan)
    return table[
        [
            *keys,
            "organisation_a",
            "organisation_b",
            "n_raters",
            "n_a_to_b",
            "n_b_to_a",
            "suppressed",
            *names,
            "asymmetry",
        ]
    ]


__all__ = ["PAIR", "directed_pairs", "dyads", "measure_names", "measures", "name_order", "rater_scores"]
