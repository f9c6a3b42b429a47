"""What a workbook sheet really holds, found from its XML before the reader allocates anything.

python-calamine allocates the sheet's whole range, from the first to the last cell reference, and a
failed allocation aborts the interpreter (no ``try`` can catch it). A single cell in ``XFD1048576``
makes that range 17 billion cells; an archive of 6 MB can expand to gigabytes of empty rows. So
before calamine reads a sheet, the archive's declared sizes are checked, and the sheet's XML is
streamed once to find its true extent (the row and cell references), a stray cell far from the
data, and the formula cells without a computed value (reported by the importer).

One pass over the decompressed XML: a 20,000 x 113 export (120 MB of XML) takes about 0.4 s, most
of it decompression. The extent comes from the last cell of each row (empty ``<row>`` elements
hold no cells and cost the reader nothing); a cell reference with three column letters or seven row digits anywhere in
a chunk (far out, or cells out of order) sends that chunk through a full scan of every reference.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ._errors import ExportError, column_letter, column_number

MAX_RATIO = 100
"""Uncompressed / compressed size of a sheet above which an archive is a bomb: the XML of real
exports compresses 5 to 20 times."""
MAX_PLAIN_BYTES = 200 * 2**20
"""...when the sheet also expands beyond this (a small sheet may compress well)."""
STRAY_ROWS = 10_000
"""A last row this far below the row before it (and more than ten times as far down) holds a stray
cell, not data."""

_ROW_END = re.compile(rb"</row>")
_LAST_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
_FAR = re.compile(rb'<c r="(?:[A-Z]{3}|[A-Z]{1,2}[0-9]{7})')
_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(?:/>|>(.*?)</c>)', re.S)
_FORMULA = re.compile(rb"<f[ >/]")
_VALUE = re.compile(rb"<v>([^<]*)</v>|<is>")


@dataclass
class SheetScan:
    """The extent and formula cells of one sheet (1-based rows and columns)."""

    max_row: int = 0
    max_column: int = 0
    far_cell: str = ""  # the reference of the cell that sets the extent
    formulas_without_value: list[str] = field(default_factory=list)
    n_formulas: int = 0
    row_columns: dict[int, int] = field(default_factory=dict)  # row -> its last column

    @property
    def data_rows(self) -> list[int]:
        """The rows holding cells, ascending."""
        return sorted(self.row_columns)

    @property
    def cells(self) -> int:
        return self.max_row * self.max_column


def check_archive(path: Path, part: str) -> None:
    """Refuse a sheet whose declared uncompressed size is a bomb (see :data:`MAX_RATIO`)."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(part)
    packed = max(info.compress_size, 1)
    if info.file_size > MAX_PLAIN_BYTES and info.file_size / packed > MAX_RATIO:
        raise ExportError(
            f"{path.name} is not a normal export: its sheet expands {info.file_size / packed:.0f}-fold, from "
            f"{packed / 2**20:.1f} MB to {info.file_size / 2**30:.1f} GB (real exports compress 5 to 20 times). "
            "It may be damaged or built to exhaust memory. Open it in Excel and save it again, or export "
            "the responses again.",
            file=path.name,
        )


def scan_sheet(path: Path, part: str) -> SheetScan:
    """Stream the sheet's XML once: its extent, its rows with cells, its formula cells."""
    scan = SheetScan()
    with zipfile.ZipFile(path) as archive, archive.open(part) as stream:
        carry = b""
        while True:
            chunk = stream.read(1 << 22)
            buffer = carry + chunk if carry else chunk
            cut = buffer.rfind(b"</row>") if chunk else len(buffer)
            end = cut + len(b"</row>") if chunk and cut >= 0 else len(buffer)
            _scan_chunk(buffer, end, scan)
            carry = buffer[end:]
            if not chunk:
                break
    return scan


def _scan_chunk(buffer: bytes, end: int, scan: SheetScan) -> None:
    start = 0
    for match in _ROW_END.finditer(buffer, 0, end):
        last = buffer.rfind(b'<c r="', start, match.start())
        if last >= 0:
            cell = _LAST_CELL.match(buffer, last)
            if cell:
                _note_cell(scan, cell.group(1), cell.group(2))
        start = match.end()
    if _FAR.search(buffer, 0, end):  # far out or out of order: every reference counts
        for cell in _LAST_CELL.finditer(buffer, 0, end):
            _note_cell(scan, cell.group(1), cell.group(2))
    if buffer.find(b"<f", 0, end) >= 0 and _FORMULA.search(buffer, 0, end):
        for cell in _CELL.finditer(buffer, 0, end):
            inner = cell.group(3) or b""
            if _FORMULA.search(inner):
                scan.n_formulas += 1
                value = _VALUE.search(inner)
                empty = value is None or (value.group(1) is not None and value.group(1) == b"")
                if empty and len(scan.formulas_without_value) < 1000:
                    scan.formulas_without_value.append((cell.group(1) + cell.group(2)).decode())


def _note_cell(scan: SheetScan, letters: bytes, digits: bytes) -> None:
    column, row = column_number(letters.decode()), int(digits)
    if column > scan.row_columns.get(row, 0):
        scan.row_columns[row] = column
    if column > scan.max_column or row > scan.max_row:
        scan.far_cell = f"{letters.decode()}{row}"
    scan.max_column = max(scan.max_column, column)
    scan.max_row = max(scan.max_row, row)


def stray_rows(scan: SheetScan) -> tuple[int, int] | None:
    """(rows to read, first stray row) when the last rows with cells lie far below the data."""
    rows = scan.data_rows
    if len(rows) < 2:
        return None
    for i in range(len(rows) - 1, 0, -1):
        gap = rows[i] - rows[i - 1]
        if gap > STRAY_ROWS and rows[i] > 10 * rows[i - 1]:
            return rows[i - 1], rows[i]
    return None


def stray_column(scan: SheetScan) -> str | None:
    """The far cell when the widest row reaches far beyond every other row (a stray cell): its
    column is ten times the next widest row's and beyond column ALL (1000)."""
    columns = sorted(scan.row_columns.values())
    if len(columns) < 2 or scan.max_column < 1000:
        return None
    second = columns[-2]
    if scan.max_column > 10 * max(second, 1):
        where = (
            f"column {column_letter(scan.max_column - 1)}, while the data ends at column {column_letter(second - 1)}"
        )
        return f"{scan.far_cell} ({where})"
    return None


__all__ = ["SheetScan", "check_archive", "scan_sheet", "stray_column", "stray_rows"]
