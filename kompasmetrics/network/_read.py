"""`read_partner_ratings()`: the per-partner columns of an export (or DataFrame) as one long table."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .._checks import expect
from .._coding import ScaleCoder, code_column
from .._messages import listing
from .._privacy import pseudonymise
from ..errors import ExportError, NoPartnerColumnsError
from ..io._frame import folded_name
from ..survey import Survey
from ._headers import PartnerColumn, columns_of, layout, loop_fields, match_stem, statement_runs
from ._ratings import PartnerRatings, empty_ratings, partner_ratings

MATCHED = 0.5
"""A column is the respondent id column when at least this share of its filled cells are ids of the survey."""


def read_partner_ratings(
    source: str | os.PathLike | pd.DataFrame,
    survey: Survey,
    *,
    respondent_id: str | None = None,
    roster: Sequence[str] = (),
    items: Mapping[str, str] | Sequence[str] | None = None,
    partner_codes: Mapping[str, str] | None = None,
    loop_partner: str | Mapping[str, str] | None = None,
    sheet: str | int | None = None,
) -> PartnerRatings:
    """Read the partner ratings of an export: one row per answer about one partner.

    Parameters
    ----------
    source : path or DataFrame
        The export file the survey was read from (or a DataFrame with one header row), holding one
        column per partner item and partner in one of the layouts of :mod:`._headers`.
    survey : Survey
        The survey of the same respondents (``km.read_survey``): it says each respondent's
        partnership and organisation, and its instrument's ``partner_ratings`` block the items.
    respondent_id : str, optional
        The column holding the respondent ids; by default the column whose cells are the survey's
        respondent ids (pseudonymised like the survey's where they are personal data).
    roster : sequence of str
        Columns whose cells name partner organisations (an embedded field per partner, a
        loop-and-merge field): each name counts as a partner of that row's partnership.
    items : mapping or sequence, optional
        ``{question text or code: item id}`` for questions whose wording differs from the
        instrument's; for Microsoft Forms, the item ids in the order the questions were asked.
    partner_codes : mapping, optional
        LimeSurvey bare codes: ``{"SQ003": "Gemeente Zwolle"}``.
    loop_partner : str or mapping, optional
        Qualtrics loop-and-merge (columns ``1_Q12``, ``2_Q12``): where each loop's partner is. A
        field name (``"Partner"``: the columns ``Partner_1``, ``1_Partner`` or ``Partner1``), or
        ``{loop: column}``, or ``{loop: partner name}`` for a loop that is the same partner for
        everybody. By default the family of such columns whose cells are names of partners.
    sheet : str or int, optional

    Returns
    -------
    PartnerRatings

    Raises
    ------
    ExportError
        Naming the file, the column, the value and what to do: no respondent id column, answers
        that are no value or label of the item's response scale; ``NoPartnerColumnsError`` (an
        ``ExportError``) when no column holds a partner item.
    """
    expect(survey, Survey, "read_partner_ratings", "survey")
    instrument = survey.instrument
    if instrument.partner_ratings is None:
        partner_ratings(empty_ratings(("partnership",)), instrument)  # raises: the instrument has no block
    name = "the DataFrame" if isinstance(source, pd.DataFrame) else Path(source).name
    cells, header_rows, kind = _cells(source, sheet)
    known = _known_partners(survey, cells, header_rows, roster, name)
    columns = _partner_columns(
        cells, kind, known, instrument, items, dict(partner_codes or {}), name, loop_partner is not None
    )
    data = cells.iloc[header_rows:].reset_index(drop=True)
    loops = _loop_partners(cells, data, columns, loop_partner, known, name)
    rows = data.index + header_rows + 1
    ids, id_column = _respondent_ids(cells, header_rows, data, survey, respondent_id, name, source)
    people = survey.responses.drop_duplicates("respondent_id").set_index("respondent_id")
    keys = ["partnership", "wave"] if survey.has_waves else ["partnership"]
    report = [
        {"row": int(row), "respondent_id": rid, "column": id_column, "value": rid,
         "problem": "respondent is not in the survey (left out there, or not a response)",
         "action": "this row's partner ratings left out"}
        for row, rid in zip(rows, ids, strict=True) if rid and rid not in people.index
    ]  # fmt: skip
    inside = ids.isin(people.index).to_numpy()
    long, unnamed = _long(data, columns, loops, ids, inside, rows, people, keys, instrument, name)
    report += unnamed
    long["rated_organisation"] = _spelled_as_survey(long["rated_organisation"], known)
    answered = survey.responses[[*keys, "organisation"]].drop_duplicates()
    roster_table = _roster(data[inside], people.loc[ids[inside]], roster, cells, header_rows, keys, known)
    return partner_ratings(long, instrument, keys=tuple(keys), answered=answered, roster=roster_table, report=report)


def _cells(source, sheet) -> tuple[pd.DataFrame, int, str]:
    if isinstance(source, pd.DataFrame):
        header = pd.DataFrame([list(map(str, source.columns))])
        cells = pd.concat([header, source.astype(object).set_axis(range(source.shape[1]), axis=1)], ignore_index=True)
        return cells.fillna(""), 1, "one_row"
    from ..io._read import read_cells

    cells = read_cells(source, sheet).cells
    kind, header_rows = layout(cells)
    return cells, header_rows, kind


def _known_partners(survey, cells, header_rows, roster, name) -> set[str]:
    known = set(survey.responses["organisation"].astype(str))
    for column in roster:
        position = _position(cells, column, name, "roster")
        known |= {str(v).strip() for v in cells.iloc[header_rows:, position] if str(v).strip()}
    return known


def _position(cells: pd.DataFrame, column: str, name: str, parameter: str) -> int:
    headers = [str(v).strip() for v in cells.iloc[0]]
    if column not in headers:
        raise ExportError(
            f"{parameter}= names column {column!r}, which is not in {name}. Its columns: {listing(headers, 8)}.",
            file=name,
        )
    return headers.index(column)


def _partner_columns(cells, kind, known, instrument, items, codes, name, loops) -> list[tuple[PartnerColumn, str]]:
    block = instrument.partner_ratings.items
    given = dict(items) if isinstance(items, Mapping) else {}
    found, candidates = [], columns_of(cells, kind, codes, loops)
    for column in candidates:
        # a loop's question may read "Loop label - question": every part is a candidate wording
        stems = [column.stem, *column.stem.split(" - ")] if column.loop else [column.stem]
        for stem in stems:
            item = match_stem(stem, column.code, block, instrument.languages, given)
            if item is not None:
                found.append((column, item))
                break
    bare = [column.header for column in candidates if not column.stem and column.code]
    if not found and bare:
        raise ExportError(
            f"{name} has LimeSurvey columns headed by codes only ({listing(bare, 3)}), without the question or "
            "the partner. Export with 'Question code & question text' headings, or pass items={'Q12': '<item id>'} "
            "and partner_codes={'SQ001': '<partner name>', ...}.",
            file=name,
        )
    if not found and kind == "one_row":
        order = list(items) if items is not None and not isinstance(items, Mapping) else block["item"].tolist()
        runs = statement_runs([str(v) for v in cells.iloc[0]], known)
        for item, run in zip(order, runs, strict=False):
            found += [(PartnerColumn(p, str(cells.iat[0, p]), item, None, partner), item) for p, partner in run]
    unnamed = [column.header for column, _ in found if not column.partner and not column.loop]
    if unnamed:
        raise ExportError(
            f"{name} has partner columns without a partner name: {listing(unnamed, 5)}. Export LimeSurvey with "
            "'Question code & question text' headings, or pass partner_codes={'SQ001': '<partner name>', ...}.",
            file=name,
        )
    if not found:
        texts = listing(block[f"text_{instrument.languages[0]}"].tolist(), 2)
        raise NoPartnerColumnsError(
            f"{name} has no column with a partner item of instrument '{instrument.id}' about a named partner "
            f"(such as 'Question [Partner]' or 'Question - Partner'; the items read {texts}). Pass "
            "items={'<question text or code>': '<item id>'} naming the questions.",
            file=name,
        )
    return found


def _respondent_ids(cells, header_rows, data, survey, respondent_id, name, source) -> tuple[pd.Series, str | None]:
    """Each data row's respondent id, and the column it was read from.

    An export without an id column got ids made from the file name and the row number from
    ``km.read_survey`` (``export-7``); the same ids are made here when they are the survey's."""
    if respondent_id is None and not isinstance(source, pd.DataFrame):
        made = pd.Series([f"{Path(source).stem}-{row}" for row in data.index + header_rows + 1], index=data.index)
        if made.isin(set(survey.responses["respondent_id"].astype(str))).mean() >= MATCHED:
            return made, None
    position = _id_column(data, survey, respondent_id, cells, name)
    return pd.Series(_ids(data.iloc[:, position]), index=data.index), str(cells.iat[0, position])


def _id_column(data, survey, respondent_id, cells, name) -> int:
    if respondent_id is not None:
        return _position(cells, respondent_id, name, "respondent_id")
    wanted = set(survey.responses["respondent_id"].astype(str))
    best, share = -1, 0.0
    for position in range(data.shape[1]):
        values = [v for v in _ids(data.iloc[:, position]) if v]
        if values:
            hit = sum(v in wanted for v in values) / len(values)
            best, share = (position, hit) if hit > share else (best, share)
    if share < MATCHED:
        raise ExportError(
            f"No column of {name} holds the respondent ids of the survey (the best holds {share:.0%} of them). "
            "Pass respondent_id='<column>' naming the column the survey's respondent_id was read from.",
            file=name,
        )
    return best


def _ids(column: pd.Series) -> np.ndarray:
    raw = np.array([str(v).strip() if v is not None and str(v).strip() not in ("", "nan") else None for v in column])
    pseudonyms, kinds = pseudonymise(raw)
    return np.array([v or "" for v in (pseudonyms if kinds else raw)], dtype=object)


def _loop_partners(cells, data, columns, loop_partner, known, name) -> dict[str, int | str]:
    """Each loop's partner: the position of the column naming it per row, or one partner name."""
    loops = {column.loop for column, _ in columns if column.loop}
    if not loops:
        return {}
    headers = [str(v).strip() for v in cells.iloc[0]]
    if isinstance(loop_partner, Mapping):
        given = {str(k): str(v) for k, v in loop_partner.items()}
        missing = sorted(loops - set(given), key=int)
        if missing:
            raise ExportError(
                f"{name} has loop-and-merge columns of loop(s) {', '.join(missing)}, which loop_partner= does not "
                "name. Give every loop: loop_partner={'1': '<column or partner>', ...}.",
                file=name,
            )
        return {loop: headers.index(given[loop]) if given[loop] in headers else given[loop] for loop in loops}
    if isinstance(loop_partner, str):
        base = loop_partner.strip().casefold()
        wanted = {
            loop: [h for h in headers if h.casefold() in (f"{base}_{loop}", f"{loop}_{base}", f"{base}{loop}")]
            for loop in loops
        }
        missing = sorted((loop for loop, found in wanted.items() if not found), key=int)
        if missing:
            raise ExportError(
                f"loop_partner={loop_partner!r} names no column for loop(s) {', '.join(missing)} in {name} (looked "
                f"for '{loop_partner}_1', '1_{loop_partner}' and '{loop_partner}1'). Its columns: "
                f"{listing(headers, 8)}.",
                file=name,
            )
        return {loop: headers.index(found[0]) for loop, found in wanted.items()}
    found = loop_fields(headers, loops, lambda p: data.iloc[:, p], known)
    if not found:
        raise ExportError(
            f"{name} has loop-and-merge columns ({listing(sorted({c.header for c, _ in columns if c.loop}), 3)}), "
            "but no field naming each loop's partner (such as 'Partner_1', 'Partner_2' holding partner names). Pass "
            "loop_partner='<field>' or loop_partner={'1': '<column or partner name>', ...}.",
            file=name,
        )
    return dict(found)


def _long(data, columns, loops, ids, inside, rows, people, keys, instrument, name) -> tuple[pd.DataFrame, list]:
    block = instrument.partner_ratings.items.set_index("item")
    frames, problems, notes = [], [], []
    coders: dict[str, ScaleCoder] = {}
    raters = people.loc[ids[inside]]
    for column, item in columns:
        scale = block.at[item, "response_scale"]
        coder = coders.setdefault(scale, ScaleCoder(instrument.response_scales[scale]))
        coded = code_column(data.iloc[:, column.position].to_numpy(dtype=object)[inside], coder)
        for answer, count, _ in coded.unknown + coded.out_of_scale:
            times = "once" if count == 1 else f"{count} times"
            problems.append(
                f"Column {column.header!r} in {name} has the answer {answer!r} {times}, which is no value or "
                f"label of response scale '{scale}' (labels: {listing(coder.labels, 5)}). Add the spelling under "
                "label_variants in the instrument, or recode the column."
            )
        partner = _partner_of(column, loops, data, inside)
        named = partner != ""
        answered = ~np.isnan(coded.values)
        for row, rid in zip(rows[inside][answered & ~named], raters.index[answered & ~named], strict=True):
            notes.append(
                {"row": int(row), "respondent_id": rid, "column": column.header, "value": None,
                 "problem": f"loop {column.loop} answered without a partner named in its field",
                 "action": "this answer left out"}
            )  # fmt: skip
        frames.append(
            pd.DataFrame(
                {
                    **{k: raters[k].to_numpy()[named] for k in keys},
                    "rater_organisation": raters["organisation"].astype(str).to_numpy()[named],
                    "rated_organisation": partner[named],
                    "item": item,
                    "value": coded.values[named],
                    "respondent_id": raters.index.to_numpy()[named],
                }
            )
        )
    if problems:
        raise ExportError("\n".join(problems), file=name, problems=problems)
    return pd.concat(frames, ignore_index=True), notes


def _partner_of(column: PartnerColumn, loops: dict[str, int | str], data: pd.DataFrame, inside) -> np.ndarray:
    """The rated partner of each (linked) row: the column's own, or its loop's field or name."""
    size = int(np.sum(inside))
    source = loops.get(column.loop) if column.loop else column.partner
    if isinstance(source, int):
        cells = data.iloc[:, source].to_numpy(dtype=object)[inside]
        return np.array([str(v).strip() if v is not None and str(v).strip() != "nan" else "" for v in cells])
    return np.full(size, source or "", dtype=object)


def _spelled_as_survey(names: pd.Series, known: set[str]) -> pd.Series:
    """Partner names as the survey writes them, where they differ only in case, accents or spaces."""
    spelling = {folded_name(k): k for k in sorted(known)}
    return names.map(lambda n: spelling.get(folded_name(str(n)), str(n).strip()))


def _roster(data, raters, roster, cells, header_rows, keys, known) -> pd.DataFrame:
    frames = []
    for column in roster:
        position = _position(cells, column, "", "roster")
        names = data.iloc[:, position].astype(str).str.strip().to_numpy()
        frame = raters[keys].assign(organisation=_spelled_as_survey(pd.Series(names), known).to_numpy())
        frames.append(frame[names != ""])
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[*keys, "organisation"])


__all__ = ["read_partner_ratings"]
