"""The thresholds of the diagnosis, in one documented, overridable object."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from ..errors import KompasValueError


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
    backtrack_drop : float, default 20
        ``backtracking``: a complete phase that drops at least this much below complete.
    min_respondents : int, default 5
        Fewer respondents in a partnership give ``insufficient_data``...
    min_organisations : int, default 2
        ...as do fewer organisations (one organisation is not a partnership).
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
    backtrack_drop: float = 20
    min_respondents: int = 5
    min_organisations: int = 2

    def __post_init__(self) -> None:
        problems = []
        for spec in fields(self):
            value = getattr(self, spec.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                problems.append(f"{spec.name}={value!r}: give a number")
            elif spec.name.startswith("rwg_") and not 0 <= value <= 1:
                problems.append(f"{spec.name}={value!r}: rwg_j thresholds lie between 0 and 1")
            elif spec.name in ("min_respondents", "min_organisations") and value < 1:
                problems.append(f"{spec.name}={value!r}: give a whole number of at least 1")
            elif spec.name == "gap_alpha" and not 0 < value < 1:
                problems.append(f"{spec.name}={value!r}: give a significance level between 0 and 1")
            elif (
                spec.name not in ("long_running_months", "gap_alpha")
                and not spec.name.startswith(("rwg_", "min_"))
                and not 0 <= value <= 100
            ):
                problems.append(f"{spec.name}={value!r}: scores run from 0 to 100")
        if not problems and not self.incomplete <= self.under_way:
            problems.append(f"incomplete={self.incomplete} must not exceed under_way={self.under_way}")
        if not problems and not self.gain_low <= self.gain_high:
            problems.append(f"gain_low={self.gain_low} must not exceed gain_high={self.gain_high}")
        if problems:
            raise KompasValueError("Rules cannot use these thresholds:\n" + "\n".join(f"  - {p}" for p in problems))

    def replace(self, **changes: float) -> Rules:
        """A copy with some thresholds changed."""
        unknown = [name for name in changes if name not in {f.name for f in fields(self)}]
        if unknown:
            raise KompasValueError(
                f"Rules has no threshold {', '.join(map(repr, unknown))}; "
                f"known: {', '.join(f.name for f in fields(self))}."
            )
        return replace(self, **changes)
