"""Steps 6-8 of matching an export's columns: an item by its id, an item by its text, and the rest
unused, with the closest item suggested (see ``_match`` for the order of all steps)."""

from __future__ import annotations

import difflib

from ..instrument import Instrument
from ._matching import Matching, MatchingContext
from ._platforms import SourceColumn, key

SEPARATORS_BEFORE_STATEMENT = set(" .:-–—)]|/")
CLOSE = 0.85


def match_item_ids(result: Matching, columns: list[SourceColumn], item_ids: list[str]) -> None:
    """6. The item id equals the column's export tag or code."""
    by_id = {item.casefold(): item for item in item_ids}
    for column in columns:
        if result.taken(column.position) or not column.code:
            continue
        item = by_id.get(column.code.casefold())
        if item is not None and item not in result.items:
            result.claim(column.position, "item id", item=item)


def item_texts(instrument: Instrument, language: str | None) -> dict[str, tuple[str, str]]:
    """Normalised item text -> (item id, language), in the languages to match."""
    languages = [language] if language else list(instrument.languages)
    texts: dict[str, tuple[str, str]] = {}
    for row in instrument.items.to_dict("records"):
        for lang in languages:
            texts.setdefault(key(row[f"text_{lang}"]), (row["item"], lang))
    for item, formers in instrument.former_texts.items():  # an export of an earlier version
        for lang, text in formers:
            if lang in languages:
                texts.setdefault(key(text), (item, lang))
    return texts


def match_item_texts(result: Matching, context: MatchingContext, texts: dict[str, tuple[str, str]]) -> None:
    """7. The item text equals the statement, for the items an export tag or column_map has not
    settled: a column that repeats a settled item's text (a second question with the same
    statement) stays unused instead of making the item ambiguous."""
    settled = set(result.items)
    twice: dict[str, list[int]] = {}
    for column in context.columns:
        if result.taken(column.position):
            continue
        found = text_match(column, texts)
        if found is None:
            continue
        item, how = found
        if item in settled:
            continue
        if item in result.items:
            twice.setdefault(item, [result.items[item]]).append(column.position)
            continue
        result.claim(column.position, how, item=item)
    for item, positions in twice.items():
        result.problems.append(
            f"Item {item!r} matches {len(positions)} columns of {context.where}: "
            f"{', '.join(context.describe(p) for p in positions)}. Each item must be one column; pass "
            f"column_map={{'<header>': None}} for the column(s) to leave out."
        )


def mark_unused(result: Matching, columns: list[SourceColumn], texts: dict[str, tuple[str, str]]) -> None:
    """8. The rest: unused, with a suggestion when a text is close to an item's."""
    candidates = list(texts)
    for column in columns:
        if result.taken(column.position):
            continue
        result.how[column.position] = "unused"
        text = key(column.statement or column.header)
        if len(text) >= 15:
            close = difflib.get_close_matches(text, candidates, n=1, cutoff=CLOSE)
            if close:
                result.suggestion[column.position] = texts[close[0]][0]


def text_match(column: SourceColumn, texts: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    for text in (column.statement, column.header, column.name):
        k = key(text)
        if k in texts:
            item, lang = texts[k]
            return item, f"statement text ({lang})"
    header = key(column.header)
    for text, (item, lang) in texts.items():
        if len(header) > len(text) and header.endswith(text) and header[-len(text) - 1] in SEPARATORS_BEFORE_STATEMENT:
            return item, f"statement text ({lang}) after the question text"
    return None
