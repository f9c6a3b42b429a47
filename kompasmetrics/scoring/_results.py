"""Result objects of :func:`kompasmetrics.score`: frozen, tidy DataFrames, readable in notebooks."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd

from ..instrument import Instrument


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

    @property
    def scales(self) -> list[str]:
        """The scales that were scored, in instrument order."""
        return [s for s in self.instrument.scale_ids if s in self.respondents.columns]

    @property
    def has_waves(self) -> bool:
        return "wave" in self.respondents.columns

    def __repr__(self) -> str:
        return (
            f"Scores(partnerships={len(self.partnerships)}, organisations={len(self.organisations)}, "
            f"respondents={len(self.respondents)}, scales={len(self.scales)}, settings={self.settings})"
        )

    def _repr_html_(self) -> str:
        settings = ", ".join(f"{k}={v}" for k, v in self.settings.items())
        return (
            f"<div><strong>Scores</strong>: {len(self.partnerships)} partnerships, "
            f"{len(self.respondents)} respondents, {len(self.scales)} scales ({html.escape(settings)})"
            + _table(self.partnerships, "Partnerships")
            + _table(self.reliability.scales.set_index("scale"), "Reliability", 40)
            + "</div>"
        )


def latest_wave(table: pd.DataFrame) -> pd.DataFrame:
    """Each partnership at its latest wave, indexed by partnership.

    ``table`` is indexed by partnership and wave (as ``Scores.partnerships`` and the diagnosis
    tables of a study with waves); a table indexed by partnership alone is returned as it is.
    """
    if "wave" not in (table.index.names or []):
        return table
    return table.sort_index().groupby(level="partnership").tail(1).droplevel("wave")
