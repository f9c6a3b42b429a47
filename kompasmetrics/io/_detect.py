"""Stage 1 of a file's import: the export's layout, its header rows and its source columns."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._errors import ExportError, column_letter, where
from ._platforms import Platform, SourceColumn, header_rows, layout_of, source_columns
from ._raw import RawTable
from ._report import noted


@dataclass(frozen=True)
class Layout:
    """What the headers say: the platform, how many header rows, and one entry per column."""

    raw: RawTable
    platform: Platform
    n_header: int
    columns: list[SourceColumn]

    @property
    def n_rows(self) -> int:
        """Data rows (header rows not counted)."""
        return len(self.raw.cells) - self.n_header

    @property
    def rows(self) -> np.ndarray:
        """The row number of every data row as a spreadsheet shows it (header rows counted)."""
        return np.arange(self.n_header + 1, len(self.raw.cells) + 1)

    @property
    def place(self) -> str:
        """'export.xlsx (sheet 'Sheet0')' or 'export.csv', for messages."""
        return where(self.raw.file, self.raw.sheet)

    @property
    def excel(self) -> bool:
        return self.raw.kind == "excel"

    def describe(self, position: int) -> str:
        """A column for messages: its header and Excel letter (or 1-based position)."""
        name = self.columns[position].name or "(no header)"
        at = f"Excel column {column_letter(position)}" if self.excel else f"column {position + 1}"
        return f"{name!r} ({at})"

    def name(self, position: int | None) -> str | None:
        """The header of the column at ``position``; None for no column."""
        return None if position is None else self.columns[position].name


def detect(raw: RawTable, platform: str) -> Layout:
    """Detect the layout (``platform`` "auto") or use the one named, and parse the headers.

    Raises
    ------
    ExportError
        The file holds only its header rows.
    """
    found = layout_of(raw, platform)
    n_header = header_rows(raw.cells, found)
    if len(raw.cells) - n_header <= 0:
        raise ExportError(
            f"{where(raw.file, raw.sheet)} holds only its header ({n_header} header row(s) of a {found.label} "
            "export) "
            "and no responses. Export the responses again, with the responses included.",
            file=raw.file,
            sheet=raw.sheet,
        )
    return Layout(raw=raw, platform=found, n_header=n_header, columns=source_columns(raw.cells, found, n_header))


def layout_notes(layout: Layout) -> list[dict]:
    """The report's first rows: the layout found, then the reader's own notes."""
    first = noted(
        None,
        None,
        layout.platform.name,
        "layout_generic" if layout.platform.name == "generic" else "layout",
        platform=layout.platform.label,
        header=layout.n_header,
        rows=layout.n_rows,
    )
    return [first, *layout.raw.notes]
