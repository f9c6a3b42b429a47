"""Texts of the HTML report: the catalogue's ``html.yaml`` escaped for HTML, and values as text."""

from __future__ import annotations

import html
import math
import numbers
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd

from ..texts import entry, localised, t, t_markup


def _texts() -> Any:
    return entry("html")


@cache
def _asset(name: str) -> str:
    return resources.files("kompasmetrics.report").joinpath(name).read_text(encoding="utf-8")


def _t(path: str, language: str, **values: object) -> str:
    """The report's string at ``path``, escaped for HTML, filled with escaped ``values``."""
    shown = {k: v if isinstance(v, numbers.Real) and not _missing(v) else _shown(v) for k, v in values.items()}
    return t_markup(f"html.{path}", language, html.escape, **shown)


def _column_name(column: str, language: str) -> str:
    """A column of the import report as the workbook names it ("Rij", "Probleem")."""
    return t(f"workbook.columns.{column}", language) if column in entry("workbook.columns") else column


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _shown(value: object) -> str:
    """Any value as text, "–" where it is missing."""
    return "–" if _missing(value) else str(value)


def _e(value: object) -> str:
    """Any value as escaped HTML text."""
    return html.escape(_shown(value))


def _fmt(value: object, digits: int, language: str) -> str:
    """A number for reading: Dutch writes 1.000 and 0,75, English 1,000 and 0.75."""
    if value is None or pd.isna(value):
        return "–"
    return localised(f"{float(value):,.{digits}f}", language)  # type: ignore[arg-type]  # checked for missing above
