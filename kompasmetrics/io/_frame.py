"""A DataFrame of responses -> the fields of a :class:`~kompasmetrics.Survey`.

The stages of ``km.Survey(frame)``, in the order of a file's import (:mod:`._file`):

1. **match** the columns: the role columns, attributes, ignored columns and instrument items;
2. **code** the answers (:func:`._code.code_frame_column`), check the respondent ids;
3. every problem found so far is raised together, as one :class:`SurveyError`;
4. the role columns: ids made or pseudonymised, names stripped, near-duplicate names reported;
5. the **row policy** of :mod:`._rows`, the same as for files;
6. **assemble** the responses and marks of the rows kept, and the report (with the items that run
   against their scale).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._coding import ScaleCoder
from .._messages import listing, suggestion
from .._privacy import PSEUDONYM_NOTES, pseudonymise
from ..errors import KompasValueError, SurveyError
from ..instrument import Instrument, load_instrument
from ._code import code_frame_column
from ._report import ROW_FIELDS, noted
from ._rows import RowEvidence, decide_rows

REPORT_COLUMNS = ["row", "column", "value", "problem", "action"]
"""The columns a report given to ``Survey`` must have (the importer's also have ``code`` and ``details``)."""


@dataclass(frozen=True)
class SurveyFields:
    """Everything a Survey holds; see :class:`kompasmetrics.Survey` for each attribute."""

    instrument: Instrument
    responses: pd.DataFrame
    nonsubstantive: pd.DataFrame
    items: list[str]
    attributes: list[str]
    report: pd.DataFrame
    questions: pd.DataFrame | None
    quality: pd.DataFrame | None
    source: str | None


@dataclass(frozen=True)
class Roles:
    """The column the caller named for each role, and whether wave / submitted_at were named."""

    columns: dict[str, str]
    explicit: frozenset[str]

    @classmethod
    def named(
        cls, respondent_id: str, partnership: str, organisation: str, wave: str | None, submitted_at: str | None
    ) -> Roles:
        columns = {
            "respondent_id": respondent_id,
            "partnership": partnership,
            "organisation": organisation,
            "wave": wave or "wave",
            "submitted_at": submitted_at or "submitted_at",
        }
        explicit = frozenset(role for role, given in (("wave", wave), ("submitted_at", submitted_at)) if given)
        return cls(columns, explicit)


def frame_fields(
    responses: object,
    instrument: Instrument | str,
    roles: Roles,
    *,
    attributes: Sequence[str],
    ignore_columns: Sequence[str],
    report: pd.DataFrame | None,
    questions: pd.DataFrame | None,
    source: str | None,
    nonsubstantive: pd.DataFrame | None,
    quality: pd.DataFrame | None,
    keep_personal_ids: bool,
) -> SurveyFields:
    """Run the stages of this module's docstring; see :class:`kompasmetrics.Survey` for the arguments."""
    if not isinstance(responses, pd.DataFrame):
        raise KompasValueError(
            f"Survey needs a pandas DataFrame of responses, one row per respondent; got "
            f"{type(responses).__name__}. To read an export file use km.read_survey(path)."
        )
    instrument = instrument if isinstance(instrument, Instrument) else load_instrument(instrument)
    where = f" in {source}" if source else ""
    log: list[dict] = [] if report is None else report.to_dict("records")
    table = responses.set_axis([str(c) for c in responses.columns], axis=1)

    present, problems = _match_roles(list(table.columns), roles, where)
    partner_columns = _partner_columns(table, present, attributes, ignore_columns, instrument)
    items, item_problems = _match_items(
        list(table.columns), present, [*attributes, *partner_columns], ignore_columns, instrument, where
    )
    problems += item_problems
    log += [noted(None, column, None, "ignored_on_request") for column in ignore_columns]
    log += [noted(None, column, None, "partner_column") for column in partner_columns]
    coded, marks, code_problems = _code_items(table, items, instrument, where)
    problems += code_problems
    process, process_problems = _code_process(table, attributes, instrument, where)
    problems += process_problems
    if "respondent_id" in present:
        problems += _duplicated_ids(table[present["respondent_id"]], present["respondent_id"], where)
    if problems:
        raise SurveyError(
            f"The survey{where} does not fit instrument '{instrument.id}' "
            f"({len(problems)} problem{'s' if len(problems) > 1 else ''}):\n" + "\n".join(f"  - {p}" for p in problems)
        )

    frame = _role_frame(table, present, roles.columns["respondent_id"], keep_personal_ids, log)
    for name in attributes:
        frame[name] = table[name]
    for name, values in process.items():
        frame[name] = values
    if nonsubstantive is not None:
        for item in items:
            if item in nonsubstantive.columns:
                marks[item] = marks[item] | nonsubstantive[item].to_numpy(dtype=bool)

    answered = np.zeros(len(frame), dtype=bool)
    for values in coded.values():
        answered |= ~np.isnan(values)
    marked = np.zeros(len(frame), dtype=bool)
    for values in marks.values():
        marked |= values
    evidence = RowEvidence(
        answered=answered,
        marked=marked,
        partnership=frame["partnership"].notna().to_numpy(),
        organisation=frame["organisation"].notna().to_numpy(),
        partnership_column=present.get("partnership"),
        organisation_column=present.get("organisation"),
    )
    decisions = decide_rows(evidence, len(frame))
    log += decisions.report(frame.index)

    kept_responses, kept_marks = _kept(frame, coded, marks, decisions.kept)
    log += keying_notes(instrument, kept_responses, items)
    extra = [] if report is None else [c for c in report.columns if c not in ROW_FIELDS]
    return SurveyFields(
        instrument=instrument,
        responses=kept_responses,
        nonsubstantive=kept_marks,
        items=items,
        attributes=[*attributes, *(name for name in process if name not in attributes)],
        report=pd.DataFrame(log, columns=[*REPORT_COLUMNS, *extra, "code", "details"]),
        questions=questions,
        quality=quality,
        source=source,
    )


def _partner_columns(
    table: pd.DataFrame,
    present: dict[str, str],
    attributes: Sequence[str],
    ignore_columns: Sequence[str],
    instrument: Instrument,
) -> list[str]:
    """Stage 1a': the columns of the instrument's ``partner_ratings`` block (one per partner item and
    partner, :func:`kompasmetrics.network._headers.partner_headers`), left for
    ``km.read_partner_ratings``; the partners are the frame's organisations."""
    if instrument.partner_ratings is None:
        return []
    from ..network._headers import partner_headers  # the network package reads io: import when needed

    taken = set(present.values()) | set(attributes) | set(ignore_columns) | set(instrument.item_ids)
    headers = [c for c in table.columns if c not in taken]
    column = present.get("organisation")
    partners = set(table[column].dropna().astype(str)) if column is not None else set()
    return partner_headers(headers, instrument, partners) if headers else []


def _match_roles(columns: list[str], roles: Roles, where: str) -> tuple[dict[str, str], list[str]]:
    """Stage 1a: role -> the column that holds it; a problem per required or named role missing."""
    present: dict[str, str] = {}
    problems = []
    for role, column in roles.columns.items():
        if column in columns:
            present[role] = column
        elif role in ("partnership", "organisation"):
            problems.append(
                f"The {role} column {column!r} is missing{where}.{suggestion(column, columns)} "
                f"Pass {role}='<column name>' naming the column that identifies the {role}."
            )
        elif role in roles.explicit:
            problems.append(f"The {role} column {column!r} is missing{where}.{suggestion(column, columns)}")
    return present, problems


def _match_items(
    columns: list[str],
    present: dict[str, str],
    attributes: Sequence[str],
    ignore_columns: Sequence[str],
    instrument: Instrument,
    where: str,
) -> tuple[list[str], list[str]]:
    """Stage 1b: the item columns, in instrument order; a problem for every column that is no item,
    role, attribute or ignored column."""
    item_ids = instrument.item_ids
    problems = []
    process_ids = instrument.process.item_ids if instrument.process is not None else []
    known = set(present.values()) | set(attributes) | set(ignore_columns) | set(item_ids) | set(process_ids)
    for name in list(attributes) + list(ignore_columns):
        if name not in columns:
            problems.append(f"Column {name!r} given in attributes/ignore_columns is not in the survey{where}.")
    unknown = [c for c in columns if c not in known]
    if unknown:
        hints = "; ".join(f"{c!r}{suggestion(c, item_ids)}" for c in unknown[:8])
        problems.append(
            f"{len(unknown)} column(s){where} match no item of instrument '{instrument.id}' "
            f"and no role: {hints}{' ...' if len(unknown) > 8 else ''}. Rename them to item ids, "
            "or pass attributes=[...] to keep them or ignore_columns=[...] to leave them out."
        )
    items = [item for item in item_ids if item in columns]
    if not items:
        problems.append(
            f"None of the {len(item_ids)} items of instrument '{instrument.id}' is a column{where}. "
            f"Item columns must be named by item id, e.g. {listing(item_ids, 3)}."
        )
    return items, problems


def _code_items(
    responses: pd.DataFrame, items: list[str], instrument: Instrument, where: str
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], list[str]]:
    """Stage 2: every item column coded; one coder per response scale, so each distinct label is
    coded once."""
    coded: dict[str, np.ndarray] = {}
    marks: dict[str, np.ndarray] = {}
    problems = []
    scale_of = instrument.items.set_index("item")["response_scale"]
    coders: dict[str, ScaleCoder] = {}
    for item in items:
        scale_id = scale_of[item]
        if scale_id not in coders:
            coders[scale_id] = ScaleCoder(instrument.response_scales[scale_id])
        values, missing_label, problem = code_frame_column(responses[item], coders[scale_id], item, where)
        if problem:
            problems.append(problem)
        coded[item], marks[item] = values, missing_label
    return coded, marks, problems


def _code_process(
    responses: pd.DataFrame, attributes: Sequence[str], instrument: Instrument, where: str
) -> tuple[dict[str, np.ndarray], list[str]]:
    """The process questions among the columns (named by item id), coded with their response scale
    and kept as attributes (also when ``attributes`` names them): "don't know" and blanks are missing."""
    if instrument.process is None:
        return {}, []
    coded: dict[str, np.ndarray] = {}
    problems = []
    for row in instrument.process.items.to_dict("records"):
        item = row["item"]
        if item not in responses.columns:
            continue
        coder = ScaleCoder(instrument.response_scales[row["response_scale"]])
        values, _, problem = code_frame_column(responses[item], coder, item, where)
        if problem:
            problems.append(problem)
        coded[item] = values
    return coded, problems


def _duplicated_ids(ids: pd.Series, column: str, where: str) -> list[str]:
    duplicated = ids[ids.duplicated(keep=False) & ids.notna()]
    if not len(duplicated):
        return []
    return [
        f"Column {column!r}{where} has {duplicated.nunique()} duplicated "
        f"respondent id(s): {listing(pd.unique(duplicated))}. Each respondent must appear once; "
        "remove repeated submissions or pass respondent_id= naming a unique column."
    ]


def _role_frame(
    responses: pd.DataFrame, present: dict[str, str], id_column: str, keep_personal_ids: bool, log: list[dict]
) -> pd.DataFrame:
    """Stage 4: the role columns under their standard names; notes go to ``log``."""
    frame = pd.DataFrame(index=responses.index)
    if "respondent_id" in present:
        frame["respondent_id"] = responses[present["respondent_id"]].astype("string")
    else:
        frame["respondent_id"] = pd.array([f"R{i:05d}" for i in range(1, len(responses) + 1)], dtype="string")
        log.append(noted(None, id_column, None, "no_id_column_frame"))
    if not keep_personal_ids:
        ids, kinds = pseudonymise(frame["respondent_id"].to_numpy(dtype=object, na_value=None))
        if kinds:
            frame["respondent_id"] = pd.array(ids, dtype="string")
            log += [noted(None, id_column, None, PSEUDONYM_NOTES[kind], n=n) for kind, n in kinds.items()]
    for role in ("partnership", "organisation", "wave", "submitted_at"):
        if role in present:
            frame[role] = responses[present[role]]
    for role in ("partnership", "organisation"):
        frame[role] = frame[role].astype("string").str.strip().replace("", pd.NA)
        for spellings in _near_duplicates(frame[role]):
            shown = ", ".join(repr(s) for s in spellings)
            log.append(noted(None, present.get(role, role), spellings[0], f"{role}_name_variants", shown=shown))
    return frame


def folded_name(name: str) -> str:
    """A name without case, accents and extra spaces: 'Súdwest-Fryslân ' -> 'sudwest-fryslan'."""
    decomposed = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def _near_duplicates(names: pd.Series) -> list[list[str]]:
    """Groups of distinct names that differ only in case or accents."""
    groups: dict[str, list[str]] = {}
    for name in names.dropna().unique().tolist():
        groups.setdefault(folded_name(str(name)), []).append(str(name))
    return [sorted(group) for group in groups.values() if len(group) > 1]


def _kept(
    frame: pd.DataFrame, coded: dict[str, np.ndarray], marks: dict[str, np.ndarray], kept: np.ndarray
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Stage 6: responses and marks of the rows kept. The columns are filtered before they become
    one frame: a large survey is copied once, not thrice."""
    index = frame.index[kept]
    every = bool(kept.all())
    responses = pd.concat(
        [
            frame if every else frame.loc[kept],
            pd.DataFrame({item: values if every else values[kept] for item, values in coded.items()}, index=index),
        ],
        axis=1,
    )
    nonsubstantive = pd.DataFrame(
        {item: values if every else values[kept] for item, values in marks.items()}, index=index
    )
    return responses, nonsubstantive


def keyed_matrix(instrument: Instrument, responses: pd.DataFrame, items: list[str]) -> np.ndarray:
    """The answers (respondents x items) as a new float array with reverse-keyed items turned
    around (``min + max - x``), keyed in place: a million respondents need no second copy."""
    info = instrument.items.set_index("item").loc[items]
    keyed = responses[items].to_numpy(dtype=float, copy=True)
    reverse = info["reverse"].to_numpy(bool)
    keyed[:, reverse] = (info["min"] + info["max"]).to_numpy(float)[reverse] - keyed[:, reverse]
    return keyed


def keying_notes(instrument: Instrument, responses: pd.DataFrame, items: list[str]) -> list[dict]:
    """A report row per item that runs against the rest of its scale (reversed codes or a wrong
    ``reverse:``), from the data: see :mod:`kompasmetrics.stats._keying`."""
    from ..stats._keying import reversed_suspects

    if not items or len(responses) < 2:
        return []
    info = instrument.items.set_index("item").loc[items]
    reverse = info["reverse"].to_numpy(bool)
    notes = []
    suspects = reversed_suspects(keyed_matrix(instrument, responses, items), info["scale"].tolist())
    for row in suspects.itertuples():
        item = items[row.item]
        code = "negative_item_rest_reversed" if reverse[row.item] else "negative_item_rest"
        notes.append(noted(None, item, round(row.r, 2), code, item=item, scale=row.scale, r=float(row.r), n=int(row.n)))
    return notes
