"""Survey-tool header layouts (read from ``platforms.yaml``): detection and header parsing.

A layout says how many header rows an export has, which columns are metadata, personal data or
roles (respondent id, dates, status), and how a header splits into question and statement
(Qualtrics ``"<question> - <statement>"``, Google Forms and LimeSurvey ``"Question [Row]"``,
SurveyMonkey's question above its first column, LimeSurvey's ``"code. text"``).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import pandas as pd

from .._resources import package_yaml
from ..instrument._schema import _normalise
from ._errors import ExportError

CODE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*(\[[^\]\s]*\])*$")
GRID = re.compile(r"^(?P<question>.*\S)\s*\[(?P<statement>[^\[\]]+)\]\s*$", re.S)


_MARKUP = re.compile(r"</?[a-zA-Z][^<>]*>")
_EMPHASIS = re.compile(r"(\*{1,2})(\S(?:[^*]*?\S)?)\1")


def norm(value: object) -> str:
    """Normalised text of a header or answer: markup removed (HTML tags and entities, Markdown
    ``*emphasis*``, as Typeform writes them), case folded, quotes straightened, invisible marks
    dropped, spaces collapsed."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = str(value)
    if "<" in text or "&" in text or "*" in text:
        text = _EMPHASIS.sub(r"\2", _MARKUP.sub(" ", html.unescape(text)))
    return _normalise(text)


def key(value: object) -> str:
    """A header as a lookup key: normalised, without a trailing ':', '?', '*' or '.'."""
    return norm(value).rstrip(" :?*.").lstrip("* ")


@dataclass(frozen=True)
class Platform:
    """One survey tool's export layout (see ``platforms.yaml`` for the fields)."""

    name: str
    label: str
    header_rows: int
    import_id_row: bool
    statement_separator: str | None
    grid: bool
    code_text_separator: str | None
    forward_fill_questions: bool
    response_markers: frozenset[str]
    answer_codes: bool
    detect: tuple[frozenset[str], ...]
    first_column: frozenset[str]
    columns: Mapping[str, tuple[str, ...]]
    metadata: frozenset[str]
    personal: frozenset[str]
    excluded_status: Mapping[str, str]
    unfinished_values: frozenset[str]
    missing_codes: frozenset[str]
    respondent_id_pattern: re.Pattern | None
    group_separator: str | None = None


@dataclass
class SourceColumn:
    """One column of an export, with what its headers say.

    ``name`` is what the analyst calls the column (the first header row, or for SurveyMonkey the
    question with its statement); ``code`` the export tag or code; ``header`` the full question
    text;
    ``question`` and ``statement`` the two parts of a matrix/grid header.
    """

    position: int
    name: str
    code: str | None
    header: str
    question: str | None
    statement: str | None


def _catalogue() -> dict:
    return package_yaml("kompasmetrics.io", "platforms.yaml")


@cache
def platforms() -> dict[str, Platform]:
    """All known layouts by name, in detection order (generic last)."""
    result = {}
    for name, spec in _catalogue()["platforms"].items():
        pattern = spec.get("respondent_id_pattern")
        result[name] = Platform(
            name=name,
            label=spec["label"],
            header_rows=int(spec["header_rows"]),
            import_id_row=bool(spec.get("import_id_row", False)),
            statement_separator=spec.get("statement_separator"),
            grid=bool(spec.get("grid", False)),
            code_text_separator=spec.get("code_text_separator"),
            forward_fill_questions=bool(spec.get("forward_fill_questions", False)),
            response_markers=frozenset(key(m) for m in spec.get("response_markers", [])),
            answer_codes=bool(spec.get("answer_codes", False)),
            detect=tuple(frozenset(key(n) for n in names) for names in spec.get("detect", [])),
            first_column=frozenset(key(n) for n in spec.get("first_column", [])),
            columns={role: tuple(key(n) for n in names) for role, names in spec.get("columns", {}).items()},
            metadata=frozenset(key(n) for n in spec.get("metadata", [])),
            personal=frozenset(key(n) for n in spec.get("personal", [])),
            excluded_status={key(k): v for k, v in (spec.get("excluded_status") or {}).items()},
            unfinished_values=frozenset(key(v) for v in spec.get("unfinished_values", [])),
            missing_codes=frozenset(str(v) for v in spec.get("missing_codes", [])),
            respondent_id_pattern=re.compile(pattern) if pattern else None,
            group_separator=spec.get("group_separator"),
        )
    return result


@cache
def personal_patterns() -> tuple[re.Pattern, ...]:
    """Regular expressions on normalised headers that mark personal data in any export."""
    return tuple(re.compile(p) for p in _catalogue()["personal_patterns"])


def _code_and_text(header: str, separator: str | None) -> tuple[str | None, str]:
    """LimeSurvey-style ``"G01Q01[SQ001]. Question text"`` -> (code, text)."""
    if separator and separator in header:
        left, right = header.split(separator, 1)
        if CODE.match(left.strip()):
            return left.strip(), right.strip()
    return None, header


def _row_keys(row: list[str], platform: Platform | None = None) -> set[str]:
    keys = set()
    for cell in row:
        keys.add(key(cell))
        code, _ = _code_and_text(cell, ". ")
        if code:
            keys.add(key(code))
    return keys


def detect(cells: pd.DataFrame, requested: str, file: str, sheet: str | None) -> Platform:
    """The layout of an export: the one named, or the best match of the first header row."""
    known = platforms()
    if requested != "auto":
        if requested not in known:
            raise ExportError(
                f"platform={requested!r} is not a known export layout. Known: 'auto', "
                f"{', '.join(repr(n) for n in known)}.",
                file=file,
                sheet=sheet,
            )
        return known[requested]
    first = [str(c) for c in cells.iloc[0].tolist()]
    keys = _row_keys(first)
    best, best_score = known["generic"], 0
    for platform in known.values():
        if platform.first_column and key(first[0]) not in platform.first_column:
            continue
        for signature in platform.detect:
            if signature <= keys and len(signature) > best_score:
                best, best_score = platform, len(signature)
    return best


def layout_of(table, requested: str) -> Platform:
    """The layout of a read file (:class:`~kompasmetrics.io._read.RawTable`): ``spss`` for an SPSS
    file unless another is named, else :func:`detect` on its first header row."""
    if table.kind == "spss" and requested == "auto":
        return platforms()["spss"]
    return detect(table.cells, requested, table.file, table.sheet)


def header_rows(cells: pd.DataFrame, platform: Platform) -> int:
    """Number of header rows, checked against the data where a layout allows variants."""
    rows = min(platform.header_rows, len(cells))
    if platform.name == "qualtrics":
        rows = 1
        if len(cells) > 1 and _second_row_is_header(cells, platform):
            rows = 2
        if platform.import_id_row and len(cells) > rows:
            if any(str(v).lstrip().startswith('{"ImportId"') for v in cells.iloc[rows].tolist()):
                rows += 1
    return rows


def _second_row_is_header(cells: pd.DataFrame, platform: Platform) -> bool:
    first = [key(c) for c in cells.iloc[0].tolist()]
    second = cells.iloc[1].tolist()
    for name in platform.columns.get("respondent_id", ()):
        if name in first:
            value = str(second[first.index(name)]).strip()
            return not (platform.respondent_id_pattern and platform.respondent_id_pattern.match(value))
    return not any(str(v).lstrip().startswith('{"ImportId"') for v in second)


def source_columns(cells: pd.DataFrame, platform: Platform, n_header: int) -> list[SourceColumn]:
    """What the header rows say about every column."""
    rows = [[_text(v) for v in cells.iloc[r].tolist()] for r in range(n_header)]
    first = rows[0]
    columns = []
    if platform.name in ("qualtrics", "qualtrics_legacy", "spss"):
        texts = rows[1] if n_header >= 2 else first
        import_ids = rows[2] if n_header >= 3 else [""] * len(first)
        for position, (code, text, import_id) in enumerate(zip(first, texts, import_ids, strict=True)):
            question, statement = _split(text, platform.statement_separator)
            columns.append(
                SourceColumn(
                    position,
                    code or _import_id(import_id),
                    code or None,
                    text or code,
                    question,
                    statement,
                )
            )
        return columns
    if platform.name == "surveymonkey":
        second = rows[1] if n_header >= 2 else [""] * len(first)
        question = ""
        for position, (top, sub) in enumerate(zip(first, second, strict=True)):
            if top:
                question = top
            elif not platform.forward_fill_questions:
                question = ""
            if not sub or key(sub) in platform.response_markers:
                name, statement = question, question
            else:
                name, statement = (f"{question} - {sub}" if question else sub), sub
            columns.append(SourceColumn(position, name, None, name, question or None, statement or None))
        return columns
    for position, header in enumerate(first):
        tag, text = _code_and_text(header, platform.code_text_separator)
        if tag is None and header and not re.search(r"\s", header):
            tag = header
            if platform.group_separator and platform.group_separator in tag and not tag.startswith("_"):
                tag = tag.rsplit(platform.group_separator, 1)[1]
        question, statement = (None, text)
        if platform.grid:
            match = GRID.match(text)
            if match:
                question, statement = (
                    match.group("question").strip(),
                    match.group("statement").strip(),
                )
        columns.append(SourceColumn(position, header, tag, text, question, statement))
    return columns


def _split(text: str, separator: str | None) -> tuple[str | None, str]:
    if separator and separator in text:
        question, statement = text.rsplit(separator, 1)
        return question.strip(), statement.strip()
    return None, text


def _import_id(text: str) -> str:
    try:
        return str(json.loads(text).get("ImportId", ""))
    except (ValueError, AttributeError):
        return ""


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())
