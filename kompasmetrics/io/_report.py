"""Rows of the import report: every decision taken, with where it applies and what was done.

A row's ``problem`` and ``action`` are English, as every message of the API. A row made with
:func:`noted` also carries a ``code`` (a stable name of the kind of note, ``texts/import.yaml``
under ``rows``) and its ``details`` (the values its texts are made of), so that the workbook, the
HTML report and ``kompasmetrics validate`` can say it in the reader's language, details included.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..texts import t

REPORT_COLUMNS = ["row", "column", "value", "problem", "action", "file", "sheet", "code", "details"]
ROW_FIELDS = ["row", "column", "value", "problem", "action", "code", "details"]


def entry(row: int | None, column: str | None, value: object, problem: str, action: str) -> dict:
    """One report row written as text; the value is shown as text."""
    return {
        "row": row,
        "column": column,
        "value": None if value is None else str(value),
        "problem": problem,
        "action": action,
    }


def noted(row: int | None, column: str | None, value: object, code: str, /, **details: Any) -> dict:
    """One report row whose texts are the catalogue's ``rows.<code>`` (its ``problem`` and
    ``action``), made of ``details``; written in English, said in any language later."""
    return {
        **entry(row, column, value, said(code, "problem", "en", details), said(code, "action", "en", details)),
        "code": code,
        "details": details,
    }


def said(code: str, part: str, language: str, details: dict) -> str:
    """The ``part`` ("problem" or "action") of the catalogue's note ``code`` in ``language``."""
    return t(f"import.rows.{code}.{part}", language, **details)


def report_frame(rows: list[dict], file: str, sheet: str | None) -> pd.DataFrame:
    """The report of one file: its rows, the row number as a nullable integer, the file and sheet."""
    frame = pd.DataFrame(rows, columns=ROW_FIELDS)
    frame["row"] = frame["row"].astype("Int64")
    frame["file"], frame["sheet"] = file, sheet
    return frame[REPORT_COLUMNS]
