"""Read an export file into a table of raw cells: which reader a file needs, from its first bytes.

Every cell is kept as the file gives it (``dtype=object``, no missing-value guessing), with all
header rows, so the platform layer can read the headers and the row numbers stay those an analyst
sees in Excel. Workbooks are read by :mod:`._read_excel` (python-calamine, openpyxl as fallback),
text by :mod:`._read_text`, SPSS files by :mod:`._read_spss`.
"""

from __future__ import annotations

import os
from pathlib import Path

from ._errors import ExportError
from ._raw import EXCEL_SUFFIXES, SPSS_SUFFIXES, RawTable, not_a_spreadsheet
from ._read_excel import read_excel
from ._read_spss import read_spss
from ._read_text import read_text
from ._report import noted

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


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
        return read_spss(path, size)
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
        return read_excel(path, sheet, size)
    if head.startswith(b"PK\x03\x04"):
        return read_excel(path, sheet, size)
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
            raise not_a_spreadsheet(name)
    elif b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise not_a_spreadsheet(name)
    table = read_text(path, size)
    if suffix in EXCEL_SUFFIXES:
        table.notes.append(noted(None, None, None, "text_not_workbook", suffix=suffix))
    return table
