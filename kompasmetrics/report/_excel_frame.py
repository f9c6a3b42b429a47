"""One table as a sheet of the workbook: header, widths, frozen panes, print layout, colours, rows.

openpyxl writes the sheet's settings and its header row; the body rows are formatted by
``_sheet_xml`` (text, not cell objects: the workbook's largest cost before) and returned, to be
spliced into the package when it is saved.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..texts import entry
from ._atomic import safe_text
from ._safe import write_text_cell
from ._sheet_xml import column_xml, rows_xml, style_id

HEADER_FILL = PatternFill("solid", start_color="1F3A5F")
HEADER_FONT = Font(bold=True, color="FFFFFF")
SCORE_DECIMALS = 1
STAT_DECIMALS = 3
WIDE_TEXT = 70
NARROW_SHEET = 15  # columns: a sheet this narrow gets every cell top-aligned beside wrapped text
# A colour-blind-safe diverging scale (ColorBrewer RdYlBu): red low, pale yellow at 50, blue high.
SCORE_COLOURS = ColorScaleRule(
    start_type="num",
    start_value=0,
    start_color="F4A582",
    mid_type="num",
    mid_value=50,
    mid_color="FFFFE5",
    end_type="num",
    end_value=100,
    end_color="92C5DE",
)
PAGE_WIDTH = 130  # column-width units across one landscape A4 page at full size
SMALLEST_PRINT = 0.6  # columns are shrunk to at most this scale before a sheet takes a second page
LINE_HEIGHT = 15  # points per line of 11-point text
CHARACTERS_PER_LINE = int(WIDE_TEXT * 1.15)  # prose is narrower than the digit '0' that sets a column's width
A4 = "9"  # the paper-size code of the file format


def texts() -> Any:
    """The whole of the catalogue's ``workbook.yaml`` (read-only)."""
    return entry("workbook")


def header(name: str, language: str, labels: dict[str, str]) -> str:
    if name in labels:
        return labels[name]
    known = texts()["columns"].get(name)
    return known[language] if known else name


def write_frame(
    sheet,
    frame: pd.DataFrame,
    *,
    language: str,
    labels: dict[str, str],
    score_columns=(),
    stat_columns=(),
    wide_columns=(),
) -> bytes:
    """Write ``frame``'s header and settings into ``sheet``; return its body rows (row 2 on) as
    SpreadsheetML for :func:`kompasmetrics.report._sheet_xml.write_package`."""
    columns = list(frame.columns)
    score_set, stat_set, wide_set = set(score_columns), set(stat_columns), set(wide_columns)
    wrap = Alignment(wrap_text=True, vertical="top")
    # beside rows of wrapped text every cell of a narrow sheet starts at the top; on a wide one
    # (the partnerships' 30 and more columns) only the first
    top = Alignment(vertical="top")
    all_top = bool(wide_set) and len(columns) <= NARROW_SHEET
    words = {value: texts()["boolean"][str(value).lower()][language] for value in (True, False)}
    values = [
        column_values(
            frame.iloc[:, j],
            words=words,
            decimals=SCORE_DECIMALS if name in score_set else STAT_DECIMALS if name in stat_set else None,
        )
        for j, name in enumerate(columns)
    ]
    headers = [header(str(name), language, labels) for name in columns]
    for j, (name, title, column) in enumerate(zip(columns, headers, values, strict=True), start=1):
        sheet.column_dimensions[get_column_letter(j)].width = _width(
            title, column, wide=name in wide_set, number=name in score_set or name in stat_set
        )
    sheet.freeze_panes = "B2" if columns and columns[0] == "partnership" else "A2"
    print_layout(
        sheet,
        repeat_first_column=bool(columns) and columns[0] == "partnership",
        width=sum(sheet.column_dimensions[get_column_letter(j)].width for j in range(1, len(columns) + 1)),
    )

    header_row = []
    for title in headers:
        cell = WriteOnlyCell(sheet)
        write_text_cell(cell, title)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header_row.append(cell)
    sheet.row_dimensions[1].height = 45
    sheet.append(header_row)

    cells = []
    for j, name in enumerate(columns):
        alignment = wrap if name in wide_set else top if (j == 0 and wide_set) or all_top else None
        text_style = style_id(sheet, alignment=alignment)
        # a column of mixed types (object) aligns its texts only, as openpyxl's cells did
        mixed = pd.api.types.is_object_dtype(frame.dtypes.iloc[j])
        cells.append(
            column_xml(
                get_column_letter(j + 1),
                values[j],
                text_style=text_style,
                number_style=0 if mixed else text_style,
                quoted_style=style_id(sheet, alignment=alignment, quote_prefix=True),
            )
        )
    wide_positions = [j for j, name in enumerate(columns) if name in wide_set]
    heights = [wrapped_height(row, wide_positions) for row in zip(*values, strict=True)] if wide_positions else None
    last_row = max(len(frame) + 1, 2)
    for j, name in enumerate(columns, start=1):
        if name in score_set and len(frame):
            letter = get_column_letter(j)
            sheet.conditional_formatting.add(f"{letter}2:{letter}{last_row}", SCORE_COLOURS)
    return rows_xml(cells, heights)


def _width(title: str, column: list, *, wide: bool, number: bool) -> float:
    if wide:
        return WIDE_TEXT
    if number:
        # wide enough for the header's longest word: wrapped headers never break inside a word
        longest_word = max(map(len, title.split()), default=0)
        return min(18, max(8, longest_word + 3, min(16, len(title) * 0.9)))
    longest = max((len(str(v)) for v in column[:500] if v is not None), default=4)
    return min(40, max(longest, min(len(title), 24)) + 2)


def print_layout(sheet, *, repeat_first_column: bool, width: float = PAGE_WIDTH) -> None:
    """Print as a person reads it: landscape A4, the header row on every page and the
    partnership column too; columns fit the width of one page, or of as many pages side by side
    as keep the text readable (all the scales of a portfolio on one page would be 4-point type)."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = A4
    sheet.page_setup.fitToWidth = max(1, math.ceil(width * SMALLEST_PRINT / PAGE_WIDTH))
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.print_title_rows = "1:1"
    if repeat_first_column:
        sheet.print_title_cols = "A:A"
    sheet.oddFooter.center.text = "&P / &N"


def wrapped_height(row: tuple, positions: list[int]) -> float:
    """Height of a row whose wrapped text columns (``WIDE_TEXT`` characters wide) need several
    lines: spreadsheets do not grow a row that a file gives no height, so long texts overlapped
    the next row when printed."""
    lines = 1
    for j in positions:
        value = row[j]
        if isinstance(value, str):
            lines = max(lines, sum(math.ceil(max(len(part), 1) / CHARACTERS_PER_LINE) for part in value.split("\n")))
    return min(LINE_HEIGHT * lines + 3, 409)  # Excel's largest row height


def column_values(column: pd.Series, *, words: dict[bool, str], decimals: int | None) -> list:
    """One column as the values a cell holds: None where missing, yes/no as ``words``
    (LibreOffice shows Excel's booleans as 0 and 1), numbers rounded to ``decimals`` (finite
    only), anything else as text (without lone surrogates)."""
    if pd.api.types.is_bool_dtype(column.dtype):
        return [None if value is pd.NA else words[bool(value)] for value in column.tolist()]
    if pd.api.types.is_numeric_dtype(column.dtype):
        if pd.api.types.is_integer_dtype(column.dtype) and decimals is None:
            return [None if value is pd.NA else int(value) for value in column.tolist()]
        numbers = column.to_numpy(dtype=float, na_value=np.nan)
        if decimals is not None:
            numbers = numbers.round(decimals)
        return [value if value - value == 0 else None for value in numbers.tolist()]
    return [_value(value, words) for value in column.tolist()]


def _value(value: object, words: dict[bool, str]) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return words[bool(value)]
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if value - value == 0 else None
    return safe_text(value if isinstance(value, str) else str(value))
