"""The rules that raise flags, each vectorised over all partnerships.

Every rule returns a DataFrame with the partnership keys as index and the columns ``flag``,
``severity``, ``evidence_nl`` and ``evidence_en``: one row per partnership it flags. The evidence is
a sentence with the numbers that triggered the flag. The rationale of each rule against the article
is in ``docs/diagnosis.md``.

A rule runs only when the instrument measures the roles it reads (``RULE_NEEDS``, checked once in
:func:`kompasmetrics.diagnose`), so rules look their scales up with ``ScaleRoles.require``.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from ._context import Context
from ._texts import LANGUAGES, flag_text, lower_first, texts

FLAG_COLUMNS = ["flag", "severity", "evidence_nl", "evidence_en"]


def _rows(context: Context, flag: str, mask: pd.Series, severity: pd.Series, values: pd.DataFrame) -> pd.DataFrame:
    """Flag rows for the partnerships in ``mask``, evidence filled from ``values`` per language.

    ``values`` holds, per language, columns named ``<field>`` (shared) or ``<field>_<lang>``.
    """
    mask = mask & context.sufficient
    index = mask.index[mask.fillna(False).to_numpy(bool)]
    out = pd.DataFrame(index=index, columns=FLAG_COLUMNS, dtype=object)
    out["flag"] = flag
    out["severity"] = severity.reindex(index)
    for language in LANGUAGES:
        suffix = f"_{language}"
        evidence = []
        for row in values.reindex(index).to_dict("records"):
            fields = {k: v for k, v in row.items() if not k.endswith(("_nl", "_en"))}
            fields.update({k[: -len(suffix)]: v for k, v in row.items() if k.endswith(suffix)})
            evidence.append(flag_text(flag, "evidence", language, **fields))
        out[f"evidence_{language}"] = evidence
    return out


def _flagged(context: Context, mask: pd.Series) -> pd.Index:
    """The partnerships a rule flags and that have enough data: only these need evidence text."""
    return mask.index[(mask & context.sufficient).fillna(False).to_numpy(bool)]


def _severity(high: pd.Series, medium: pd.Series) -> pd.Series:
    return pd.Series(np.where(high, "high", np.where(medium, "medium", "low")), index=high.index)


def skipped_phase(context: Context) -> pd.DataFrame:
    """An earlier phase clearly incomplete while a later one is well under way."""
    rules, scores = context.rules, context.partnerships
    phases = context.phases
    best_gap = pd.Series(-np.inf, index=scores.index)
    earlier = pd.Series("", index=scores.index, dtype=object)
    later = pd.Series("", index=scores.index, dtype=object)
    for first, second in combinations(phases, 2):
        gap = scores[second] - scores[first]
        hit = (scores[first] < rules.incomplete) & (scores[second] >= rules.under_way) & (gap >= rules.skipped_gap)
        better = hit & (gap > best_gap)
        best_gap = best_gap.where(~better, gap)
        earlier = earlier.where(~better, first)
        later = later.where(~better, second)
    mask = best_gap > -np.inf
    units = _flagged(context, mask)
    values = pd.DataFrame(index=units)
    values["earlier_score"] = [scores.at[u, earlier[u]] for u in units]
    values["later_score"] = [scores.at[u, later[u]] for u in units]
    values["phase_scale"] = [earlier[u] for u in units]  # the recommendation names the same phase
    for language in LANGUAGES:
        values[f"earlier_{language}"] = [context.label(earlier[u], language) for u in units]
        values[f"later_{language}"] = [lower_first(context.label(later[u], language)) for u in units]
    out = _rows(context, "skipped_phase", mask, _severity(best_gap >= 45, best_gap >= 30), values)
    out["phase_scale"] = values["phase_scale"].reindex(out.index)
    return out


def sham_collaboration(context: Context, phases_agree: pd.Series) -> pd.DataFrame:
    """Activity without agreement on course and direction, with the article's signals."""
    rules, scores, roles = context.rules, context.partnerships, context.roles
    agree = roles.require("phase_3")
    active = [s for s in (roles.scale("phase_4"), roles.scale("phase_5")) if s is not None]
    later = scores[active]
    months = context.attributes.get("months_running", pd.Series(np.nan, index=scores.index))
    active_phases = later.max(axis=1) >= rules.activity
    long_running = months >= rules.long_running_months
    no_agreement = scores[agree] < rules.no_agreement

    def scale_or_missing(role: str) -> pd.Series:
        scale = roles.scale(role)
        return scores[scale] if scale is not None else pd.Series(np.nan, index=scores.index)

    signal_values = {
        "shared_meaning": scores[list(roles.scales("ambition"))].mean(axis=1),
        "low_trust": scores[list(roles.scales("trust"))].mean(axis=1),
        "no_value": scale_or_missing("value_creation"),
        "conflicts_avoided": scale_or_missing("conflict_use"),
    }
    signals = {name: value < rules.low_signal for name, value in signal_values.items()}
    signals["disagreement"] = ~phases_agree.reindex(scores.index).fillna(True).astype(bool)
    n_signals = sum(s.astype(int) for s in signals.values())
    mask = (active_phases | long_running) & no_agreement & (n_signals >= 1)

    phrases = texts()["signals"]
    units = _flagged(context, mask)
    values = pd.DataFrame({"agree_score": scores[agree].reindex(units)})
    later_values = later.reindex(units).to_numpy(float)
    running = long_running.reindex(units).to_numpy(bool)
    running_months = months.reindex(units).to_numpy(float)
    signal_hits = {name: hit.reindex(units).to_numpy(bool) for name, hit in signals.items()}
    signal_numbers = {name: value.reindex(units).to_numpy(float) for name, value in signal_values.items()}
    for language in LANGUAGES:
        values[f"agree_label_{language}"] = lower_first(context.label(agree, language))
        phase_labels = [lower_first(context.label(s, language)) for s in later.columns]
        activity, listed = [], []
        for i in range(len(units)):
            parts = [
                phrases["later_phases"][language].format(phase=label, value=value)
                for label, value in zip(phase_labels, later_values[i], strict=True)
                if value >= rules.activity
            ]
            if running[i]:
                parts.append(phrases["long_running"][language].format(months=running_months[i]))
            activity.append(", ".join(parts))
            listed.append(
                ", ".join(
                    phrases[name][language].format(value=signal_numbers[name][i] if name in signal_numbers else np.nan)
                    for name, hit in signal_hits.items()
                    if hit[i]
                )
            )
        values[f"activity_{language}"] = activity
        values[f"signals_{language}"] = listed
    return _rows(context, "sham_collaboration", mask, _severity(n_signals >= 3, n_signals == 2), values)


def power_imbalance(context: Context) -> pd.DataFrame:
    """The power paradox broken, views of the balance far apart, or dependence strongly unequal.

    The paradox is judged on the partnership's scores, and also through the eyes of the less
    powerful: the shown organisations other than the least dependent one (power is the inverse of
    dependence, Emerson 1962), because the strongest party tends to rate both the asymmetry and its
    own restraint more kindly. Organisation differences count only when they are at least
    ``rules.views_gap``/``rules.dependence_gap`` points apart and significant in a Bonferroni-adjusted t test
    at ``rules.gap_alpha`` (see :meth:`Context.extremes`).
    """
    rules, scores, roles = context.rules, context.partnerships, context.roles
    asymmetry_scale, restraint_scale = roles.require("power_asymmetry"), roles.require("power_restraint")
    asymmetry, restraint = scores[asymmetry_scale], scores[restraint_scale]
    weaker = _view_of_the_weaker(context, asymmetry_scale, restraint_scale)
    asymmetry = asymmetry.where(~(weaker[asymmetry_scale] > asymmetry), weaker[asymmetry_scale])
    restraint = restraint.where(~(weaker[restraint_scale] < restraint), weaker[restraint_scale])
    paradox = (asymmetry >= rules.high_asymmetry) & (restraint < rules.low_restraint)
    views = context.extremes(asymmetry_scale, min_gap=rules.views_gap)
    views_differ = (views["gap"] >= rules.views_gap) & (views["p"] < rules.gap_alpha)
    dependence = context.extremes(roles.scale("dependence"), min_gap=rules.dependence_gap)
    unequal = (dependence["gap"] >= rules.dependence_gap) & (dependence["p"] < rules.gap_alpha)
    n_reasons = paradox.astype(int) + views_differ.astype(int) + unequal.astype(int)
    severe_paradox = paradox & (asymmetry >= 80) & (restraint < 30)
    severity = _severity((paradox & (n_reasons >= 2)) | severe_paradox, paradox | (n_reasons >= 2))

    phrases = texts()["power_reasons"]
    mask = paradox | views_differ | unequal
    units = _flagged(context, mask)
    values = pd.DataFrame(index=units)
    rows = pd.DataFrame(
        {
            "paradox": paradox.reindex(units),
            "asymmetry": asymmetry.reindex(units),
            "restraint": restraint.reindex(units),
            "views_differ": views_differ.reindex(units),
            "views_gap": views["gap"].reindex(units),
            "unequal": unequal.reindex(units),
        }
    ).to_dict("records")
    dependence_rows = dependence.reindex(units).to_dict("records")
    for language in LANGUAGES:
        reasons = []
        for row, dependence_row in zip(rows, dependence_rows, strict=True):
            parts = []
            if row["paradox"]:
                parts.append(
                    phrases["paradox"][language].format(asymmetry=row["asymmetry"], restraint=row["restraint"])
                )
            if row["views_differ"]:
                parts.append(phrases["views_differ"][language].format(gap=row["views_gap"]))
            if row["unequal"]:
                parts.append(phrases["dependence"][language].format(**dependence_row))
            text = "; ".join(parts)
            reasons.append(text[:1].upper() + text[1:])
        values[f"reasons_{language}"] = reasons
    return _rows(context, "power_imbalance", mask, severity, values)


def _view_of_the_weaker(context: Context, asymmetry: str, restraint: str) -> pd.DataFrame:
    """Mean power asymmetry and restraint over the shown organisations except the least dependent
    one, per partnership; missing when fewer than two organisations are shown or their dependence
    differs by less than ``rules.dependence_gap``."""
    index = context.partnerships.index
    columns = [asymmetry, restraint]
    organisations = context.organisations
    dependence_scale = context.roles.scale("dependence")
    if (
        dependence_scale is None
        or not {dependence_scale, *columns} <= set(organisations.columns)
        or organisations.empty
    ):
        return pd.DataFrame(np.nan, index=index, columns=columns)
    keys = context.keys if len(context.keys) > 1 else context.keys[0]
    shown = organisations.dropna(subset=[dependence_scale])
    strongest = shown.groupby(keys)[dependence_scale].idxmin()
    others = shown.drop(index=strongest.to_numpy())
    view = others.groupby(keys)[columns].mean()
    dependence = context.extremes(dependence_scale, min_gap=context.rules.dependence_gap)
    # Identifying the strongest party needs a clear difference in dependence, not a significant one:
    # the paradox itself must still be visible in the weaker parties' own scores.
    meaningful = (dependence["gap"] >= context.rules.dependence_gap).reindex(view.index).fillna(False).to_numpy(bool)
    return view[meaningful].reindex(index)


def low_trust(context: Context) -> pd.DataFrame:
    """The trust reservoir low overall, or one of its facets."""
    rules, scores = context.rules, context.partnerships
    facets = list(context.roles.scales("trust"))
    mean = scores[facets].mean(axis=1)
    weak = scores[facets] < rules.low_trust_facet
    mask = (mean < rules.low_trust) | weak.any(axis=1)
    units = _flagged(context, mask)
    values = pd.DataFrame({"trust": mean.reindex(units)})
    table = scores[facets].reindex(units).to_numpy(float)
    for language in LANGUAGES:
        labels = [lower_first(context.label(s, language)) for s in facets]
        values[f"facets_{language}"] = [
            ", ".join(f"{label} {value:.0f}" for label, value in zip(labels, row, strict=True)) for row in table
        ]
    return _rows(context, "low_trust", mask, _severity(mean < rules.low_trust - 10, mean < rules.low_trust), values)


def _single_scale_rule(context: Context, flag: str, role: str, threshold: float, field: str) -> pd.DataFrame:
    scores, scale = context.partnerships, context.roles.require(role)
    value = scores[scale]
    values = pd.DataFrame({field: value})
    for language in LANGUAGES:
        values[f"{field}_label_{language}"] = lower_first(context.label(scale, language))
    return _rows(context, flag, value < threshold, _severity(value < threshold - 15, value < threshold - 7.5), values)


def weak_leadership(context: Context) -> pd.DataFrame:
    """Nobody takes the connecting lead."""
    return _single_scale_rule(context, "weak_leadership", "leadership", context.rules.weak_leadership, "leadership")


def hierarchy_logic(context: Context) -> pd.DataFrame:
    """The partnership works by hierarchy logic rather than network logic (table 1)."""
    return _single_scale_rule(context, "hierarchy_logic", "network_logic", context.rules.hierarchy, "network")


def disagreeing_scales(context: Context, scales: list[str]) -> pd.DataFrame:
    """Boolean unit x scale: the organisations disagree on the scale.

    Three conditions together: the organisation means lie ``rules.perception_gap`` points or more
    apart, agreement is less than strong (rwg_j below ``rules.rwg_moderate``), and the gap between
    the highest and lowest organisation is significant in a Bonferroni-adjusted t test at
    ``rules.gap_alpha``. Low rwg_j alone is spread among respondents, not a difference between
    organisations, so it does not count on its own.
    """
    rules = context.rules
    scales = [s for s in scales if s in context.rwg.columns]
    table = pd.DataFrame(False, index=context.partnerships.index, columns=scales)
    for scale in scales:
        extremes = context.extremes(scale, min_gap=rules.perception_gap)
        table[scale] = (
            (extremes["gap"] >= rules.perception_gap)
            & (context.rwg[scale] < rules.rwg_moderate)
            & (extremes["p"] < rules.gap_alpha)
        )
    return table


def perception_gap(context: Context) -> pd.DataFrame:
    """Organisations differ widely on a phase or trust scale: they do not agree where they stand."""
    scales = [s for s in [*context.phases, *context.roles.scales("trust")] if s in context.rwg.columns]
    if not scales:
        return pd.DataFrame(columns=FLAG_COLUMNS)
    disagree = disagreeing_scales(context, scales)
    count = disagree.sum(axis=1)
    units = _flagged(context, count >= 1)
    values = pd.DataFrame(index=units)
    hits = disagree.reindex(units).to_numpy(bool)
    gaps = context.gap.reindex(index=units, columns=scales).to_numpy(float)
    rwgs = context.rwg.reindex(index=units, columns=scales).to_numpy(float)
    for language in LANGUAGES:
        labels = [lower_first(context.label(scale, language)) for scale in scales]
        word = "verschil" if language == "nl" else "gap"
        listed = []
        for hit, gap, rwg in zip(hits, gaps, rwgs, strict=True):
            listed.append(
                "; ".join(
                    f"{labels[j]} ({f'{word} {gap[j]:.0f}, ' if gap[j] == gap[j] else ''}rwg_j {rwg[j]:.2f})"
                    for j in np.flatnonzero(hit)
                )
            )
        values[f"scales_{language}"] = listed
    return _rows(context, "perception_gap", count >= 1, _severity(count >= 3, count == 2), values)
