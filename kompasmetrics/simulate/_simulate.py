"""Simulated studies with planted partnership archetypes: data with a known truth.

The generating model, per scale ``s``, on the 0-100 metric::

    partnership:  mu_ps  = profile[archetype, s] + wave shift + N(0, partnership_sd)
    organisation: mu_os  = mu_ps + N(0, organisation_sd) (+ dominant_shift for the strong party)
    respondent:   theta  = mu_os + N(0, respondent_sd), clipped to 0-100
    item answer:  x = round(min + (max - min) * theta / 100 + N(0, item_sd * (max - min) / 4)),
                  clipped to the response scale, reversed (min + max - x) for reverse-keyed items

then some answers are left blank (``missing_rate``) or answered "don't know" (``dont_know_rate``).
The profiles and spreads are data, in ``archetypes.yaml`` next to this module.

The stages are modules of their own: who is in the study (:mod:`._design`), the respondents'
answers (:mod:`._answers`), the known truth (:mod:`._truth`), the process questions
(:mod:`._process`) and the partner ratings (:mod:`._partners`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .._checks import SettingProblems
from .._resources import package_yaml
from ..instrument import Instrument, load_instrument
from ..survey import Survey
from ._answers import respondent_frame, scale_answers, with_nonresponse
from ._design import Design, archetype_weights, plan_study
from ._structure import latent_correlation_matrix, reverse_exported
from ._study import SimulatedStudy
from ._truth import latent_means, skipped_phases, study_truth, true_scores


def archetype_catalogue() -> dict:
    """The archetype definitions (profiles, spreads, expected flags) as loaded from the data file."""
    return package_yaml("kompasmetrics.simulate", "archetypes.yaml")


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
    weights = archetype_weights(archetypes, catalogue)
    _check(n_partnerships, n_waves, organisations, respondents, missing_rate, dont_know_rate, language, instrument)
    rng = random_state if isinstance(random_state, np.random.Generator) else np.random.default_rng(random_state)

    design = plan_study(
        n_partnerships, weights, catalogue, instrument, n_waves, organisations, respondents, language, rng
    )
    correlation = None if latent_correlation is None else latent_correlation_matrix(instrument, latent_correlation)
    answers = reverse_exported(
        scale_answers(design, instrument, catalogue, correlation, rng), instrument, list(reversed_columns)
    )
    frame = respondent_frame(design, catalogue, rng)
    frame = pd.concat(
        [frame, with_nonresponse(answers, instrument, missing_rate, dont_know_rate, language, rng)], axis=1
    )
    if process_questions and instrument.process is not None:
        frame = pd.concat([frame, _process_frame(design, instrument, catalogue, language, rng)], axis=1)
    partners, partner_truth = (
        _partner_ratings(design, frame, instrument, rng, missing_rate) if partner_ratings else (None, pd.DataFrame())
    )
    return SimulatedStudy(
        survey=Survey(frame, instrument, attributes=["organisation_type", "months_running"], source="simulate()"),
        responses=frame,
        truth=study_truth(design, catalogue),
        latent=latent_means(design, instrument.scale_ids),
        true_scores=true_scores(design, instrument, catalogue),
        latent_correlation=pd.DataFrame() if correlation is None else correlation,
        partner_ratings=partners,
        partner_truth=partner_truth,
    )


def _process_frame(design: Design, instrument, catalogue, language, rng) -> pd.DataFrame:
    """The process answers of every row, from a stream jumped ahead of ``rng`` (which stays as it is)."""
    from ._process import planted_statuses, process_answers

    unit_means = design.unit_means
    n_waves, n_partnerships, _ = unit_means.shape
    phases = np.full((n_waves * n_partnerships, 5), np.nan)
    scales = instrument.scale_ids
    for n, scale in instrument.roles.phases.items():
        phases[:, n - 1] = unit_means[:, :, scales.index(scale)].reshape(-1)
    status = planted_statuses(phases, skipped_phases(design, catalogue) * n_waves, catalogue["process"])
    stream = np.random.Generator(rng.bit_generator.jumped())
    rows = design.row_wave * n_partnerships + design.row_partnership
    return process_answers(status, rows, instrument, catalogue["process"], language, stream)


def _partner_ratings(design: Design, frame, instrument, rng, missing_rate):
    """Every respondent's ratings of the other partners, and the planted pair-level truth."""
    from ._partners import simulate_partner_ratings

    members = pd.DataFrame(
        {
            "partnership": design.partnership_ids[design.org_partnership],
            "organisation": design.org_names["name"],
            "position": design.org_position,
        }
    )
    return simulate_partner_ratings(frame, members, instrument, rng, missing_rate)


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


__all__ = ["SimulatedStudy", "archetype_catalogue", "simulate"]
