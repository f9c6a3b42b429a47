"""`diagnose()`: scores in, an explainable diagnosis out."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._checks import expect
from ..errors import KompasValueError
from ..instrument import Instrument, role_name
from ..network import Network
from ..scoring import Scores
from ..scoring._model import protected
from ._agenda import AGENDA_COLUMNS, build_agenda, text_fields
from ._context import build_context
from ._flags import (
    FLAG_COLUMNS,
    _rows,
    conflicts_unused,
    hierarchy_logic,
    little_value,
    low_trust,
    perception_gap,
    power_imbalance,
    sham_collaboration,
    skipped_phase,
    weak_leadership,
)
from ._negotiation import negotiation_flags, negotiation_table
from ._pairs import broken_pair, most_influential, value_imbalance
from ._phases import back_to, next_step_texts, phase_table, phase_verdicts, wave_flags
from ._rules import Rules
from ._status import phase_statuses
from ._texts import LANGUAGES, flag_text, t, texts

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
NOT_MEASURED_COLUMNS = ["flag", "needs", "reason_nl", "reason_en"]
FLAGS = (
    "skipped_phase",
    "sham_collaboration",
    "power_imbalance",
    "low_trust",
    "weak_leadership",
    "conflicts_unused",
    "little_value",
    "perception_gap",
    "hierarchy_logic",
    "lose_lose",
    "win_lose",
    "lose_win",
    "backtracking",
    "progress",
    "broken_pair",
    "insufficient_data",
)
RULE_NEEDS = {
    "skipped_phase": ("phases",),
    "sham_collaboration": ("phase_3", "phase_4|phase_5"),
    "power_imbalance": ("power_asymmetry", "power_restraint"),
    "low_trust": ("trust",),
    "weak_leadership": ("leadership",),
    "conflicts_unused": ("conflict_use",),
    "little_value": ("value_creation",),
    "perception_gap": ("phases|trust",),
    "hierarchy_logic": ("network_logic",),
    "lose_lose": ("own_gain", "partners_gain"),
    "win_lose": ("own_gain", "partners_gain"),
    "lose_win": ("own_gain", "partners_gain"),
    "backtracking": ("phases",),
    "progress": ("phases",),
}
"""The roles each rule reads (see :mod:`kompasmetrics.instrument._roles`); ``|`` means any one of."""
NETWORK_RULES = ("broken_pair",)
"""Rules that read partner ratings: they need the instrument's ``partner_ratings`` block and run when
``diagnose(scores, network=km.network(ratings))`` is given them."""
COMPARES_ORGANISATIONS = ("perception_gap", "win_lose", "lose_win")
"""Rules that need two organisations shown apart (power_imbalance also compares them, but its
power paradox is judged on the partnership's scores alone)."""


@dataclass(frozen=True)
class Diagnosis:
    """The diagnosis of every partnership (and wave).

    Attributes
    ----------
    flags : DataFrame
        One row per finding: ``partnership``, [``wave``], ``flag`` (one of :data:`FLAGS`),
        ``severity`` (``low``, ``medium``, ``high``; a ``progress`` row is ``low``),
        ``confidence`` (the probability, 0-1, that the flag's condition holds for the
        partnership's true scores; missing for ``insufficient_data``), ``phase`` (the phase the
        flag's texts name, 1-5, or missing), ``party`` (the organisation they name: the strongest
        for ``power_imbalance``, the winner for ``win_lose``, the loser for ``lose_win`` (with
        ``network=`` from the value ratings per pair where one pair is clearly uneven),
        for ``broken_pair`` both organisations of the pair, joined by " & "),
        ``facet`` (the scale of the weakest trust facet for ``low_trust``, the scale the partners
        see most differently for ``perception_gap``), ``title_nl``, ``title_en``, ``evidence_nl``,
        ``evidence_en`` (a sentence with the numbers that triggered it, ending with the
        confidence in words), ``recommendation_nl``, ``recommendation_en``. Sorted by
        partnership, then severity. ``broken_pair`` is judged only with ``network=``.
    phases : DataFrame
        Indexed by partnership (and wave): completion 0-100 of each phase scale, ``current_phase``
        (1-5), ``current_verdict`` (``complete``, ``incomplete`` or ``unclear``), ``next_phase``
        (1-5, missing when all are complete), ``phase_rwg_min``, ``phase_gap_max``,
        ``phases_agree`` (the organisations agree on where they stand), ``sufficient_data``,
        ``next_step_nl``, ``next_step_en`` (the next phase's result and points of attention).
    verdicts : DataFrame
        One row per partnership (and wave) and phase: ``phase``, ``scale``, ``score``, ``lower``,
        ``upper`` (90% posterior interval), ``p_complete``, ``p_clearly_incomplete``,
        ``verdict`` (see :func:`kompasmetrics.diagnose._phases.phase_verdicts`).
    agenda : DataFrame
        At most three actions per partnership (and wave), most urgent first: ``rank``, ``flag``
        (or ``next_step``), ``phase``, ``facet``, ``party``, ``action_nl``, ``action_en`` (what to
        do in the next meeting and who could lead it, at most about 60 words).
    summary : DataFrame
        Indexed by partnership (and wave): ``current_phase``, ``next_phase``, ``n_flags`` (problems,
        not counting ``progress``), ``highest_severity``, ``headline_nl``, ``headline_en``,
        ``not_judged`` (rules that could not be applied to this partnership, comma-separated),
        ``not_judged_nl``, ``not_judged_en`` (why), ``negotiation`` (the partnership's outcome from
        its mean gains).
    not_measured : DataFrame
        One row per rule that this instrument cannot judge: ``flag``, ``needs`` (the missing
        roles, comma-separated), ``reason_nl``, ``reason_en`` ("Not measured by this instrument;
        it needs: power asymmetry, restraint of the strongest."). Empty for the bundled instrument.
    negotiation : DataFrame
        One row per organisation that may be shown: ``partnership``, [``wave``], ``organisation``,
        ``n``, ``own_gain``, ``partners_gain``, ``outcome`` (lose_lose, win_lose, lose_win,
        compromise, win_win), ``outcome_nl``, ``outcome_en``.
    rules : Rules
    instrument : Instrument
        The instrument of the scores (its languages decide those of the figures).
    """

    flags: pd.DataFrame
    phases: pd.DataFrame
    summary: pd.DataFrame
    negotiation: pd.DataFrame
    rules: Rules = field(repr=False)
    not_measured: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=NOT_MEASURED_COLUMNS), repr=False)
    verdicts: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    agenda: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=AGENDA_COLUMNS), repr=False)
    instrument: Instrument | None = field(default=None, repr=False)

    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def phase_statuses(self) -> pd.DataFrame:
        """The status of every phase as this diagnosis judged it, the one the Kompas figures show.

        Returns
        -------
        DataFrame
            Indexed like ``phases`` (partnership, and wave with waves), one column per phase
            scale: ``complete`` (the verdict), ``incomplete`` (clearly: probability at least
            ``rules.certainty`` of staying below ``rules.incomplete``), ``under_way`` (started or
            unclear) or ``skipped`` (the phase a ``skipped_phase`` flag goes back to). Without a
            verdict (too few respondents) the observed scores against the same thresholds.
            Computed once; the frame returned is the caller's own.
        """
        if "phase_statuses" not in self._cache:
            self._cache["phase_statuses"] = phase_statuses(self)
        return protected(self._cache["phase_statuses"])

    def flagged(self, flag: str) -> pd.Index:
        """The partnerships (keys) that carry ``flag``."""
        if flag not in FLAGS:
            raise KompasValueError(f"Unknown flag {flag!r}; the diagnosis raises {', '.join(FLAGS)}.")
        keys = [c for c in ("partnership", "wave") if c in self.flags.columns]
        rows = self.flags[self.flags["flag"] == flag]
        return pd.MultiIndex.from_frame(rows[keys]) if len(keys) > 1 else pd.Index(rows["partnership"].unique())

    def __repr__(self) -> str:
        counts = self.flags["flag"].value_counts().to_dict()
        unmeasured = f", not_measured={self.not_measured['flag'].tolist()}" if len(self.not_measured) else ""
        return f"Diagnosis(partnerships={len(self.summary)}, flags={counts}{unmeasured})"

    def _repr_html_(self) -> str:
        counts = self.flags["flag"].value_counts().rename_axis("flag").to_frame("n").to_html()
        summary = self.summary[["current_phase", "n_flags", "highest_severity", "headline_en"]].head(15)
        unmeasured = (
            "<p>"
            + "<br>".join(
                f"<code>{f}</code>: {html.escape(r)}"
                for f, r in self.not_measured[["flag", "reason_en"]].itertuples(index=False)
            )
            + "</p>"
            if len(self.not_measured)
            else ""
        )
        return (
            f"<div><strong>Diagnosis</strong> of {len(self.summary)} partnerships"
            f"<div style='display:flex;gap:2em'>{counts}{summary.to_html(na_rep='–')}</div>{unmeasured}</div>"
        )


def diagnose(scores: Scores, *, rules: Rules | None = None, network: Network | None = None) -> Diagnosis:
    """Diagnose every partnership: where it stands, what was skipped, what needs attention.

    Parameters
    ----------
    scores : Scores
        From :func:`kompasmetrics.score`.
    rules : Rules, optional
        The thresholds; ``Rules()`` by default. All are documented on :class:`Rules` and argued in
        ``docs/diagnosis.md``.
    network : Network, optional
        From :func:`kompasmetrics.network`, for the rules on pairs of organisations
        (:data:`NETWORK_RULES`: ``broken_pair``). Without it they are not run; with an instrument
        that has no ``partner_ratings`` block they are listed in ``not_measured``. With it the
        ``power_imbalance`` party is the party the others rate clearly most influential, and the
        winner and loser of ``win_lose`` / ``lose_win`` are those of the partnership's clearly
        uneven pair of value ratings (:func:`kompasmetrics.diagnose._pairs.value_imbalance`), where
        there is one.

    Returns
    -------
    Diagnosis

    Notes
    -----
    Partnerships with fewer than ``rules.min_respondents`` respondents (by default the scores'
    minimum group size, 3) or ``rules.min_organisations`` organisations (1), or suppressed by the
    minimum group size, get only an ``insufficient_data`` flag, never a guess. Smaller partnerships
    are judged with wider uncertainty: every flag needs its condition to be probable
    (``rules.min_confidence``) under an empirical-Bayes posterior of the partnership's true scores
    (:mod:`kompasmetrics.diagnose._uncertainty`). The rules that compare organisations
    (:data:`COMPARES_ORGANISATIONS`) need two organisations shown apart; where there are fewer,
    ``summary['not_judged']`` says so. Every rule finds its scales through the roles the
    instrument gives them (:data:`RULE_NEEDS`); a rule whose roles the instrument does not measure
    is not run and is listed in ``not_measured`` with its reason.

    Examples
    --------
    >>> import kompasmetrics as km
    >>> scores = km.score(km.simulate(n_partnerships=20, random_state=3).survey)
    >>> dx = km.diagnose(scores)
    >>> sorted(dx.summary.columns)[:2]
    ['current_phase', 'headline_en']
    """
    expect(scores, Scores, "diagnose", "scores")
    rules = Rules() if rules is None else rules
    if not isinstance(rules, Rules):
        raise KompasValueError(f"rules must be a km.Rules(...) object; got {type(rules).__name__}.")
    if network is not None:
        expect(network, Network, "diagnose", "network")
    context = build_context(scores, rules)
    verdicts = phase_verdicts(context)
    back = back_to(context)
    phases = phase_table(context, verdicts, back)
    negotiation = negotiation_table(context)
    not_measured = _not_measured(context)
    judged = set(RULE_NEEDS) - set(not_measured["flag"])
    with_ratings = network is not None and scores.instrument.partner_ratings is not None
    influential = most_influential(network) if with_ratings else None
    value_pairs = value_imbalance(network, rules.gain_gap, rules.prior_df, rules.certainty) if with_ratings else None

    rules_to_run = {
        "skipped_phase": lambda: [skipped_phase(context, back)],
        "sham_collaboration": lambda: [sham_collaboration(context, phases["phases_agree"])],
        "power_imbalance": lambda: [power_imbalance(context, influential)],
        "low_trust": lambda: [low_trust(context)],
        "weak_leadership": lambda: [weak_leadership(context)],
        "conflicts_unused": lambda: [conflicts_unused(context)],
        "little_value": lambda: [little_value(context)],
        "perception_gap": lambda: [perception_gap(context)],
        "hierarchy_logic": lambda: [hierarchy_logic(context)],
        "lose_lose": lambda: negotiation_flags(context, negotiation, value_pairs),  # also win_lose, lose_win
        "backtracking": lambda: wave_flags(context, phases),  # also raises progress
    }
    if with_ratings:
        rules_to_run["broken_pair"] = lambda: [broken_pair(context, network)]
        judged |= set(NETWORK_RULES)
    parts = [part for flag, run in rules_to_run.items() if flag in judged for part in run()]
    parts.append(_insufficient(context))
    flags = (
        pd.concat([p for p in parts if len(p)], axis=0)
        if any(len(p) for p in parts)
        else pd.DataFrame(columns=FLAG_COLUMNS, index=scores.partnerships.index[:0])
    )
    flags.index.names = context.keys
    flags = flags.sort_index(kind="stable")
    flags = (
        flags.assign(_order=flags["severity"].map(SEVERITY_ORDER))
        .sort_values([*context.keys, "_order"], kind="stable")
        .drop(columns="_order")
    )
    fallback_phase = _phase_scales(context, phases["next_phase"].fillna(phases["current_phase"]))
    records = flags[["flag", "phase_scale", "party", "facet"]].to_dict("records")
    fallbacks = fallback_phase.reindex(flags.index).tolist()
    for language in LANGUAGES:
        flags[f"title_{language}"] = flags["flag"].map(lambda f, lang=language: flag_text(f, "title", lang))
        flags[f"recommendation_{language}"] = [
            flag_text(row["flag"], "recommendation", language, **text_fields(context, row, fallback, language))
            for row, fallback in zip(records, fallbacks, strict=True)
        ]
    flags["phase"] = pd.array(
        [context.roles.phase_of(s) if isinstance(s, str) else pd.NA for s in flags["phase_scale"]], dtype="Int64"
    )

    next_steps = next_step_texts(context, phases)
    phases = pd.concat([phases, next_steps], axis=1)
    summary = _summary(context, phases, flags, judged)
    agenda = build_agenda(context, phases, flags)
    ordered = [
        "flag",
        "severity",
        "confidence",
        "phase",
        "party",
        "facet",
        "title_nl",
        "title_en",
        "evidence_nl",
        "evidence_en",
        "recommendation_nl",
        "recommendation_en",
    ]
    return Diagnosis(
        flags=flags[ordered].reset_index(),
        phases=phases,
        summary=summary,
        negotiation=negotiation,
        rules=rules,
        not_measured=not_measured,
        verdicts=verdicts,
        agenda=agenda,
        instrument=scores.instrument,
    )


def _phase_scales(context, numbers: pd.Series) -> pd.Series:
    """The phase scale of each phase number (missing stays missing)."""
    scale_of = {context.roles.phase_of(p): p for p in context.phases}
    return numbers.map(lambda n: scale_of.get(int(n)) if pd.notna(n) else np.nan)


def _not_measured(context) -> pd.DataFrame:
    """The rules whose roles no scored scale plays, with the reason in every language."""
    rows = []
    for flag, needs in RULE_NEEDS.items():
        missing = context.roles.missing(needs)
        if missing:
            row = {"flag": flag, "needs": ", ".join(missing)}
            for language in LANGUAGES:
                names = ", ".join(role_name(role, language) for role in missing)
                row[f"reason_{language}"] = t("diagnosis.not_measured", language, roles=names)
            rows.append(row)
    if context.scores.instrument.partner_ratings is None:
        for flag in NETWORK_RULES:
            row = {"flag": flag, "needs": "partner_ratings"}
            for language in LANGUAGES:
                row[f"reason_{language}"] = t(
                    "diagnosis.not_measured", language, roles=t("diagnosis.partner_ratings", language)
                )
            rows.append(row)
    return pd.DataFrame(rows, columns=NOT_MEASURED_COLUMNS)


def _insufficient(context) -> pd.DataFrame:
    rules, scores = context.rules, context.partnerships
    values = pd.DataFrame(
        {
            "respondents": scores["n_respondents"],
            "organisations": scores["n_organisations"],
            "min_respondents": context.min_respondents,
            "min_organisations": rules.min_organisations,
        }
    )
    insufficient = context.__class__(**{**context.__dict__, "sufficient": pd.Series(True, index=scores.index)})
    return _rows(insufficient, "insufficient_data", ~context.sufficient, pd.Series("low", index=scores.index), values)


def _summary(context, phases: pd.DataFrame, flags: pd.DataFrame, judged: set[str]) -> pd.DataFrame:
    problems = flags[flags["flag"] != "progress"]
    by_unit = problems.groupby(level=context.keys if len(context.keys) > 1 else context.keys[0], sort=False)
    summary = phases[["current_phase", "next_phase"]].copy()
    summary["n_flags"] = by_unit.size().reindex(summary.index).fillna(0).astype(int)
    summary["highest_severity"] = (
        by_unit["severity"].agg(lambda s: min(s, key=lambda level: SEVERITY_ORDER[level])).reindex(summary.index)
    )
    first = problems[~problems.index.duplicated(keep="first")]
    for language in LANGUAGES:
        headline = (first["title_" + language] + ": " + first["evidence_" + language]).reindex(summary.index)
        fallback = []
        for unit in summary.index:
            phase = summary.at[unit, "next_phase"]
            if pd.isna(phase):
                fallback.append(texts()["headline"]["complete"][language])
            else:
                label = context.label(context.roles.phases[int(phase)], language)
                fallback.append(t("diagnosis.headline.none", language, next_phase=label))
        summary[f"headline_{language}"] = headline.fillna(pd.Series(fallback, index=summary.index))
    own, partners = context.roles.scale("own_gain"), context.roles.scale("partners_gain")
    if own is not None and partners is not None:
        from ._negotiation import classify

        summary["negotiation"] = classify(
            context.partnerships[own],
            context.partnerships[partners],
            low=context.rules.gain_low,
            high=context.rules.gain_high,
            gap=context.rules.gain_gap,
        )
    summary.loc[~context.sufficient, ["current_phase", "next_phase"]] = pd.NA
    cannot_compare = context.sufficient & ~context.compared
    skipped = [flag for flag in COMPARES_ORGANISATIONS if flag in judged]
    summary["not_judged"] = np.where(cannot_compare & bool(skipped), ", ".join(skipped), "")
    for language in LANGUAGES:
        titles = ", ".join(flag_text(flag, "title", language) for flag in skipped)
        reason = t("diagnosis.not_judged.comparison", language, flags=titles)
        summary[f"not_judged_{language}"] = np.where(cannot_compare & bool(skipped), reason, "")
    return summary


__all__ = ["FLAGS", "Diagnosis", "diagnose"]
