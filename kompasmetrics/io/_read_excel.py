"""Workbooks (``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``) as raw cells.

python-calamine reads them, as ``pd.read_excel(engine="calamine")`` does; openpyxl (through pandas)
reads the workbooks calamine cannot open. A sheet is checked before it is read
(:mod:`._sheet_scan`), so an archive bomb or a stray cell far from the data cannot exhaust memory.
"""

from __future__ import annotations

import os
import re
import warnings
import zipfile
import zlib
from pathlib import Path

import pandas as pd

from ._errors import ExportError, column_letter, column_number
from ._raw import EXCEL_SUFFIXES, RawTable, check_memory, has_content, is_filled, not_a_spreadsheet
from ._report import noted
from ._sheet_scan import SheetScan, check_archive, scan_sheet, stray_column, stray_rows

_BYTES_PER_CELL = 120  # a Python object per cell plus the reader's own copy
_RANGE_BYTES_PER_CELL = 40  # calamine's own range of the sheet, before conversion
_ZIP_ERRORS = (
    OSError,
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    ValueError,
    RuntimeError,
)


def read_excel(path: Path, sheet: str | int | None, size: int) -> RawTable:
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
    scan: SheetScan | None = None
    nrows: int | None = None
    notes: list[dict] = []
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
    if table.cells.empty or not has_content(table.cells):
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
            check_memory(name, _estimated_cells(path, chosen) * _BYTES_PER_CELL, f"sheet {chosen!r}")
            return None, None, []
        check_archive(path, part)
        scan = scan_sheet(path, part)
    except ExportError:
        raise
    except _ZIP_ERRORS:  # calamine read the archive; the checks fall back to the size estimate
        check_memory(name, _estimated_cells(path, chosen) * _BYTES_PER_CELL, f"sheet {chosen!r}")
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
        notes.append(noted(None, None, first, "stray_cells", first=first, rows=rows))
    # calamine holds the sheet's whole range (about 40 bytes a cell) before any row is converted;
    # the conversion then costs _BYTES_PER_CELL for each cell of the rows read
    check_memory(
        name, scan.max_row * scan.max_column * _RANGE_BYTES_PER_CELL, f"sheet {chosen!r} up to cell {scan.far_cell}"
    )
    check_memory(name, rows * scan.max_column * _BYTES_PER_CELL, f"sheet {chosen!r} ({rows:,} rows)")
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
    return any(is_filled(v) for row in rows for v in row)


def _read_excel_openpyxl(path: Path, sheet: str | int | None, calamine_error: Exception) -> RawTable:
    name = path.name
    try:
        book = pd.ExcelFile(path, engine="openpyxl")
    except Exception as openpyxl_error:
        raise not_a_spreadsheet(name) from openpyxl_error
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
            notes=[noted(None, None, None, "calamine_failed", error=str(calamine_error))],
        )
        if table.cells.empty or not has_content(table.cells):
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


def _sheet_has_data(book: pd.ExcelFile, sheet: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cells = book.parse(sheet, header=None, dtype=object, na_filter=False, nrows=5)
    except Exception:
        return False
    return not cells.empty and has_content(cells)


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
