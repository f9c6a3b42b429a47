"""Simulated studies with planted partnership archetypes: data with a known truth.

The generating model, per scale ``s``, on the 0-100 metric::

    partnership:  mu_ps  = profile[archetype, s] + wave shift + N(0, partnership_sd)
    organisation: mu_os  = mu_ps + N(0, organisation_sd) (+ dominant_shift for the strong party)
    respondent:   theta  = mu_os + N(0, respondent_sd), clipped to 0-100
    item answer:  x = round(min + (max - min) * theta / 100 + N(0, item_sd * (max - min) / 4)),
                  clipped to the response scale, reversed (min + max - x) for reverse-keyed items

then some answers are left blank (``missing_rate``) or answered "don't know" (``dont_know_rate``).
The profiles and spreads are data, in ``archetypes.yaml`` next to this module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats

from .._checks import SettingProblems
from .._resources import package_yaml
from ..errors import KompasValueError
from ..instrument import Instrument, load_instrument
from ..survey import Survey

if TYPE_CHECKING:
    from ..network import PartnerRatings
from ._structure import correlate, latent_correlation_matrix, reverse_exported

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


def archetype_catalogue() -> dict:
    """The archetype definitions (profiles, spreads, expected flags) as loaded from the data file."""
    return package_yaml("kompasmetrics.simulate", "archetypes.yaml")


@dataclass(frozen=True)
class SimulatedStudy:
    """A simulated study and its known truth.

    Attributes
    ----------
    survey : Survey
        The responses, validated against the instrument, ready for :func:`kompasmetrics.score`.
    responses : DataFrame
        The raw table as a survey tool would give it: numeric answers, "don't know" labels, blanks.
    truth : DataFrame
        One row per partnership: ``partnership``, ``archetype``, ``trajectory`` (with waves:
        stable, progress or backtracking), ``expected_flags`` (tuple of flags the diagnosis must
        raise), ``plausible_flags`` (flags it may raise as well), ``n_organisations``,
        ``n_respondents``, ``dominant_organisation`` (power-dominated archetype only),
        ``losing_organisation`` (uneven-gains archetype only), ``skipped_phases`` (the phases the
        archetype skipped, planted as the status "skipped").
    latent : DataFrame
        The planted partnership means per scale (0-100), indexed by partnership (and wave).
    true_scores : DataFrame
        What :func:`kompasmetrics.score` would give each partnership (and wave) with infinitely
        many respondents from its organisations: the organisation-weighted mean of the expected
        scale score of each organisation, given its planted mean. Differs from ``latent`` by the
        organisations' own offsets and by the rounding and clipping of answers to the response
        scale. The known truth for judging the diagnosis' confidence (its calibration).
    latent_correlation : DataFrame
        The respondent-level correlation matrix of the scales when ``latent_correlation=`` was
        given (empty otherwise).
    partner_ratings : PartnerRatings or None
        With ``partner_ratings=True``: every respondent's ratings of every other partner of the
        partnership (:mod:`kompasmetrics.simulate._partners`), for :func:`kompasmetrics.network`.
    partner_truth : DataFrame
        With ``partner_ratings=True``: the planted pair-level truth, one row per partnership:
        ``pattern`` (none, broken_pair, distrusted_party, unreciprocated_pair), ``broken_pair``
        (two organisations in name order), ``distrusted_party``, ``unreciprocated_pair`` (the
        trusting and the untrusting organisation), ``dominant_party``, ``win_lose_pair`` (the
        organisation that gets much value from the other and the one that gets little back, in
        about half of the partnerships; otherwise None).
    """

    survey: Survey
    responses: pd.DataFrame = field(repr=False)
    truth: pd.DataFrame = field(repr=False)
    latent: pd.DataFrame = field(repr=False)
    true_scores: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    latent_correlation: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    partner_ratings: PartnerRatings | None = field(default=None, repr=False)
    partner_truth: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    def __repr__(self) -> str:
        counts = self.truth["archetype"].value_counts().to_dict()
        return f"SimulatedStudy(respondents={len(self.responses)}, archetypes={counts})"

    def _repr_html_(self) -> str:
        counts = self.truth["archetype"].value_counts().rename_axis("archetype").to_frame("partnerships")
        return (
            f"<div><strong>Simulated study</strong>: {len(self.truth)} partnerships, "
            f"{len(self.responses)} respondents{counts.to_html()}</div>"
        )


def simulate(
    n_partnerships: int = 200,
    *,
    archetypes: Sequence[str] | Mapping[str, float] | None = None,
    n_waves: int = 1,
    organisations: tuple[int, int] = (2, 5),
    respondents: tuple[int, int] = (1, 8),
    missing_rate: float = 0.03,
    dont_know_rate: float = 0.02,
    language: str = "nl",
    instrument: Instrument | str = "kompas",
    random_state: int | np.random.Generator | None = None,
    latent_correlation: Mapping[str, float] | pd.DataFrame | None = None,
    reversed_columns: Sequence[str] = (),
    partner_ratings: bool = False,
    process_questions: bool = True,
) -> SimulatedStudy:
    """Simulate a study of partnerships with planted archetypes.

    Parameters
    ----------
    n_partnerships : int, default 200
    archetypes : sequence of names or mapping name -> weight, optional
        Which archetypes to plant and in what proportion; by default all of them equally
        (healthy, early_stage, skipped_exploration, sham, power_dominated). ``uneven_gains`` (one
        organisation gains little while the others gain a lot: a lose-win, or a win-lose with two
        organisations) is planted only when named. Assignment is balanced: the counts follow the
        weights as closely as whole numbers allow, in random order.
    n_waves : int, default 1
        Measurement waves. With more than one, each partnership follows a trajectory: ``stable``,
        ``progress`` (incomplete phases advance 18 points a wave) or ``backtracking`` (in the last
        wave its most advanced clearly complete phase (planted mean >= 72) drops back 40 points, as in
        the article's figure 5; a partnership without such a phase beyond the first stays ``stable``).
    organisations : (int, int), default (2, 5)
        Range (inclusive) of organisations per partnership.
    respondents : (int, int), default (1, 8)
        Range (inclusive) of respondents per organisation and wave; small organisations occur on
        purpose, to exercise small-group suppression.
    missing_rate, dont_know_rate : float
        Share of answers left blank, and answered with the first missing label ("Weet niet").
    language : {"nl", "en"}, default "nl"
        Language of the "don't know" label and the organisation names.
    instrument : Instrument or str, default "kompas"
    random_state : int or Generator, optional
    latent_correlation : {"within": r, "between": r} or DataFrame, optional
        Correlate the respondent deviations across scales: ``within`` for scales of one construct,
        ``between`` across constructs, or a full scale-by-scale matrix (see
        :mod:`kompasmetrics.simulate._structure`). Off by default: scales are drawn independently
        and results for a seed are those of earlier versions.
    reversed_columns : sequence of item ids
        Items written to ``responses`` reversed (``min + max - x``): a planted export error.
    partner_ratings : bool, default False
        Also simulate the instrument's ``partner_ratings`` block: every respondent rates every other
        organisation of the partnership, with planted pair-level truth (a broken pair, a distrusted
        party, an unreciprocated pair, a dominant party; :mod:`kompasmetrics.simulate._partners`).
        Drawn after everything else, so the survey is the same with or without it.
    process_questions : bool, default True
        Also answer the instrument's ``process_questions`` (a status per phase and when each
        respondent joined), from the planted truth: a phase the archetype skipped is reported
        skipped by the people who were there, newcomers join later and answer "don't know" or are
        not asked about earlier phases (:mod:`kompasmetrics.simulate._process`). Drawn from a
        stream of its own, so the scale answers are the same with or without them.

    Returns
    -------
    SimulatedStudy

    Examples
    --------
    >>> import kompasmetrics as km
    >>> study = km.simulate(n_partnerships=10, random_state=0)
    >>> sorted(study.truth["archetype"].unique())[:2]
    ['early_stage', 'healthy']
    """
    instrument = instrument if isinstance(instrument, Instrument) else load_instrument(instrument)
    catalogue = archetype_catalogue()
    weights = _archetype_weights(archetypes, catalogue)
    _check(n_partnerships, n_waves, organisations, respondents, missing_rate, dont_know_rate, language, instrument)
    rng = random_state if isinstance(random_state, np.random.Generator) else np.random.default_rng(random_state)

    scales = instrument.scale_ids
    names = list(weights)
    profiles = np.array(
        [[catalogue["archetypes"][a]["profile"].get(s, catalogue["default"]) for s in scales] for a in names],
        dtype=float,
    )
    assigned = _balanced(np.array(list(weights.values())), n_partnerships, rng)
    partnership_ids = np.array([f"P{i:0{max(3, len(str(n_partnerships)))}d}" for i in range(1, n_partnerships + 1)])
    trajectories = (
        rng.choice(len(TRAJECTORIES), size=n_partnerships, p=[0.5, 0.3, 0.2])
        if n_waves > 1
        else np.zeros(n_partnerships, dtype=int)
    )  # updated by _wave_means

    base = profiles[assigned] + rng.normal(0, catalogue["partnership_sd"], (n_partnerships, len(scales)))
    phase_columns = [scales.index(s) for s in instrument.scales.sort_values("phase").dropna(subset=["phase"])["scale"]]
    unit_means = _wave_means(base, trajectories, n_waves, phase_columns)  # (waves, partnerships, scales)

    n_orgs = rng.integers(organisations[0], organisations[1] + 1, size=n_partnerships)
    org_partnership = np.repeat(np.arange(n_partnerships), n_orgs)
    org_position = np.concatenate([np.arange(k) for k in n_orgs])
    org_sd = np.array([catalogue["archetypes"][a].get("organisation_sd", catalogue["organisation_sd"]) for a in names])
    org_offset = rng.normal(0, 1, (len(org_partnership), len(scales))) * org_sd[assigned[org_partnership]][:, None]
    dominant_shift = np.array(
        [[catalogue["archetypes"][a].get("dominant_shift", {}).get(s, 0.0) for s in scales] for a in names]
    )
    is_dominant = org_position == 0
    org_offset += np.where(is_dominant[:, None], dominant_shift[assigned[org_partnership]], 0.0)
    org_names = _organisation_names(n_orgs, rng, language)

    rows_org, rows_wave = [], []
    for wave in range(n_waves):
        sizes = rng.integers(respondents[0], respondents[1] + 1, size=len(org_partnership))
        rows_org.append(np.repeat(np.arange(len(org_partnership)), sizes))
        rows_wave.append(np.full(sizes.sum(), wave))
    row_org, row_wave = np.concatenate(rows_org), np.concatenate(rows_wave)
    row_partnership = org_partnership[row_org]
    theta = unit_means[row_wave, row_partnership] + org_offset[row_org]
    correlation = None if latent_correlation is None else latent_correlation_matrix(instrument, latent_correlation)
    theta = np.clip(theta + correlate(rng.normal(0, catalogue["respondent_sd"], theta.shape), correlation), 0, 100)

    answers = _answers(theta, instrument, scales, catalogue["item_sd"], rng)
    answers = reverse_exported(answers, instrument, list(reversed_columns))
    frame = pd.DataFrame(
        {
            "respondent_id": [f"R{i:07d}" for i in range(1, len(row_org) + 1)],
            "partnership": partnership_ids[row_partnership],
            "organisation": np.asarray(org_names["name"])[row_org],
            "organisation_type": np.asarray(org_names["type"])[row_org],
        }
    )
    if n_waves > 1:
        frame["wave"] = row_wave + 1
    frame["submitted_at"] = (
        pd.Timestamp("2026-03-02")
        + pd.to_timedelta(row_wave * 182, unit="D")
        + pd.to_timedelta(rng.integers(0, 21 * 24 * 60, len(row_org)), unit="min")
    )
    months = np.array([catalogue["archetypes"][a]["months_running"] for a in names])[assigned]
    frame["months_running"] = (rng.integers(months[:, 0], months[:, 1] + 1) + 0)[row_partnership] + row_wave * 6
    frame = pd.concat(
        [frame, _with_nonresponse(answers, instrument, missing_rate, dont_know_rate, language, rng)], axis=1
    )

    truth = _truth(
        partnership_ids,
        assigned,
        names,
        catalogue,
        trajectories,
        n_waves,
        n_orgs,
        np.bincount(row_partnership, minlength=n_partnerships),
        org_names,
        is_dominant,
        org_partnership,
    )
    latent = _latent(unit_means, partnership_ids, scales, n_waves)
    organisation_means = unit_means[:, org_partnership] + org_offset[None]  # (waves, organisations, scales)
    expected = np.stack([_expected_scores(m, instrument, scales, catalogue) for m in organisation_means])
    per_partnership = np.zeros((n_waves, n_partnerships, len(scales)))
    np.add.at(per_partnership, (slice(None), org_partnership), expected)  # type: ignore[arg-type]  # numpy's stubs miss tuple indices
    per_partnership /= n_orgs[None, :, None]
    true_scores = _latent(per_partnership, partnership_ids, scales, n_waves)
    skipped = [tuple(catalogue["archetypes"][a].get("skipped_phases", ())) for a in np.array(names)[assigned]]
    truth["skipped_phases"] = skipped
    if process_questions and instrument.process is not None:
        frame = pd.concat(
            [
                frame,
                _process_frame(unit_means, instrument, skipped, row_wave, row_partnership, catalogue, language, rng),
            ],
            axis=1,
        )
    survey = Survey(frame, instrument, attributes=["organisation_type", "months_running"], source="simulate()")
    partners, partner_truth = None, pd.DataFrame()
    if partner_ratings:
        from ._partners import simulate_partner_ratings

        members = pd.DataFrame(
            {
                "partnership": partnership_ids[org_partnership],
                "organisation": org_names["name"],
                "position": org_position,
            }
        )
        partners, partner_truth = simulate_partner_ratings(frame, members, instrument, rng, missing_rate)
    return SimulatedStudy(
        survey=survey,
        responses=frame,
        truth=truth,
        latent=latent,
        true_scores=true_scores,
        latent_correlation=pd.DataFrame() if correlation is None else correlation,
        partner_ratings=partners,
        partner_truth=partner_truth,
    )


def _process_frame(unit_means, instrument, skipped, row_wave, row_partnership, catalogue, language, rng):
    """The process answers of every row, from a stream jumped ahead of ``rng`` (which stays as it is)."""
    from ._process import planted_statuses, process_answers

    n_waves, n_partnerships, _ = unit_means.shape
    phases = np.full((n_waves * n_partnerships, 5), np.nan)
    scales = instrument.scale_ids
    for n, scale in instrument.roles.phases.items():
        phases[:, n - 1] = unit_means[:, :, scales.index(scale)].reshape(-1)
    status = planted_statuses(phases, skipped * n_waves, catalogue["process"])
    stream = np.random.Generator(rng.bit_generator.jumped())
    rows = row_wave * n_partnerships + row_partnership
    return process_answers(status, rows, instrument, catalogue["process"], language, stream)


def _archetype_weights(archetypes, catalogue) -> dict[str, float]:
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


def _check(n_partnerships, n_waves, organisations, respondents, missing_rate, dont_know_rate, language, instrument):
    with SettingProblems("simulate()") as problems:
        if not (isinstance(n_partnerships, (int, np.integer)) and n_partnerships >= 1):
            problems.add("n_partnerships", n_partnerships, "give a whole number of at least 1")
        if not (isinstance(n_waves, (int, np.integer)) and n_waves >= 1):
            problems.add("n_waves", n_waves, "give a whole number of at least 1")
        for name, (low, high) in (("organisations", organisations), ("respondents", respondents)):
            if not (1 <= low <= high):
                problems.add(name, (low, high), "give (lowest, highest) with 1 <= lowest <= highest")
        for name, rate in (("missing_rate", missing_rate), ("dont_know_rate", dont_know_rate)):
            if not 0 <= rate < 0.5:
                problems.add(name, rate, "give a share from 0 up to 0.5")
        if language not in instrument.languages:
            problems.add("language", language, f"the instrument has {list(instrument.languages)}")


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


def _answers(theta, instrument, scales, item_sd, rng) -> pd.DataFrame:
    items = instrument.items
    scale_index = items["scale"].map({s: i for i, s in enumerate(scales)}).to_numpy()
    low, high = items["min"].to_numpy(float), items["max"].to_numpy(float)
    span = high - low
    latent = low + span * theta[:, scale_index] / 100.0
    noisy = latent + rng.normal(0, 1, latent.shape) * (item_sd * span / 4)
    values = np.clip(np.rint(noisy), low, high)
    values = np.where(items["reverse"].to_numpy(bool), low + high - values, values)
    return pd.DataFrame(values, columns=items["item"].tolist())


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


def _with_nonresponse(answers, instrument, missing_rate, dont_know_rate, language, rng) -> pd.DataFrame:
    values = answers.to_numpy(copy=True)
    draw = rng.random(values.shape)
    values[draw < missing_rate] = np.nan
    dont_know = (draw >= missing_rate) & (draw < missing_rate + dont_know_rate)
    columns = {}
    scale_of = instrument.items.set_index("item")["response_scale"]
    for j, item in enumerate(answers.columns):
        mask = dont_know[:, j]
        if mask.any():
            labels = instrument.response_scales[scale_of[item]].missing.get(language, ())
            if labels:
                column = values[:, j].astype(object)
                column[mask] = labels[0]
                columns[item] = column
                continue
            values[mask, j] = np.nan
        columns[item] = values[:, j]
    return pd.DataFrame(columns)


def _truth(
    partnership_ids,
    assigned,
    names,
    catalogue,
    trajectories,
    n_waves,
    n_orgs,
    n_respondents,
    org_names,
    is_dominant,
    org_partnership,
) -> pd.DataFrame:
    archetype = np.array(names)[assigned]
    expected, plausible = [], []
    for a, trajectory, k in zip(archetype, trajectories, n_orgs, strict=True):
        flags = list(catalogue["archetypes"][a]["expected_flags"])
        if a == "uneven_gains" and k == 2:  # one loser of two: one party gains at the other's expense
            flags = ["win_lose" if f == "lose_win" else f for f in flags]
        if n_waves > 1 and trajectory:
            flags.append(TRAJECTORIES[trajectory])
        expected.append(tuple(flags))
        plausible.append(tuple(catalogue["archetypes"][a]["plausible_flags"]))
    dominant = pd.Series(
        np.asarray(org_names["name"])[is_dominant], index=partnership_ids[org_partnership[is_dominant]]
    )
    return pd.DataFrame(
        {
            "partnership": partnership_ids,
            "archetype": archetype,
            "trajectory": np.array(TRAJECTORIES)[trajectories] if n_waves > 1 else "stable",
            "expected_flags": expected,
            "plausible_flags": plausible,
            "n_organisations": n_orgs,
            "n_respondents": n_respondents,
            "dominant_organisation": np.where(
                archetype == "power_dominated", dominant.reindex(partnership_ids).to_numpy(), None
            ),
            "losing_organisation": np.where(
                archetype == "uneven_gains", dominant.reindex(partnership_ids).to_numpy(), None
            ),
        }
    )


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
