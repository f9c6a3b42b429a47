"""The importer's error type and the helpers that say *where* something is."""

from __future__ import annotations

from ..errors import Bullets, ExportError, Problem

__all__ = ["ExportError", "column_letter", "column_number", "raise_problems", "where"]


def column_number(letters: str) -> int:
    """1-based column number of an Excel column letter: 'A' -> 1, 'AB' -> 28 (column_letter's inverse)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def column_letter(position: int) -> str:
    """Excel column letter of a 0-based column position: 0 -> 'A', 27 -> 'AB'."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def where(file: str, sheet: str | None) -> str:
    """'export.xlsx (sheet 'Sheet0')' or 'export.csv'."""
    return Problem("common.file_sheet", file=file, sheet=sheet) if sheet is not None else file


def raise_problems(problems: list[str], file: str, sheet: str | None) -> None:
    """Raise one ExportError listing every problem, or return when there is none."""
    if not problems:
        return
    if len(problems) == 1:
        raise ExportError(problems[0], file=file, sheet=sheet, problems=problems)
    raise ExportError(
        Problem("common.cannot_import", where=where(file, sheet), n=len(problems), problems=Bullets(problems)),
        file=file,
        sheet=sheet,
        problems=problems,
    )
