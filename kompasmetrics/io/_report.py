"""Rows of the import report: every decision taken, with where it applies and what was done."""

from __future__ import annotations

import pandas as pd

REPORT_COLUMNS = ["row", "column", "value", "problem", "action", "file", "sheet"]


def entry(row: int | None, column: str | None, value: object, problem: str, action: str) -> dict:
    """One report row; the value is shown as text."""
    return {
        "row": row,
        "column": column,
        "value": None if value is None else str(value),
        "problem": problem,
        "action": action,
    }


def report_frame(rows: list[dict], file: str, sheet: str | None) -> pd.DataFrame:
    """The report of one file: its rows, the row number as a nullable integer, the file and sheet."""
    frame = pd.DataFrame(rows, columns=REPORT_COLUMNS[:5])
    frame["row"] = frame["row"].astype("Int64")
    frame["file"], frame["sheet"] = file, sheet
    return frame
