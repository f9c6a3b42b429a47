"""Who is in a simulated study: its partnerships (archetype, trajectory, planted means per wave),
their organisations (offsets, the dominant party, names) and the respondent rows.

The stages draw from the simulation's generator in a fixed order (archetypes, trajectories,
partnership means, organisation counts, offsets and names, respondents per organisation and wave),
so a seed gives the same study as long as that order stays.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..errors import KompasValueError
from ..instrument import Instrument

ORGANISATION_TYPES = (
    ("Gemeente", "municipality"),
    ("Zorgaanbieder", "care provider"),
    ("Woningcorporatie", "housing corporation"),
    ("Bedrijf", "company"),
    ("Onderwijsinstelling", "school"),
    ("Politie", "police"),
    ("Provincie", "province"),
    ("Welzijnsorganisatie", "welfare organisation"),
    ("Havenbedrijf", "port authority"),
)
TRAJECTORIES = ("stable", "progress", "backtracking")


@dataclass(frozen=True)
class Design:
    """The planted structure of a study: per partnership, per organisation and per respondent row.

    Organisations are numbered through the study (``org_*`` arrays, position 0 in a partnership is
    its dominant party), respondent rows through all waves (``row_*`` arrays).
    """

    archetypes: list[str]
    assigned: np.ndarray
    partnership_ids: np.ndarray
    trajectories: np.ndarray
    unit_means: np.ndarray
    """Planted means (0-100), waves x partnerships x scales."""
    n_orgs: np.ndarray
    org_partnership: np.ndarray
    org_position: np.ndarray
    org_offset: np.ndarray
    org_names: dict[str, list[str]]
    row_org: np.ndarray
    row_wave: np.ndarray

    @property
    def n_waves(self) -> int:
        return int(self.unit_means.shape[0])

    @property
    def is_dominant(self) -> np.ndarray:
        return self.org_position == 0

    @property
    def row_partnership(self) -> np.ndarray:
        return self.org_partnership[self.row_org]

    @property
    def archetype_of_partnership(self) -> np.ndarray:
        return np.array(self.archetypes)[self.assigned]


def plan_study(
    n_partnerships: int,
    weights: dict[str, float],
    catalogue: dict,
    instrument: Instrument,
    n_waves: int,
    organisations: tuple[int, int],
    respondents: tuple[int, int],
    language: str,
    rng: np.random.Generator,
) -> Design:
    """Partnerships, then their organisations, then the respondent rows (in this order of draws)."""
    scales = instrument.scale_ids
    names = list(weights)
    assigned = _balanced(np.array(list(weights.values())), n_partnerships, rng)
    partnership_ids = np.array([f"P{i:0{max(3, len(str(n_partnerships)))}d}" for i in range(1, n_partnerships + 1)])
    trajectories = (
        rng.choice(len(TRAJECTORIES), size=n_partnerships, p=[0.5, 0.3, 0.2])
        if n_waves > 1
        else np.zeros(n_partnerships, dtype=int)
    )  # updated by _wave_means
    profiles = np.array(
        [[catalogue["archetypes"][a]["profile"].get(s, catalogue["default"]) for s in scales] for a in names],
        dtype=float,
    )
    base = profiles[assigned] + rng.normal(0, catalogue["partnership_sd"], (n_partnerships, len(scales)))
    phase_columns = [scales.index(s) for s in instrument.scales.sort_values("phase").dropna(subset=["phase"])["scale"]]
    unit_means = _wave_means(base, trajectories, n_waves, phase_columns)

    n_orgs = rng.integers(organisations[0], organisations[1] + 1, size=n_partnerships)
    org_partnership = np.repeat(np.arange(n_partnerships), n_orgs)
    org_position = np.concatenate([np.arange(k) for k in n_orgs])
    org_offset = _organisation_offsets(catalogue, names, assigned[org_partnership], org_position, scales, rng)
    org_names = _organisation_names(n_orgs, rng, language)

    rows_org, rows_wave = [], []
    for wave in range(n_waves):
        sizes = rng.integers(respondents[0], respondents[1] + 1, size=len(org_partnership))
        rows_org.append(np.repeat(np.arange(len(org_partnership)), sizes))
        rows_wave.append(np.full(sizes.sum(), wave))
    return Design(
        archetypes=names,
        assigned=assigned,
        partnership_ids=partnership_ids,
        trajectories=trajectories,
        unit_means=unit_means,
        n_orgs=n_orgs,
        org_partnership=org_partnership,
        org_position=org_position,
        org_offset=org_offset,
        org_names=org_names,
        row_org=np.concatenate(rows_org),
        row_wave=np.concatenate(rows_wave),
    )


def _organisation_offsets(catalogue, names, archetype_of_org, org_position, scales, rng) -> np.ndarray:
    """Each organisation's deviation from its partnership's means (organisations x scales): normal
    with the archetype's ``organisation_sd``, plus the archetype's ``dominant_shift`` for position 0."""
    org_sd = np.array([catalogue["archetypes"][a].get("organisation_sd", catalogue["organisation_sd"]) for a in names])
    offset = rng.normal(0, 1, (len(archetype_of_org), len(scales))) * org_sd[archetype_of_org][:, None]
    dominant_shift = np.array(
        [[catalogue["archetypes"][a].get("dominant_shift", {}).get(s, 0.0) for s in scales] for a in names]
    )
    return offset + np.where((org_position == 0)[:, None], dominant_shift[archetype_of_org], 0.0)


def archetype_weights(archetypes, catalogue) -> dict[str, float]:
    known = list(catalogue["archetypes"])
    if archetypes is None:
        return {a: 1.0 for a in known if catalogue["archetypes"][a].get("in_default_mix", True)}
    weights = dict(archetypes) if isinstance(archetypes, Mapping) else dict.fromkeys(archetypes, 1.0)
    unknown = [a for a in weights if a not in known]
    if unknown or not weights or any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise KompasValueError(
            f"archetypes={archetypes!r} is not usable: give names from {known} (optionally with "
            "non-negative weights that do not all equal 0)."
        )
    return {a: float(w) for a, w in weights.items()}


def _balanced(weights: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """Archetype index per partnership, counts as close to the weights as whole numbers allow."""
    exact = weights / weights.sum() * n
    counts = np.floor(exact).astype(int)
    remainder = n - counts.sum()
    counts[np.argsort(-(exact - counts), kind="stable")[:remainder]] += 1
    return rng.permutation(np.repeat(np.arange(len(weights)), counts))


def _wave_means(base, trajectories, n_waves, phase_columns) -> np.ndarray:
    means = np.repeat(base[None], n_waves, axis=0)
    phases = np.array(phase_columns)
    for wave in range(1, n_waves):
        progress = trajectories == 1
        step = np.where(means[wave - 1][:, phases] < 60, 18.0, 0.0)
        before = means[wave - 1][np.ix_(progress, phases)]
        means[wave][np.ix_(progress, phases)] = np.where(
            step[progress] > 0, np.minimum(before + step[progress], 90), before
        )
    if n_waves > 1:
        last = means[-1]
        for p in np.flatnonzero(trajectories == 2):
            complete = [c for c in phases[1:] if last[p, c] >= 72]  # clearly complete before the drop
            if complete:
                last[p, complete[-1]] -= 40
            else:  # nothing complete to fall back from: the partnership stays where it is
                trajectories[p] = 0
    return np.clip(means, 0, 100)


def _organisation_names(n_orgs, rng, language) -> dict[str, list[str]]:
    column = 0 if language == "nl" else 1
    names, types = [], []
    for k in n_orgs:
        picks = rng.choice(len(ORGANISATION_TYPES), size=k, replace=True)
        seen: dict[int, int] = {}
        for pick in picks:
            seen[pick] = seen.get(pick, 0) + 1
            label = ORGANISATION_TYPES[pick][column]
            label = label[0].upper() + label[1:]
            names.append(f"{label} {chr(ord('A') + seen[pick] - 1)}")
            types.append(ORGANISATION_TYPES[pick][1])
    return {"name": names, "type": types}


__all__ = ["ORGANISATION_TYPES", "TRAJECTORIES", "Design", "archetype_weights", "plan_study"]
