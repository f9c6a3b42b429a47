"""Scoring: items -> respondent scale scores -> organisation and partnership scores.

Everything is computed with array operations over all groups at once (the grouped moments of
:mod:`kompasmetrics.stats`), so scoring 20,000 respondents in 1,000 partnerships takes a fraction of a second.
"""

from __future__ import annotations

import warnings
from typing import Literal

import numpy as np
import pandas as pd
from scipy import special
from threadpoolctl import threadpool_limits

from .._checks import SettingProblems, expect
from ..errors import DegenerateStatisticWarning, Problem
from ..stats import uniform_null_variance
from ..stats._grouped import GroupedRows, icc_from_moments, rwg_j_from_variance
from ..stats._keying import NEGATIVE
from ..stats._reliability import scale_reliability
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
    # Many small array and linear-algebra problems (products of a few columns, one omega fit per
    # scale): BLAS threads only add waiting, several-fold on a busy two-core machine
    # (bench/run.py), so scoring runs single-threaded.
    with threadpool_limits(limits=1):
        return _score(survey, min_valid, weight, min_group_size, confidence)


def _score(survey, min_valid, weight, min_group_size, confidence):
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
    # One sort of the rows: organisations are nested in their partnership (both sorted), so the
    # order that groups organisations groups partnerships too.
    by_organisation = GroupedRows(org_codes, len(org_units))
    by_unit = GroupedRows(unit_codes, n_units, order=by_organisation.order)
    score_moments = by_unit.moments(respondent_scores)
    partnership_scores, n_effective = _partnership_scores(
        respondent_scores, by_organisation, unit_of_org, score_moments, n_units, weight
    )
    n_respondents = np.bincount(unit_codes, minlength=n_units)
    n_organisations = np.bincount(unit_of_org, minlength=n_units)
    suppressed = n_respondents < min_group_size

    spread = np.sqrt(score_moments[2])
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
    reliability = _reliability(keyed, item_info, survey.items, scales, instrument)
    agreement = _agreement(
        by_unit.moments(keyed)[2],
        item_info,
        membership,
        score_moments,
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
                Problem("settings.min_valid"),
            )
        if weight not in ("organisation", "respondent"):
            problems.add("weight", weight, Problem("settings.weight"))
        if not (isinstance(min_group_size, (int, np.integer)) and min_group_size >= 1):
            problems.add("min_group_size", min_group_size, Problem("settings.min_group_size"))
        if not (isinstance(confidence, float) and 0 < confidence < 1):
            problems.add("confidence", confidence, Problem("settings.confidence"))


def _factorize(keys: pd.DataFrame) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of the rows' key combinations, and the sorted unique keys as an index.

    Several key columns are factorised one by one (sorted), and their codes combined into one
    integer per row: sorting those integers sorts the keys lexicographically, as sorting tuples
    would, without making a tuple per row.
    """
    if keys.shape[1] == 1:
        codes, uniques = pd.factorize(pd.Index(keys.iloc[:, 0]), sort=True)
        return codes.astype(np.intp), pd.Index(uniques, name=keys.columns[0])
    factorized = [pd.factorize(pd.Index(keys[column]), sort=True) for column in keys.columns]
    column_codes = [codes for codes, _ in factorized]
    if any((codes < 0).any() for codes in column_codes):  # a missing key: the tuples' own order
        index = pd.MultiIndex.from_frame(keys)
        codes, uniques = pd.factorize(index, sort=True)
        return codes.astype(np.intp), pd.MultiIndex.from_tuples(list(uniques), names=list(keys.columns))
    shape = [len(uniques) for _, uniques in factorized]
    combined, codes = np.unique(np.ravel_multi_index(column_codes, shape), return_inverse=True)
    levels = np.unravel_index(combined, shape)
    arrays = [uniques.take(level) for (_, uniques), level in zip(factorized, levels, strict=True)]
    # levels from the unique tuples (not the columns' dtypes), as a tuple factorisation makes them
    return codes.astype(np.intp), pd.MultiIndex.from_tuples(list(zip(*arrays, strict=True)), names=list(keys.columns))


def _factorize_with(keys: pd.Index, categories: pd.Index) -> np.ndarray:
    return categories.get_indexer(keys).astype(np.intp)


_ROW_CHUNK = 65_536


def _respondent_scores(
    keyed: np.ndarray, low: np.ndarray, high: np.ndarray, membership: np.ndarray, min_valid: float
) -> np.ndarray:
    """Mean POMP of each scale's answered items: the answered items' POMP sum and count per scale
    are products with the item x scale membership, a block of rows at a time (memory)."""
    weights = membership.astype(float)
    needed = np.ceil(min_valid * weights.sum(axis=0) - 1e-9)
    scores = np.empty((keyed.shape[0], membership.shape[1]))
    for first in range(0, keyed.shape[0], _ROW_CHUNK):
        rows = slice(first, first + _ROW_CHUNK)
        pomp = keyed[rows] - low
        pomp /= high - low
        pomp *= 100.0
        answered = ~np.isnan(pomp)
        np.copyto(pomp, 0.0, where=~answered)
        counts = answered @ weights
        with np.errstate(invalid="ignore", divide="ignore"):
            means = (pomp @ weights) / counts
        scores[rows] = np.where((counts >= needed) & (counts > 0), means, np.nan)
    return scores


def _partnership_scores(respondent_scores, by_organisation, unit_of_org, score_moments, n_units, weight):
    """Partnership means and Kish effective sample sizes, per scale."""
    if weight == "respondent":
        counts, means, _ = score_moments
        return means.copy(), counts.astype(float)  # a copy: suppression blanks the scores, not the ICCs' means
    org_counts, org_means, _ = by_organisation.moments(respondent_scores)
    n_scales = org_means.shape[1]
    inverse_counts = np.where(org_counts > 0, 1.0 / np.maximum(org_counts, 1), 0.0)
    counts, means, _ = GroupedRows(unit_of_org, n_units).moments(np.hstack([org_means, inverse_counts]))
    n_orgs, mean_inverse, n_rows = counts[:, :n_scales].astype(float), means[:, n_scales:], counts[:, n_scales:]
    sum_inverse = np.where(n_rows > 0, mean_inverse * n_rows, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        n_effective = np.where(sum_inverse > 0, n_orgs**2 / sum_inverse, 0.0)
    return means[:, :n_scales], n_effective


def _intervals(means, spread, n_effective, confidence):
    df = n_effective - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        # the t quantile once per distinct df (partnerships share organisation sizes): an inverse
        # found by iteration, the slowest step of the intervals
        distinct, position = np.unique(np.where(df > 0, df, np.nan), return_inverse=True)
        t = special.stdtrit(distinct, 0.5 + confidence / 2)[position].reshape(df.shape)
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
    n_scales = len(scales)
    levels = [units.get_level_values(i) for i in range(units.nlevels)] if isinstance(units, pd.MultiIndex) else [units]
    long = pd.DataFrame({column: level.repeat(n_scales) for column, level in zip(key_columns, levels, strict=True)})
    long["scale"] = np.tile(np.asarray(scales, dtype=object), len(units))
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
    item_scale = item_info["scale"].to_numpy()
    for scale in scales:
        positions = np.flatnonzero(item_scale == scale)
        values = keyed[:, positions]
        row = {
            "scale": scale,
            "n_items": len(positions),
            "n_respondents": int((~np.isnan(values)).any(axis=1).sum()),
        }
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", DegenerateStatisticWarning)
            # rows without any answer change none of these (pairwise), so they are not dropped
            statistics, item_statistics = scale_reliability(values, [items[p] for p in positions])
        row.update(statistics)
        row["note"] = " ".join(str(w.message) for w in caught if issubclass(w.category, DegenerateStatisticWarning))
        scale_rows.append(row)
        item_frames.append(item_statistics)
    order = np.concatenate([np.flatnonzero(item_scale == s) for s in scales])
    table = pd.DataFrame(
        {
            "scale": item_scale[order],
            "item": np.asarray(items, dtype=object)[order],
            "reverse": item_info["reverse"].to_numpy()[order],
            **{column: np.concatenate([f[column] for f in item_frames]) for column in item_frames[0]},
        }
    )
    table["note"] = np.where(
        table["corrected_item_total_r"] < NEGATIVE,
        "negative item-total correlation: check whether the answers are coded in reverse, or the instrument's reverse:",
        "",
    )
    return Reliability(scales=pd.DataFrame(scale_rows), items=table)


def _agreement(
    item_variance,
    item_info,
    membership,
    score_moments,
    units,
    key_columns,
    scales,
    organisations,
    n_respondents,
    suppressed,
):
    null_variance = np.array([uniform_null_variance(int(a)) for a in item_info["n_options"]])
    rwg = rwg_j_from_variance(item_variance, membership, null_variance)
    rwg[suppressed] = np.nan

    gap, n_shown = _organisation_gap(organisations, units, key_columns, scales)

    n_units, n_scales = rwg.shape
    within = _long_frame(units, key_columns, scales)
    within["n_respondents"] = np.repeat(n_respondents, n_scales)
    within["rwg_j"] = rwg.ravel()
    within["org_gap"] = gap.ravel()
    within["n_organisations_shown"] = np.repeat(n_shown, n_scales)

    icc1, icc2 = icc_from_moments(*score_moments)
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


def _organisation_gap(organisations, units, key_columns, scales):
    """Highest minus lowest shown organisation mean per unit and scale (NaN below two shown
    organisations with a score), and the number of organisations shown per unit."""
    keys = organisations[key_columns]
    index = pd.MultiIndex.from_frame(keys) if len(key_columns) > 1 else pd.Index(keys.iloc[:, 0])
    unit = units.get_indexer(index)
    n_shown = np.bincount(unit, minlength=len(units))
    gap = np.full((len(units), len(scales)), np.nan)
    if len(unit):
        order = np.argsort(unit, kind="stable")
        means = organisations[scales].to_numpy(dtype=float)[order]
        sorted_unit = unit[order]
        starts = np.flatnonzero(np.r_[True, sorted_unit[1:] != sorted_unit[:-1]])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            spread = np.fmax.reduceat(means, starts, axis=0) - np.fmin.reduceat(means, starts, axis=0)
        counted = np.add.reduceat(~np.isnan(means), starts, axis=0)
        gap[sorted_unit[starts]] = np.where(counted >= 2, spread, np.nan)
    return gap, n_shown
