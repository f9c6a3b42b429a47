"""The `Survey`: survey responses checked against an instrument, ready to score.

A survey is one wide table, one row per respondent: ``respondent_id``, ``partnership``,
``organisation``, optionally ``wave`` and ``submitted_at`` and declared attribute columns, then one
column per instrument item. Answers may be the numeric codes of the item's response scale or its
labels in any language of the instrument ("Eens", "Agree"); "don't know" labels become missing and
are remembered as such in :attr:`Survey.nonsubstantive`.

Validation is lazy: every problem in the table is collected and raised together as one
:class:`~kompasmetrics.errors.SurveyError`. Rows that cannot be used (no partnership or
organisation, no answer at all) are left out and listed in :attr:`Survey.report`, never dropped
silently.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._coding import ScaleCoder, code_column
from ._messages import listing, suggestion
from ._privacy import pseudonym_note, pseudonymise
from .errors import KompasValueError, SurveyError
from .instrument import Instrument, load_instrument

REPORT_COLUMNS = ["row", "column", "value", "problem", "action"]
ROLE_NAMES = ("respondent_id", "partnership", "organisation", "wave", "submitted_at")


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
        Columns to leave out on purpose (names, e-mail addresses, free text); reported.
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

    Raises
    ------
    SurveyError
        Listing every problem: missing required columns, columns that match no item, answers that
        are not a value or label of the item's response scale, duplicated respondent ids.
    """

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
        if not isinstance(responses, pd.DataFrame):
            raise KompasValueError(
                f"Survey needs a pandas DataFrame of responses, one row per respondent; got "
                f"{type(responses).__name__}. To read an export file use km.read_survey(path)."
            )
        self.instrument = instrument if isinstance(instrument, Instrument) else load_instrument(instrument)
        self.source = source
        self.questions = questions
        self.quality = quality
        where = f" in {source}" if source else ""
        roles = {
            "respondent_id": respondent_id,
            "partnership": partnership,
            "organisation": organisation,
            "wave": wave or "wave",
            "submitted_at": submitted_at or "submitted_at",
        }
        explicit = {"wave": wave is not None, "submitted_at": submitted_at is not None}
        problems: list[str] = []
        log: list[dict] = [] if report is None else report.to_dict("records")

        columns = [str(c) for c in responses.columns]
        responses = responses.set_axis(columns, axis=1)
        present_roles = {}
        for role, column in roles.items():
            if column in columns:
                present_roles[role] = column
            elif role in ("partnership", "organisation"):
                problems.append(
                    f"The {role} column {column!r} is missing{where}.{suggestion(column, columns)} "
                    f"Pass {role}='<column name>' naming the column that identifies the {role}."
                )
            elif explicit.get(role):
                problems.append(f"The {role} column {column!r} is missing{where}.{suggestion(column, columns)}")

        item_ids = self.instrument.item_ids
        known = set(present_roles.values()) | set(attributes) | set(ignore_columns) | set(item_ids)
        for name in list(attributes) + list(ignore_columns):
            if name not in columns:
                problems.append(f"Column {name!r} given in attributes/ignore_columns is not in the survey{where}.")
        unknown = [c for c in columns if c not in known]
        if unknown:
            hints = "; ".join(f"{c!r}{suggestion(c, item_ids)}" for c in unknown[:8])
            problems.append(
                f"{len(unknown)} column(s){where} match no item of instrument '{self.instrument.id}' "
                f"and no role: {hints}{' ...' if len(unknown) > 8 else ''}. Rename them to item ids, "
                "or pass attributes=[...] to keep them or ignore_columns=[...] to leave them out."
            )
        items = [item for item in item_ids if item in columns]
        if not items:
            problems.append(
                f"None of the {len(item_ids)} items of instrument '{self.instrument.id}' is a column{where}. "
                f"Item columns must be named by item id, e.g. {listing(item_ids, 3)}."
            )
        for column in ignore_columns:
            log.append(
                {
                    "row": None,
                    "column": column,
                    "value": None,
                    "problem": "column ignored on request",
                    "action": "left out",
                }
            )

        given_nonsubstantive = nonsubstantive
        coded: dict[str, np.ndarray] = {}
        nonsubstantive: dict[str, np.ndarray] = {}
        item_table = self.instrument.items.set_index("item")
        coders: dict[str, ScaleCoder] = {}  # one per response scale: each distinct label is coded once
        for item in items:
            scale_id = item_table.at[item, "response_scale"]
            if scale_id not in coders:
                coders[scale_id] = ScaleCoder(self.instrument.response_scales[scale_id])
            coder = coders[scale_id]
            values, missing_label, problem = _code_answers(responses[item], coder, item, where)
            if problem:
                problems.append(problem)
            coded[item], nonsubstantive[item] = values, missing_label

        if "respondent_id" in present_roles:
            ids = responses[present_roles["respondent_id"]]
            duplicated = ids[ids.duplicated(keep=False) & ids.notna()]
            if len(duplicated):
                problems.append(
                    f"Column {present_roles['respondent_id']!r}{where} has {duplicated.nunique()} duplicated "
                    f"respondent id(s): {listing(pd.unique(duplicated))}. Each respondent must appear once; "
                    "remove repeated submissions or pass respondent_id= naming a unique column."
                )
        if problems:
            raise SurveyError(
                f"The survey{where} does not fit instrument '{self.instrument.id}' "
                f"({len(problems)} problem{'s' if len(problems) > 1 else ''}):\n"
                + "\n".join(f"  - {p}" for p in problems)
            )

        frame = pd.DataFrame(index=responses.index)
        if "respondent_id" in present_roles:
            frame["respondent_id"] = responses[present_roles["respondent_id"]].astype("string")
        else:
            frame["respondent_id"] = pd.array([f"R{i:05d}" for i in range(1, len(responses) + 1)], dtype="string")
            log.append(
                {
                    "row": None,
                    "column": respondent_id,
                    "value": None,
                    "problem": "no respondent id column",
                    "action": "ids R00001... made from the row order",
                }
            )
        if not keep_personal_ids:
            ids, kinds = pseudonymise(frame["respondent_id"].to_numpy(dtype=object, na_value=None))
            if kinds:
                frame["respondent_id"] = pd.array(ids, dtype="string")
                problem, action = pseudonym_note(kinds)
                log.append({"row": None, "column": respondent_id, "value": None, "problem": problem, "action": action})
        for role in ("partnership", "organisation", "wave", "submitted_at"):
            if role in present_roles:
                frame[role] = responses[present_roles[role]]
        for role in ("partnership", "organisation"):
            frame[role] = frame[role].astype("string").str.strip().replace("", pd.NA)
            for spellings in _near_duplicates(frame[role]):
                shown = " and ".join(repr(s) for s in spellings)
                log.append(
                    {
                        "row": None,
                        "column": present_roles.get(role, role),
                        "value": spellings[0],
                        "problem": f"{role} names {shown} differ only in case or accents: read as different {role}s",
                        "action": f"if they are one {role}, write them the same in the export (or replace them in "
                        "the DataFrame before km.Survey)",
                    }
                )
        for name in attributes:
            frame[name] = responses[name]
        if given_nonsubstantive is not None:
            for item in items:
                if item in given_nonsubstantive.columns:
                    nonsubstantive[item] = nonsubstantive[item] | given_nonsubstantive[item].to_numpy(dtype=bool)

        keep = np.ones(len(frame), dtype=bool)
        for role in ("partnership", "organisation"):
            empty = frame[role].isna().to_numpy()
            for row in frame.index[empty & keep]:
                log.append(
                    {
                        "row": row,
                        "column": present_roles[role],
                        "value": None,
                        "problem": f"no {role}",
                        "action": "row left out",
                    }
                )
            keep &= ~empty
        answered = np.zeros(len(frame), dtype=bool)
        for values in coded.values():
            answered |= ~np.isnan(values)
        for row in frame.index[~answered & keep]:
            log.append(
                {"row": row, "column": None, "value": None, "problem": "no item answered", "action": "row left out"}
            )
        keep &= answered

        # Filter the columns before they become one frame: a large survey is copied once, not thrice.
        index = responses.index[keep]
        every = keep.all()
        self.responses = pd.concat(
            [
                frame if every else frame.loc[keep],
                pd.DataFrame({item: values if every else values[keep] for item, values in coded.items()}, index=index),
            ],
            axis=1,
        )
        self.nonsubstantive = pd.DataFrame(
            {item: values if every else values[keep] for item, values in nonsubstantive.items()}, index=index
        )
        del coded, nonsubstantive
        self.items = items
        self.attributes = list(attributes)
        self.has_waves = "wave" in present_roles
        log += self._keying_notes()
        extra = [] if report is None else [c for c in report.columns if c not in REPORT_COLUMNS]
        self.report = pd.DataFrame(log, columns=REPORT_COLUMNS + extra)

    def _keying_notes(self) -> list[dict]:
        """A report row per item that runs against the rest of its scale (reversed codes or a wrong
        ``reverse:``), from the data: see :mod:`kompasmetrics.stats._keying`."""
        from .stats._keying import reversed_suspects

        if not self.items or len(self.responses) < 2:
            return []
        info = self.instrument.items.set_index("item").loc[self.items]
        keyed = self.keyed_item_matrix()
        reverse = info["reverse"].to_numpy(bool)
        notes = []
        for row in reversed_suspects(keyed, info["scale"].tolist()).itertuples():
            item = self.items[row.item]
            keyed_as = "reverse-keyed" if reverse[row.item] else "not reverse-keyed"
            notes.append(
                {
                    "row": None,
                    "column": item,
                    "value": round(row.r, 2),
                    "problem": f"item {item!r} correlates negatively with the rest of scale {row.scale!r} "
                    f"(r = {row.r:.2f}, {row.n} respondents; {keyed_as} in the instrument)",
                    "action": "kept; check whether the survey tool coded this question in reverse (then "
                    "answer_map={'<column>': {...}}) or whether the instrument's reverse: is right",
                }
            )
        return notes

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
        info = self.instrument.items.set_index("item").loc[self.items]
        keyed = self.item_matrix()
        reverse = info["reverse"].to_numpy(bool)
        keyed[:, reverse] = (info["min"] + info["max"]).to_numpy(float)[reverse] - keyed[:, reverse]
        return keyed

    def __len__(self) -> int:
        return self.n_respondents

    def __repr__(self) -> str:
        return (
            f"Survey(instrument={self.instrument.id!r}, respondents={self.n_respondents}, "
            f"partnerships={self.responses['partnership'].nunique()}, items={len(self.items)}, "
            f"waves={self.has_waves}, report_rows={len(self.report)})"
        )

    def _repr_html_(self) -> str:
        left_out = int((self.report["action"] == "row left out").sum())
        return (
            f"<div><strong>Survey</strong> on instrument <code>{html.escape(self.instrument.id)}</code>: "
            f"{self.n_respondents} respondents, {self.responses['partnership'].nunique()} partnerships, "
            f"{self.responses['organisation'].nunique()} organisations, {len(self.items)} of "
            f"{len(self.instrument.items)} items; {left_out} rows left out (see <code>.report</code>).</div>"
        )


def _folded(name: str) -> str:
    """A name without case, accents and extra spaces: 'Súdwest-Fryslân ' -> 'sudwest-fryslan'."""
    decomposed = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def _near_duplicates(names: pd.Series) -> list[list[str]]:
    """Groups of distinct names that differ only in case or accents."""
    groups: dict[str, list[str]] = {}
    for name in names.dropna().unique().tolist():
        groups.setdefault(_folded(str(name)), []).append(str(name))
    return [sorted(group) for group in groups.values() if len(group) > 1]


def _code_answers(
    column: pd.Series, coder: ScaleCoder, item: str, where: str
) -> tuple[np.ndarray, np.ndarray, str | None]:
    """Code one item column: numbers must be values of the scale, texts its labels or values.

    Text answers are coded as the importer codes them (:mod:`kompasmetrics._coding`): labels in
    any language and their variants, values written as text, "5 - Agree" and the like.

    Returns the float values, a mask of missing labels, and a problem message or None.
    """
    scale = coder.scale
    allowed = coder.values
    if pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column.dtype):
        # plain float64 columns are read without a copy (NaN already marks missing answers)
        values = column.to_numpy() if column.dtype == np.float64 else column.to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isnan(values) & ~np.isin(values, allowed)
        if bad.any():
            counts = pd.Series(values[bad]).value_counts()
            return (
                values,
                np.zeros(len(values), bool),
                (
                    f"Column {item!r}{where} has values outside response scale '{scale.id}': "
                    + ", ".join(f"{_number(v)} ({n}x)" for v, n in counts.head(5).items())
                    + f". Allowed: {listing([int(v) for v in allowed], 12)} or a label such as "
                    f"{scale.labels[next(iter(scale.labels))][0]!r}. Recode the column or fix the instrument's values."
                ),
            )
        return values, np.zeros(len(values), bool), None

    coded = code_column(column.to_numpy(dtype=object, na_value=None), coder)
    values, missing_label = coded.values, coded.nonsubstantive
    # a label whose number disagrees ("Agree (8)") is refused here: a DataFrame has no import report
    # to say it was read by its label
    unknown = [(raw, count) for raw, count, _ in coded.unknown + coded.out_of_scale] + coded.by_label
    if not unknown:
        return values, missing_label, None
    labels = coder.labels
    shown = "; ".join(f"{raw!r} ({n}x){suggestion(str(raw), labels)}" for raw, n in unknown[:5])
    return (
        values,
        missing_label,
        (
            f"Column {item!r}{where} has {len(unknown)} answer(s) that are not a value or label of response "
            f"scale '{scale.id}': {shown}{' ...' if len(unknown) > 5 else ''}. Allowed: values "
            f"{listing(list(scale.values), 12)} or labels {listing(labels, 5)}. Add other spellings under "
            "label_variants in the instrument, or recode the column."
        ),
    )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
