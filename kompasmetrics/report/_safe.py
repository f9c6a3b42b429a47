"""Text that can never run as a spreadsheet formula (CSV/formula injection, OWASP)."""

from __future__ import annotations

from ._atomic import safe_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    """True for text a spreadsheet could read as a formula or command."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def write_text_cell(cell, value: str) -> None:
    """Store ``value`` in an openpyxl cell as text that Excel shows literally.

    A formula-like string is stored as a plain string (never a ``<f>`` element) and marked with
    Excel's quote prefix, the flag Excel itself sets when someone types a leading apostrophe, so
    that editing the cell later does not turn it into a formula either.
    """
    value = safe_text(value)
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True


def csv_safe(value: object) -> object:
    """For CSV exports, where no cell type exists: prefix formula-like text with an apostrophe."""
    return f"'{value}" if is_formula_like(value) else value
