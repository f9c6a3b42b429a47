"""The thresholds of the diagnosis, in one documented, overridable object."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from .._checks import SettingProblems
from ..errors import KompasValueError, Problem


@dataclass(frozen=True)
class Rules:
    """Thresholds of :func:`kompasmetrics.diagnose`, all on the 0-100 score metric unless noted.

    Override any of them: ``km.Rules(complete=70)`` or ``rules.replace(low_trust=40)``. The
    rationale of each, against the Kompas article, is in ``docs/diagnosis.md``.

    Parameters
    ----------
    complete : float, default 65
        A phase at or above this is complete (its tangible result exists).
    under_way : float, default 60
        A phase at or above this is well under way.
    incomplete : float, default 45
        A phase below this is clearly incomplete.
    skipped_gap : float, default 20
        ``skipped_phase`` also needs the later phase to be this much above the earlier one.
    activity : float, default 50
        ``sham_collaboration``: phase 4 or 5 at or above this counts as ongoing activity.
    long_running_months : float, default 24
        ``sham_collaboration``: running at least this long (attribute ``months_running``, when the
        survey has it) also counts as ongoing activity.
    no_agreement : float, default 45
        ``sham_collaboration``: phase 3 (agreeing on course and direction) below this means no real
        agreement.
    low_signal : float, default 45
        ``sham_collaboration`` signals: shared meaning (mean of the ambition scales), trust, value
        created and use of conflicts below this each count as a signal.
    high_asymmetry : float, default 60
        ``power_imbalance``: power asymmetry at or above this is large...
    low_restraint : float, default 45
        ...and restraint of the strongest party below this means it does not hold back.
    views_gap : float, default 35
        ``power_imbalance``: organisation means of power asymmetry this far apart.
    dependence_gap : float, default 35
        ``power_imbalance``: organisation means of dependence this far apart.
    gap_alpha : float, default 0.01
        Organisation differences (views of power, dependence) must also be significant at this
        level in a Bonferroni-adjusted t test of the highest against the lowest organisation, so that chance
        differences between small organisations do not raise a flag. Between 0 and 1; 0.01 rather
        than 0.05 because a portfolio tests every partnership, and a 5% false alarm rate per test
        would flag one healthy partnership in twenty.
    low_trust : float, default 45
        ``low_trust``: the mean of the three trust facets below this...
    low_trust_facet : float, default 40
        ...or any one facet below this.
    weak_leadership : float, default 45
    perception_gap : float, default 25
        ``perception_gap``: organisation means of a phase or trust scale this far apart...
    rwg_moderate : float, default 0.70
        ...while rwg_j (0-1) is below this (LeBreton & Senter 2008: below .70 is less than strong
        agreement) and the gap is significant at ``gap_alpha``.
    hierarchy : float, default 45
        ``hierarchy_logic``: network logic below this.
    gain_low : float, default 45
        Negotiation outcome: a gain below this is a loss...
    gain_high : float, default 65
        ...and at or above this a clear win (both clear wins: win-win).
    gain_gap : float, default 20
        Win-lose needs the winning side this many points ahead of the losing side.
    gain_alpha : float, default 0.05
        ...and that difference significant at this level, in the same Bonferroni-adjusted t test
        as the other organisation comparisons. 0.05 rather than ``gap_alpha`` because win-lose
        also needs the loser's own gain probably below ``gain_low`` and the gap probably at least
        ``gain_gap`` under the empirical-Bayes posterior, which already keeps honest partners with
        equal gains out (none of 600 simulated early-stage partnerships), while 0.01 missed half
        the planted losers in organisations of three to six people.
    backtrack_drop : float, default 20
        ``backtracking``: a complete phase that drops at least this much below complete.
    low_conflict_use : float, default 45
        ``conflicts_unused``: use of conflicts below this.
    low_value_creation : float, default 45
        ``little_value``: value created for the partners below this.
    broken_pair_gap : float, default 20
        ``broken_pair`` (with ``diagnose(scores, network=...)``): both directions of a pair's trust
        this far below the partnership's other pairs. 20 finds 93% of the planted broken pairs in
        partnerships of three to six organisations of two to five people, while the others (a
        distrusted party, an unreciprocated pair or none) raise it about twice in a hundred
        (``tests/network/test_broken_pair.py``).
    certainty : float, default 0.8
        A phase is judged ``complete`` when the probability that its true score reaches
        ``complete`` is at least this, ``incomplete`` when the probability that it falls short is
        at least this, and ``unclear`` otherwise. Between 0.5 and 1.
    min_confidence : float, default 0.8
        A flag is raised only when the probability of its condition (its ``confidence``) is at
        least this. 0.8 keeps false alarms rare in a portfolio of small partnerships while a
        planted problem is still found four times in five from three respondents
        (``tests/diagnose/test_known_truth.py``). Between 0.5 and 1.
    prior_df : float, default 4
        Degrees of freedom of the portfolio's within-organisation spread that a partnership's own
        spread is moderated towards (:mod:`kompasmetrics.diagnose._uncertainty`): as if each
        partnership had four more degrees of freedom of the typical spread. At least 1.
    min_respondents : int, optional
        Fewer respondents in a partnership give ``insufficient_data``; by default the minimum
        group size the scores were made with (``km.score(..., min_group_size=3)``), so every
        partnership whose scores may be shown is judged.
    min_organisations : int, default 1
        ...as do fewer organisations. One organisation with enough respondents is judged on
        everything but the rules that compare organisations; those need two shown organisations
        and say so (``Diagnosis.summary['not_judged']``).
    """

    complete: float = 65
    under_way: float = 60
    incomplete: float = 45
    skipped_gap: float = 20
    activity: float = 50
    long_running_months: float = 24
    no_agreement: float = 45
    low_signal: float = 45
    high_asymmetry: float = 60
    low_restraint: float = 45
    views_gap: float = 35
    dependence_gap: float = 35
    gap_alpha: float = 0.01
    low_trust: float = 45
    low_trust_facet: float = 40
    weak_leadership: float = 45
    perception_gap: float = 25
    rwg_moderate: float = 0.70
    hierarchy: float = 45
    gain_low: float = 45
    gain_high: float = 65
    gain_gap: float = 20
    gain_alpha: float = 0.05
    backtrack_drop: float = 20
    low_conflict_use: float = 45
    low_value_creation: float = 45
    broken_pair_gap: float = 20
    certainty: float = 0.8
    min_confidence: float = 0.5
    prior_df: float = 4
    min_respondents: int | None = None
    min_organisations: int = 1

    def __post_init__(self) -> None:
        problems = SettingProblems("Rules")
        for spec in fields(self):
            value = getattr(self, spec.name)
            if value is None and spec.name == "min_respondents":
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                problems.add(spec.name, value, Problem("settings.number"))
            elif spec.name.startswith("rwg_") and not 0 <= value <= 1:
                problems.add(spec.name, value, Problem("settings.rwg"))
            elif spec.name in ("min_respondents", "min_organisations") and value < 1:
                problems.add(spec.name, value, Problem("settings.whole_number"))
            elif spec.name in ("gap_alpha", "gain_alpha") and not 0 < value < 1:
                problems.add(spec.name, value, Problem("settings.alpha"))
            elif spec.name in ("certainty", "min_confidence") and not 0.5 <= value < 1:
                problems.add(spec.name, value, Problem("settings.certainty"))
            elif spec.name == "prior_df" and not value >= 1:
                problems.add(spec.name, value, Problem("settings.prior_df"))
            elif (
                spec.name
                not in ("long_running_months", "gap_alpha", "gain_alpha", "certainty", "min_confidence", "prior_df")
                and not spec.name.startswith(("rwg_", "min_"))
                and not 0 <= value <= 100
            ):
                problems.add(spec.name, value, Problem("settings.score_range"))
        if not problems.found and not self.incomplete <= self.under_way:
            problems.note(
                Problem("settings.not_above", low=f"incomplete={self.incomplete}", high=f"under_way={self.under_way}")
            )
        if not problems.found and not self.gain_low <= self.gain_high:
            problems.note(
                Problem("settings.not_above", low=f"gain_low={self.gain_low}", high=f"gain_high={self.gain_high}")
            )
        problems.raise_any()

    def replace(self, **changes: float) -> Rules:
        """A copy with some thresholds changed."""
        unknown = [name for name in changes if name not in {f.name for f in fields(self)}]
        if unknown:
            raise KompasValueError(
                f"Rules has no threshold {', '.join(map(repr, unknown))}; "
                f"known: {', '.join(f.name for f in fields(self))}."
            )
        return replace(self, **changes)  # type: ignore[arg-type]  # the names were checked just above
