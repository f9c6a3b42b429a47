"""Which column holds which partner item about which partner, in the platforms' own header shapes.

* Google Forms grids and LimeSurvey full-text headings: ``Question [Gemeente Zwolle]``;
* LimeSurvey code-and-text headings ``Q12[SQ003]. Question [Gemeente Zwolle]``, or bare codes
  ``Q12[SQ003]`` with the subquestion codes given as ``partner_codes={"SQ003": "Gemeente Zwolle"}``;
* Qualtrics matrix rows: export tag ``Q12_3`` in row 1, ``Question - Gemeente Zwolle`` in row 2;
* Qualtrics loop-and-merge: ``1_Q12``, ``2_Q12`` (loop number, then the question's tag), the
  partner of each loop in a field of the row (an embedded field such as ``Partner_1``), found by
  ``loop_partner=`` or by its values (:func:`loop_fields`);
* SurveyMonkey matrix rows: the question above its first column (row 1), the partner below (row 2);
* Microsoft Forms: one column per statement, the partner's name as the statement: runs of
  columns headed by partner names are the block's items in order (or ``items=[...]``).

A question (the stem) is matched to a partner item by its item id or code (``items=`` maps
stems or codes to item ids), else by its text: the item's text with ``{partner}`` read as "this
partner" / "deze partner" or left out, at a similarity of at least :data:`SIMILAR`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

import pandas as pd

from ..instrument._partners import PLACEHOLDER
from ..instrument._schema import _normalise

SIMILAR = 0.8
GRID = re.compile(r"^(?P<stem>.*?)\s*\[(?P<partner>[^\[\]]+)\]\s*$")
LIME_CODE = re.compile(r"^(?P<code>[A-Za-z][A-Za-z0-9_]*)\[(?P<sub>[A-Za-z0-9_]+)\](?:\.\s+(?P<rest>.*))?$")
QUALTRICS_TAG = re.compile(r"^(?P<code>.+?)_\d+$")
LOOP_TAG = re.compile(r"^(?P<loop>\d+)_(?P<code>[A-Za-z].*)$")
PIPED = re.compile(r"\$\{[^}]*\}")  # Qualtrics piped text: ${lm://Field/1}, ${e://Field/Partner}
DUPLICATE_SUFFIX = re.compile(r"^(?P<name>.*?)(?:\.\d+|\d+)$")
GENERIC = ("deze partner", "de partner", "this partner", "the partner", "")


@dataclass(frozen=True)
class PartnerColumn:
    """One answer column: its position, header, the stem (question text or code) and the partner."""

    position: int
    header: str
    stem: str
    code: str | None
    partner: str
    loop: str | None = None
    """Qualtrics loop-and-merge: the loop's number; the partner is then in a field of each row."""


def layout(cells: pd.DataFrame) -> tuple[str, int]:
    """The header layout and the number of header rows of a table of raw cells."""
    first = [_normalise(str(v)) for v in cells.iloc[0]]
    second = [str(v) for v in cells.iloc[1]] if len(cells) > 1 else []
    if "responseid" in first or ("startdate" in first and "enddate" in first):
        third = str(cells.iat[2, 0]) if len(cells) > 2 else ""
        return "qualtrics", 3 if third.startswith('{"ImportId"') else 2
    if "respondent id" in first and len(second) and any(_normalise(v) == "response" for v in second):
        return "surveymonkey", 2
    return "one_row", 1


def columns_of(
    cells: pd.DataFrame, kind: str, partner_codes: dict[str, str], loops: bool = False
) -> list[PartnerColumn]:
    """Every column that names a partner, per layout (other columns are not returned); with
    ``loops`` a one-row header ``1_Q12`` is a loop-and-merge column too (Qualtrics' always is)."""
    found = []
    stem_above = ""
    for position in range(cells.shape[1]):
        header = str(cells.iat[0, position]).strip()
        if kind == "qualtrics":
            text = str(cells.iat[1, position]).strip()
            loop = LOOP_TAG.match(header)
            if loop:
                stem = " ".join(PIPED.sub(" ", text).split())
                found.append(PartnerColumn(position, header, stem, loop["code"], "", loop["loop"]))
                continue
            stem, _, partner = text.rpartition(" - ")
            tag = QUALTRICS_TAG.match(header)
            if stem and partner:
                found.append(PartnerColumn(position, header, stem, tag["code"] if tag else header, partner.strip()))
            continue
        if kind == "surveymonkey":
            stem_above = header or stem_above
            partner = str(cells.iat[1, position]).strip()
            if header or partner:
                found.append(PartnerColumn(position, header or stem_above, stem_above, None, partner))
            continue
        loop = LOOP_TAG.match(header) if loops else None
        if loop:
            found.append(PartnerColumn(position, header, loop["code"], loop["code"], "", loop["loop"]))
            continue
        lime = LIME_CODE.match(header)
        if lime:
            rest = lime["rest"] or ""
            grid = GRID.match(rest)
            partner = grid["partner"] if grid else partner_codes.get(lime["sub"], "")
            stem = grid["stem"] if grid else rest
            found.append(PartnerColumn(position, header, stem, lime["code"], partner.strip()))
            continue
        grid = GRID.match(header)
        if grid:
            found.append(PartnerColumn(position, header, grid["stem"], None, grid["partner"].strip()))
    return found


def loop_fields(headers: list[str], loops: set[str], values_of, known: set[str]) -> dict[str, int]:
    """Qualtrics loop-and-merge: the column that names each loop's partner, found by its values.

    A field is a family of columns named by the loop number and one name (``Partner_1``, ``1_Partner``
    or ``Partner1``) with a column for every loop; the family whose filled cells are mostly (at
    least half) names of known partners wins. ``values_of(position)`` gives a column's cells.
    Returns ``{loop: position}``, empty when no family fits."""
    folded = {_normalise(k) for k in known}
    families: dict[str, dict[str, int]] = {}
    for position, header in enumerate(headers):
        for pattern in (r"^(?P<n>\d+)_(?P<base>.+)$", r"^(?P<base>.+?)_?(?P<n>\d+)$"):
            match = re.match(pattern, header.strip())
            if match and match["n"] in loops:
                families.setdefault(match["base"].casefold(), {})[match["n"]] = position
    best: dict[str, int] = {}
    share = 0.5
    for family in families.values():
        if set(family) != loops:
            continue
        cells = [str(v).strip() for p in family.values() for v in values_of(p) if str(v).strip()]
        hit = sum(_normalise(v) in folded for v in cells) / len(cells) if cells else 0.0
        if hit >= share:
            best, share = family, hit
    return best


def partner_headers(headers: list[str], instrument, partners: set[str]) -> list[str]:
    """The headers of a one-row table that are partner ratings of ``instrument``'s block: a grid
    (``Question [Partner]``, LimeSurvey's ``Q12[SQ003]. Question [Partner]``), ``Question -
    Partner`` with a known partner, or a Microsoft Forms statement that is a partner's name."""
    block = instrument.partner_ratings.items
    languages = instrument.languages
    found = []
    for column in columns_of(pd.DataFrame([headers]), "one_row", {}):
        if column.partner and match_stem(column.stem, column.code, block, languages, {}) is not None:
            found.append(column.header)
    folded = {_normalise(p) for p in partners}
    for header in headers:
        stem, _, partner = header.rpartition(" - ")
        if stem and _normalise(partner) in folded and match_stem(stem, None, block, languages, {}) is not None:
            found.append(header)
    found += [headers[position] for run in statement_runs(headers, partners) for position, _ in run]
    return list(dict.fromkeys(found))


def statement_runs(headers: list[str], partners: set[str]) -> list[list[tuple[int, str]]]:
    """Microsoft Forms: runs of consecutive columns headed by a known partner name (a duplicate
    header's ``.1`` or ``2`` suffix, added by spreadsheet tools, removed)."""
    runs: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for position, header in enumerate(headers):
        name = _partner_name(header, partners)
        if name is not None and all(name != seen for _, seen in current):
            current.append((position, name))
            continue
        if current:
            runs.append(current)
        current = [(position, name)] if name is not None else []
    if current:
        runs.append(current)
    return runs


def _partner_name(header: str, partners: set[str]) -> str | None:
    folded = {_normalise(p): p for p in partners}
    text = _normalise(header)
    if text in folded:
        return folded[text]
    stripped = DUPLICATE_SUFFIX.match(header.strip())
    if stripped and _normalise(stripped["name"]) in folded:
        return folded[_normalise(stripped["name"])]
    return None


def match_stem(stem: str, code: str | None, block_items: pd.DataFrame, languages, given: dict[str, str]) -> str | None:
    """The partner item a column's question is, or None."""
    for key in (code, stem):
        if key is not None and key in given:
            return given[key]
    ids = {item.casefold(): item for item in block_items["item"]}
    for key in (code, stem):
        if key is not None and key.casefold() in ids:
            return ids[key.casefold()]
    text = _normalise(stem)
    best, score = None, 0.0
    for row in block_items.to_dict("records"):
        templates = [str(row[f"text_{language}"]) for language in languages] + list(row.get("former_texts", ()))
        for given_text in templates:
            template = _normalise(given_text)
            for word in GENERIC:
                ratio = SequenceMatcher(None, text, " ".join(template.replace(PLACEHOLDER, word).split())).ratio()
                if ratio > score:
                    best, score = row["item"], ratio
    return best if score >= SIMILAR else None


__all__ = ["PartnerColumn", "columns_of", "layout", "loop_fields", "match_stem", "partner_headers", "statement_runs"]
