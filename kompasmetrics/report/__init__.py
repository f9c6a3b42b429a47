"""Reports: the Excel workbook and the HTML report an analyst hands to partners."""

from ._excel import write_excel
from ._html import write_html
from ._safe import csv_safe, is_formula_like

__all__ = ["csv_safe", "is_formula_like", "write_excel", "write_html"]
