"""A tight numpy reference of ``km.score``'s core outputs, to measure score() against (#18).

What a careful numpy programmer would write for the same figures, single-threaded, with no
DataFrames in the inner work: reverse keying and POMP, respondent scale scores (one product with
the item x scale membership), one sort of the rows by organisation (organisations nested in
partnerships, so the same order groups partnerships), organisation and partnership means
(organisations weighted equally), Kish's effective n, the t-interval, rwg(j) from the within-
partnership item variances, ICC(1)/ICC(2) from the one-way mean squares of the respondent
scores, and Cronbach's alpha per scale from the pairwise covariance matrix (each entry over the
respondents who answered both items, as psych's ``cov(x, use = "pairwise")``).

It leaves out what score() also does: omega (a factor fit per scale), item-total statistics,
the organisation table with complementary suppression, and the tidy result tables. Its
agreement with score() is checked in every run (:func:`compare_reference`).
"""

from __future__ import annotations

import numpy as np
from scipy import special


def reference_inputs(survey) -> dict:
    """The arrays the reference starts from: the raw answers and the instrument's item facts."""
    items = survey.instrument.items.set_index("item").loc[survey.items]
    scales = list(dict.fromkeys(items["scale"]))
    frame = survey.responses
    units, unit_codes = np.unique(frame["partnership"].to_numpy(), return_inverse=True)
    pairs = frame["partnership"].astype(str) + "\x1f" + frame["organisation"].astype(str)
    _, org_codes = np.unique(pairs.to_numpy(), return_inverse=True)
    return {
        "answers": frame[survey.items].to_numpy(dtype=float),
        "low": items["min"].to_numpy(float),
        "high": items["max"].to_numpy(float),
        "reverse": items["reverse"].to_numpy(bool),
        "n_options": items["n_options"].to_numpy(float),
        "scale_of_item": np.array([scales.index(s) for s in items["scale"]]),
        "scales": scales,
        "units": units,
        "unit_codes": unit_codes,
        "org_codes": org_codes,
    }


def _block_sums(sorted_values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    return np.add.reduceat(sorted_values, starts, axis=0) if len(starts) else sorted_values[:0]


def _moments(sorted_values: np.ndarray, starts: np.ndarray, block: np.ndarray):
    """Count, mean and ddof-1 variance per block of rows, NaN ignored (two-pass)."""
    answered = ~np.isnan(sorted_values)
    filled = np.where(answered, sorted_values, 0.0)
    count = _block_sums(answered.astype(np.int64), starts)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = _block_sums(filled, starts) / count
        deviation = np.where(answered, filled - mean[block], 0.0)
        variance = _block_sums(deviation * deviation, starts) / (count - 1)
    return count, np.where(count > 0, mean, np.nan), np.where(count > 1, variance, np.nan)


def _pairwise_alpha(x: np.ndarray) -> float:
    """Raw alpha from the pairwise covariance matrix (items without variance left out)."""
    answered = ~np.isnan(x)
    shifted = np.where(answered, x - np.nanmean(x, axis=0), 0.0)
    mask = answered.astype(float)
    pairs = mask.T @ mask
    sums = shifted.T @ mask  # sums[i, j]: item i over the rows where j is answered too
    with np.errstate(invalid="ignore", divide="ignore"):
        covariance = (shifted.T @ shifted - sums * sums.T / pairs) / (pairs - 1)
    keep = np.diag(covariance) > 0
    covariance = covariance[np.ix_(keep, keep)]
    k = covariance.shape[0]
    return k / (k - 1) * (1.0 - np.trace(covariance) / covariance.sum())


def reference_score(data: dict, *, min_valid: float = 0.5, confidence: float = 0.90) -> dict:
    """The core figures of score(study) with organisation weighting; arrays, scales in columns."""
    x, low, high = data["answers"], data["low"], data["high"]
    keyed = np.where(data["reverse"], low + high - x, x)
    pomp = (keyed - low) / (high - low) * 100.0
    n_scales = len(data["scales"])
    membership = np.zeros((x.shape[1], n_scales))
    membership[np.arange(x.shape[1]), data["scale_of_item"]] = 1.0
    answered = ~np.isnan(pomp)
    counts = answered @ membership
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(answered, pomp, 0.0) @ membership / counts
    needed = np.ceil(min_valid * membership.sum(axis=0) - 1e-9)
    respondent = np.where((counts >= needed) & (counts > 0), means, np.nan)

    order = np.argsort(data["org_codes"], kind="stable")
    org_sorted, unit_sorted = data["org_codes"][order], data["unit_codes"][order]
    org_starts = np.flatnonzero(np.r_[True, org_sorted[1:] != org_sorted[:-1]])
    unit_starts = np.flatnonzero(np.r_[True, unit_sorted[1:] != unit_sorted[:-1]])
    org_block = np.cumsum(np.r_[False, org_sorted[1:] != org_sorted[:-1]])
    unit_block = np.cumsum(np.r_[False, unit_sorted[1:] != unit_sorted[:-1]])
    scores_sorted = respondent[order]

    org_count, org_mean, _ = _moments(scores_sorted, org_starts, org_block)
    unit_of_org = unit_sorted[org_starts]
    org_unit_starts = np.flatnonzero(np.r_[True, unit_of_org[1:] != unit_of_org[:-1]])
    org_unit_block = np.cumsum(np.r_[False, unit_of_org[1:] != unit_of_org[:-1]])
    n_orgs, partnership, _ = _moments(org_mean, org_unit_starts, org_unit_block)
    inverse = np.where(org_count > 0, 1.0 / np.maximum(org_count, 1), 0.0)
    sum_inverse = _block_sums(inverse, org_unit_starts)
    with np.errstate(invalid="ignore", divide="ignore"):
        n_effective = np.where(sum_inverse > 0, n_orgs**2 / sum_inverse, 0.0)

    both = np.concatenate([scores_sorted, keyed[order]], axis=1)
    count, mean, variance = _moments(both, unit_starts, unit_block)
    spread = np.sqrt(variance[:, :n_scales])
    with np.errstate(invalid="ignore", divide="ignore"):
        df = np.where(n_effective > 1, n_effective - 1, np.nan)
        half = special.stdtrit(df, 0.5 + confidence / 2) * spread / np.sqrt(n_effective)
    lower, upper = np.clip(partnership - half, 0, 100), np.clip(partnership + half, 0, 100)

    ratio = variance[:, n_scales:] / ((data["n_options"] ** 2 - 1) / 12)
    defined = ~np.isnan(ratio)
    n_items = defined @ membership
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_ratio = np.minimum(np.where(defined, ratio, 0.0) @ membership / n_items, 1.0)
        rwg_j = n_items * (1 - mean_ratio) / (n_items * (1 - mean_ratio) + mean_ratio)

    n, m, v = count[:, :n_scales], mean[:, :n_scales], variance[:, :n_scales]
    n_rows, n_groups = n.sum(axis=0), (n > 0).sum(axis=0)
    grand = np.nansum(n * m, axis=0) / n_rows
    msb = np.nansum(n * (m - grand) ** 2, axis=0) / (n_groups - 1)
    msw = np.nansum((n - 1) * v, axis=0) / (n_rows - n_groups)
    icc1 = (msb - msw) / (msb + (n_rows / n_groups - 1) * msw)
    icc2 = (msb - msw) / msb

    alpha = np.array([_pairwise_alpha(keyed[:, data["scale_of_item"] == s]) for s in range(n_scales)])
    return {
        "respondent_scores": respondent,
        "partnership_scores": partnership,
        "n_effective": n_effective,
        "lower": lower,
        "upper": upper,
        "rwg_j": rwg_j,
        "icc1": icc1,
        "icc2": icc2,
        "cronbach_alpha": alpha,
    }


def compare_reference(scores, data: dict, figures: dict) -> dict:
    """Largest absolute difference between the reference's figures and score()'s, per figure."""

    def diff(ours: np.ndarray, theirs: np.ndarray) -> float:
        ours, theirs = np.asarray(ours, float), np.asarray(theirs, float)
        if ours.shape != theirs.shape:
            return float("inf")
        both = np.isnan(ours) & np.isnan(theirs)
        gap = np.where(both, 0.0, np.abs(ours - theirs))
        return float(np.nanmax(np.where(np.isnan(gap), np.inf, gap))) if gap.size else 0.0

    scales = data["scales"]
    wide = {name: scores.table(name)[scales].to_numpy() for name in ("mean", "lower", "upper", "rwg_j")}
    shown = ~scores.partnerships["suppressed"].to_numpy()
    reliability = scores.reliability.scales.set_index("scale").loc[scales]
    between = scores.agreement.scales.set_index("scale").loc[scales]
    return {
        "respondent_scores": diff(scores.respondents[scales].to_numpy(), figures["respondent_scores"]),
        "partnership_scores": diff(wide["mean"][shown], figures["partnership_scores"][shown]),
        "interval_limits": max(
            diff(wide["lower"][shown], figures["lower"][shown]), diff(wide["upper"][shown], figures["upper"][shown])
        ),
        "rwg_j": diff(wide["rwg_j"][shown], figures["rwg_j"][shown]),
        "icc1": diff(between["icc1"].to_numpy(), figures["icc1"]),
        "icc2": diff(between["icc2"].to_numpy(), figures["icc2"]),
        "cronbach_alpha": diff(reliability["cronbach_alpha"].to_numpy(), figures["cronbach_alpha"]),
    }
