"""What each scale *is* for the diagnosis, the figures and the reports, read from the instrument.

Code never names a scale id: it asks the instrument for the scale that plays a part. Three kinds
of part, each from a field of the instrument file:

* the **phases** of the Kompas, from ``phase: 1`` .. ``phase: 5``;
* the **groups** ``trust`` and ``ambition``, every scale whose ``construct`` is that word (the trust
  facets, the four ambition scales of the Kijkglas' inner ring);
* the **single roles** of :data:`SINGLE_ROLES`, from the ``role:`` field, where a construct alone
  cannot say which scale is meant (own gain and partners' gain share a construct, as do power
  asymmetry and restraint).

A rule or figure that needs a part the instrument does not have is reported as "not measured by
this instrument" with the parts' names, never silently left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

SINGLE_ROLES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "power_asymmetry": {"nl": "machtsverschil", "en": "power asymmetry"},
        "power_restraint": {"nl": "terughoudendheid van de sterkste", "en": "restraint of the strongest"},
        "dependence": {"nl": "afhankelijkheid", "en": "dependence"},
        "leadership": {"nl": "verbindend leiderschap", "en": "connective leadership"},
        "conflict_use": {"nl": "benutten van conflicten", "en": "use of conflict"},
        "value_creation": {"nl": "waardecreatie", "en": "value creation"},
        "network_logic": {"nl": "netwerklogica", "en": "network logic"},
        "own_gain": {"nl": "eigen winst", "en": "own gain"},
        "partners_gain": {"nl": "winst van de partners", "en": "partners' gain"},
    }
)
"""Roles given by a scale's ``role:`` field, with their names in Dutch and English."""

GROUP_ROLES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "trust": {"nl": "vertrouwen (construct trust)", "en": "trust (construct trust)"},
        "ambition": {"nl": "ambitie (construct ambition)", "en": "ambition (construct ambition)"},
    }
)
"""Roles played by every scale of a construct."""

PHASE_NAMES = {"nl": "fase {n}", "en": "phase {n}"}


@dataclass(frozen=True)
class ScaleRoles:
    """The scales that play each part, among the scales that were scored.

    Build with :meth:`of`. ``phases`` maps phase number to scale id in ascending order; ``groups``
    maps ``trust``/``ambition`` to their scales in file order; ``single`` maps a role of
    :data:`SINGLE_ROLES` to its scale.
    """

    phases: Mapping[int, str]
    groups: Mapping[str, tuple[str, ...]]
    single: Mapping[str, str]

    @classmethod
    def of(cls, scales: pd.DataFrame, available: Iterable[str] | None = None) -> ScaleRoles:
        """The roles of an instrument's ``scales`` table, limited to ``available`` scale ids."""
        table = scales if available is None else scales[scales["scale"].isin(set(available))]
        phased = table[table["phase"].notna()].sort_values("phase", kind="stable")
        phases = {int(n): s for n, s in zip(phased["phase"], phased["scale"], strict=True)}
        groups = {g: tuple(table.loc[table["construct"] == g, "scale"]) for g in GROUP_ROLES}
        roles = table[table["role"].notna()] if "role" in table else table.iloc[:0]
        single = dict(zip(roles["role"], roles["scale"], strict=True))
        return cls(MappingProxyType(phases), MappingProxyType(groups), MappingProxyType(single))

    def scale(self, role: str) -> str | None:
        """The scale of a single role (``"leadership"``) or a phase (``"phase_3"``), or None."""
        if role.startswith("phase_"):
            return self.phases.get(int(role.removeprefix("phase_")))
        if role not in SINGLE_ROLES:
            raise KeyError(f"unknown role {role!r}; roles are {', '.join(SINGLE_ROLES)} and phase_1 .. phase_5")
        return self.single.get(role)

    def require(self, role: str) -> str:
        """The scale of ``role``, for code that runs only when the role is measured (the diagnosis
        checks :data:`~kompasmetrics.diagnose.RULE_NEEDS` once, before any rule runs)."""
        scale = self.scale(role)
        if scale is None:
            raise KeyError(f"no scored scale plays the role {role!r}")
        return scale

    def scales(self, group: str) -> tuple[str, ...]:
        """The scales of a group role (``"trust"``, ``"ambition"``), or of ``"phases"`` in order."""
        if group == "phases":
            return tuple(self.phases.values())
        return self.groups[group]

    def phase_of(self, scale: str) -> int:
        """The phase number of a phase scale."""
        return next(n for n, s in self.phases.items() if s == scale)

    def missing(self, needs: Iterable[str]) -> list[str]:
        """The parts of ``needs`` that no scored scale plays.

        A need is a single role, ``phase_<n>``, a group role (at least one scale), ``phases``
        (at least two phase scales, the least a comparison between phases needs), or several of
        these joined by ``|`` when any one of them will do."""
        absent = []
        for need in needs:
            if "|" in need:
                present = len(self.missing(need.split("|"))) < len(need.split("|"))
            elif need == "phases":
                present = len(self.phases) >= 2
            elif need in GROUP_ROLES:
                present = bool(self.groups[need])
            else:
                present = self.scale(need) is not None
            if not present:
                absent.append(need)
        return absent


def role_name(role: str, language: str) -> str:
    """A role's name for a reader: ``power asymmetry``, ``fase 3``, ``at least two phases``."""
    if "|" in role:
        word = {"nl": " of ", "en": " or "}.get(language, " or ")
        return word.join(role_name(part, language) for part in role.split("|"))
    if role == "phases":
        return {"nl": "minstens twee fasen", "en": "at least two phases"}.get(language, "phases")
    if role.startswith("phase_"):
        return PHASE_NAMES.get(language, PHASE_NAMES["en"]).format(n=role.removeprefix("phase_"))
    names = SINGLE_ROLES.get(role) or GROUP_ROLES.get(role) or {}
    return names.get(language) or names.get("en") or role
