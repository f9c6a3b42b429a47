"""The `Survey`: survey responses checked against an instrument, ready to score.

A survey is one wide table, one row per respondent: ``respondent_id``, ``partnership``,
``organisation``, optionally ``wave`` and ``submitted_at`` and declared attribute columns, then one
column per instrument item. Answers may be the numeric codes of the item's response scale or its
labels in any language of the instrument ("Eens", "Agree"); "don't know" labels become missing and
are remembered as such in :attr:`Survey.nonsubstantive`.

Validation is lazy: every problem in the table is collected and raised together as one
:class:`~kompasmetrics.errors.SurveyError`. Rows that cannot be used (no partnership or
organisation, no answer at all) are left out and listed in :attr:`Survey.report`, never dropped
silently; the rule is the one ``km.read_survey`` applies (:mod:`kompasmetrics.io._rows`).

A Survey is immutable: it is built once, and :meth:`Survey.replace` returns a changed copy.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import FrozenInstanceError, fields
from typing import Any, NoReturn

import numpy as np
import pandas as pd

from ._counts import counts_text, study_counts
from .errors import KompasValueError
from .instrument import Instrument
from .io._frame import REPORT_COLUMNS, Roles, SurveyFields, frame_fields, keyed_matrix

ROLE_NAMES = ("respondent_id", "partnership", "organisation", "wave", "submitted_at")
FIELDS = tuple(f.name for f in fields(SurveyFields))
_HANDED_OUT = ("responses", "nonsubstantive", "items", "attributes", "report", "questions", "quality")
"""The fields a Survey hands out as copies (see its properties)."""


class Survey:
    """Responses to an instrument, validated and coded.

    Parameters
    ----------
    responses : DataFrame
        One row per respondent. The index is used as the row reference in reports (importers set
        it to the row number in the source file).
    instrument : Instrument or str, default "kompas"
        The instrument the items belong to, or the name/path to load it from.
    respondent_id, partnership, organisation : str
        Names of the identifying columns. When ``respondent_id`` is absent, ids ``R00001``... are
        made from the row order (reported). ``partnership`` and ``organisation`` are required.
    wave, submitted_at : str or None
        Optional columns; by default used when a column of that name exists.
    attributes : sequence of str
        Further columns to keep, such as ``organisation_type``. Never put personal data here.
    ignore_columns : sequence of str
        Columns to leave out on purpose (names, e-mail addresses, free text); reported. The
        columns of the instrument's ``partner_ratings`` block (one per partner item and partner:
        ``Question [Partner]``, ``Question - Partner``, LimeSurvey's ``Q12[SQ003]. Question
        [Partner]``, or a partner's name as a Microsoft Forms statement) need not be listed: they
        are left out and reported, for ``km.read_partner_ratings(frame, survey)``.
    report : DataFrame, optional
        Decisions taken earlier (by an importer), kept at the top of :attr:`report`.
    questions : DataFrame, optional
        The importer's table of source columns and the items they were matched to.
    nonsubstantive : DataFrame of bool, optional
        For answers an importer has already coded: True where the answer was a missing label
        ("Weet niet"). Combined (logical or) with the missing labels found in ``responses``.
    quality : DataFrame, optional
        The importer's response-quality table, one row per data row read (see
        :func:`kompasmetrics.read_survey`); kept as :attr:`quality`.
    keep_personal_ids : bool, default False
        Respondent ids that are e-mail addresses, phone numbers or citizen service numbers are
        replaced by stable pseudonyms (a keyed hash, :mod:`kompasmetrics._privacy`) and reported;
        True keeps them as they are (then never share the outputs).

    Attributes
    ----------
    responses : DataFrame
        Role columns (renamed to the standard names), attributes, then item columns (float, NaN
        for missing), in instrument order.
    nonsubstantive : DataFrame of bool
        Same shape as the item columns: True where the answer was a missing label ("Weet niet",
        "Not applicable") rather than left blank.
    items : list of str
        The instrument items present in the survey.
    attributes : list of str
        The attribute columns kept.
    has_waves : bool
    report : DataFrame
        ``row``, ``column``, ``value``, ``problem``, ``action``: every row left out, every column
        ignored, every other decision taken. Further columns of an importer's report (``file``,
        ``sheet``) are kept.
    quality : DataFrame or None
        Response-quality indices per respondent when the survey was read from an export.
    questions : DataFrame or None
        The importer's table of source columns and the items they were matched to.
    instrument : Instrument
    source : str or None
        Where the responses came from (a file name), as named in messages.

    The attributes cannot be assigned: ``survey.replace(report=...)`` returns a new Survey with
    the given attributes changed, as :func:`dataclasses.replace` does for a dataclass.

    Raises
    ------
    SurveyError
        Listing every problem: missing required columns, columns that match no item, answers that
        are not a value or label of the item's response scale, duplicated respondent ids.
    """

    # set once, by _hold
    instrument: Instrument
    source: str | None
    _responses: pd.DataFrame
    _nonsubstantive: pd.DataFrame
    _items: list[str]
    _attributes: list[str]
    _report: pd.DataFrame
    _questions: pd.DataFrame | None
    _quality: pd.DataFrame | None

    # The tables and lists are handed out as copies: a shallow copy of a DataFrame shares its data
    # (pandas' copy-on-write copies only what is then written), so it costs microseconds, and
    # changing what was handed out (a column added, a cell set, an item appended) leaves the
    # Survey as it was. Change a Survey with replace().
    @property
    def responses(self) -> pd.DataFrame:
        return self._responses.copy(deep=False)

    @property
    def nonsubstantive(self) -> pd.DataFrame:
        return self._nonsubstantive.copy(deep=False)

    @property
    def report(self) -> pd.DataFrame:
        return self._report.copy(deep=False)

    @property
    def questions(self) -> pd.DataFrame | None:
        return None if self._questions is None else self._questions.copy(deep=False)

    @property
    def quality(self) -> pd.DataFrame | None:
        return None if self._quality is None else self._quality.copy(deep=False)

    @property
    def items(self) -> list[str]:
        return list(self._items)

    @property
    def attributes(self) -> list[str]:
        return list(self._attributes)

    def __init__(
        self,
        responses: pd.DataFrame,
        instrument: Instrument | str = "kompas",
        *,
        respondent_id: str = "respondent_id",
        partnership: str = "partnership",
        organisation: str = "organisation",
        wave: str | None = None,
        submitted_at: str | None = None,
        attributes: Sequence[str] = (),
        ignore_columns: Sequence[str] = (),
        report: pd.DataFrame | None = None,
        questions: pd.DataFrame | None = None,
        source: str | None = None,
        nonsubstantive: pd.DataFrame | None = None,
        quality: pd.DataFrame | None = None,
        keep_personal_ids: bool = False,
    ) -> None:
        built = frame_fields(
            responses,
            instrument,
            Roles.named(respondent_id, partnership, organisation, wave, submitted_at),
            attributes=attributes,
            ignore_columns=ignore_columns,
            report=report,
            questions=questions,
            source=source,
            nonsubstantive=nonsubstantive,
            quality=quality,
            keep_personal_ids=keep_personal_ids,
        )
        self._hold(built)

    # ---- immutability

    def _hold(self, built: SurveyFields) -> None:
        """Set the attributes, once: the only place a Survey's attributes are written. The tables
        and lists are kept under private names and handed out by the properties below."""
        for name in FIELDS:
            object.__setattr__(self, f"_{name}" if name in _HANDED_OUT else name, getattr(built, name))

    def __setattr__(self, name: str, value: object) -> NoReturn:
        _refuse_change(name)

    def __delattr__(self, name: str) -> NoReturn:
        _refuse_change(name)

    def replace(self, **changes: Any) -> Survey:
        """A new Survey with the given attributes changed; this one stays as it is.

        Like :func:`dataclasses.replace`: ``survey.replace(report=new_report)``. The attributes
        that can be given are ``responses``, ``nonsubstantive``, ``items``, ``attributes``,
        ``report``, ``questions``, ``quality``, ``source`` and ``instrument``. The answers are not
        coded again: ``responses`` must hold coded answers, as :attr:`responses` does.

        When ``responses`` is given with rows that are all rows of this survey (a selection, say
        ``survey.responses[survey.responses["partnership"] != "P3"]``), ``nonsubstantive`` follows
        it unless given, and ``items`` and ``attributes`` keep those still among its columns.
        The new Survey shares the tables' data with this one (copy-on-write): neither sees the other's changes.

        Raises
        ------
        TypeError
            An attribute that a Survey does not have.
        KompasValueError
            The attributes do not fit together (every problem listed).
        """
        unknown = sorted(set(changes) - set(FIELDS))
        if unknown:
            raise TypeError(f"Survey.replace() got unknown attribute(s) {unknown}; it can change {', '.join(FIELDS)}.")
        current = {name: getattr(self, name) for name in FIELDS}
        if "responses" in changes:
            current.update(_following(self, changes["responses"], changes))
        built = SurveyFields(**{**current, **changes})
        problems = _misfits(built)
        if problems:
            raise KompasValueError(
                "Survey.replace() cannot make a Survey of these attributes:\n" + "\n".join(f"  - {p}" for p in problems)
            )
        survey = object.__new__(type(self))
        survey._hold(built)
        return survey

    # ---- reading

    @property
    def has_waves(self) -> bool:
        """Whether the responses have a ``wave`` column."""
        return "wave" in self.responses.columns

    @property
    def n_respondents(self) -> int:
        return len(self.responses)

    def item_matrix(self) -> np.ndarray:
        """The coded answers as a new float array (respondents x items), NaN for missing.

        The array is the caller's own: changing it leaves the survey as it is.
        """
        return self.responses[self.items].to_numpy(dtype=float, copy=True)

    def keyed_item_matrix(self) -> np.ndarray:
        """:meth:`item_matrix` with reverse-keyed items turned around (``min + max - x``), a new
        array keyed in place: a million respondents need no second copy."""
        return keyed_matrix(self.instrument, self.responses, self.items)

    def __len__(self) -> int:
        return self.n_respondents

    def __repr__(self) -> str:
        counts = counts_text(study_counts(self.responses))
        return (
            f"Survey(instrument={self.instrument.id!r}, {counts}, items={len(self.items)}, "
            f"report_rows={len(self.report)})"
        )

    def _repr_html_(self) -> str:
        left_out = int((self.report["action"] == "row left out").sum())
        return (
            f"<div><strong>Survey</strong> on instrument <code>{html.escape(self.instrument.id)}</code>: "
            f"{html.escape(counts_text(study_counts(self.responses)))}, {len(self.items)} of "
            f"{len(self.instrument.items)} items; {left_out} rows left out (see <code>.report</code>).</div>"
        )


def _refuse_change(name: str) -> NoReturn:
    how = (
        f"make a changed copy with survey = survey.replace({name}=...)"
        if name in FIELDS
        else "make a changed copy with survey.replace(...)"
    )
    raise FrozenInstanceError(f"A Survey cannot be changed after it is built (survey.{name}); {how}.")


def _following(survey: Survey, responses: object, changes: dict[str, Any]) -> dict[str, Any]:
    """What follows new responses that select rows of ``survey``: its marks of those rows, and the
    items and attributes still among the columns (each unless given)."""
    if not isinstance(responses, pd.DataFrame):
        return {}
    followed: dict[str, Any] = {}
    columns = set(responses.columns)
    items = changes.get("items", [item for item in survey.items if item in columns])
    if "items" not in changes:
        followed["items"] = items
    if "attributes" not in changes:
        followed["attributes"] = [name for name in survey.attributes if name in columns]
    if "nonsubstantive" not in changes and responses.index.isin(survey.nonsubstantive.index).all():
        followed["nonsubstantive"] = survey.nonsubstantive.loc[responses.index, list(items)]
    return followed


def _misfits(built: SurveyFields) -> list[str]:
    """Why these attributes do not make a Survey (empty when they do)."""
    problems = []
    if not isinstance(built.instrument, Instrument):
        problems.append(f"instrument must be an Instrument; got {type(built.instrument).__name__}.")
    for name in ("responses", "nonsubstantive", "report"):
        if not isinstance(getattr(built, name), pd.DataFrame):
            problems.append(f"{name} must be a DataFrame; got {type(getattr(built, name)).__name__}.")
    if problems:
        return problems
    columns = set(built.responses.columns)
    missing = [c for c in ("respondent_id", "partnership", "organisation") if c not in columns]
    missing += [c for c in [*built.items, *built.attributes] if c not in columns]
    if missing:
        problems.append(f"responses lacks the column(s) {missing} (roles, items or attributes).")
    not_items = [item for item in built.items if item not in set(built.instrument.item_ids)]
    if not_items:
        problems.append(f"items {not_items} are not items of instrument '{built.instrument.id}'.")
    marks = built.nonsubstantive
    if list(marks.columns) != list(built.items) or not marks.index.equals(built.responses.index):
        problems.append(
            "nonsubstantive must have the rows of responses and one column per item, in the order of items; "
            "give nonsubstantive= for the new responses."
        )
    absent = [c for c in REPORT_COLUMNS if c not in built.report.columns]
    if absent:
        problems.append(f"report lacks the column(s) {absent}.")
    return problems
