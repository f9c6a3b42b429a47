"""The result of :func:`kompasmetrics.simulate`: a simulated study and its known truth."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from ..survey import Survey

if TYPE_CHECKING:
    from ..network import PartnerRatings


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


__all__ = ["SimulatedStudy"]
