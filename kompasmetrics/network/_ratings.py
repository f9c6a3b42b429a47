"""`PartnerRatings`: the long table of who rated whom on what, with what was left out and why."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import KompasValueError
from ..instrument import Instrument

RATING_COLUMNS = ["rater_organisation", "rated_organisation", "item", "value", "respondent_id"]
REPORT_COLUMNS = ["row", "respondent_id", "column", "value", "problem", "action"]


@dataclass(frozen=True)
class PartnerRatings:
    """Partner ratings in one long table, ready for :func:`kompasmetrics.network`.

    Attributes
    ----------
    ratings : DataFrame
        One row per answer: ``partnership``, [``wave``], ``rater_organisation``,
        ``rated_organisation``, ``item`` (an item of the instrument's ``partner_ratings`` block),
        ``value`` (the answer's code on the item's response scale, as asked: not reverse keyed),
        ``respondent_id``. Ratings of one's own organisation are not in it (see ``report``).
    partners : DataFrame
        The partner list of each partnership: ``partnership``, [``wave``], ``organisation``,
        ``answered`` (some respondent of this organisation took part), ``in_roster`` (named in a
        roster column), ``rated`` (rated by somebody).
    unrated : DataFrame
        Ordered pairs of partners that nobody rated although the rater organisation took part:
        ``partnership``, [``wave``], ``rater_organisation``, ``rated_organisation``.
    report : DataFrame
        ``row`` (in the source file), ``respondent_id``, ``column``, ``value``, ``problem``,
        ``action``: every answer left out (a rating of
        one's own organisation, a respondent not in the survey) and every other decision, each with
        its reason. Never silently dropped.
    instrument : Instrument
    keys : tuple of str
        ``("partnership",)`` or ``("partnership", "wave")``.
    """

    ratings: pd.DataFrame = field(repr=False)
    partners: pd.DataFrame = field(repr=False)
    unrated: pd.DataFrame = field(repr=False)
    report: pd.DataFrame = field(repr=False)
    instrument: Instrument = field(repr=False)
    keys: tuple[str, ...] = ("partnership",)

    def __repr__(self) -> str:
        return (
            f"PartnerRatings(answers={len(self.ratings)}, partnerships={self.partners['partnership'].nunique()}, "
            f"unrated_pairs={len(self.unrated)}, report_rows={len(self.report)})"
        )

    def _repr_html_(self) -> str:
        return (
            f"<div><strong>Partner ratings</strong>: {len(self.ratings)} answers about "
            f"{len(self.partners)} partners in {self.partners['partnership'].nunique()} partnerships; "
            f"{len(self.unrated)} pairs nobody rated (<code>.unrated</code>), {len(self.report)} report rows "
            f"(<code>.report</code>).</div>"
        )


def partner_ratings(
    ratings: pd.DataFrame,
    instrument: Instrument,
    *,
    keys: tuple[str, ...] = ("partnership",),
    answered: pd.DataFrame | None = None,
    roster: pd.DataFrame | None = None,
    report: list[dict] | None = None,
) -> PartnerRatings:
    """Build :class:`PartnerRatings` from a long table (the readers and the simulator use this).

    ``answered``: the keys and ``organisation`` of every respondent organisation (from the survey);
    ``roster``: the keys and ``organisation`` named in roster columns. Ratings of one's own
    organisation are removed and reported here, once for every source.
    """
    block = instrument.partner_ratings
    if block is None:
        raise KompasValueError(
            f"Instrument '{instrument.id}' has no partner_ratings block, so it asks no questions per partner. "
            "Add the block (instruments/README.md, 'Partner ratings') or use the bundled instrument 'kompas'."
        )
    keys = tuple(keys)
    log = list(report or [])
    ratings = ratings[[*keys, *RATING_COLUMNS]].copy()
    unknown = sorted(set(ratings["item"].unique()) - set(block.items["item"]))
    if unknown:
        raise KompasValueError(
            f"The ratings name item(s) {unknown[:5]} that are not in the partner_ratings block of instrument "
            f"'{instrument.id}' (its items: {', '.join(block.items['item'])})."
        )
    ratings = ratings[ratings["value"].notna()]
    own = ratings["rater_organisation"] == ratings["rated_organisation"]
    if own.any():
        for (respondent, organisation), count in (
            ratings[own].groupby(["respondent_id", "rater_organisation"]).size().items()
        ):
            log.append(
                {
                    "row": None,
                    "respondent_id": respondent,
                    "column": None,
                    "value": organisation,
                    "problem": f"respondent rated their own organisation {organisation!r} "
                    f"({count} {'answer' if count == 1 else 'answers'})",
                    "action": "these answers left out: a respondent rates only the other partners",
                }
            )
        ratings = ratings[~own]
    ratings = ratings.reset_index(drop=True)
    partners = _partners(ratings, keys, answered, roster)
    unrated = _unrated(ratings, partners, keys)
    return PartnerRatings(
        ratings=ratings,
        partners=partners,
        unrated=unrated,
        report=pd.DataFrame(log, columns=REPORT_COLUMNS),
        instrument=instrument,
        keys=keys,
    )


def _partners(ratings, keys, answered, roster) -> pd.DataFrame:
    keys = list(keys)
    parts = {
        "answered": answered
        if answered is not None
        else ratings.rename(columns={"rater_organisation": "organisation"}),
        "in_roster": roster if roster is not None else pd.DataFrame(columns=[*keys, "organisation"]),
        "rated": ratings.rename(columns={"rated_organisation": "organisation"}),
    }
    frames = [frame[[*keys, "organisation"]].drop_duplicates().assign(source=name) for name, frame in parts.items()]
    long = pd.concat(frames, ignore_index=True)
    long["organisation"] = long["organisation"].astype(str)
    table = pd.crosstab([long[k] for k in [*keys, "organisation"]], long["source"]).gt(0)
    table = table.reindex(columns=list(parts), fill_value=False).reset_index()
    table.columns.name = None
    return table.sort_values([*keys, "organisation"], kind="stable").reset_index(drop=True)


def _unrated(ratings, partners, keys) -> pd.DataFrame:
    keys = list(keys)
    raters = partners.loc[partners["answered"], [*keys, "organisation"]]
    every = raters.merge(partners[[*keys, "organisation"]], on=keys, suffixes=("_rater", "_rated"))
    every = every[every["organisation_rater"] != every["organisation_rated"]]
    every = every.rename(
        columns={"organisation_rater": "rater_organisation", "organisation_rated": "rated_organisation"}
    )
    done = ratings[[*keys, "rater_organisation", "rated_organisation"]].drop_duplicates()
    merged = every.merge(done, how="left", indicator=True)
    missing = merged.loc[merged["_merge"] == "left_only"].drop(columns="_merge")
    return missing.sort_values([*keys, "rater_organisation", "rated_organisation"]).reset_index(drop=True)


def empty_ratings(keys: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype=object) for column in [*keys, *RATING_COLUMNS]}).astype(
        {"value": np.float64}
    )


__all__ = ["RATING_COLUMNS", "PartnerRatings", "empty_ratings", "partner_ratings"]
