"""Read an export file into a table of raw cells: formats, encodings, separators, sheets.

Every cell is kept as the file gives it (``dtype=object``, no missing-value guessing), with all
header rows, so the platform layer can read the headers and the row numbers stay those an analyst
sees in Excel. Workbooks are read with python-calamine through pandas (``engine="calamine"``);
openpyxl is the fallback for workbooks calamine cannot open.
"""

from __future__ import annotations

import csv
import io
import os
import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ._errors import ExportError, column_letter, column_number
from ._sheet_scan import SheetScan, check_archive, scan_sheet, stray_column, stray_rows

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
SPSS_SUFFIXES = {".sav", ".zsav"}
TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}
SEPARATORS = (",", ";", "\t")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_BYTES_PER_CELL = 120  # a Python object per cell plus the reader's own copy
_RANGE_BYTES_PER_CELL = 40  # calamine's own range of the sheet, before conversion
_TEXT_EXPANSION = 8  # memory of a CSV as object cells, per byte of file
_OBJECT_CELLS = 16_000_000  # above this, text files are read into categorical columns
_ZIP_ERRORS = (
    OSError,
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    ValueError,
    RuntimeError,
)


@dataclass
class RawTable:
    """The cells of one sheet or text file, header rows included.

    Attributes
    ----------
    cells : DataFrame
        ``dtype=object``, columns numbered from 0, one row per record (header rows first).
        Empty cells are ``""``.
    file : str
        The file name, as shown in messages.
    sheet : str or None
        The sheet read; None for CSV/TSV.
    kind : {"excel", "text"}
    notes : list of dict
        Report rows for decisions taken while reading (encoding, separator, reader used).
    merged : list of str
        Merged cell ranges of the sheet, e.g. ``"A1:C1"``.
    value_labels : dict
        SPSS files: column position -> {value: value label}.
    formulas_without_value, n_formulas
        Cells holding a formula with no computed value, and the number of formula cells.
    """

    cells: pd.DataFrame
    file: str
    sheet: str | None
    kind: str
    notes: list[dict] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    formulas_without_value: list[str] = field(default_factory=list)
    n_formulas: int = 0
    sheet_names: list[str] = field(default_factory=list)
    value_labels: dict[int, dict[object, str]] = field(default_factory=dict)


def read_cells(path: str | os.PathLike, sheet: str | int | None = None) -> RawTable:
    """Read every cell of an export file.

    Parameters
    ----------
    path : path-like
        An ``.xlsx``/``.xlsm``/``.xls``/``.ods`` workbook or a ``.csv``/``.tsv``/``.txt`` file.
    sheet : str or int, optional
        Sheet name or 0-based position; by default the first sheet (an error names the sheets
        with data when it is empty).

    Raises
    ------
    ExportError
        The file is missing, empty, not a spreadsheet, corrupt, password protected, too large for
        the memory of this computer, or the sheet does not exist or is empty.
    """
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise ExportError(
            f"Export file {str(path)!r} does not exist (or is a folder). Check the path; the "
            f"current folder is {os.getcwd()!r}.",
            file=name,
        )
    size = path.stat().st_size
    if size == 0:
        raise ExportError(
            f"{name} is empty (0 bytes). Export the responses again from the survey tool.",
            file=name,
        )
    with open(path, "rb") as handle:
        head = handle.read(4096)
    suffix = path.suffix.lower()
    if head.startswith((b"$FL2", b"$FL3")) or suffix in SPSS_SUFFIXES:
        if sheet is not None:
            raise ExportError(f"sheet={sheet!r} was given, but {name} is an SPSS file without sheets.", file=name)
        return _read_spss(path, size)
    if head.startswith(_OLE_MAGIC):
        with open(path, "rb") as handle:
            if _ENCRYPTED in handle.read():
                raise ExportError(
                    f"{name} is a password-protected workbook, which cannot be read. Open it in "
                    "Excel, "
                    "remove the password (File > Info > Protect Workbook > Encrypt with Password, "
                    "clear "
                    "the password), save it, and read the saved file.",
                    file=name,
                )
        return _read_excel(path, sheet, size)
    if head.startswith(b"PK\x03\x04"):
        return _read_excel(path, sheet, size)
    if sheet is not None:
        raise ExportError(
            f"sheet={sheet!r} was given, but {name} is a text (CSV) file without sheets. Leave out sheet=.",
            file=name,
        )
    if suffix in EXCEL_SUFFIXES:
        text_start = head.lstrip(b"\xef\xbb\xbf \r\n\t").lower()
        if text_start.startswith((b"<html", b"<!doctype", b"<?xml", b"<table")):
            raise ExportError(
                f"{name} has an Excel name but holds a web page (HTML/XML), not a workbook. Open "
                "it in "
                "Excel and save it as .xlsx, or export the responses as CSV.",
                file=name,
            )
        if b"\x00" in head.replace(b"\x00\x00", b"") and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise _not_excel(name)
    elif b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _not_excel(name)
    table = _read_text(path, size)
    if suffix in EXCEL_SUFFIXES:
        table.notes.append(_note(f"{suffix} file holds text, not a workbook", "read as CSV/TSV text"))
    return table


def _read_spss(path: Path, size: int) -> RawTable:
    """An SPSS ``.sav``/``.zsav`` file (pyreadstat) as cells: row 1 the variable names (the export
    tags), row 2 the variable labels (the question texts; the name where a variable has none), then
    the data with SPSS' user-defined missing values as blanks. The value labels are kept per column
    so that the importer can decode by label (:attr:`RawTable.value_labels`)."""
    import pyreadstat

    name = path.name
    _check_memory(name, size * _TEXT_EXPANSION, "this SPSS file")
    try:
        data, meta = pyreadstat.read_sav(str(path), user_missing=False)
    except MemoryError as err:
        raise ExportError(
            f"{name} is too large for the memory of this computer. Split the export and read the parts with "
            "km.read_surveys([...]).",
            file=name,
        ) from err
    except Exception as err:  # pyreadstat raises its own ReadstatError and others for a damaged file
        raise ExportError(
            f"{name} cannot be read as an SPSS file ({type(err).__name__}: {err}). Export the responses again "
            "as .sav, or as .xlsx or .csv.",
            file=name,
        ) from err
    names = list(meta.column_names)
    labels = [label if label else column for column, label in zip(names, meta.column_labels, strict=True)]
    body = data.astype(object).where(data.notna(), None).to_numpy(dtype=object)
    cells = pd.DataFrame([names, labels, *body], dtype=object)
    cells.columns = range(cells.shape[1])
    if len(cells) <= 2 and not names:
        raise ExportError(f"{name} has no variables: the SPSS file is empty. Export the responses again.", file=name)
    value_labels = {
        names.index(column): {value: str(label) for value, label in mapping.items()}
        for column, mapping in (meta.variable_value_labels or {}).items()
        if column in names
    }
    notes = [_note("SPSS file", f"{len(names)} variables, {len(data)} cases; value labels of {len(value_labels)}")]
    return RawTable(cells=cells, file=name, sheet=None, kind="spss", notes=notes, value_labels=value_labels)


def _not_excel(name: str) -> ExportError:
    return ExportError(
        f"{name} is not an Excel workbook or a CSV/TSV file, or it is corrupt. Export the "
        "responses "
        "again from the survey tool as .xlsx or .csv; if the file came by e-mail, download it "
        "again.",
        file=name,
    )


def _note(problem: str, action: str, value: object = None) -> dict:
    return {"row": None, "column": None, "value": value, "problem": problem, "action": action}


def available_memory() -> int | None:
    """Bytes of memory available to this process now, or None when unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def _check_memory(name: str, needed: int, what: str) -> None:
    available = available_memory()
    if available is not None and needed > available:
        raise ExportError(
            f"{name} is too large for the memory of this computer: reading {what} needs about "
            f"{needed / 2**30:.1f} GB, and {available / 2**30:.1f} GB is free. Export fewer "
            "columns "
            "(only the questions, no display or timing columns), or split the export (for example "
            "one file per partnership) and read the files with km.read_surveys([...]).",
            file=name,
        )


# ------------------------------------------------------------------------------------------------
# workbooks
# ------------------------------------------------------------------------------------------------


def _read_excel(path: Path, sheet: str | int | None, size: int) -> RawTable:
    """Read a workbook with python-calamine, the reader of ``pd.read_excel(engine="calamine")``.

    The cells are taken from calamine as they are (numbers as floats, dates as datetimes), without
    pandas' per-cell conversion, which would double the reading time; openpyxl (through pandas)
    reads the workbooks calamine cannot open.
    """
    import python_calamine

    name = path.name
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError as err:
        raise ExportError(
            f"{name} is a password-protected workbook. Remove the password in Excel "
            "(File > Info > Protect Workbook), save, and read the saved file.",
            file=name,
        ) from err
    except Exception as calamine_error:
        return _read_excel_openpyxl(path, sheet, calamine_error)
    names = [str(n) for n in book.sheet_names]
    chosen = _choose_sheet(name, names, sheet)
    is_zip = zipfile.is_zipfile(path)
    scan, nrows, notes = None, None, []
    if is_zip:
        scan, nrows, notes = _scan_before_reading(path, name, chosen)
    try:
        worksheet = book.get_sheet_by_name(chosen)
        rows = worksheet.to_python(skip_empty_area=False, **({"nrows": nrows} if nrows else {}))
        merged = [
            f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"
            for (r0, c0), (r1, c1) in (worksheet.merged_cell_ranges or [])
        ]
        cells = pd.DataFrame(rows, dtype=object)
    except MemoryError as err:
        raise ExportError(
            f"{name} (sheet {chosen!r}) is too large for the memory of this computer. "
            "Split the export and read the parts with km.read_surveys([...]).",
            file=name,
            sheet=chosen,
        ) from err
    except Exception as err:
        raise ExportError(
            f"Sheet {chosen!r} of {name} cannot be read ({type(err).__name__}: {err}); the "
            "workbook is probably corrupt. Open it in Excel and save it again, or export the "
            "responses again.",
            file=name,
            sheet=chosen,
        ) from err
    cells.columns = range(cells.shape[1])
    table = RawTable(cells=cells, file=name, sheet=chosen, kind="excel", merged=merged, sheet_names=names, notes=notes)
    if scan is not None:
        table.formulas_without_value, table.n_formulas = scan.formulas_without_value, scan.n_formulas
    if table.cells.empty or not _has_content(table.cells):
        others = [s for s in names if s != chosen and _calamine_sheet_has_data(book, s)]
        _raise_empty(name, chosen, others)
    return table


def sheets_with_data(path: str | os.PathLike) -> list[str]:
    """The sheets of a workbook that hold any cell in their first rows, in workbook order; empty
    for a text file."""
    import python_calamine

    path = Path(path)
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        return []
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception:  # the import itself says what is wrong with the file
        return []
    return [str(s) for s in book.sheet_names if _calamine_sheet_has_data(book, str(s))]


def _scan_before_reading(path: Path, name: str, chosen: str) -> tuple[SheetScan | None, int | None, list[dict]]:
    """Check a workbook sheet before calamine allocates it (:mod:`._sheet_scan`): refuse an archive
    bomb, a stray cell far to the right and an extent beyond memory; read only down to the data
    when a stray cell lies far below it (reported). Returns the scan, the rows to read (None: all)
    and the notes for the report."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, chosen)
        if part is None:
            _check_memory(name, _estimated_cells(path, chosen) * _BYTES_PER_CELL, f"sheet {chosen!r}")
            return None, None, []
        check_archive(path, part)
        scan = scan_sheet(path, part)
    except ExportError:
        raise
    except _ZIP_ERRORS:  # calamine read the archive; the checks fall back to the size estimate
        _check_memory(name, _estimated_cells(path, chosen) * _BYTES_PER_CELL, f"sheet {chosen!r}")
        return None, None, []
    far = stray_column(scan)
    if far:
        raise ExportError(
            f"Sheet {chosen!r} of {name} has a cell far to the right of the data: {far}. Reading it would "
            "make the sheet billions of cells wide. Delete that column (or clear the cell), save, and read "
            "the file again.",
            file=name,
            sheet=chosen,
        )
    stray = stray_rows(scan)
    notes = []
    rows = scan.max_row
    if stray:
        rows, first = stray
        notes.append(
            _note(
                f"cells from row {first} on lie far below the data (which ends at row {rows}): a stray cell",
                f"read down to row {rows} only; the cells below are left out",
                first,
            )
        )
    # calamine holds the sheet's whole range (about 40 bytes a cell) before any row is converted;
    # the conversion then costs _BYTES_PER_CELL for each cell of the rows read
    _check_memory(
        name, scan.max_row * scan.max_column * _RANGE_BYTES_PER_CELL, f"sheet {chosen!r} up to cell {scan.far_cell}"
    )
    _check_memory(name, rows * scan.max_column * _BYTES_PER_CELL, f"sheet {chosen!r} ({rows:,} rows)")
    return scan, rows if stray else None, notes


def _raise_empty(name: str, chosen: str, others: list[str]) -> None:
    hint = (
        f" Sheet(s) with data: {', '.join(repr(s) for s in others)}; pass sheet={others[0]!r}."
        if others
        else " No other sheet has data either: export the responses again."
    )
    raise ExportError(f"Sheet {chosen!r} of {name} is empty.{hint}", file=name, sheet=chosen)


def _calamine_sheet_has_data(book, sheet: str) -> bool:
    try:
        rows = book.get_sheet_by_name(sheet).to_python(nrows=5)
    except Exception:
        return False
    return any(_is_filled(v) for row in rows for v in row)


def _read_excel_openpyxl(path: Path, sheet: str | int | None, calamine_error: Exception) -> RawTable:
    name = path.name
    try:
        book = pd.ExcelFile(path, engine="openpyxl")
    except Exception as openpyxl_error:
        raise _not_excel(name) from openpyxl_error
    with book:
        names = [str(n) for n in book.sheet_names]
        chosen = _choose_sheet(name, names, sheet)
        cells = _parse_sheet(book, chosen, name, "openpyxl")
        table = RawTable(
            cells=cells,
            file=name,
            sheet=chosen,
            kind="excel",
            sheet_names=names,
            notes=[_note(f"calamine could not open the workbook ({calamine_error})", "read with openpyxl")],
        )
        if table.cells.empty or not _has_content(table.cells):
            _raise_empty(name, chosen, [s for s in names if s != chosen and _sheet_has_data(book, s)])
    return table


def _parse_sheet(book: pd.ExcelFile, sheet: str, name: str, engine: str) -> pd.DataFrame:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cells = book.parse(sheet, header=None, dtype=object, na_filter=False)
    except MemoryError as err:
        raise ExportError(
            f"{name} (sheet {sheet!r}) is too large for the memory of this computer. "
            "Split the export and read the parts with km.read_surveys([...]).",
            file=name,
            sheet=sheet,
        ) from err
    except Exception as err:
        raise ExportError(
            f"Sheet {sheet!r} of {name} cannot be read ({type(err).__name__}: {err}); the "
            f"workbook is probably corrupt (reader: {engine}). Open it in Excel and save it "
            "again, or export the responses again.",
            file=name,
            sheet=sheet,
        ) from err
    cells.columns = range(cells.shape[1])
    return cells.reset_index(drop=True)


def _choose_sheet(name: str, names: list[str], sheet: str | int | None) -> str:
    if not names:
        raise ExportError(f"{name} has no sheets. Export the responses again.", file=name)
    if sheet is None:
        return names[0]
    if isinstance(sheet, int) and not isinstance(sheet, bool):
        if 0 <= sheet < len(names):
            return names[sheet]
        raise ExportError(
            f"sheet={sheet} is not a sheet of {name}: it has {len(names)} sheet(s), "
            f"{', '.join(repr(s) for s in names)} (positions 0 to {len(names) - 1}).",
            file=name,
        )
    if str(sheet) in names:
        return str(sheet)
    folded = {s.casefold().strip(): s for s in names}
    if str(sheet).casefold().strip() in folded:
        return folded[str(sheet).casefold().strip()]
    raise ExportError(
        f"{name} has no sheet {sheet!r}. Its sheets: {', '.join(repr(s) for s in names)}. Pass one of these as sheet=.",
        file=name,
    )


def _has_content(cells: pd.DataFrame) -> bool:
    return bool(cells.map(_is_filled).to_numpy().any()) if cells.size < 10_000 else True


def _is_filled(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and value != value:
        return False
    return str(value).strip() != ""


def _sheet_has_data(book: pd.ExcelFile, sheet: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cells = book.parse(sheet, header=None, dtype=object, na_filter=False, nrows=5)
    except Exception:
        return False
    return not cells.empty and _has_content(cells)


_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+([0-9]+)(?::([A-Z]+)([0-9]+))?"')


def _estimated_cells(path: Path, sheet: str) -> int:
    """Cells of a sheet from its <dimension> element, or from the size of its XML."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, sheet)
            if part is None:
                return 0
            with archive.open(part) as stream:
                dimension = _DIMENSION.search(stream.read(4096))
            if dimension and dimension.group(2):
                return int(dimension.group(3)) * column_number(dimension.group(2).decode())
            return archive.getinfo(part).file_size // 30  # about 30 bytes of XML per cell
    except _ZIP_ERRORS:
        return 0


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    try:
        workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return None
    rel_id = None
    for match in re.finditer(r"<(?:\w+:)?sheet\b([^>]*)/?>", workbook):
        attributes = dict(re.findall(r'([\w:]+)="([^"]*)"', match.group(1)))
        if _xml_unescape(attributes.get("name", "")) == sheet:
            rel_id = next((v for k, v in attributes.items() if k.endswith(":id")), None)
            break
    if rel_id is None:
        return None
    for match in re.finditer(r"<Relationship\b([^>]*)/?>", rels):
        attributes = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1)))
        if attributes.get("Id") == rel_id:
            target = attributes.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def _xml_unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


# ------------------------------------------------------------------------------------------------
# text files
# ------------------------------------------------------------------------------------------------


def _read_text(path: Path, size: int) -> RawTable:
    name = path.name
    _check_memory(name, size * _TEXT_EXPANSION, "this text file")
    notes: list[dict] = []
    with open(path, "rb") as handle:
        sample_bytes = handle.read(1 << 16)
    encoding, sample = _encoding(sample_bytes, name)
    if encoding == "cp1252":
        notes.append(_note("file is not valid UTF-8", "read as Windows-1252 (West European)", "cp1252"))
    separator = _separator(sample, path.suffix.lower())
    if separator != ",":
        notes.append(
            _note(
                "separator detected",
                "columns split on " + {"\t": "tab", ";": "';'"}[separator],
                separator,
            )
        )
    as_categories = _estimated_text_cells(sample, separator, size) > _OBJECT_CELLS
    source: Path | io.BytesIO = path
    if b"\r\r\n" in sample_bytes:
        # CR CR LF: a file saved twice through a line-ending conversion; read as it was meant, one
        # line break each, instead of a blank line after every row (which shifts the header rows)
        source = io.BytesIO(path.read_bytes().replace(b"\r\r\n", b"\r\n"))
        notes.append(_note("line endings CR CR LF (a damaged file)", "each read as one line break", "\\r\\r\\n"))
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
    if cells.empty or not _has_content(cells):
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
    notes = [
        {
            "row": line,
            "column": None,
            "value": None,
            "problem": "bytes that are not UTF-8 in a UTF-8 file",
            "action": "read as Windows-1252 (West European); check the accents of this row",
        }
        for line in lines[:200]
    ]
    if len(lines) > 200:
        notes.append(_note(f"{len(lines) - 200} more rows with bytes that are not UTF-8", "read as Windows-1252"))
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
    data = source.getvalue() if isinstance(source, io.BytesIO) else None
    if data is None:
        if size > _SCAN_WHOLE_FILE and many not in sample:
            return source
        data = source.read_bytes()
    if many not in data or not run.search(data):
        return source
    trimmed, count = run.subn(b"", data)
    notes.append(
        _note(
            f"{count} line(s) end in {_TRAILING_RUN} or more empty fields",
            "the empty fields at the end of those lines dropped",
        )
    )
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
        if isinstance(path, io.BytesIO):
            path.seek(0)
        width = _widest_row(path, encoding, separator, errors)
        if isinstance(path, io.BytesIO):
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


def _widest_row(path: Path | io.BytesIO, encoding: str, separator: str, errors: str) -> int:
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
    best, best_score = ("\t" if suffix == ".tsv" else ","), 0
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
