"""Per-scale reliability with intervals and per-item fit, with verdicts.

Cut-offs: a scale is *good* when its reliability (omega total, or alpha when omega cannot be
estimated) is at least .80, *acceptable* from .70 (Nunnally & Bernstein, 1994); an item whose
item-rest correlation (psych's ``r.drop``) is negative runs against its scale (a reversed code
in the export or a bad item; the scale is then *weak* whatever its omega, which reverses such
items), below .30 it adds little (Nunnally & Bernstein, 1994). The negative items are listed most
negative first: with three items one reversed column drags the other two below zero as well, and
the reversed one is the most negative.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..errors import DegenerateStatisticWarning
from ..stats import cronbach_alpha, item_total_statistics, mcdonald_omega
from ..stats._reliability import _constant_items
from ._intervals import feldt_interval, omega_interval
from ._polychoric import alpha_from_correlation, polychoric_matrix
from ._texts import say, verdict_row

MIN_RESPONDENTS = 30
GOOD, ACCEPTABLE = 0.80, 0.70
ITEM_WEAK = 0.30


def _quiet(function, *args, **kwargs):
    """Run a statistic, returning its value and the degenerate-statistic messages it gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DegenerateStatisticWarning)
        value = function(*args, **kwargs)
    return value, [str(w.message) for w in caught if issubclass(w.category, DegenerateStatisticWarning)]


def _item_rows(scale: str, data: pd.DataFrame, reverse: pd.Series) -> list[dict]:
    statistics, _ = _quiet(item_total_statistics, data)
    rows = []
    for item, stat in statistics.iterrows():
        r = stat["corrected_item_total_r"]
        if not np.isfinite(r):
            verdict, key = "not_estimable", "not_estimable"
        elif r < 0:
            verdict, key = "weak", "negative"
        elif r < ITEM_WEAK:
            verdict, key = "weak", "weak"
        else:
            verdict, key = "good", "good"
        rows.append(
            {
                "scale": scale,
                "item": item,
                "reverse": bool(reverse[item]),
                "n": int(stat["n"]),
                "item_rest_r": float(r),
                "alpha_if_deleted": float(stat["alpha_if_deleted"]),
                "negative": bool(np.isfinite(r) and r < 0),
                **verdict_row(verdict, "item", key, r=r),
            }
        )
    return rows


def _scale_row(scale: str, data: pd.DataFrame, weights: np.ndarray, level: float) -> dict:
    values = data.to_numpy(float)
    varying = ~_constant_items(values)
    n = int(((~np.isnan(values)).sum(axis=1) >= 2).sum())
    k = int(varying.sum())
    row = {"scale": scale, "n_items": data.shape[1], "n_items_with_variance": k, "n_respondents": n}
    nan = float("nan")
    row.update(alpha=nan, alpha_lower=nan, alpha_upper=nan, omega=nan, omega_lower=nan, omega_upper=nan)
    row["ordinal_alpha"] = nan
    if k < 2:
        return {**row, **verdict_row("not_estimable", "reliability", "not_estimable_items", n_items=k)}
    if n < MIN_RESPONDENTS:
        return {**row, **verdict_row("not_estimable", "reliability", "not_estimable_n", n=n, needed=MIN_RESPONDENTS)}
    kept = data.loc[:, varying]
    row["alpha"], _ = _quiet(cronbach_alpha, kept)
    row["alpha_lower"], row["alpha_upper"] = feldt_interval(row["alpha"], n, k, level)
    if k >= 3:
        row["omega"], _ = _quiet(mcdonald_omega, kept)
        row["omega_lower"], row["omega_upper"] = omega_interval(kept.to_numpy(float), weights, level)
    with np.errstate(all="ignore"):
        row["ordinal_alpha"] = alpha_from_correlation(polychoric_matrix(kept.to_numpy(float)))
    use_omega = np.isfinite(row["omega"])
    value = row["omega"] if use_omega else row["alpha"]
    verdict = "good" if value >= GOOD else "acceptable" if value >= ACCEPTABLE else "weak"
    if not np.isfinite(value):
        verdict = "weak"
    result = {
        **row,
        **verdict_row(verdict, "reliability", verdict, statistic="omega" if use_omega else "alpha", value=value),
    }
    if not use_omega:
        extra = say("reliability", "few_items", n_items=k)
        for key, text in extra.items():
            result[key] = f"{result[key]} {text}"
    return result


def reliability_tables(
    keyed: pd.DataFrame, instrument, weights: np.ndarray, level: float = 0.95
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The scale table and the item table for every scale of ``instrument`` with items in ``keyed``."""
    reverse = instrument.items.set_index("item")["reverse"]
    scale_rows, item_rows = [], []
    for scale in instrument.scale_ids:
        items = [item for item in instrument.items_of(scale) if item in keyed.columns]
        if not items:
            continue
        data = keyed[items]
        row = _scale_row(scale, data, weights, level)
        items_here = _item_rows(scale, data.dropna(how="all"), reverse) if data.shape[1] >= 2 else []
        negative = [r["item"] for r in sorted(items_here, key=lambda r: r["item_rest_r"]) if r["negative"]]
        row["negative_items"] = ", ".join(negative)
        if negative:
            advice = say("reliability", "negative", items=", ".join(negative))
            if row["verdict"] in ("good", "acceptable"):
                row.update(verdict_row("weak", "reliability", "negative", items=", ".join(negative)))
            else:
                row.update({key: f"{row[key]} {text}" for key, text in advice.items()})
        scale_rows.append(row)
        item_rows += items_here
    return pd.DataFrame(scale_rows), pd.DataFrame(item_rows)


__all__ = ["ACCEPTABLE", "GOOD", "MIN_RESPONDENTS", "reliability_tables"]
