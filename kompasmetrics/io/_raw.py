"""The raw table of cells every reader returns, and what the readers share: report notes, the
memory check and the test for a sheet with content."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pandas as pd

from ._errors import ExportError

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
SPSS_SUFFIXES = {".sav", ".zsav"}
TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}
TEXT_EXPANSION = 8  # memory of a CSV as object cells, per byte of file


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


def not_a_spreadsheet(name: str) -> ExportError:
    return ExportError(
        f"{name} is not an Excel workbook or a CSV/TSV file, or it is corrupt. Export the "
        "responses "
        "again from the survey tool as .xlsx or .csv; if the file came by e-mail, download it "
        "again.",
        file=name,
    )


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


def check_memory(name: str, needed: int, what: str) -> None:
    """Refuse to read ``what`` of file ``name`` when it needs more bytes than are free."""
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


def has_content(cells: pd.DataFrame) -> bool:
    """Whether any cell holds something other than blanks (a large table is taken to)."""
    return bool(cells.map(is_filled).to_numpy().any()) if cells.size < 10_000 else True


def is_filled(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and value != value:
        return False
    return str(value).strip() != ""
