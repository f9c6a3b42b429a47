"""Scoring: items -> respondent scale scores -> organisation and partnership scores.

Everything is computed with array operations over all groups at once (the grouped moments of
:mod:`kompasmetrics.stats`), so scoring 20,000 respondents in 1,000 partnerships takes a fraction of a second.
"""

from __future__ import annotations

import warnings
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats
from threadpoolctl import threadpool_limits

from .._checks import SettingProblems, expect
from ..errors import DegenerateStatisticWarning
from ..stats import (
    cronbach_alpha,
    grouped_item_moments,
    grouped_rwg_j,
    item_total_statistics,
    mcdonald_omega,
    oneway_icc,
    uniform_null_variance,
)
from ..stats._keying import NEGATIVE
from ..survey import Survey
from ._reports import phase_reports
from ._results import Agreement, Reliability, Scores

POOLED_LABEL = "Overig / Other"


def score(
    survey: Survey,
    *,
    min_valid: float = 0.5,
    weight: Literal["organisation", "respondent"] = "organisation",
    min_group_size: int = 3,
    confidence: float = 0.90,
) -> Scores:
    """Score a survey: scale scores per respondent, organisation and partnership (0-100).

    Parameters
    ----------
    survey : Survey
    min_valid : float, default 0.5
        Share of a scale's items a respondent must have answered for a scale score; otherwise the
        score is missing (never 0). With 3 items and 0.5, two answers are needed.
    weight : {"organisation", "respondent"}, default "organisation"
        How a partnership score combines its respondents. ``"organisation"`` gives every
        organisation the same weight (the mean of organisation means), so a partner that sent many
        people does not dominate; ``"respondent"`` is the plain mean of respondents.
    min_group_size : int, default 3
        Organisations with fewer respondents are never shown alone (pooled or left out of
        ``organisations``, but they count in their partnership); partnerships with fewer
        respondents are ``suppressed``.
    confidence : float, default 0.90
        Coverage of the partnership score intervals.

    Returns
    -------
    Scores

    Notes
    -----
    Item answers are reverse keyed as ``min + max - x`` and put on the POMP metric (percent of
    maximum possible; Cohen, Cohen, Aiken & West 1999), ``100 * (x - min) / (max - min)``; the
    respondent scale score is the mean of the answered items' POMP values, which equals the POMP of
    the item mean when the items share a response scale.

    Partnership interval: ``score +/- t(df) * s / sqrt(n_eff)``, where ``s`` is the standard
    deviation of the partnership's respondent scores, ``n_eff = 1 / sum(w_i^2)`` is Kish's (1965)
    effective sample size for the respondent weights ``w_i`` implied by ``weight`` (with
    organisation weighting ``n_eff = K^2 / sum_k 1/n_k`` for K organisations of ``n_k``
    respondents), and ``df = n_eff - 1``. Using the total rather than the within-organisation spread
    makes the interval conservative when organisations differ; a partnership of two respondents
    gets an interval of t(1) width, honestly wide. Limits are clipped to 0-100.

    Agreement and reliability: see :mod:`kompasmetrics.stats` for the formulas and the R functions
    (psych, multilevel) they reproduce.

    Examples
    --------
    >>> import kompasmetrics as km
    >>> study = km.simulate(n_partnerships=20, random_state=1)
    >>> scores = km.score(study.survey)
    >>> scores.partnerships.shape[0]
    20
    """
    expect(survey, Survey, "score", "survey")
    _check_settings(min_valid, weight, min_group_size, confidence)
    instrument = survey.instrument
    frame = survey.responses
    key_columns = ["partnership", "wave"] if survey.has_waves else ["partnership"]

    item_info = instrument.items.set_index("item").loc[survey.items]
    low = item_info["min"].to_numpy(float)
    high = item_info["max"].to_numpy(float)
    keyed = survey.keyed_item_matrix()

    membership_all = instrument.membership(survey.items)
    measured = np.asarray(membership_all.any(axis=0), dtype=bool)
    scales = [s for s, m in zip(instrument.scale_ids, measured, strict=True) if m]
    membership = membership_all[:, measured]
    respondent_scores = _respondent_scores(keyed, low, high, membership, min_valid)

    unit_codes, units = _factorize(frame[key_columns])
    org_codes, org_units = _factorize(frame[[*key_columns, "organisation"]])
    n_units = len(units)

    respondents = frame[["respondent_id", *key_columns, "organisation"]].reset_index(drop=True)
    respondents = pd.concat([respondents, pd.DataFrame(respondent_scores, columns=scales)], axis=1)

    unit_of_org = _factorize_with(org_units.droplevel(-1) if len(key_columns) else org_units, units)
    partnership_scores, n_effective = _partnership_scores(
        respondent_scores, org_codes, unit_of_org, unit_codes, n_units, weight
    )
    n_respondents = np.bincount(unit_codes, minlength=n_units)
    n_organisations = np.bincount(unit_of_org, minlength=n_units)
    suppressed = n_respondents < min_group_size

    spread = _group_sd(respondent_scores, unit_codes, n_units)
    lower, upper = _intervals(partnership_scores, spread, n_effective, confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        standard_error = np.where(n_effective > 1, spread / np.sqrt(n_effective), np.nan)
    for array in (partnership_scores, lower, upper, standard_error):
        array[suppressed] = np.nan

    partnerships = pd.DataFrame(partnership_scores, columns=scales, index=units)
    partnerships.insert(0, "suppressed", suppressed)
    partnerships.insert(0, "n_organisations", n_organisations)
    partnerships.insert(0, "n_respondents", n_respondents)

    organisations = _display_organisations(respondents, key_columns, scales, min_group_size, weight)
    intervals = _long_intervals(
        units, key_columns, scales, partnership_scores, lower, upper, standard_error, n_respondents, n_effective
    )
    # Many tiny linear-algebra problems (one omega fit per scale): BLAS threads only add waiting,
    # several-fold on a busy two-core machine (bench/run.py), so these run single-threaded.
    with threadpool_limits(limits=1):
        reliability = _reliability(keyed, item_info, survey.items, scales, instrument)
    agreement = _agreement(
        keyed,
        item_info,
        membership,
        respondent_scores,
        unit_codes,
        units,
        key_columns,
        scales,
        organisations,
        n_respondents,
        suppressed,
    )
    process_items = set(instrument.process.item_ids) if instrument.process is not None else set()
    numeric = [
        a
        for a in survey.attributes
        if a not in process_items
        and pd.api.types.is_numeric_dtype(frame[a])
        and not pd.api.types.is_bool_dtype(frame[a])
    ]
    attributes = frame.groupby(key_columns, sort=True)[numeric].median().reindex(units)
    return Scores(
        attributes=attributes,
        respondents=respondents,
        organisations=organisations,
        partnerships=partnerships,
        intervals=intervals,
        reliability=reliability,
        agreement=agreement,
        instrument=instrument,
        settings={"min_valid": min_valid, "weight": weight, "min_group_size": min_group_size, "confidence": confidence},
        phase_reports=phase_reports(frame, instrument, unit_codes, units),
    )


def _check_settings(min_valid: float, weight: str, min_group_size: int, confidence: float) -> None:
    with SettingProblems("score()") as problems:
        if not (isinstance(min_valid, (int, float)) and 0 < min_valid <= 1):
            problems.add(
                "min_valid",
                min_valid,
                "give the share of a scale's items that must be answered, a number above 0 and at most 1 (default 0.5)",
            )
        if weight not in ("organisation", "respondent"):
            problems.add("weight", weight, "allowed are 'organisation' (default) and 'respondent'")
        if not (isinstance(min_group_size, (int, np.integer)) and min_group_size >= 1):
            problems.add("min_group_size", min_group_size, "give a whole number of at least 1 (default 3)")
        if not (isinstance(confidence, float) and 0 < confidence < 1):
            problems.add("confidence", confidence, "give a coverage between 0 and 1, such as 0.90")


def _factorize(keys: pd.DataFrame) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of the rows' key combinations, and the sorted unique keys as an index."""
    index = pd.MultiIndex.from_frame(keys) if keys.shape[1] > 1 else pd.Index(keys.iloc[:, 0])
    codes, uniques = pd.factorize(index, sort=True)
    if keys.shape[1] > 1:
        uniques = pd.MultiIndex.from_tuples(list(uniques), names=list(keys.columns))
    else:
        uniques = pd.Index(uniques, name=keys.columns[0])
    return codes.astype(np.intp), uniques


def _factorize_with(keys: pd.Index, categories: pd.Index) -> np.ndarray:
    return categories.get_indexer(keys).astype(np.intp)


def _group_mean(values: np.ndarray, codes: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """NaN-aware group means and counts (as floats) of every column."""
    count, mean, _ = grouped_item_moments(values, codes, n_groups)
    return mean, count.astype(float)


def _group_sd(values: np.ndarray, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """NaN-aware group standard deviations (ddof = 1) of every column."""
    _, _, variance = grouped_item_moments(values, codes, n_groups)
    return np.sqrt(variance)


def _respondent_scores(
    keyed: np.ndarray, low: np.ndarray, high: np.ndarray, membership: np.ndarray, min_valid: float
) -> np.ndarray:
    """Mean POMP of each scale's answered items, scale by scale (memory: one scale's items at a time)."""
    scores = np.full((keyed.shape[0], membership.shape[1]), np.nan)
    for s in range(membership.shape[1]):
        columns = np.flatnonzero(membership[:, s])
        pomp = (keyed[:, columns] - low[columns]) / (high[columns] - low[columns]) * 100.0
        counts = np.count_nonzero(~np.isnan(pomp), axis=1)
        needed = np.ceil(min_valid * len(columns) - 1e-9)
        with np.errstate(invalid="ignore", divide="ignore"):
            means = np.nansum(pomp, axis=1) / counts
        scores[:, s] = np.where((counts >= needed) & (counts > 0), means, np.nan)
    return scores


def _partnership_scores(respondent_scores, org_codes, unit_of_org, unit_codes, n_units, weight):
    """Partnership means and Kish effective sample sizes, per scale."""
    if weight == "respondent":
        means, counts = _group_mean(respondent_scores, unit_codes, n_units)
        return means, counts
    org_means, org_counts = _group_mean(respondent_scores, org_codes, len(unit_of_org))
    means, n_orgs = _group_mean(org_means, unit_of_org, n_units)
    inverse_counts = np.where(org_counts > 0, 1.0 / np.maximum(org_counts, 1), 0.0)
    mean_inverse, n_rows = _group_mean(inverse_counts, unit_of_org, n_units)
    sum_inverse = np.where(n_rows > 0, mean_inverse * n_rows, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        n_effective = np.where(sum_inverse > 0, n_orgs**2 / sum_inverse, 0.0)
    return means, n_effective


def _intervals(means, spread, n_effective, confidence):
    df = n_effective - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        t = scipy_stats.t.ppf(0.5 + confidence / 2, np.where(df > 0, df, np.nan))
        half = t * spread / np.sqrt(n_effective)
    return np.clip(means - half, 0, 100), np.clip(means + half, 0, 100)


def _long_intervals(units, key_columns, scales, scores, lower, upper, standard_error, n_respondents, n_effective):
    n_scales = scores.shape[1]
    long = _long_frame(units, key_columns, scales)
    long["score"] = scores.ravel()
    long["lower"] = lower.ravel()
    long["upper"] = upper.ravel()
    long["se"] = standard_error.ravel()
    long["n_respondents"] = np.repeat(n_respondents, n_scales)
    long["n_effective"] = n_effective.ravel()
    return long


def _long_frame(units: pd.Index, key_columns: list[str], scales: list[str]) -> pd.DataFrame:
    """One row per unit and scale, in unit-major order: the unit's key columns, then ``scale``."""
    keys = units.to_frame(index=False) if isinstance(units, pd.MultiIndex) else pd.DataFrame({key_columns[0]: units})
    long = keys.loc[np.repeat(np.arange(len(units)), len(scales))].reset_index(drop=True)
    long["scale"] = np.tile(scales, len(units))
    return long


def _display_organisations(respondents, key_columns, scales, min_group_size, weight="organisation"):
    """Organisation means that may be shown, with complementary suppression.

    An organisation with fewer than ``min_group_size`` respondents is never shown alone, and must
    not be recoverable by differencing either: the partnership score and the shown organisations
    determine the (weighted) sum of the hidden ones, so that sum must span at least two
    organisations and at least ``min_group_size`` respondents. When it does not (one hidden
    organisation, or hidden ones with too few people together), the smallest shown organisations
    are hidden as well until it does (the statistical offices' complementary suppression). The
    hidden organisations of a partnership are shown as one row ``organisation = "Overig / Other"``,
    averaged in the partnership's own weighting (the mean of organisation means with
    ``weight="organisation"``), so that the pool adds nothing to what the partnership score and the
    shown rows already say. When every organisation ends up hidden, nothing is shown apart (the
    pool would be the partnership itself).
    """
    keys = [*key_columns, "organisation"]
    grouped = respondents.groupby(keys, sort=True)
    means = grouped[scales].mean()
    size = grouped.size().rename("n")
    table = pd.concat([size, means], axis=1).reset_index()
    table["pooled"] = False
    small = table["n"] < min_group_size
    if not small.any():
        return table[[*keys, "n", "pooled", *scales]]
    unit = table[key_columns].apply(tuple, axis=1) if len(key_columns) > 1 else table[key_columns[0]]
    hidden = small.to_numpy().copy()
    rows_of = table.groupby(unit.to_numpy() if len(key_columns) == 1 else unit, sort=False).indices
    n, names = table["n"].to_numpy(), table["organisation"].astype(str).to_numpy()
    for key in set(unit[small]):
        rows = rows_of[key]
        shown = sorted((r for r in rows if not hidden[r]), key=lambda r: (n[r], names[r]))
        while shown and (hidden[rows].sum() < 2 or n[rows[hidden[rows]]].sum() < min_group_size):
            hidden[shown.pop(0)] = True
    table["hidden"] = hidden
    pools = []
    answers = grouped[scales].count() if weight == "respondent" else None
    for key, part in table[table["hidden"]].groupby(unit[table["hidden"]], sort=False):
        if part.shape[0] == len(rows_of[key]):
            continue  # every organisation hidden: the pool would be the partnership score itself
        row = {k: v for k, v in zip(key_columns, key if isinstance(key, tuple) else (key,), strict=True)}
        row.update(organisation=POOLED_LABEL, n=int(part["n"].sum()), pooled=True)
        if weight == "organisation":
            row.update(part[scales].mean().to_dict())
        else:  # the respondents' mean: each organisation mean weighted by its answers to the scale
            answered = answers.loc[pd.MultiIndex.from_frame(part[keys])]
            weighted = (part[scales].to_numpy() * answered.to_numpy()).sum(axis=0) / answered.to_numpy().sum(axis=0)
            row.update(dict(zip(scales, weighted, strict=True)))
        pools.append(row)
    visible = table[~table["hidden"]].drop(columns="hidden")
    out = pd.concat([visible, pd.DataFrame(pools)], ignore_index=True) if pools else visible
    out = out.sort_values(keys, kind="stable").reset_index(drop=True)
    out["pooled"] = out["pooled"].astype(bool)
    return out[[*keys, "n", "pooled", *scales]]


def _reliability(keyed, item_info, items, scales, instrument):
    scale_rows, item_frames = [], []
    item_scale = item_info["scale"]
    for scale in scales:
        columns = [i for i in items if item_scale[i] == scale]
        data = pd.DataFrame(keyed[:, [items.index(c) for c in columns]], columns=columns)
        data = data.dropna(how="all")
        row = {"scale": scale, "n_items": len(columns), "n_respondents": len(data)}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", DegenerateStatisticWarning)
            statistics = _scale_reliability(data, row)
        row["note"] = " ".join(str(w.message) for w in caught if issubclass(w.category, DegenerateStatisticWarning))
        scale_rows.append(row)
        statistics = statistics.rename_axis("item").reset_index()
        statistics["note"] = np.where(
            statistics["corrected_item_total_r"] < NEGATIVE,
            "negative item-total correlation: check whether the answers are coded in reverse, or the "
            "instrument's reverse:",
            "",
        )
        statistics.insert(0, "scale", scale)
        statistics.insert(2, "reverse", item_info.loc[statistics["item"], "reverse"].to_numpy())
        item_frames.append(statistics)
    return Reliability(scales=pd.DataFrame(scale_rows), items=pd.concat(item_frames, ignore_index=True))


def _scale_reliability(data: pd.DataFrame, row: dict) -> pd.DataFrame:
    """Fill ``row`` with the scale's statistics; return the item statistics.

    Instruments have at least two items per scale; omega needs three (with two it is NaN and the
    reason is in the ``note`` column).
    """
    correlations = data.corr().to_numpy()
    row.update(
        cronbach_alpha=cronbach_alpha(data),
        standardized_alpha=cronbach_alpha(data, standardized=True),
        omega_total=mcdonald_omega(data),
        mean_inter_item_r=correlations[np.triu_indices(data.shape[1], 1)].mean(),
    )
    return item_total_statistics(data)


def _agreement(
    keyed,
    item_info,
    membership,
    respondent_scores,
    unit_codes,
    units,
    key_columns,
    scales,
    organisations,
    n_respondents,
    suppressed,
):
    null_variance = np.array([uniform_null_variance(int(a)) for a in item_info["n_options"]])
    rwg = grouped_rwg_j(keyed, unit_codes, len(units), membership, null_variance)
    rwg[suppressed] = np.nan

    by_unit = organisations.groupby(key_columns, sort=True)
    gap = (by_unit[scales].max() - by_unit[scales].min()).where(by_unit[scales].count() >= 2)
    gap = gap.reindex(units)
    n_shown = by_unit.size().reindex(units).fillna(0).astype(int)

    n_units, n_scales = rwg.shape
    within = _long_frame(units, key_columns, scales)
    within["n_respondents"] = np.repeat(n_respondents, n_scales)
    within["rwg_j"] = rwg.ravel()
    within["org_gap"] = gap.to_numpy().ravel()
    within["n_organisations_shown"] = np.repeat(n_shown.to_numpy(), n_scales)

    icc1, icc2 = oneway_icc(respondent_scores, unit_codes, n_units)
    between = pd.DataFrame(
        {
            "scale": scales,
            "icc1": icc1,
            "icc2": icc2,
            "median_rwg_j": np.nanmedian(rwg, axis=0) if n_units else np.nan,
            "share_rwg_j_70": np.nanmean(np.where(np.isnan(rwg), np.nan, rwg >= 0.70), axis=0) if n_units else np.nan,
        }
    )
    return Agreement(partnerships=within, scales=between)
