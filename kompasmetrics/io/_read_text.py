"""Text exports (``.csv``, ``.tsv``, ``.txt``) as raw cells: encoding, separator and damaged files.

UTF-8 with or without BOM, UTF-16 and Windows-1252 are recognised; the separator is the one of
``,``, ``;`` and tab that splits the first records into the most equally long fields. Large files
are read into categorical columns (:func:`_read_csv`).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from ._errors import ExportError
from ._raw import TEXT_EXPANSION, RawTable, check_memory, has_content
from ._report import noted

SEPARATORS = (",", ";", "\t")
_OBJECT_CELLS = 16_000_000  # above this, text files are read into categorical columns


def read_text(path: Path, size: int) -> RawTable:
    name = path.name
    check_memory(name, size * TEXT_EXPANSION, "this text file")
    notes: list[dict] = []
    with open(path, "rb") as handle:
        sample_bytes = handle.read(1 << 16)
    encoding, sample = _encoding(sample_bytes, name)
    if encoding == "cp1252":
        notes.append(noted(None, None, "cp1252", "not_utf8"))
    separator = _separator(sample, path.suffix.lower())
    if separator != ",":
        notes.append(noted(None, None, separator, "separator_tab" if separator == "\t" else "separator_semicolon"))
    as_categories = _estimated_text_cells(sample, separator, size) > _OBJECT_CELLS
    source: Path | io.BytesIO = path
    if b"\r\r\n" in sample_bytes:
        # CR CR LF: a file saved twice through a line-ending conversion; read as it was meant, one
        # line break each, instead of a blank line after every row (which shifts the header rows)
        source = io.BytesIO(path.read_bytes().replace(b"\r\r\n", b"\r\n"))
        notes.append(noted(None, None, "\\r\\r\\n", "cr_cr_lf"))
    source = _without_trailing_separators(source, sample_bytes, separator, size, notes)
    try:
        try:
            cells = _read_csv(source, encoding, separator, as_categories=as_categories)
        except UnicodeError:
            if encoding.startswith("utf-8"):
                # valid UTF-8 where the sample was read: repair only the bytes that are not, as
                # Windows-1252, and say in which rows (the rest of the file stays UTF-8)
                data = source.getvalue() if isinstance(source, io.BytesIO) else path.read_bytes()
                text, repaired = _repair_utf8(data)
                notes += _repair_notes(data, repaired)
                cells = _read_csv(io.StringIO(text), encoding, separator, as_categories=as_categories)
            else:
                # with replacement every byte decodes in Windows-1252: this read cannot fail on encoding
                if isinstance(source, io.BytesIO):
                    source.seek(0)
                cells = _read_csv(source, "cp1252", separator, errors="replace", as_categories=as_categories)
    except pd.errors.EmptyDataError as err:
        raise ExportError(
            f"{name} has no rows: the file holds no header and no responses. Export the responses again.",
            file=name,
        ) from err
    except (pd.errors.ParserError, ValueError, csv.Error) as err:
        message = str(err).strip().splitlines()[-1] if str(err).strip() else type(err).__name__
        record = re.search(r"line (\d+)", message)
        place = f" near line {record.group(1)}" if record else ""
        raise ExportError(
            f"{name} cannot be read as "
            f"{'tab' if separator == chr(9) else repr(separator)}-separated "
            f"text{place}: {message}. A row has more fields than the header, or a quote is not "
            "closed. "
            "Open the file in a spreadsheet program, check that row, and save it as CSV again.",
            file=name,
        ) from err
    except MemoryError as err:
        raise ExportError(
            f"{name} is too large for the memory of this computer. Split the export and "
            "read the parts with km.read_surveys([...]).",
            file=name,
        ) from err
    if cells.empty or not has_content(cells):
        raise ExportError(
            f"{name} has no rows: the file holds no header and no responses. Export the responses again.",
            file=name,
        )
    return RawTable(cells=cells, file=name, sheet=None, kind="text", notes=notes)


def _repair_utf8(data: bytes) -> tuple[str, list[int]]:
    """UTF-8 text with each invalid byte read as Windows-1252; the byte offsets repaired."""
    repaired: list[int] = []
    pieces: list[str] = []
    start = 0
    while True:
        try:
            pieces.append(data[start:].decode("utf-8-sig" if start == 0 else "utf-8"))
            break
        except UnicodeDecodeError as err:
            good = data[start : start + err.start]
            pieces.append(good.decode("utf-8-sig" if start == 0 else "utf-8"))
            bad = data[start + err.start : start + err.end]
            pieces.append(bad.decode("cp1252", "replace"))
            repaired.extend(range(start + err.start, start + err.end))
            start += err.end
    return "".join(pieces), repaired


def _repair_notes(data: bytes, offsets: list[int]) -> list[dict]:
    """One report row per line with repaired bytes (the line number as a spreadsheet shows it when
    no answer spans lines)."""
    lines = sorted({data.count(b"\n", 0, offset) + 1 for offset in offsets})
    notes = [noted(line, None, None, "repaired_row") for line in lines[:200]]
    if len(lines) > 200:
        notes.append(noted(None, None, None, "repaired_more", n=len(lines) - 200))
    return notes


_TRAILING_RUN = 100  # empty fields at a line's end from which they are dropped before parsing
_SCAN_WHOLE_FILE = 64 * 2**20  # files up to this size are searched whole for such runs


def _without_trailing_separators(
    source: Path | io.BytesIO, sample: bytes, separator: str, size: int, notes: list[dict]
) -> Path | io.BytesIO:
    """Drop runs of 100 or more separators at the end of lines (empty fields, no data).

    A single row ending in 200,000 commas makes the parser build 200,000 columns for every row
    (79 s for a 270 kB file); the fields are empty, so dropping them changes no answer. Files up to
    64 MB are searched whole, larger ones in their first 64 kB (where spreadsheet programs put such
    rows: the header)."""
    run = re.compile(re.escape(separator.encode()) + rb"{%d,}(?=\r?\n|\Z)" % _TRAILING_RUN)
    many = separator.encode() * _TRAILING_RUN  # a plain substring search first: fast, and rarely true
    if isinstance(source, io.BytesIO):
        data = source.getvalue()
    elif size > _SCAN_WHOLE_FILE and many not in sample:
        return source
    else:
        data = source.read_bytes()
    if many not in data or not run.search(data):
        return source
    trimmed, count = run.subn(b"", data)
    notes.append(noted(None, None, None, "trailing_separators", n=count, run=_TRAILING_RUN))
    return io.BytesIO(trimmed)


def _estimated_text_cells(sample: str, separator: str, size: int) -> float:
    """Cells of a text file, from the bytes per cell of its first 64 kB."""
    fields = sample.count(separator) + sample.count("\n")
    return size / max(len(sample.encode("utf-8", "ignore")), 1) * max(fields, 1)


def _read_csv(
    path: Path | io.BytesIO | io.StringIO,
    encoding: str,
    separator: str,
    errors: str = "strict",
    *,
    as_categories: bool = False,
) -> pd.DataFrame:
    """The cells of a text file as strings, in object columns or, for a large file, categories.

    Object columns hold a Python string per cell: the fastest to parse and to code, about 60 bytes
    a cell. Above :data:`_OBJECT_CELLS` cells (a gigabyte of strings) the columns are categorical:
    every distinct answer is one string shared by the cells that hold it, a small code per cell
    (a 1,000,000-respondent export: 0.2 GB instead of about 5 GB). Categories are parsed in one
    piece (``low_memory=False``): in chunks, pandas merges the categories of every chunk, which
    takes longer than the parse itself (13 s instead of 8 s for 200 MB); one piece holds the tokens
    of the whole file for a moment (1.2 GB peak for 200 MB, within :func:`_check_memory`). Object
    columns parse fastest in chunks (0.19 s instead of 0.24 s for 20,000 x 113 cells).
    """
    try:
        cells = pd.read_csv(
            path,
            header=None,
            dtype="category" if as_categories else object,
            low_memory=not as_categories,
            na_filter=False,
            sep=separator,
            encoding=encoding,
            encoding_errors=errors,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError:
        # rows with more fields than the first one: read with the python engine, which pads
        if not isinstance(path, Path):
            path.seek(0)
        width = _widest_row(path, encoding, separator, errors)
        if not isinstance(path, Path):
            path.seek(0)
        cells = pd.read_csv(
            path,
            header=None,
            dtype=object,
            na_filter=False,
            sep=separator,
            encoding=encoding,
            encoding_errors=errors,
            skip_blank_lines=False,
            engine="python",
            names=range(width),
        )
    cells.columns = range(cells.shape[1])
    return cells


def _widest_row(path: Path | io.BytesIO | io.StringIO, encoding: str, separator: str, errors: str) -> int:
    if isinstance(path, io.StringIO):
        return max((len(row) for row in csv.reader(path, delimiter=separator)), default=1)
    if isinstance(path, io.BytesIO):
        text = io.StringIO(path.getvalue().decode(encoding, errors), newline="")
        return max((len(row) for row in csv.reader(text, delimiter=separator)), default=1)
    with open(path, encoding=encoding, errors=errors, newline="") as handle:
        return max((len(row) for row in csv.reader(handle, delimiter=separator)), default=1)


def _encoding(sample: bytes, name: str) -> tuple[str, str]:
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", sample[3:].decode("utf-8", "ignore")
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", sample.decode("utf-16", "ignore")
    try:
        return "utf-8", sample.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start > len(sample) - 4:  # a character cut off at the end of the sample
            return "utf-8", sample.decode("utf-8", "ignore")
        return "cp1252", sample.decode("cp1252", "replace")


def _separator(sample: str, suffix: str) -> str:
    """The separator that splits the first records into the most, equally long, fields."""
    best, best_score = ("\t" if suffix == ".tsv" else ","), 0.0
    for separator in SEPARATORS:
        try:
            rows = list(csv.reader(io.StringIO(sample), delimiter=separator))[:6]
        except csv.Error:
            continue
        if len(rows) > 2:
            rows = rows[:-1]  # the last record of the sample may be cut off
        widths = {len(row) for row in rows if row}
        if not widths:
            continue
        score = min(widths) if len(widths) == 1 else min(widths) * 0.5
        if score > best_score:
            best, best_score = separator, score
    return best
