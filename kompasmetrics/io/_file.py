"""One export file -> the kept rows, their coded answers, the report, questions and quality.

The steps, in order: read the cells (:mod:`._read`), detect the layout and parse the headers
(:mod:`._platforms`), match columns (:mod:`._match`), code the answers (:mod:`kompasmetrics._coding`), compute
the quality indices (:mod:`._quality`), then decide for every row whether it is kept; every row
left out gets exactly one reason in the report.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .._coding import BY_LABEL, MISSING_LABEL, VALUE, CodedColumn, ScaleCoder, code_column
from .._messages import listing, suggestion
from .._privacy import SHARE, personal_kinds, pseudonym_note, pseudonymise
from ..instrument import Instrument
from ._errors import ExportError, column_letter, raise_problems, where
from ._match import find_columns, match_columns, questions_table
from ._platforms import Platform, header_rows, key, layout_of, source_columns
from ._quality import irv, longstring, quality_flags
from ._read import RawTable, read_cells

LEFT_OUT = "row left out"
REPORT_COLUMNS = ["row", "column", "value", "problem", "action", "file", "sheet"]
QUALITY_COLUMNS = [
    "file",
    "sheet",
    "row",
    "respondent_id",
    "n_items",
    "n_answered",
    "share_answered",
    "longstring",
    "irv",
    "duration_seconds",
    "seconds_per_item",
    "careless",
    "too_fast",
    "kept",
    "left_out_because",
]

PathLike = str | os.PathLike


@dataclass(frozen=True)
class AnswerMaps:
    """The analyst's ``answer_map``: for every column, per response scale id, per column."""

    everywhere: Mapping[str, float | None] = field(default_factory=dict)
    by_scale: Mapping[str, Mapping[str, float | None]] = field(default_factory=dict)
    by_column: Mapping[str, Mapping[str, float | None]] = field(default_factory=dict)


@dataclass(frozen=True)
class Options:
    instrument: Instrument
    platform: str
    partnership: str
    organisation: str
    column_map: Mapping[str, str | None] | None
    sheet: str | int | None
    language: str | None
    exclude_careless: bool
    include_incomplete: bool
    answer_map: AnswerMaps
    rules: Mapping[str, float]
    partnership_name: str | None = None
    organisation_name: str | None = None
    include_test: bool = False
    keep_personal_ids: bool = False


@dataclass
class Imported:
    file: str
    sheet: str | None
    frame: pd.DataFrame
    nonsubstantive: pd.DataFrame
    report: pd.DataFrame
    questions: pd.DataFrame
    quality: pd.DataFrame


# ------------------------------------------------------------------------------------------------
# one file
# ------------------------------------------------------------------------------------------------


def import_file(path: PathLike, options: Options) -> Imported:
    raw = read_cells(path, options.sheet)
    file, sheet, cells = raw.file, raw.sheet, raw.cells
    place = where(file, sheet)
    platform = layout_of(raw, options.platform)
    n_header = header_rows(cells, platform)
    n_rows = len(cells) - n_header
    if n_rows <= 0:
        raise ExportError(
            f"{place} holds only its header ({n_header} header row(s) of a {platform.label} "
            "export) "
            "and no responses. Export the responses again, with the responses included.",
            file=file,
            sheet=sheet,
        )
    columns = source_columns(cells, platform, n_header)
    excel = raw.kind == "excel"

    def describe(position: int) -> str:
        name = columns[position].name or "(no header)"
        at = f"Excel column {column_letter(position)}" if excel else f"column {position + 1}"
        return f"{name!r} ({at})"

    matching = match_columns(
        columns,
        platform,
        options.instrument,
        column_map=options.column_map,
        partnership=None if options.partnership_name is not None else options.partnership,
        organisation=None if options.organisation_name is not None else options.organisation,
        language=options.language,
        describe=describe,
        where=place,
    )
    problems = list(matching.problems)
    rows = np.arange(n_header + 1, len(cells) + 1)
    report: list[dict] = [
        entry(
            None,
            None,
            platform.name,
            f"export layout: {platform.label}",
            f"{n_header} header row(s); {n_rows} data row(s) read",
        ),
        *raw.notes,
    ]
    data = _Columns(cells, n_header)
    _drop_personal_by_value(matching, data)

    problems += _header_problems(raw, columns, matching, n_header, data, describe, report, place, platform)
    if not matching.items:
        hint = ""
        if platform.name == "qualtrics" and n_header == 1:
            hint = (
                " This Qualtrics export has only its row of export tags (the rows with the "
                "question texts "
                "were deleted): export it again with them, or map the tags with "
                "column_map={'Q3_1': "
                "'<item id>', ...}."
            )
        others = [s for s in raw.sheet_names if s != sheet]
        if others:
            hint = (
                f" This workbook also has sheet(s) {', '.join(repr(s) for s in others)}: if the "
                "answers "
                f"are there, pass sheet={others[0]!r}."
            )
        problems.append(
            f"No column of {place} matches an item of instrument '{options.instrument.id}' (by "
            "export tag, "
            f"item id or statement text).{hint} Otherwise pass column_map={{'<header>': '<item "
            "id>'}}; "
            f"item ids look like {listing(options.instrument.item_ids, 3)}."
        )

    # ---- answers
    item_order = sorted(matching.items.items(), key=lambda pair: pair[1])  # as asked
    scale_of = options.instrument.items.set_index("item")["response_scale"]
    maps = options.answer_map
    column_maps: dict[int, Mapping[str, float | None]] = {}
    for source, entries in maps.by_column.items():
        positions = find_columns(columns, source)
        if len(positions) != 1:
            found = "no column" if not positions else f"{len(positions)} columns"
            problems.append(
                f"answer_map names column {source!r}, which matches {found} of {place}; name one column by its "
                "header, export tag or Excel letter, or a response scale of the instrument "
                f"({', '.join(options.instrument.response_scales)})."
            )
            continue
        column_maps[positions[0]] = entries
    coders: dict[tuple[str, int | None], ScaleCoder] = {}
    answers = np.full((n_rows, len(item_order)), np.nan)
    nonsubstantive = np.zeros((n_rows, len(item_order)), dtype=bool)
    for j, (item, position) in enumerate(item_order):
        scale_id = scale_of[item]
        own = column_maps.get(position)
        coder_key = (scale_id, position if own is not None else None)
        if coder_key not in coders:
            specific = {**maps.by_scale.get(scale_id, {}), **(own or {})}
            coders[coder_key] = ScaleCoder(
                options.instrument.response_scales[scale_id],
                platform.missing_codes,
                {**maps.everywhere, **specific},
                guarded=frozenset(maps.everywhere) - set(specific),
            )
        coder = coders[coder_key]
        column = data[position]
        if position in raw.value_labels:
            column = _decode_value_labels(
                column, raw.value_labels[position], coder, columns[position].name, scale_id, report
            )
        coded = code_column(column, coder)
        answers[:, j], nonsubstantive[:, j] = coded.values, coded.nonsubstantive
        problems += _answer_problems(coded, coder, describe(position), place, rows)
        if coded.remapped:
            changed = ", ".join(f"{answer!r} ({count}x)" for answer, count in coded.remapped)
            problems.append(
                f"answer_map would recode answers of column {describe(position)} of {place} that are already valid "
                f"on its response scale '{scale_id}': {changed}. Give the map for the columns it is meant for, "
                f"answer_map={{'<column>': {{...}}}}, or for a response scale, answer_map={{'<scale id>': {{...}}}}."
            )
        for answer, count in coded.by_label:
            report.append(
                entry(
                    None,
                    columns[position].name,
                    answer,
                    f"answer {answer!r} ({count}x): its number is not the value of its label on response scale "
                    f"'{scale_id}' (an answer code chosen in the survey tool)",
                    f"read by its label as {coder.code(answer)[0]:g}; check the answer codes if labels were changed",
                )
            )
        for value, count in coded.missing_codes:
            report.append(
                entry(
                    None,
                    columns[position].name,
                    value,
                    f"{platform.label} code {value!r} (seen but unanswered), {count} time(s)",
                    "treated as missing",
                )
            )

    # ---- roles
    def text_of(role: str) -> np.ndarray | None:
        position = matching.roles.get(role)
        return None if position is None else _texts(data[position])

    ids = text_of("respondent_id")
    partnership, organisation = text_of("partnership"), text_of("organisation")
    for role, name in (("partnership", options.partnership_name), ("organisation", options.organisation_name)):
        if name is not None:
            report.append(
                entry(None, None, name, f"{role} given by {role}_name", f"every row of the file belongs to {name!r}")
            )
    if options.partnership_name is not None:
        partnership = np.full(n_rows, options.partnership_name, dtype=object)
    if options.organisation_name is not None:
        organisation = np.full(n_rows, options.organisation_name, dtype=object)
    wave = text_of("wave")
    status, finished, submitdate = text_of("status"), text_of("finished"), text_of("submitdate")
    blank = np.full(n_rows, True)
    has_partnership = blank.copy() if partnership is None else _filled(partnership)
    has_organisation = blank.copy() if organisation is None else _filled(organisation)

    # ---- quality
    answered = ~np.isnan(answers)
    n_answered = answered.sum(axis=1)
    longest = longstring(answers)
    variability = irv(answers)
    seconds, duration_note = _duration(matching, data, platform)
    if duration_note:
        report.append(duration_note)
    flags = quality_flags(longest, variability, n_answered, seconds, options.rules)

    # ---- rows left out, each once, first reason wins
    reason = np.full(n_rows, None, dtype=object)
    column_of = np.full(n_rows, None, dtype=object)
    value_of = np.full(n_rows, None, dtype=object)

    def leave_out(mask: np.ndarray, why, column: str | None = None, values: np.ndarray | None = None) -> None:
        mask = mask & (reason == None)  # noqa: E711 - elementwise on an object array
        reason[mask] = why if isinstance(why, str) else why[mask]
        column_of[mask] = column
        if values is not None:
            value_of[mask] = values[mask]

    answered_any = answered.any(axis=1)
    leave_out(
        ~answered_any & ~nonsubstantive.any(axis=1) & ~has_partnership & ~has_organisation,
        "empty row",
    )
    if status is not None and platform.excluded_status:
        keys = _keys_of(status)
        excluded = {k: v for k, v in platform.excluded_status.items() if not (options.include_test and "test" in v)}
        mask = np.isin(keys, list(excluded))
        why = np.full(n_rows, None, dtype=object)
        for row in np.flatnonzero(mask):
            why[row] = f"{excluded[keys[row]]} (Status {status[row]!r})"
            if "test" in excluded[keys[row]]:
                why[row] += "; pass include_test=True to keep it"
        leave_out(mask, why, columns[matching.roles["status"]].name, status)
    if not options.include_incomplete:
        if finished is not None and platform.unfinished_values:
            mask = np.isin(_keys_of(finished), list(platform.unfinished_values))
            leave_out(
                mask,
                f"response not finished ({columns[matching.roles['finished']].name} false); "
                "pass include_incomplete=True to keep it",
                columns[matching.roles["finished"]].name,
                finished,
            )
        if submitdate is not None and platform.name == "limesurvey":
            leave_out(
                ~_filled(submitdate),
                "response not completed (no submit date); pass include_incomplete=True to keep it",
                columns[matching.roles["submitdate"]].name,
            )
    if "partnership" in matching.roles:
        leave_out(~has_partnership, "no partnership", columns[matching.roles["partnership"]].name)
    if "organisation" in matching.roles:
        leave_out(~has_organisation, "no organisation", columns[matching.roles["organisation"]].name)
    if matching.items:
        leave_out(~answered_any, "no item answered")
    if options.exclude_careless:
        leave_out(flags.careless | flags.too_fast, flags.reasons)
    kept = reason == None  # noqa: E711

    for row in np.flatnonzero(~kept):
        report.append(entry(int(rows[row]), column_of[row], value_of[row], reason[row], LEFT_OUT))
    for row in np.flatnonzero(kept & (flags.careless | flags.too_fast)):
        report.append(
            entry(
                int(rows[row]),
                None,
                None,
                flags.reasons[row],
                "flagged, kept (pass exclude_careless=True to leave it out)",
            )
        )

    # ---- respondent ids
    stem = Path(file).stem
    if ids is None:
        ids = np.array([f"{stem}-{r}" for r in rows], dtype=object)
        report.append(
            entry(
                None,
                None,
                None,
                "no respondent id column",
                f"ids '{stem}-<row>' made from the file name and row number",
            )
        )
    else:
        missing_id = ~_filled(ids) & kept
        if missing_id.any():
            ids = ids.copy()
            ids[missing_id] = [f"{stem}-{r}" for r in rows[missing_id]]
            report.append(
                entry(
                    None,
                    columns[matching.roles["respondent_id"]].name,
                    None,
                    f"{int(missing_id.sum())} response(s) without a respondent id",
                    f"ids '{stem}-<row>' made from the file name and row number",
                )
            )
        kept_ids = pd.Series(ids[kept], index=rows[kept])
        duplicated = kept_ids[kept_ids.duplicated(keep=False)]
        if len(duplicated):
            shown = "; ".join(
                f"{value!r} in rows {', '.join(str(r) for r in group.index[:5])}"
                for value, group in list(duplicated.groupby(duplicated, sort=False))[:5]
            )
            problems.append(
                f"Column {describe(matching.roles['respondent_id'])} of {place} has "
                f"{duplicated.nunique()} "
                "duplicated respondent id(s): "
                f"{shown}{' ...' if duplicated.nunique() > 5 else ''}. Each "
                "respondent must appear once: remove repeated submissions from the export, or pass "
                "column_map={'<id column>': None} to number the rows instead."
            )

    if not options.keep_personal_ids:
        ids, kinds = pseudonymise(ids)
        if kinds:
            problem, action = pseudonym_note(kinds)
            id_column = columns[matching.roles["respondent_id"]].name if "respondent_id" in matching.roles else None
            report.append(entry(None, id_column, None, problem, action))

    # ---- column decisions
    for position in matching.personal:
        report.append(entry(None, columns[position].name, None, "personal data", "column dropped on import"))
    for position in matching.ignored:
        report.append(entry(None, columns[position].name, None, "column ignored (column_map)", "left out"))
    for position, item in matching.suggestion.items():
        report.append(
            entry(
                None,
                columns[position].name,
                item,
                f"statement is close to, but not the same as, the text of item {item!r}",
                f"not matched; if it is that item pass column_map={{{columns[position].name!r}: {item!r}}}",
            )
        )
    unused = [p for p, how in matching.how.items() if how == "unused" and p not in matching.suggestion]
    if unused:
        report.append(
            entry(
                None,
                None,
                len(unused),
                f"{len(unused)} column(s) match no item or role",
                "not used (listed in survey.questions)",
            )
        )
    missing_items = [i for i in options.instrument.item_ids if i not in matching.items]
    if missing_items and matching.items:
        report.append(
            entry(
                None,
                None,
                len(missing_items),
                f"{len(missing_items)} item(s) of instrument '{options.instrument.id}' are not in "
                f"the export: {listing(missing_items, 5)}",
                "scored without them",
            )
        )

    raise_problems(problems, file, sheet)

    # ---- the frame of kept rows
    index = pd.Index(rows[kept], name="row")
    frame = {
        "respondent_id": pd.array(ids[kept].astype(str), dtype="string"),
        "partnership": pd.array(partnership[kept], dtype="string"),
        "organisation": pd.array(organisation[kept], dtype="string"),
    }
    if wave is not None:
        frame["wave"] = _wave(wave[kept])
    if "submitted_at" in matching.roles:
        raw_dates = data[matching.roles["submitted_at"]][kept]
        frame["submitted_at"] = _dates(raw_dates)
        unread = pd.isna(frame["submitted_at"])
        unread[unread] = _filled(_texts(raw_dates[unread]))
        if unread.any():
            report.append(
                entry(
                    None,
                    columns[matching.roles["submitted_at"]].name,
                    raw_dates[np.flatnonzero(unread)[0]],
                    f"{int(unread.sum())} date(s) could not be read as a date",
                    "submitted_at left empty for them",
                )
            )
    instrument_order = [item for item in options.instrument.item_ids if item in matching.items]
    position_of = {item: j for j, (item, _) in enumerate(item_order)}
    order = [position_of[item] for item in instrument_order]
    kept_rows = np.flatnonzero(kept)
    # one fancy-indexing step (rows and columns together) copies the answer matrix once, not twice
    items = pd.DataFrame(answers[np.ix_(kept_rows, order)], index=index, columns=instrument_order)
    del answers
    responses = pd.concat([pd.DataFrame(frame, index=index), items], axis=1)
    del items
    nonsubstantive_frame = pd.DataFrame(nonsubstantive[np.ix_(kept_rows, order)], index=index, columns=instrument_order)

    n_items = len(item_order)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = n_answered / n_items if n_items else np.full(n_rows, np.nan)
        per_item = seconds / n_answered
    quality = pd.DataFrame(
        {
            "file": file,
            "sheet": sheet,
            "row": rows,
            "respondent_id": ids.astype(str),
            "n_items": n_items,
            "n_answered": n_answered,
            "share_answered": share,
            "longstring": longest,
            "irv": variability,
            "duration_seconds": seconds,
            "seconds_per_item": np.where(n_answered > 0, per_item, np.nan),
            "careless": flags.careless,
            "too_fast": flags.too_fast,
            "kept": kept,
            "left_out_because": pd.array(reason, dtype="string"),
        },
        columns=QUALITY_COLUMNS,
    )
    report_frame = pd.DataFrame(report, columns=REPORT_COLUMNS[:5])
    report_frame["row"] = report_frame["row"].astype("Int64")
    report_frame["file"], report_frame["sheet"] = file, sheet
    questions = questions_table(columns, matching, options.instrument, excel, options.language)
    questions.insert(0, "file", file)
    return Imported(
        file=file,
        sheet=sheet,
        frame=responses,
        nonsubstantive=nonsubstantive_frame,
        report=report_frame,
        questions=questions,
        quality=quality,
    )


class _Columns(Mapping):
    """The data cells of each column (header rows left out), made when asked for.

    Holding every column as an object array at once costs a pointer per cell, close to a gigabyte
    for a 1,000,000-respondent export; each column is used once or twice, so it is made on demand.
    """

    def __init__(self, cells: pd.DataFrame, n_header: int) -> None:
        self._cells, self._n_header = cells, n_header

    def __getitem__(self, position: int) -> np.ndarray:
        if not 0 <= position < self._cells.shape[1]:
            raise KeyError(position)
        return self._cells.iloc[self._n_header :, position].to_numpy(dtype=object)

    def __iter__(self):
        return iter(range(self._cells.shape[1]))

    def __len__(self) -> int:
        return self._cells.shape[1]


def entry(row, column, value, problem, action) -> dict:
    return {
        "row": row,
        "column": column,
        "value": None if value is None else str(value),
        "problem": problem,
        "action": action,
    }


def _drop_personal_by_value(matching, data) -> None:
    """Columns not used for an item or role whose values are mostly e-mail addresses, phone
    numbers or citizen service numbers are personal data, whatever their header: dropped and
    listed as such (``Contact``, ``Mail``, ``Your details``, ``BSN``)."""
    for position, how in list(matching.how.items()):
        if how not in ("unused", "metadata: not used"):
            continue
        values = _texts(data[position])
        filled = values[_filled(values)]
        if not len(filled):
            continue
        sample = filled[:: max(1, len(filled) // 500)]
        kinds = personal_kinds(sample)
        if sum(kinds.values()) >= SHARE * len(set(sample.tolist())):
            matching.how[position] = f"personal data: dropped ({', '.join(kinds)})"
            matching.personal.append(position)
            matching.suggestion.pop(position, None)


def _decode_value_labels(
    column: np.ndarray, labels: Mapping[object, str], coder: ScaleCoder, name: str, scale_id: str, report: list
) -> np.ndarray:
    """An SPSS column with value labels, decoded by label where the instrument knows the label.

    A value whose label is a label of the response scale takes that label's value, also when the
    numbers differ (a question coded Strongly agree = 1 in the survey tool: reported, since the
    numbers alone would read reversed); a missing label ("Weet niet") becomes that label; a value
    whose label the instrument does not know is used directly (reported).
    """
    remap: dict[object, object] = {}
    changed, unknown = [], []
    for value, label in labels.items():
        decoded, kind = coder.code(label)
        if kind == MISSING_LABEL:
            remap[value] = label
        elif kind in (VALUE, BY_LABEL):
            if decoded != value:
                remap[value] = decoded
                changed.append(f"{_show(value)} {label!r} -> {decoded:g}")
        else:
            unknown.append(label)
    if changed:
        report.append(
            entry(
                None,
                name,
                "; ".join(changed[:5]),
                f"the SPSS values of this column differ from the values of their labels on response scale "
                f"'{scale_id}' (coded in another order in the survey tool)",
                "read by the value labels",
            )
        )
    if unknown:
        report.append(
            entry(
                None,
                name,
                ", ".join(repr(u) for u in unknown[:5]),
                f"SPSS value labels that are no labels of response scale '{scale_id}'",
                "the values used as they are",
            )
        )
    if not remap:
        return column
    return np.array([remap.get(v, v) if v is not None else None for v in column], dtype=object)


def _header_problems(
    raw: RawTable, columns, matching, n_header, data, describe, report, place, platform: Platform
) -> list[str]:
    problems = []
    used = set(matching.roles.values()) | set(matching.items.values())
    # duplicated headers among the columns that are used
    names: dict[str, list[int]] = {}
    for column in columns:
        if column.name:
            names.setdefault(key(column.name), []).append(column.position)
    by_column_map = {p for p, how in matching.how.items() if "column_map" in how}
    for same in names.values():
        if len(same) > 1 and used.intersection(same) - by_column_map:
            letters = [column_letter(p) for p in same]
            problems.append(
                f"{place} has the column header {columns[same[0]].name!r} {len(same)} times "
                f"({', '.join(describe(p) for p in same)}). Give every column its own header in "
                "the export, or choose by Excel letter or position in column_map, e.g. "
                f"column_map={{{letters[0]!r}: '<item id>', {letters[1]!r}: None}}."
            )
    # columns without a header that hold answers
    for column in columns:
        if column.name:
            continue
        values = data[column.position]
        if len(values) and _filled(_texts(values)).any():
            report.append(
                entry(
                    None,
                    f"({describe(column.position)})",
                    None,
                    "column without a header holds data",
                    "not used",
                )
            )
    # merged header cells
    for merged in raw.merged:
        first, last = merged.split(":")
        top, bottom = _row_number(first), _row_number(last)
        if top > n_header:
            report.append(
                entry(
                    top,
                    merged,
                    None,
                    "merged cells in the responses",
                    "only the first cell of the range has the value",
                )
            )
            continue
        if first.rstrip("0123456789") == last.rstrip("0123456789"):
            continue  # merged down one column: the header keeps its text
        if platform.forward_fill_questions and bottom == 1 and n_header >= 2:
            continue  # SurveyMonkey: a question's text spans its columns
        problems.append(
            f"Header cells {merged} of {place} are merged, so the columns after the first have no "
            "header "
            "of their own. Unmerge them in Excel (Home > Merge & Center) and give every column its "
            "own "
            "header, or export the responses again."
        )
    if raw.formulas_without_value:
        cells = raw.formulas_without_value
        problems.append(
            f"{len(cells)}{'+' if len(cells) >= 1000 else ''} cell(s) of {place} hold formulas "
            "without a "
            f"computed value ({', '.join(cells[:6])}{' ...' if len(cells) > 6 else ''}), so their "
            "answers "
            "cannot be read. Open the file in Excel and save it (Excel stores the computed "
            "values), or "
            "replace the formulas by their values (Paste Special > Values)."
        )
    elif raw.n_formulas:
        report.append(
            entry(
                None,
                None,
                raw.n_formulas,
                f"{raw.n_formulas} cell(s) hold formulas",
                "their computed values were used",
            )
        )
    return problems


def _row_number(cell: str) -> int:
    return int(cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def _answer_problems(coded: CodedColumn, coder: ScaleCoder, column: str, place: str, rows: np.ndarray) -> list[str]:
    problems = []
    scale = coder.scale
    if coded.unknown:
        shown = "; ".join(
            f"{raw!r} {count} time(s) (first in row {rows[first]})"
            + (f".{hint}" if (hint := suggestion(str(raw), coder.labels)) else "")
            for raw, count, first in coded.unknown[:5]
        )
        more = f" and {len(coded.unknown) - 5} more" if len(coded.unknown) > 5 else ""
        example = coded.unknown[0][0]
        problems.append(
            f"Column {column} of {place} has {len(coded.unknown)} answer(s) that are not a label "
            "or value of "
            f"response scale '{scale.id}': {shown}{more}. Allowed: values "
            f"{listing(list(scale.values), 12)} or "
            f"labels such as {listing(coder.labels, 5)}. Add other spellings under label_variants "
            "in the "
            f"instrument, or pass answer_map={{{str(example)!r}: <value or None>}}."
        )
    if coded.out_of_scale:
        shown = "; ".join(
            f"{_show(raw)} {count} time(s) (first in row {rows[first]})" for raw, count, first in coded.out_of_scale[:5]
        )
        problems.append(
            f"Column {column} of {place} has numbers outside response scale '{scale.id}': {shown}. "
            "Allowed: "
            f"{listing(list(scale.values), 12)}. The survey tool may number the answers "
            "differently (from 0, "
            "or with a code for 'don't know'): recode them in the tool, or pass "
            "answer_map={'<number>': "
            "<value or None>}."
        )
    return problems


def _show(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _texts(values: np.ndarray) -> np.ndarray:
    """Cells as stripped text, None when blank; one conversion per distinct value."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    converted = np.empty(len(uniques) + 1, dtype=object)
    for index, value in enumerate(uniques):
        converted[index] = _text(value)
    converted[-1] = None
    return converted[codes]


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    text = " ".join(str(value).split())
    return text or None


def _filled(texts: np.ndarray) -> np.ndarray:
    return texts != None  # noqa: E711 - elementwise on an object array


def _keys_of(texts: np.ndarray) -> np.ndarray:
    codes, uniques = pd.factorize(texts, use_na_sentinel=True)
    converted = np.array([key(u) for u in uniques] + [""], dtype=object)
    return converted[codes]


def _wave(values: np.ndarray) -> pd.Series:
    numbers = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce")
    if numbers.notna().sum() == pd.notna(values).sum():
        return numbers.astype("Int64").array
    return pd.array(values, dtype="string")


def _dates(values: np.ndarray) -> np.ndarray:
    series = pd.Series(values, dtype=object).replace("", None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            parsed = pd.to_datetime(series, errors="coerce")
        except (TypeError, ValueError, OverflowError):
            parsed = pd.to_datetime(series.astype(str), errors="coerce", format="mixed")
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_localize(None)
    return parsed.to_numpy()


def _duration(matching, data, platform: Platform) -> tuple[np.ndarray, dict | None]:
    n = len(next(iter(data.values()))) if data else 0
    if "duration_seconds" in matching.roles:
        values = pd.to_numeric(
            pd.Series(data[matching.roles["duration_seconds"]], dtype=object).replace("", None),
            errors="coerce",
        ).to_numpy(dtype=float)
        return values, None
    if "started_at" in matching.roles and "ended_at" in matching.roles:
        start = _dates(data[matching.roles["started_at"]])
        end = _dates(data[matching.roles["ended_at"]])
        seconds = (pd.Series(end) - pd.Series(start)).dt.total_seconds().to_numpy(dtype=float)
        return seconds, None
    return np.full(n, np.nan), None
