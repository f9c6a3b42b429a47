"""The rules that raise flags, each vectorised over all partnerships.

Every rule returns a DataFrame with the partnership keys as index and the columns ``flag``,
``severity``, ``evidence_nl`` and ``evidence_en``: one row per partnership it flags. The evidence is
a sentence with the numbers that triggered the flag. The rationale of each rule against the article
is in ``docs/diagnosis.md``.

A rule runs only when the instrument measures the roles it reads (``RULE_NEEDS``, checked once in
:func:`kompasmetrics.diagnose`), so rules look their scales up with ``ScaleRoles.require``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats

from ._context import Context
from ._texts import LANGUAGES, confidence_phrase, flag_text, lower_first, number, t, texts

FLAG_COLUMNS = ["flag", "severity", "confidence", "phase_scale", "party", "facet", "evidence_nl", "evidence_en"]


EVIDENCE_PART = "evidence_part"


def _rows(
    context: Context,
    flag: str,
    mask: pd.Series,
    severity: pd.Series,
    values: pd.DataFrame,
    confidence: pd.Series | None = None,
    evidence_part: pd.Series | None = None,
    **named: pd.Series,
) -> pd.DataFrame:
    """Flag rows for the partnerships in ``mask``, evidence filled from ``values`` per language.

    ``values`` holds, per language, columns named ``<field>`` (shared) or ``<field>_<lang>``. The
    evidence ends with the flag's ``confidence`` in words. ``named`` gives what the flag is about:
    ``phase_scale`` (the phase scale its texts name), ``party`` (the organisation) and ``facet``
    (the scale of the weakest facet), so that every text of the flag names the same ones.
    When a flag has more than one evidence text, ``evidence_part`` names, per partnership, the
    one to use, or a column :data:`EVIDENCE_PART` of ``values`` does (default ``evidence``).
    """
    mask = mask & context.sufficient
    index = mask.index[mask.fillna(False).to_numpy(bool)]
    out = pd.DataFrame(index=index, columns=FLAG_COLUMNS, dtype=object)
    out["flag"] = flag
    out["severity"] = severity.reindex(index)
    out["confidence"] = (
        confidence.reindex(index).astype(float) if confidence is not None else pd.Series(np.nan, index=index)
    )
    for column in ("phase_scale", "party", "facet"):
        out[column] = named[column].reindex(index) if column in named else np.nan
    parts = evidence_part.reindex(index).fillna("evidence") if evidence_part is not None else None
    for language in LANGUAGES:
        suffix = f"_{language}"
        evidence = []
        for position, (row, probability) in enumerate(
            zip(values.reindex(index).to_dict("records"), out["confidence"], strict=True)
        ):
            fields = {k: v for k, v in row.items() if not k.endswith(("_nl", "_en"))}
            fields.update({k[: -len(suffix)]: v for k, v in row.items() if k.endswith(suffix)})
            part = fields.pop(EVIDENCE_PART, None)
            if not isinstance(part, str):
                part = "evidence" if parts is None else str(parts.iloc[position])
            text = flag_text(flag, part, language, **fields)
            ending = confidence_phrase(probability, language)
            evidence.append(f"{text} {ending}" if ending else text)
        out[f"evidence_{language}"] = evidence
    return out


def _flagged(context: Context, mask: pd.Series) -> pd.Index:
    """The partnerships a rule flags and that have enough data: only these need evidence text."""
    return mask.index[(mask & context.sufficient).fillna(False).to_numpy(bool)]


def _severity(high: pd.Series, medium: pd.Series) -> pd.Series:
    return pd.Series(np.where(high, "high", np.where(medium, "medium", "low")), index=high.index)


def _sure(context: Context, confidence: pd.Series) -> pd.Series:
    """The partnerships whose condition is probable enough to raise the flag."""
    return confidence.fillna(0) >= context.rules.min_confidence


def skipped_phase(context: Context, back: pd.Series) -> pd.DataFrame:
    """An earlier phase left behind while a later one is well under way.

    The earlier phase is the one the next step goes back to (``back``, see
    :func:`._phases.back_to`), so flag and next step name the same phase. Two kinds of evidence:

    * the scores: the earlier phase clearly incomplete, a later one at least ``rules.skipped_gap``
      points ahead; confidence ``c_s = P(earlier < incomplete) * P(later >= under_way)``, the
      later phase being the one most probably under way;
    * the reports of the people who were there (:mod:`._reports`): confidence
      ``c_r = P(most witnesses report the earlier phase skipped) * P(later >= under_way)``, over all
      later phases. A skipped phase reported by witnesses needs no score gap: it is stronger
      evidence than a low score, which may mean "not yet" or "done informally".

    Confidence ``1 - (1 - c_s)(1 - c_r)``; the evidence names the larger of the two. Without
    process questions ``c_r`` is 0 and the flag is the score rule alone.
    """
    rules, scores, post = context.rules, context.partnerships, context.posterior
    phases = context.phases
    index = scores.index
    p_earlier = pd.Series(np.nan, index=index)
    p_reported = pd.Series(0.0, index=index)
    best = pd.Series(0.0, index=index)
    best_reported = pd.Series(0.0, index=index)
    later = pd.Series(np.nan, index=index, dtype=object)
    later_reported = pd.Series(np.nan, index=index, dtype=object)
    for position, first in enumerate(phases):
        is_first = back == first
        if not is_first.any():
            continue
        p_earlier = p_earlier.where(~is_first, post.probability_below(first, rules.incomplete))
        p_reported = p_reported.where(~is_first, context.reports.p_skipped(first).fillna(0))
        for second in phases[position + 1 :]:
            p_later = post.probability_at_least(second, rules.under_way).fillna(0)
            ahead = is_first & (scores[second] - scores[first] >= rules.skipped_gap) & (p_later > best)
            best = best.where(~ahead, p_later)
            later = later.where(~ahead, second)
            beyond = is_first & (p_later > best_reported)
            best_reported = best_reported.where(~beyond, p_later)
            later_reported = later_reported.where(~beyond, second)
    by_score = (p_earlier * best).where(later.notna()).fillna(0)
    by_report = (p_reported * best_reported).where(later_reported.notna()).fillna(0)
    confidence = (1 - (1 - by_score) * (1 - by_report)).where(later.notna() | later_reported.notna())
    mask = _sure(context, confidence)
    units = _flagged(context, mask)
    reported = (by_report > by_score).reindex(units)
    named_later = later_reported.where(by_report > by_score, later)
    values = pd.DataFrame(index=units)
    values["earlier_score"] = [scores.at[u, back[u]] for u in units]
    values["later_score"] = [scores.at[u, named_later[u]] for u in units]
    witnesses, skipped = context.reports.witnesses, context.reports.skipped
    values["witnesses"] = [int(witnesses.at[u, back[u]]) for u in units]
    values["reported"] = [int(skipped.at[u, back[u]]) for u in units]
    gap = pd.Series(
        [scores.at[u, named_later[u]] - scores.at[u, back[u]] for u in units], index=units, dtype=float
    ).reindex(index)
    for language in LANGUAGES:
        values[f"earlier_{language}"] = [context.label(back[u], language) for u in units]
        values[f"earlier_lower_{language}"] = [lower_first(context.label(back[u], language)) for u in units]
        values[f"later_{language}"] = [lower_first(context.label(named_later[u], language)) for u in units]
    severity = _severity((gap >= 45) | (by_report >= rules.certainty), (gap >= 30) | (by_report > by_score))
    part = pd.Series(np.where(reported, "evidence_reported", "evidence"), index=units)
    return _rows(context, "skipped_phase", mask, severity, values, confidence, phase_scale=back, evidence_part=part)


def _any_of(probabilities: list[pd.Series]) -> pd.Series:
    """P(at least one) of independent conditions."""
    none = 1.0
    for probability in probabilities:
        none = none * (1 - probability.fillna(0))
    return 1 - none


def sham_collaboration(context: Context, phases_agree: pd.Series) -> pd.DataFrame:
    """Activity without agreement on course and direction, with the article's signals.

    Confidence: ``P(agreeing < no_agreement) * P(activity)``, where activity is certain for a
    partnership running ``rules.long_running_months`` or longer and otherwise the probability that
    phase 4 or 5 reaches ``rules.activity``. The signals (at least one needed) set the severity.
    """
    rules, scores, roles, post = context.rules, context.partnerships, context.roles, context.posterior
    agree = roles.require("phase_3")
    active = [s for s in (roles.scale("phase_4"), roles.scale("phase_5")) if s is not None]
    later = scores[active]
    months = context.attributes.get("months_running", pd.Series(np.nan, index=scores.index))
    long_running = months >= rules.long_running_months
    p_active = _any_of([post.probability_at_least(s, rules.activity) for s in active]).where(~long_running, 1.0)
    confidence = post.probability_below(agree, rules.no_agreement) * p_active

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
    mask = _sure(context, confidence) & (n_signals >= 1)

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
                t("diagnosis.signals.later_phases", language, phase=label, value=value)
                for label, value in zip(phase_labels, later_values[i], strict=True)
                if value >= rules.activity
            ]
            if running[i]:
                parts.append(t("diagnosis.signals.long_running", language, months=running_months[i]))
            activity.append(", ".join(parts))
            listed.append(
                ", ".join(
                    t(
                        f"diagnosis.signals.{name}",
                        language,
                        value=signal_numbers[name][i] if name in signal_numbers else np.nan,
                    )
                    for name, hit in signal_hits.items()
                    if hit[i]
                )
            )
        values[f"activity_{language}"] = activity
        values[f"signals_{language}"] = listed
    return _rows(
        context,
        "sham_collaboration",
        mask,
        _severity(n_signals >= 3, n_signals == 2),
        values,
        confidence,
        phase_scale=pd.Series(agree, index=scores.index),
    )


def power_imbalance(context: Context, influential: pd.Series | None = None) -> pd.DataFrame:
    """The power paradox broken, views of the balance far apart, or dependence strongly unequal.

    The paradox is judged on the partnership's scores, and also through the eyes of the less
    powerful: the shown organisations other than the least dependent one (power is the inverse of
    dependence, Emerson 1962), because the strongest party tends to rate both the asymmetry and its
    own restraint more kindly. Organisation differences count only when they are at least
    ``rules.views_gap``/``rules.dependence_gap`` points apart and significant in a
    Bonferroni-adjusted t test at ``rules.gap_alpha`` (see :meth:`Context.extremes`).

    Confidence: the largest of the reasons' probabilities (the flag holds when any reason holds):
    ``P(asymmetry >= high_asymmetry) * P(restraint < low_restraint)`` for the paradox, with the
    weaker parties' view given the partnership's posterior spread widened by ``sqrt(K / (K - 1))``
    for leaving one of K organisations out; ``P(true gap >= threshold)`` for an organisation
    difference. The strongest party (``party``) is the least dependent shown organisation, or with
    partner ratings the one the others rate clearly most influential (``influential``: partnership
    -> organisation, from :func:`kompasmetrics.diagnose._pairs.most_influential`).
    """
    rules, scores, roles, post = context.rules, context.partnerships, context.roles, context.posterior
    asymmetry_scale, restraint_scale = roles.require("power_asymmetry"), roles.require("power_restraint")
    dependence_scale = roles.scale("dependence")
    asymmetry, restraint = scores[asymmetry_scale], scores[restraint_scale]
    weaker, shown = _view_of_the_weaker(context, asymmetry_scale, restraint_scale)
    p_paradox = post.probability_at_least(asymmetry_scale, rules.high_asymmetry) * post.probability_below(
        restraint_scale, rules.low_restraint
    )
    widen = np.sqrt(shown / (shown - 1)).where(shown > 1)
    p_weaker = pd.Series(
        scipy_stats.t.cdf(
            (weaker[asymmetry_scale] - rules.high_asymmetry) / (post.scale[asymmetry_scale] * widen),
            post.df[asymmetry_scale],
        )
        * scipy_stats.t.cdf(
            (rules.low_restraint - weaker[restraint_scale]) / (post.scale[restraint_scale] * widen),
            post.df[restraint_scale],
        ),
        index=scores.index,
    )
    use_weaker = p_weaker.fillna(0) > p_paradox.fillna(0)
    p_paradox = p_paradox.where(~use_weaker, p_weaker)
    asymmetry = asymmetry.where(~use_weaker, weaker[asymmetry_scale])
    restraint = restraint.where(~use_weaker, weaker[restraint_scale])
    paradox = _sure(context, p_paradox)

    views = context.extremes(asymmetry_scale, min_gap=rules.views_gap)
    p_views = context.gap_probability(asymmetry_scale, rules.views_gap).where(views["p"] < rules.gap_alpha)
    views_differ = _sure(context, p_views)
    dependence = context.extremes(dependence_scale, min_gap=rules.dependence_gap)
    p_dependence = context.gap_probability(dependence_scale, rules.dependence_gap).where(
        dependence["p"] < rules.gap_alpha
    )
    unequal = _sure(context, p_dependence)
    confidence = pd.concat([p_paradox, p_views, p_dependence], axis=1).max(axis=1)
    n_reasons = paradox.astype(int) + views_differ.astype(int) + unequal.astype(int)
    severe_paradox = paradox & (asymmetry >= 80) & (restraint < 30)
    severity = _severity((paradox & (n_reasons >= 2)) | severe_paradox, paradox | (n_reasons >= 2))
    strongest = context.extremes(dependence_scale)["low_org"].replace("", np.nan)
    if influential is not None and len(influential):
        level = strongest.index.get_level_values("partnership") if strongest.index.nlevels > 1 else strongest.index
        named = pd.Series(level, index=strongest.index).map(influential)
        strongest = named.where(named.notna(), strongest)

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
            "strongest": strongest.reindex(units),
        }
    ).to_dict("records")
    dependence_rows = dependence.reindex(units).to_dict("records")
    for language in LANGUAGES:
        reasons = []
        for row, dependence_row in zip(rows, dependence_rows, strict=True):
            parts = []
            if row["paradox"]:
                who = row["strongest"] if isinstance(row["strongest"], str) else phrases["strongest"][language]
                parts.append(
                    t(
                        "diagnosis.power_reasons.paradox",
                        language,
                        asymmetry=row["asymmetry"],
                        restraint=row["restraint"],
                        strongest=who,
                    )
                )
            if row["views_differ"]:
                parts.append(t("diagnosis.power_reasons.views_differ", language, gap=row["views_gap"]))
            if row["unequal"]:
                parts.append(t("diagnosis.power_reasons.dependence", language, **dependence_row))
            text = "; ".join(parts)
            reasons.append(text[:1].upper() + text[1:])
        values[f"reasons_{language}"] = reasons
    return _rows(context, "power_imbalance", mask, severity, values, confidence, party=strongest)


def _view_of_the_weaker(context: Context, asymmetry: str, restraint: str) -> tuple[pd.DataFrame, pd.Series]:
    """Mean power asymmetry and restraint over the shown organisations except the least dependent
    one, per partnership, and the number of shown organisations; missing when fewer than two
    organisations are shown or their dependence differs by less than ``rules.dependence_gap``."""
    index = context.partnerships.index
    columns = [asymmetry, restraint]
    organisations = context.organisations
    dependence_scale = context.roles.scale("dependence")
    nothing = pd.DataFrame(np.nan, index=index, columns=columns), pd.Series(np.nan, index=index)
    if (
        dependence_scale is None
        or not {dependence_scale, *columns} <= set(organisations.columns)
        or organisations.empty
    ):
        return nothing
    keys = context.keys if len(context.keys) > 1 else context.keys[0]
    shown = organisations.dropna(subset=[dependence_scale])
    strongest = shown.groupby(keys)[dependence_scale].idxmin()
    others = shown.drop(index=strongest.to_numpy())
    view = others.groupby(keys)[columns].mean()
    dependence = context.extremes(dependence_scale, min_gap=context.rules.dependence_gap)
    # Identifying the strongest party needs a clear difference in dependence, not a significant one:
    # the paradox itself must still be visible in the weaker parties' own scores.
    meaningful = (dependence["gap"] >= context.rules.dependence_gap).reindex(view.index).fillna(False).to_numpy(bool)
    return view[meaningful].reindex(index), shown.groupby(keys).size().reindex(index).astype(float)


def low_trust(context: Context) -> pd.DataFrame:
    """The trust reservoir low overall, or one of its facets; ``facet`` is the weakest facet.

    Confidence: the larger of ``P(mean of the facets < low_trust)`` (the facets' posteriors taken
    as independent) and ``P(some facet < low_trust_facet)``.
    """
    rules, scores, post = context.rules, context.partnerships, context.posterior
    facets = list(context.roles.scales("trust"))
    mean = scores[facets].mean(axis=1)
    mean_scale = np.sqrt((post.scale[facets] ** 2).sum(axis=1, min_count=1)) / len(facets)
    p_mean = pd.Series(
        scipy_stats.t.cdf((rules.low_trust - post.mean[facets].mean(axis=1)) / mean_scale, post.df[facets].min(axis=1)),
        index=scores.index,
    ).where(mean.notna())
    p_facet = _any_of([post.probability_below(f, rules.low_trust_facet) for f in facets])
    confidence = pd.concat([p_mean, p_facet], axis=1).max(axis=1)
    mask = _sure(context, confidence)
    weakest = scores[facets].fillna(np.inf).idxmin(axis=1).where(mean.notna())
    units = _flagged(context, mask)
    values = pd.DataFrame({"trust": mean.reindex(units)})
    table = scores[facets].reindex(units).to_numpy(float)
    for language in LANGUAGES:
        labels = [lower_first(context.label(s, language)) for s in facets]
        values[f"facets_{language}"] = [
            ", ".join(f"{label} {value:.0f}" for label, value in zip(labels, row, strict=True)) for row in table
        ]
    severity = _severity(mean < rules.low_trust - 10, mean < rules.low_trust)
    return _rows(context, "low_trust", mask, severity, values, confidence, facet=weakest)


def _single_scale_rule(context: Context, flag: str, role: str, threshold: float, field: str) -> pd.DataFrame:
    """A flag raised when one scale falls below ``threshold``; confidence ``P(scale < threshold)``."""
    scores, scale = context.partnerships, context.roles.require(role)
    value = scores[scale]
    confidence = context.posterior.probability_below(scale, threshold)
    values = pd.DataFrame({field: value})
    for language in LANGUAGES:
        values[f"{field}_label_{language}"] = lower_first(context.label(scale, language))
    severity = _severity(value < threshold - 15, value < threshold - 7.5)
    return _rows(context, flag, _sure(context, confidence), severity, values, confidence)


def weak_leadership(context: Context) -> pd.DataFrame:
    """Nobody takes the connecting lead."""
    return _single_scale_rule(context, "weak_leadership", "leadership", context.rules.weak_leadership, "leadership")


def hierarchy_logic(context: Context) -> pd.DataFrame:
    """The partnership works by hierarchy logic rather than network logic (table 1)."""
    return _single_scale_rule(context, "hierarchy_logic", "network_logic", context.rules.hierarchy, "network")


def conflicts_unused(context: Context) -> pd.DataFrame:
    """Conflicts are avoided or left to escalate instead of being used (the third lever)."""
    return _single_scale_rule(context, "conflicts_unused", "conflict_use", context.rules.low_conflict_use, "conflict")


def little_value(context: Context) -> pd.DataFrame:
    """The partners see little value created (the fifth lever: guarantee value creation)."""
    return _single_scale_rule(context, "little_value", "value_creation", context.rules.low_value_creation, "value")


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
    """Organisations differ widely on a phase or trust scale: they do not agree where they stand.

    Confidence: the largest ``P(true gap >= perception_gap)`` over the disagreeing scales.
    """
    scales = [s for s in [*context.phases, *context.roles.scales("trust")] if s in context.rwg.columns]
    if not scales:
        return pd.DataFrame(columns=FLAG_COLUMNS)
    disagree = disagreeing_scales(context, scales)
    gap_probability = pd.DataFrame({s: context.gap_probability(s, context.rules.perception_gap) for s in scales}).where(
        disagree
    )
    confidence = gap_probability.max(axis=1)
    count = disagree.sum(axis=1)
    mask = (count >= 1) & _sure(context, confidence)
    units = _flagged(context, mask)
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
                    f"{labels[j]} ({f'{word} {gap[j]:.0f}, ' if gap[j] == gap[j] else ''}"
                    f"rwg_j {number(rwg[j], language, 2)})"
                    for j in np.flatnonzero(hit)
                )
            )
        values[f"scales_{language}"] = listed
    widest = gap_probability.fillna(-1).idxmax(axis=1).where(confidence.notna())
    phase_scale = widest.where(widest.isin(context.phases))
    return _rows(
        context,
        "perception_gap",
        mask,
        _severity(count >= 3, count == 2),
        values,
        confidence,
        phase_scale=phase_scale,
        facet=widest.where(~widest.isin(context.phases)),
    )
