"""The workbook's sheet writer as it was before the body rows became sheet XML: every cell an
openpyxl cell. Kept as the reference the new writer is compared with (test_excel_rows.py)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from kompasmetrics.report._atomic import safe_text
from kompasmetrics.report._excel_frame import (
    CHARACTERS_PER_LINE,
    HEADER_FILL,
    HEADER_FONT,
    LINE_HEIGHT,
    NARROW_SHEET,
    SCORE_COLOURS,
    SCORE_DECIMALS,
    STAT_DECIMALS,
    WIDE_TEXT,
    header,
    print_layout,
    texts,
)
from kompasmetrics.report._safe import is_formula_like, write_text_cell


def write_frame_with_cells(
    sheet, frame, *, language, labels, score_columns=(), stat_columns=(), wide_columns=()
) -> bytes:
    columns = list(frame.columns)
    score_set, stat_set, wide_set = set(score_columns), set(stat_columns), set(wide_columns)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    all_top = bool(wide_set) and len(columns) <= NARROW_SHEET
    words = {value: texts()["boolean"][str(value).lower()][language] for value in (True, False)}
    cells = [
        _column_cells(
            sheet,
            frame.iloc[:, j],
            words=words,
            decimals=SCORE_DECIMALS if name in score_set else STAT_DECIMALS if name in stat_set else None,
            wrap=wrap if name in wide_set else top if (j == 0 and wide_set) or all_top else None,
        )
        for j, name in enumerate(columns)
    ]
    headers = [header(str(name), language, labels) for name in columns]
    for j, (name, title, column) in enumerate(zip(columns, headers, cells, strict=True), start=1):
        if name in wide_set:
            width = WIDE_TEXT
        elif name in score_set or name in stat_set:
            longest_word = max(map(len, title.split()), default=0)
            width = min(18, max(8, longest_word + 3, min(16, len(title) * 0.9)))
        else:
            sample = [v.value if isinstance(v, Cell) else v for v in column[:500]]
            longest = max((len(str(v)) for v in sample if v is not None), default=4)
            width = min(40, max(longest, min(len(title), 24)) + 2)
        sheet.column_dimensions[get_column_letter(j)].width = width
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
    wide_positions = [j for j, name in enumerate(columns) if name in wide_set]
    for number, row in enumerate(zip(*cells, strict=True), start=2):
        if wide_positions:
            sheet.row_dimensions[number].height = _wrapped_height(row, wide_positions)
        sheet.append(row)
    last_row = max(len(frame) + 1, 2)
    for j, name in enumerate(columns, start=1):
        if name in score_set and len(frame):
            letter = get_column_letter(j)
            sheet.conditional_formatting.add(f"{letter}2:{letter}{last_row}", SCORE_COLOURS)
    return b""  # nothing to splice: the rows are in the sheet


def _wrapped_height(row, positions):
    lines = 1
    for j in positions:
        value = row[j].value if isinstance(row[j], Cell) else row[j]
        if isinstance(value, str):
            lines = max(lines, sum(math.ceil(max(len(part), 1) / CHARACTERS_PER_LINE) for part in value.split("\n")))
    return min(LINE_HEIGHT * lines + 3, 409)


def _column_cells(sheet, column, *, words, decimals, wrap):
    if wrap is not None and not pd.api.types.is_object_dtype(column.dtype):
        return [
            _aligned(sheet, value, wrap)
            for value in _column_cells(sheet, column, words=words, decimals=decimals, wrap=None)
        ]
    if pd.api.types.is_bool_dtype(column.dtype):
        return [None if value is pd.NA else words[bool(value)] for value in column.tolist()]
    if pd.api.types.is_numeric_dtype(column.dtype):
        if pd.api.types.is_integer_dtype(column.dtype) and decimals is None:
            return [None if value is pd.NA else int(value) for value in column.tolist()]
        numbers = column.to_numpy(dtype=float, na_value=np.nan)
        if decimals is not None:
            numbers = numbers.round(decimals)
        return [value if value - value == 0 else None for value in numbers.tolist()]
    return [_cell_value(sheet, value, words, wrap) for value in column.tolist()]


def _aligned(sheet, value, alignment):
    if value is None:
        return value
    cell = value if isinstance(value, Cell) else WriteOnlyCell(sheet, value=value)
    cell.alignment = alignment
    return cell


def _cell_value(sheet, value, words, wrap):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return words[bool(value)]
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if value - value == 0 else None
    text = safe_text(value if isinstance(value, str) else str(value))
    if wrap is None and not is_formula_like(text):
        return text
    cell = WriteOnlyCell(sheet)
    write_text_cell(cell, text)
    if wrap is not None:
        cell.alignment = wrap
    return cell
