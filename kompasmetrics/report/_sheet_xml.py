"""The body rows of the workbook's data sheets, written as SpreadsheetML text.

openpyxl builds and serialises an element for every cell: for the 20,000-respondent portfolio
(about 216,000 cells) that was 2.2 s of CPU, more than the rest of the workbook and as much as
reading the export. XlsxWriter (``constant_memory``) wrote the same 216,000 plain cells in
0.79 s against openpyxl's 1.42 s: half, not enough for the report's target (within 2x of the bare
read of the export). So openpyxl still writes the package: styles, the header row, column
widths, frozen panes, print layout, conditional formats, defined names and the about sheet. The
body rows of each data sheet are formatted here, column by column, as the very elements that
openpyxl's write-only mode writes (``<c r="B2" s="3" t="inlineStr"><is><t>..</t></is></c>``,
numbers as ``t="n"``, missing values as no cell at all), with style ids registered in openpyxl's
own style table, and spliced into the sheet's ``<sheetData>`` when the package is copied to its
(temporary) file.

A text that could run as a formula is stored as an inline string, never an ``<f>``, with the
quote prefix in its style (see ``_safe.py``). Characters XML 1.0 cannot carry (controls other than
tab, line feed and carriage return; openpyxl refused them) become U+FFFD, as lone surrogates do in
``safe_text``; a text is cut at 32,767 characters, the most a cell holds.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment

from ._safe import is_formula_like

_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
LONGEST_TEXT = 32767  # characters in one cell (Excel's limit; openpyxl cuts there too)
COMPRESSION_LEVEL = 1  # sheet XML is repetitive: level 1 is within 15% of level 6's size at a third of its time


def style_id(sheet, *, alignment: Alignment | None = None, quote_prefix: bool = False) -> int:
    """The id of a cell style in the workbook's style table (registered there if new)."""
    if alignment is None and not quote_prefix:
        return 0
    cell = WriteOnlyCell(sheet)
    if alignment is not None:
        cell.alignment = alignment
    if quote_prefix:
        cell.quotePrefix = True
    return cell.style_id


def _text(value: str) -> str:
    text = value[:LONGEST_TEXT].translate(_ESCAPES)
    if _NOT_IN_XML.search(text):
        text = _NOT_IN_XML.sub("\ufffd", text)
    space = ' xml:space="preserve"' if text.strip() != text else ""
    return f"<is><t{space}>{text}</t></is>"


def column_xml(
    letter: str, values: Sequence[object], *, text_style: int, number_style: int, quoted_style: int
) -> list[str]:
    """The ``<c>`` element of each value (rows 2, 3, ...), ``""`` where the value is None.

    ``values`` hold None, str, int or float only (finite).
    """
    cells = []
    for row, value in enumerate(values, start=2):
        if value is None:
            cells.append("")
        elif isinstance(value, str):
            style = quoted_style if is_formula_like(value) else text_style
            attribute = f' s="{style}"' if style else ""
            text = _text(value) if value else ""  # openpyxl writes an empty text as an empty cell of its type
            cells.append(f'<c r="{letter}{row}"{attribute} t="inlineStr">{text}</c>')
        else:
            attribute = f' s="{number_style}"' if number_style else ""
            cells.append(f'<c r="{letter}{row}"{attribute} t="n"><v>{value!r}</v></c>')
    return cells


def rows_xml(columns: Sequence[list[str]], heights: Sequence[float] | None) -> bytes:
    """The ``<row>`` elements from row 2 on, each with its height when ``heights`` are given."""
    rows = []
    for number, cells in enumerate(zip(*columns, strict=True), start=2):
        height = f' ht="{heights[number - 2]!r}" customHeight="1"' if heights is not None else ""
        rows.append(f'<row r="{number}"{height}>{"".join(cells)}</row>')
    return "".join(rows).encode("utf-8")


def write_package(package: io.BytesIO, bodies: dict[str, bytes], path: Path) -> None:
    """Copy the package openpyxl wrote to ``path``, appending ``bodies[member]`` (rows) to the
    ``<sheetData>`` of each sheet named there (``xl/worksheets/sheetN.xml``)."""
    package.seek(0)
    with (
        zipfile.ZipFile(package) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESSION_LEVEL) as target,
    ):
        for member in source.infolist():
            data = source.read(member)
            if member.filename in bodies:
                end = data.rindex(b"</sheetData>")
                data = b"".join((data[:end], bodies[member.filename], data[end:]))
            target.writestr(member, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=COMPRESSION_LEVEL)
