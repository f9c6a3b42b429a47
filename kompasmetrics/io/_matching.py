"""The result of matching an export's columns, and finding the columns a name points to (a header,
export tag, statement, Excel letter or position), shared by the matching steps of ``_match`` and
``_match_items``."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import Problem
from ._errors import column_number
from ._platforms import SourceColumn, key


@dataclass
class Matching:
    """The result of matching an export's columns; ``how`` and ``item`` are per column position."""

    items: dict[str, int] = field(default_factory=dict)
    roles: dict[str, int] = field(default_factory=dict)
    how: dict[int, str] = field(default_factory=dict)
    item_of: dict[int, str] = field(default_factory=dict)
    suggestion: dict[int, str] = field(default_factory=dict)
    personal: list[int] = field(default_factory=list)
    ignored: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    process: dict[str, int] = field(default_factory=dict)  # process question id -> column position

    def claim(self, position: int, how: str, item: str | None = None, role: str | None = None) -> None:
        """Give the column at ``position`` its use; a claimed column is not matched again."""
        self.how[position] = how
        if item is not None:
            self.items[item] = position
            self.item_of[position] = item
        if role is not None:
            self.roles[role] = position

    def taken(self, position: int) -> bool:
        return position in self.how


@dataclass(frozen=True)
class MatchingContext:
    """What every matching step needs to word its problems."""

    columns: list[SourceColumn]
    describe: Callable[[int], str]
    where: str


def column_keys(column: SourceColumn) -> list[str]:
    """The column's names (code, name, header, statement) as header keys, each once."""
    seen = []
    for text in (column.code, column.name, column.header, column.statement):
        if text:
            k = key(text)
            if k and k not in seen:
                seen.append(k)
    return seen


_EXCEL_LETTERS = re.compile(r"^[A-Z]{1,3}$")


def find_columns(columns: list[SourceColumn], source: str | int) -> list[int]:
    """The positions (0-based) of the columns ``source`` names: a header, export tag, question or
    statement (exactly, else after normalising case and spaces); when none is named so, an Excel
    column letter (``"I"``) or a 1-based position (``9``), which tell duplicated headers apart."""
    if isinstance(source, int) and not isinstance(source, bool):
        return [source - 1] if 1 <= source <= len(columns) else []
    source = str(source)
    exact = [c.position for c in columns if source in (c.name, c.code, c.header, c.statement)]
    if exact:
        return exact
    wanted = key(source)
    by_text = [c.position for c in columns if wanted and wanted in column_keys(c)]
    if by_text or not _EXCEL_LETTERS.match(source):
        return by_text
    position = column_number(source)
    return [position - 1] if position <= len(columns) else []


def did_you_mean(value: object, candidates: list[str]) -> str:
    match = difflib.get_close_matches(key(value), [key(c) for c in candidates], n=1, cutoff=0.6)
    if not match:
        return ""
    original = next(c for c in candidates if key(c) == match[0])
    return Problem("common.did_you_mean", match=original)
