"""Stage 6 of a file's import: respondent ids, the report of every column decision, and the
responses of the rows kept, assembled into one :class:`Imported` part."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .._privacy import PSEUDONYM_NOTES, pseudonymise
from ..instrument import Instrument
from ._cells import Columns, as_dates, as_texts, as_waves, present
from ._code import CodedAnswers
from ._detect import Layout
from ._errors import column_letter
from ._match import Matching
from ._platforms import SourceColumn
from ._report import noted


@dataclass(frozen=True)
class Imported:
    """One file (or one sheet) imported: the kept rows and the tables that describe the import."""

    file: str
    sheet: str | None
    frame: pd.DataFrame
    nonsubstantive: pd.DataFrame
    report: pd.DataFrame
    questions: pd.DataFrame
    quality: pd.DataFrame


@dataclass(frozen=True)
class RoleValues:
    """The text of every data row for the roles that name its respondent and groups."""

    ids: np.ndarray | None
    partnership: np.ndarray | None
    organisation: np.ndarray | None
    wave: np.ndarray | None


def role_values(
    matching: Matching, data: Columns, partnership_name: str | None, organisation_name: str | None
) -> RoleValues:
    """The role columns as texts; a ``partnership_name`` / ``organisation_name`` fills every row."""

    def texts_of(role: str) -> np.ndarray | None:
        return as_texts(data[matching.roles[role]]) if role in matching.roles else None

    partnership, organisation = texts_of("partnership"), texts_of("organisation")
    if partnership_name is not None:
        partnership = np.full(data.n_rows, partnership_name, dtype=object)
    if organisation_name is not None:
        organisation = np.full(data.n_rows, organisation_name, dtype=object)
    return RoleValues(texts_of("respondent_id"), partnership, organisation, texts_of("wave"))


def respondent_ids(
    layout: Layout, matching: Matching, ids: np.ndarray | None, kept: np.ndarray, keep_personal: bool
) -> tuple[np.ndarray, list[dict], list[str]]:
    """Every row's respondent id: the export's, or '<file>-<row>' where it has none; personal ids
    pseudonymised unless ``keep_personal``. Returns the ids, report rows and problems (duplicated
    ids among the rows kept)."""
    stem, rows = Path(layout.raw.file).stem, layout.rows
    id_column = layout.name(matching.roles.get("respondent_id"))
    notes, problems = [], []
    if ids is None:
        ids = np.array([f"{stem}-{r}" for r in rows], dtype=object)
        notes.append(noted(None, None, None, "no_id_column", stem=stem))
    else:
        missing = ~present(ids) & kept
        if missing.any():
            ids = ids.copy()
            ids[missing] = [f"{stem}-{r}" for r in rows[missing]]
            notes.append(noted(None, id_column, None, "ids_missing", n=int(missing.sum()), stem=stem))
        problems += _duplicated_ids(layout, matching, pd.Series(ids[kept], index=rows[kept]))
    if not keep_personal:
        ids, kinds = pseudonymise(ids)
        if kinds:
            notes += [noted(None, id_column, None, PSEUDONYM_NOTES[kind], n=n) for kind, n in kinds.items()]
    return ids, notes, problems


def _duplicated_ids(layout: Layout, matching: Matching, kept_ids: pd.Series) -> list[str]:
    duplicated = kept_ids[kept_ids.duplicated(keep=False)]
    if not len(duplicated):
        return []
    shown = "; ".join(
        f"{value!r} in rows {', '.join(str(r) for r in group.index[:5])}"
        for value, group in list(duplicated.groupby(duplicated, sort=False))[:5]
    )
    return [
        f"Column {layout.describe(matching.roles['respondent_id'])} of {layout.place} has "
        f"{duplicated.nunique()} "
        "duplicated respondent id(s): "
        f"{shown}{' ...' if duplicated.nunique() > 5 else ''}. Each "
        "respondent must appear once: remove repeated submissions from the export, or pass "
        "column_map={'<id column>': None} to number the rows instead."
    ]


def column_notes(layout: Layout, matching: Matching, instrument: Instrument) -> list[dict]:
    """Report rows for the columns not read as items or roles, and for the items not found."""
    name = layout.name
    notes = [noted(None, name(p), None, "personal_data") for p in matching.personal]
    notes += [noted(None, name(p), None, "ignored_by_column_map") for p in matching.ignored]
    for position, item in matching.suggestion.items():
        notes.append(noted(None, name(position), item, "close_to_item", item=item, column=name(position)))
    unused = [p for p, how in matching.how.items() if how == "unused" and p not in matching.suggestion]
    if unused:
        notes.append(noted(None, None, len(unused), "columns_unused", n=len(unused)))
    missing_items = [i for i in instrument.item_ids if i not in matching.items]
    if missing_items and matching.items:
        notes.append(
            noted(
                None,
                None,
                len(missing_items),
                "items_missing",
                n=len(missing_items),
                instrument=instrument.id,
                items=", ".join(repr(i) for i in missing_items[:5]),
            )
        )
    return notes


def kept_responses(
    layout: Layout,
    matching: Matching,
    data: Columns,
    roles: RoleValues,
    ids: np.ndarray,
    answers: CodedAnswers,
    kept: np.ndarray,
    instrument: Instrument,
    report: list[dict],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The responses (roles, then items in instrument order) and the "don't know" marks of the
    rows kept, indexed by row number; a note goes to ``report`` for dates that cannot be read."""
    index = pd.Index(layout.rows[kept], name="row")
    frame = {
        "respondent_id": pd.array(ids[kept].astype(str), dtype="string"),
        "partnership": pd.array(_kept(roles.partnership, kept), dtype="string"),
        "organisation": pd.array(_kept(roles.organisation, kept), dtype="string"),
    }
    if roles.wave is not None:
        frame["wave"] = as_waves(roles.wave[kept])
    if "submitted_at" in matching.roles:
        position = matching.roles["submitted_at"]
        frame["submitted_at"], note = _submitted_at(layout.name(position), data[position][kept])
        report += note
    items, order = answers.in_instrument_order(instrument)
    kept_rows = np.flatnonzero(kept)
    # one fancy-indexing step (rows and columns together) copies the answer matrix once, not twice
    selection = np.ix_(kept_rows, np.asarray(order, dtype=np.intp))
    coded = pd.DataFrame(answers.values[selection], index=index, columns=items)
    process = pd.DataFrame({item: data[position][kept] for item, position in matching.process.items()}, index=index)
    responses = pd.concat([pd.DataFrame(frame, index=index), coded, process], axis=1)
    nonsubstantive = pd.DataFrame(answers.nonsubstantive[selection], index=index, columns=items)
    return responses, nonsubstantive


def _kept(values: np.ndarray | None, kept: np.ndarray) -> np.ndarray:
    """A role's values for the rows kept; a role no column gives is missing for every row."""
    return np.full(int(kept.sum()), None, dtype=object) if values is None else values[kept]


def _submitted_at(column: str | None, raw_dates: np.ndarray) -> tuple[np.ndarray, list[dict]]:
    parsed = as_dates(raw_dates)
    unread = pd.isna(parsed)
    unread[unread] = present(as_texts(raw_dates[unread]))
    if not unread.any():
        return parsed, []
    note = noted(None, column, raw_dates[np.flatnonzero(unread)[0]], "dates_unread", n=int(unread.sum()))
    return parsed, [note]


def questions_table(
    columns: list[SourceColumn],
    matching: Matching,
    instrument: Instrument,
    letters: bool,
    language: str | None,
) -> pd.DataFrame:
    """One row per source column, then one per instrument item not found (see read_survey)."""

    rows = []
    for column in columns:
        rows.append(
            {
                "column": column.name,
                "position": column.position + 1,
                "excel_column": column_letter(column.position) if letters else None,
                "code": column.code,
                "question": column.header,
                "statement": column.statement,
                "item": matching.item_of.get(column.position),
                "how": matching.how.get(column.position, "unused"),
                "suggestion": matching.suggestion.get(column.position),
            }
        )
    text_column = f"text_{language or instrument.languages[0]}"
    for row in instrument.items.to_dict("records"):
        if row["item"] not in matching.items:
            rows.append(
                {
                    "column": None,
                    "position": None,
                    "excel_column": None,
                    "code": None,
                    "question": None,
                    "statement": row[text_column],
                    "item": row["item"],
                    "how": "not in export",
                    "suggestion": None,
                }
            )
    table = pd.DataFrame(rows)
    table["position"] = table["position"].astype("Int64")
    return table
