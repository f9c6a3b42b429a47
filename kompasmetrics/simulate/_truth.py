"""The known truth of a simulated study: per partnership what was planted, the planted means, and
the scores an infinitely large sample would give (``truth``, ``latent``, ``true_scores``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats

from ._design import TRAJECTORIES, Design


def study_truth(design: Design, catalogue: dict) -> pd.DataFrame:
    """One row per partnership: archetype, trajectory, expected and plausible flags, sizes, the
    dominant and the losing organisation where the archetype plants them, the skipped phases."""
    archetype = design.archetype_of_partnership
    ids = design.partnership_ids
    dominant = pd.Series(
        np.asarray(design.org_names["name"])[design.is_dominant],
        index=ids[design.org_partnership[design.is_dominant]],
    ).reindex(ids)
    expected, plausible = _flags(design, catalogue)
    truth = pd.DataFrame(
        {
            "partnership": ids,
            "archetype": archetype,
            "trajectory": np.array(TRAJECTORIES)[design.trajectories] if design.n_waves > 1 else "stable",
            "expected_flags": expected,
            "plausible_flags": plausible,
            "n_organisations": design.n_orgs,
            "n_respondents": np.bincount(design.row_partnership, minlength=len(ids)),
            "dominant_organisation": np.where(archetype == "power_dominated", dominant.to_numpy(), None),
            "losing_organisation": np.where(archetype == "uneven_gains", dominant.to_numpy(), None),
        }
    )
    truth["skipped_phases"] = skipped_phases(design, catalogue)
    return truth


def _flags(design: Design, catalogue: dict) -> tuple[list[tuple], list[tuple]]:
    """The flags the diagnosis must raise per partnership (its archetype's, and its trajectory with
    waves), and those it may raise as well."""
    expected, plausible = [], []
    for a, trajectory, k in zip(design.archetype_of_partnership, design.trajectories, design.n_orgs, strict=True):
        flags = list(catalogue["archetypes"][a]["expected_flags"])
        if a == "uneven_gains" and k == 2:  # one loser of two: one party gains at the other's expense
            flags = ["win_lose" if f == "lose_win" else f for f in flags]
        if design.n_waves > 1 and trajectory:
            flags.append(TRAJECTORIES[trajectory])
        expected.append(tuple(flags))
        plausible.append(tuple(catalogue["archetypes"][a]["plausible_flags"]))
    return expected, plausible


def skipped_phases(design: Design, catalogue: dict) -> list[tuple[int, ...]]:
    """The phases each partnership's archetype skipped."""
    return [tuple(catalogue["archetypes"][a].get("skipped_phases", ())) for a in design.archetype_of_partnership]


def latent_means(design: Design, scales: list[str]) -> pd.DataFrame:
    """The planted partnership means per scale, indexed by partnership (and wave)."""
    return _latent(design.unit_means, design.partnership_ids, scales, design.n_waves)


def true_scores(design: Design, instrument, catalogue: dict) -> pd.DataFrame:
    """The organisation-weighted mean of each organisation's expected scale score, per partnership
    (and wave): what ``km.score`` gives with infinitely many respondents."""
    scales = instrument.scale_ids
    n_partnerships = len(design.partnership_ids)
    organisation_means = design.unit_means[:, design.org_partnership] + design.org_offset[None]
    expected = np.stack([_expected_scores(m, instrument, scales, catalogue) for m in organisation_means])
    per_partnership = np.zeros((design.n_waves, n_partnerships, len(scales)))
    np.add.at(per_partnership, (slice(None), design.org_partnership), expected)  # type: ignore[arg-type]  # numpy's stubs miss tuple indices
    per_partnership /= design.n_orgs[None, :, None]
    return _latent(per_partnership, design.partnership_ids, scales, design.n_waves)


def _expected_scores(means: np.ndarray, instrument, scales, catalogue, nodes: int = 40) -> np.ndarray:
    """Expected scale score (0-100) of each row of planted organisation means (rows x scales).

    Integrates the generating model: respondent theta ~ N(mean, respondent_sd) clipped to 0-100
    (Gauss-Hermite quadrature), then the item answer rounded and clipped to the response scale with
    normal noise (exact probabilities per category), averaged over the scale's items on the POMP
    metric. Reverse keying cancels against the scoring's reversal.
    """
    z, weights = np.polynomial.hermite_e.hermegauss(nodes)
    weights = weights / weights.sum()
    items = instrument.items
    column = {s: i for i, s in enumerate(scales)}
    theta = np.clip(means[:, :, None] + catalogue["respondent_sd"] * z[None, None, :], 0, 100)
    totals = np.zeros_like(means)
    counts = np.zeros(len(scales))
    for scale, low, high in items[["scale", "min", "max"]].itertuples(index=False):
        j = column[scale]
        span = high - low
        y = low + span * theta[:, j, :] / 100.0
        sd = catalogue["item_sd"] * span / 4
        cuts = np.arange(low, high) + 0.5  # between categories low..high
        below = scipy_stats.norm.cdf((cuts[None, None, :] - y[:, :, None]) / sd)  # P(answer <= category)
        expected_answer = high - below.sum(axis=2)  # E[x] = high - sum_k P(x <= k) for k < high
        totals[:, j] += ((expected_answer - low) / span * 100.0) @ weights
        counts[j] += 1
    return totals / np.where(counts > 0, counts, np.nan)


def _latent(unit_means, partnership_ids, scales, n_waves) -> pd.DataFrame:
    frames = []
    for wave in range(n_waves):
        frame = pd.DataFrame(unit_means[wave], columns=scales)
        frame.insert(0, "partnership", partnership_ids)
        if n_waves > 1:
            frame.insert(1, "wave", wave + 1)
        frames.append(frame)
    keys = ["partnership", "wave"] if n_waves > 1 else ["partnership"]
    return pd.concat(frames).set_index(keys).sort_index()


__all__ = ["latent_means", "skipped_phases", "study_truth", "true_scores"]
