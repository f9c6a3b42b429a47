"""Result objects of :func:`kompasmetrics.score`: frozen, tidy DataFrames, readable in notebooks."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd

from .._counts import counts_text, study_counts
from ..errors import KompasValueError
from ..instrument import Instrument
from ._model import LATEST, STATISTICS, protected, restricted_frames, wide_table
from ._waves import latest_wave


def _table(frame: pd.DataFrame, caption: str, max_rows: int = 10) -> str:
    shown = frame.head(max_rows).round(2).to_html(na_rep="–", max_cols=14)
    more = f"<br><small>{len(frame) - max_rows} more rows</small>" if len(frame) > max_rows else ""
    summary = f"<summary><strong>{html.escape(caption)}</strong> ({len(frame)} rows)</summary>"
    return f"<details open>{summary}{shown}{more}</details>"


@dataclass(frozen=True)
class Reliability:
    """Internal consistency of each scale, over all respondents of the study.

    Attributes
    ----------
    scales : DataFrame
        One row per scale: ``scale``, ``n_items``, ``n_respondents`` (answering at least one item),
        ``cronbach_alpha`` (pairwise covariances), ``standardized_alpha``, ``omega_total``
        (one-factor model), ``mean_inter_item_r``, ``note`` (why a statistic is NaN or rests on a
        boundary solution; empty when all is well).
    items : DataFrame
        One row per item: ``scale``, ``item``, ``reverse``, ``n``, ``mean`` and ``sd`` (after
        reverse keying, on the item's own response scale), ``corrected_item_total_r``,
        ``alpha_if_deleted``, ``note`` (what to check when the corrected item-total correlation
        is below -0.2: answers coded in reverse, or a wrong ``reverse:``).
    """

    scales: pd.DataFrame
    items: pd.DataFrame

    def _repr_html_(self) -> str:
        return _table(self.scales.set_index("scale"), "Reliability per scale", 40)


@dataclass(frozen=True)
class Agreement:
    """Within-partnership agreement and between-partnership differentiation.

    Attributes
    ----------
    partnerships : DataFrame
        One row per partnership (and wave) and scale: ``partnership``, [``wave``], ``scale``,
        ``n_respondents``, ``rwg_j`` (uniform null, truncated as in R's multilevel), ``org_gap``
        (highest minus lowest organisation mean, 0-100, over the organisations that may be shown),
        ``n_organisations_shown``.
    scales : DataFrame
        One row per scale: ``scale``, ``icc1``, ``icc2`` (one-way ANOVA with partnership as the
        group, Bliese 2000), ``median_rwg_j``, ``share_rwg_j_70`` (share of partnerships with
        rwg_j >= .70).
    """

    partnerships: pd.DataFrame
    scales: pd.DataFrame

    def _repr_html_(self) -> str:
        return _table(self.scales.set_index("scale"), "Agreement per scale", 40)


@dataclass(frozen=True)
class Scores:
    """Scale scores at three levels, with intervals, reliability and agreement.

    Made by :func:`kompasmetrics.score`; see there for the definitions.

    Attributes
    ----------
    respondents : DataFrame
        ``respondent_id``, ``partnership``, ``organisation``, [``wave``], one column per scale (0-100).
    organisations : DataFrame
        ``partnership``, [``wave``], ``organisation``, ``n``, ``pooled``, scale columns. Organisations
        with fewer than ``min_group_size`` respondents are never shown alone, nor recoverable from
        the partnership score by differencing: the hidden organisations of a partnership span at
        least two organisations and ``min_group_size`` respondents (the smallest shown ones are
        hidden with a lone small one: complementary suppression) and are shown as one row
        ``organisation = "Overig / Other"`` averaged in the partnership's own weighting; when
        every organisation is hidden, none is shown (see ``docs/PRIVACY.md``).
    partnerships : DataFrame
        Indexed by ``partnership`` (and ``wave``): ``n_respondents``, ``n_organisations``,
        ``suppressed`` (fewer respondents than ``min_group_size``: scale columns are missing), scale
        columns (0-100).
    intervals : DataFrame
        Long: ``partnership``, [``wave``], ``scale``, ``score``, ``lower``, ``upper``, ``se``
        (standard error ``s / sqrt(n_effective)``), ``n_respondents``, ``n_effective``.
    reliability : Reliability
    agreement : Agreement
    instrument : Instrument
    settings : dict
        ``min_valid``, ``weight``, ``min_group_size``, ``confidence``.
    attributes : DataFrame
        Indexed like ``partnerships``: the median of every numeric survey attribute per partnership
        (such as ``months_running``), for rules that use them.
    phase_reports : DataFrame
        Indexed like ``partnerships``: per phase with a status question, how many respondents
        report it done, partly done, skipped or not yet, how many were there but do not know, and
        how many joined later (columns ``<count>_<phase>``, :mod:`kompasmetrics.scoring._reports`).
        Without process questions in the survey: no columns.

    Notes
    -----
    The per-partnership results are read through two accessors, computed once per Scores and
    cached: :meth:`table` (one statistic, wide) and :meth:`at` (one measurement per partnership).
    Every per-partnership table is indexed by ``partnership`` (and ``wave`` when the survey has
    waves) with one column per scale.
    """

    respondents: pd.DataFrame
    organisations: pd.DataFrame
    partnerships: pd.DataFrame
    intervals: pd.DataFrame
    reliability: Reliability
    agreement: Agreement
    instrument: Instrument = field(repr=False)
    settings: dict = field(default_factory=dict)
    attributes: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    phase_reports: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def table(self, statistic: str = "mean") -> pd.DataFrame:
        """One statistic of every partnership and scale, wide.

        Parameters
        ----------
        statistic : str, default "mean"
            ``"mean"`` (or ``"score"``): the partnership score 0-100, missing when suppressed;
            ``"lower"``, ``"upper"``: the bounds of its interval; ``"se"``: its standard error;
            ``"n_effective"``: Kish's effective number of respondents; ``"n"``: respondents with a
            score on the scale; ``"rwg_j"``: within-partnership agreement; ``"org_gap"``: highest
            minus lowest organisation mean over the organisations that may be shown.

        Returns
        -------
        DataFrame
            Rows indexed like ``partnerships`` (``partnership``, and ``wave`` with waves), one
            column per scored scale in instrument order (the columns' axis is named ``scale``).
            Computed once and cached; the frame returned is the caller's own, so changing it
            changes neither the cache nor later calls.

        Examples
        --------
        >>> import kompasmetrics as km
        >>> scores = km.score(km.simulate(n_partnerships=5, random_state=0).survey)
        >>> scores.table("rwg_j").shape == (5, len(scores.scales))
        True
        """
        if statistic not in STATISTICS:
            raise KompasValueError(
                f"Parameter statistic={statistic!r} is not a table of Scores; give one of "
                f"{', '.join(map(repr, STATISTICS))}."
            )
        key = ("table", statistic)
        if key not in self._cache:
            self._cache[key] = wide_table(self, statistic)
        return protected(self._cache[key])

    def at(self, wave: object = LATEST) -> Scores:
        """These results at one measurement per partnership.

        Parameters
        ----------
        wave : "latest" or a wave, default "latest"
            ``"latest"``: each partnership at its latest wave (the highest wave label it was
            measured in); a wave: the partnerships measured in that wave. Results without waves
            come back whole for ``"latest"``.

        Returns
        -------
        Scores
            Respondents, organisations, partnerships, intervals, agreement per partnership and
            attributes restricted to the chosen measurements; the keys stay as they are (the
            ``wave`` column and index level remain, with one wave per partnership). Reliability
            and the agreement per scale describe the whole study and are kept. Computed once per
            wave and cached; the frames of the Scores returned are the caller's own.

        Raises
        ------
        KompasValueError
            For a wave the results do not hold, or a wave label given to results without waves.
        """
        if not self.has_waves and wave != LATEST:
            raise KompasValueError(
                f"Parameter wave={wave!r}: these results have no waves; give wave='latest' or leave it out."
            )
        key = ("at", wave)
        if key not in self._cache:
            if self.has_waves:
                chosen = Scores(**restricted_frames(self, wave))
            else:
                chosen = Scores(**{f: getattr(self, f) for f in _FIELDS})
                object.__setattr__(chosen, "_cache", self._cache)
            self._cache[key] = chosen
        return self._view_of(self._cache[key])

    @staticmethod
    def _view_of(chosen: Scores) -> Scores:
        """A Scores with protected copies of ``chosen``'s frames, sharing its cache."""
        view = Scores(
            respondents=protected(chosen.respondents),
            organisations=protected(chosen.organisations),
            partnerships=protected(chosen.partnerships),
            intervals=protected(chosen.intervals),
            reliability=Reliability(protected(chosen.reliability.scales), protected(chosen.reliability.items)),
            agreement=Agreement(protected(chosen.agreement.partnerships), protected(chosen.agreement.scales)),
            instrument=chosen.instrument,
            settings=dict(chosen.settings),
            attributes=protected(chosen.attributes),
            phase_reports=protected(chosen.phase_reports),
        )
        object.__setattr__(view, "_cache", chosen._cache)
        return view

    @property
    def scales(self) -> list[str]:
        """The scales that were scored, in instrument order."""
        return [s for s in self.instrument.scale_ids if s in self.respondents.columns]

    @property
    def has_waves(self) -> bool:
        return "wave" in self.respondents.columns

    def __repr__(self) -> str:
        counts = counts_text(study_counts(self.respondents))
        return f"Scores({counts}, scales={len(self.scales)}, settings={self.settings})"

    def _repr_html_(self) -> str:
        settings = ", ".join(f"{k}={v}" for k, v in self.settings.items())
        return (
            f"<div><strong>Scores</strong>: {html.escape(counts_text(study_counts(self.respondents)))}, "
            f"{len(self.scales)} scales ({html.escape(settings)})"
            + _table(self.partnerships, "Partnerships")
            + _table(self.reliability.scales.set_index("scale"), "Reliability", 40)
            + "</div>"
        )


_FIELDS = (
    "respondents",
    "organisations",
    "partnerships",
    "intervals",
    "reliability",
    "agreement",
    "instrument",
    "settings",
    "attributes",
    "phase_reports",
)

__all__ = ["Agreement", "Reliability", "Scores", "latest_wave"]
