"""Look at an export before reading it: its layout and its columns, without matching or coding."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pandas as pd

from ._errors import column_letter
from ._platforms import header_rows, layout_of, source_columns
from ._read import read_cells


@dataclass(frozen=True)
class ExportInfo:
    """What :func:`inspect_export` found in one export.

    Attributes
    ----------
    file, sheet : str, str or None
        The file name and the sheet read (None for a text file).
    platform, platform_label : str
        The export layout, as ``read_survey(platform=...)`` takes it, and its readable name.
    header_rows, n_rows : int
        Header rows and data rows (rows below the header, blank ones included).
    columns : DataFrame
        One row per column with a header, left to right: ``column`` (the Excel letter, or the
        column number of a text file), ``name`` (what ``partnership=``, ``organisation=`` and the
        keys of ``column_map`` take), ``code`` (export tag or code), ``question`` and
        ``statement`` (the two parts of a grid header, where the layout has them).
    """

    file: str
    sheet: str | None
    platform: str
    platform_label: str
    header_rows: int
    n_rows: int
    columns: pd.DataFrame

    @property
    def names(self) -> list[str]:
        """The column names, left to right."""
        return self.columns["name"].tolist()

    def __repr__(self) -> str:
        where = f"{self.file}" + (f", sheet {self.sheet!r}" if self.sheet else "")
        return (
            f"<ExportInfo {where}: {self.platform_label} layout, {self.header_rows} header row(s), "
            f"{self.n_rows} data row(s), {len(self.columns)} columns>"
        )


def inspect_export(path: str | os.PathLike, *, platform: str = "auto", sheet: str | int | None = None) -> ExportInfo:
    """The layout and the columns of an export, read as :func:`read_survey` reads them.

    For choosing the partnership and organisation columns or writing a ``column_map`` before the
    first import: nothing is matched to the instrument and no answer is coded, so this works for
    any export the reader can open.

    Parameters
    ----------
    path : path-like
        An ``.xlsx``/``.xlsm``/``.xls``/``.ods`` workbook or a ``.csv``/``.tsv``/``.txt`` file.
    platform : str, default "auto"
        As in :func:`read_survey`: a layout of :func:`platforms`, or "auto" to detect it.
    sheet : str or int, optional
        As in :func:`read_survey`.

    Returns
    -------
    ExportInfo

    Raises
    ------
    ExportError
        When the file cannot be read or ``platform`` is unknown.

    Examples
    --------
    >>> import kompasmetrics as km
    >>> info = km.io.inspect_export("export.xlsx")  # doctest: +SKIP
    >>> info.platform, info.names[:3]  # doctest: +SKIP
    ('qualtrics', ['StartDate', 'EndDate', 'Status'])
    """
    table = read_cells(path, sheet)
    layout = layout_of(table, platform)
    n_header = header_rows(table.cells, layout)
    excel = table.kind == "excel"
    columns = pd.DataFrame(
        [
            {
                "column": column_letter(c.position) if excel else str(c.position + 1),
                "name": c.name,
                "code": c.code,
                "question": c.question,
                "statement": c.statement,
            }
            for c in source_columns(table.cells, layout, n_header)
            if c.name
        ],
        columns=["column", "name", "code", "question", "statement"],
        dtype=object,
    )
    return ExportInfo(
        file=table.file,
        sheet=table.sheet,
        platform=layout.name,
        platform_label=layout.label,
        header_rows=n_header,
        n_rows=len(table.cells) - n_header,
        columns=columns,
    )
