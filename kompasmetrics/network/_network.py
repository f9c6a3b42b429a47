"""`network()`: partner ratings in, who trusts whom out (pairs, organisations, partnerships)."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._checks import SettingProblems, expect
from ..errors import Problem
from ..instrument import Instrument
from ._centrality import centrality
from ._pairs import PAIR, directed_pairs, dyads, measure_names, rater_scores
from ._ratings import PartnerRatings

TIE = 50.0
"""A working tie: collaboration at least monthly (50 on the 0-100 metric of ``frequency5``)."""


@dataclass(frozen=True)
class Network:
    """Who trusts whom, per partnership: pair, organisation and partnership tables.

    Every number shown is computed from pairs that may be shown (at least ``min_group_size``
    raters, see ``pairs['suppressed']``), so no hidden pair can be recovered by differencing. All
    measures are on the 0-100 metric: ``trust`` (mean of the trust facets), ``trust_<facet>``,
    ``value``, ``influence``, ``frequency``, as far as the instrument's block measures them.

    Attributes
    ----------
    pairs : DataFrame
        One row per directed pair (rater organisation -> rated organisation): the keys,
        ``rater_organisation``, ``rated_organisation``, ``n_raters`` (respondents of the rater
        organisation who rated the partner), ``suppressed`` (fewer than ``min_group_size``
        raters: the means are missing), then the mean of every measure.
    intervals : DataFrame
        One row per directed pair and measure: ``measure``, ``n`` (raters who answered), ``mean``,
        ``lower``, ``upper`` (``confidence`` interval, t over the raters; missing when suppressed).
    dyads : DataFrame
        One row per unordered pair {A, B}: ``organisation_a``, ``organisation_b`` (in name order),
        ``n_raters`` (both directions), ``n_a_to_b``, ``n_b_to_a``, ``suppressed`` (too few raters,
        or one direction shown and the other hidden: the dyad would reveal it), the mutual mean of
        every measure over both directions' raters, ``asymmetry`` (trust A -> B minus B -> A, when
        both are shown).
    organisations : DataFrame
        One row per partner organisation: ``trust_received`` (mean over the shown pairs rating
        it, every rater organisation weighing the same), ``n_rated_by`` (those organisations),
        ``trust_given``, ``n_rating``, ``value_received``, ``influence_received``,
        ``reciprocity`` (weighted reciprocity of its trust ties, 0-1), ``in_strength`` (sum of
        incoming trust / 100: networkx weighted in-degree), ``betweenness`` (on the
        collaboration-frequency graph, normalised 0-1).
    partnerships : DataFrame
        One row per partnership: ``n_organisations``, ``n_pairs`` (ordered pairs of partners),
        ``n_pairs_rated``, ``n_pairs_shown``, ``mean_trust``, ``density`` (share of the shown pairs
        that are working ties: collaboration at least monthly), ``reciprocity`` (weighted
        reciprocity of trust, 0-1), ``most_trusted``, ``least_trusted`` (highest and lowest
        ``trust_received`` among organisations rated by at least two others in shown pairs; missing
        unless two organisations qualify).
    raters : DataFrame
        One row per respondent and rated organisation, every measure (what the pairs average).
        Individual answers: never publish this table; the diagnosis reads it as ``km.score``'s
        respondents are read.
    unrated, report : DataFrame
        From the :class:`PartnerRatings`.
    settings : dict
        ``min_group_size``, ``confidence``.
    instrument : Instrument
    """

    pairs: pd.DataFrame
    intervals: pd.DataFrame = field(repr=False)
    dyads: pd.DataFrame = field(repr=False)
    organisations: pd.DataFrame = field(repr=False)
    partnerships: pd.DataFrame = field(repr=False)
    raters: pd.DataFrame = field(repr=False)
    unrated: pd.DataFrame = field(repr=False)
    report: pd.DataFrame = field(repr=False)
    settings: dict = field(repr=False)
    instrument: Instrument = field(repr=False)
    keys: tuple[str, ...] = ("partnership",)

    @property
    def measures(self) -> list[str]:
        """The measures of the tables, ``trust`` first."""
        return measure_names(self.instrument)

    def matrix(self, partnership: str, measure: str = "trust", wave: object = None) -> pd.DataFrame:
        """Rater organisation (rows) x rated organisation (columns) means of one partnership;
        missing where not rated or suppressed."""
        rows = self.pairs[self.pairs["partnership"] == partnership]
        if wave is not None and "wave" in rows:
            rows = rows[rows["wave"] == wave]
        names = self.organisations.loc[self.organisations["partnership"] == partnership, "organisation"].unique()
        table = rows.pivot_table(index="rater_organisation", columns="rated_organisation", values=measure, dropna=False)
        return table.reindex(index=sorted(names), columns=sorted(names))

    def __repr__(self) -> str:
        return (
            f"Network(partnerships={len(self.partnerships)}, pairs={len(self.pairs)}, "
            f"suppressed={int(self.pairs['suppressed'].sum())})"
        )

    def _repr_html_(self) -> str:
        head = self.partnerships.head(10).to_html(float_format=lambda v: f"{v:.2f}", na_rep="–")
        return (
            f"<div><strong>Network</strong> of {len(self.partnerships)} partnerships: {len(self.pairs)} directed "
            f"pairs, {int(self.pairs['suppressed'].sum())} with fewer than "
            f"{html.escape(str(self.settings['min_group_size']))} raters (suppressed){head}</div>"
        )


def network(ratings: PartnerRatings, *, min_group_size: int = 3, confidence: float = 0.90) -> Network:
    """Who trusts whom: pair, organisation and partnership tables from partner ratings.

    Parameters
    ----------
    ratings : PartnerRatings
        From :func:`kompasmetrics.read_partner_ratings` (or ``km.simulate(partner_ratings=True)``).
    min_group_size : int, default 3
        A directed pair needs this many raters to be shown, as an organisation in ``km.score``.
    confidence : float, default 0.90
        Coverage of the pair intervals.

    Returns
    -------
    Network

    Notes
    -----
    Rater scores are POMP (0-100) per measure; a pair's mean is the plain mean over its raters.
    Organisation and partnership figures use only the pairs that may be shown, so hidden pairs
    never enter a published number (no differencing). Weighted reciprocity of trust weights
    ``w_ij`` (Squartini, Picciolo, Ruzzenenti & Garlaschelli 2013): ``r = sum min(w_ij, w_ji) /
    sum w_ij`` over ordered pairs whose both directions are shown; 1 when every organisation is
    trusted as much as it trusts. Weighted in-degree (strength) and betweenness centrality follow
    Wasserman & Faust (1994) as computed by networkx (Brandes 2001 for betweenness, with distance
    ``1 / frequency`` so that frequent collaboration is a short path). See ``docs/NETWORK.md``.
    """
    expect(ratings, PartnerRatings, "network", "ratings")
    with SettingProblems("network()") as problems:
        if not (isinstance(min_group_size, (int, np.integer)) and min_group_size >= 1):
            problems.add("min_group_size", min_group_size, Problem("settings.min_group_size"))
        if not (isinstance(confidence, float) and 0 < confidence < 1):
            problems.add("confidence", confidence, Problem("settings.confidence"))
    instrument, keys = ratings.instrument, list(ratings.keys)
    names = measure_names(instrument)
    raters = rater_scores(ratings.ratings, instrument, keys)
    pairs, intervals = directed_pairs(raters, names, keys, int(min_group_size), confidence)
    mutual = dyads(raters, pairs, names, keys, int(min_group_size))
    organisations = _organisations(pairs, ratings.partners, keys)
    organisations = organisations.merge(centrality(pairs, keys), on=[*keys, "organisation"], how="left")
    return Network(
        pairs=pairs,
        intervals=intervals,
        dyads=mutual,
        organisations=organisations,
        partnerships=_partnerships(pairs, organisations, ratings.partners, keys),
        raters=raters,
        unrated=ratings.unrated,
        report=ratings.report,
        settings={"min_group_size": int(min_group_size), "confidence": confidence},
        instrument=instrument,
        keys=tuple(keys),
    )


def _organisations(pairs: pd.DataFrame, partners: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    shown = pairs[~pairs["suppressed"]]
    present = [m for m in ("trust", "value", "influence") if m in shown]
    received = shown.groupby([*keys, "rated_organisation"])[present].mean().add_suffix("_received")
    received["n_rated_by"] = shown.groupby([*keys, "rated_organisation"]).size()
    given = shown.groupby([*keys, "rater_organisation"])[["trust"]].mean().add_suffix("_given")
    given["n_rating"] = shown.groupby([*keys, "rater_organisation"]).size()
    table = partners[[*keys, "organisation"]].set_index([*keys, "organisation"])
    table = table.join(received.rename_axis([*keys, "organisation"])).join(given.rename_axis([*keys, "organisation"]))
    for column in ("n_rated_by", "n_rating"):
        table[column] = table[column].fillna(0).astype(int)
    table["reciprocity"] = _reciprocity(shown, keys, by=[*keys, "rater_organisation"]).rename_axis(
        [*keys, "organisation"]
    )
    return table.reset_index()


def _reciprocity(shown: pd.DataFrame, keys: list[str], by: list[str]) -> pd.Series:
    """``sum min(w_ij, w_ji) / sum w_ij`` over the ordered pairs of ``shown`` with both directions
    shown, grouped by ``by`` (Squartini et al. 2013)."""
    back = shown[[*keys, *PAIR, "trust"]].rename(
        columns={
            "rater_organisation": "rated_organisation",
            "rated_organisation": "rater_organisation",
            "trust": "back",
        }
    )
    both = shown[[*keys, *PAIR, "trust"]].merge(back, on=[*keys, *PAIR]).dropna(subset=["trust", "back"])
    both["reciprocated"] = np.minimum(both["trust"], both["back"])
    sums = both.groupby(by)[["reciprocated", "trust"]].sum()
    return (sums["reciprocated"] / sums["trust"]).where(sums["trust"] > 0)


def _partnerships(pairs, organisations, partners, keys) -> pd.DataFrame:
    shown = pairs[~pairs["suppressed"]]
    level = keys if len(keys) > 1 else keys[0]
    table = partners.groupby(keys).size().rename("n_organisations").to_frame()
    answered = partners.groupby(keys)["answered"].sum()
    table["n_pairs"] = answered * (table["n_organisations"] - 1)
    table["n_pairs_rated"] = pairs.groupby(keys).size()
    table["n_pairs_shown"] = shown.groupby(keys).size()
    table[["n_pairs_rated", "n_pairs_shown"]] = table[["n_pairs_rated", "n_pairs_shown"]].fillna(0).astype(int)
    table["mean_trust"] = shown.groupby(keys)["trust"].mean()
    if "frequency" in shown:
        ties = shown.dropna(subset=["frequency"])
        table["density"] = (ties["frequency"] >= TIE).groupby([ties[k] for k in keys]).mean()
    table["reciprocity"] = _reciprocity(shown, keys, by=keys)
    judged = organisations[organisations["n_rated_by"] >= 2].dropna(subset=["trust_received"])
    judged = judged[judged.groupby(keys)["organisation"].transform("size") >= 2]
    if len(judged):
        ordered = judged.sort_values([*keys, "trust_received", "organisation"], kind="stable")
        table["least_trusted"] = ordered.groupby(level if len(keys) == 1 else keys).first()["organisation"]
        table["most_trusted"] = ordered.groupby(level if len(keys) == 1 else keys).last()["organisation"]
    else:
        table["least_trusted"] = table["most_trusted"] = np.nan
    return table


__all__ = ["TIE", "Network", "network"]
