"""The import report in the reader's language.

The importer writes its report (``survey.report``) in English, as every message of the package's
API. For a person reading the workbook, the HTML report or ``kompasmetrics validate`` in another
language, a row with a ``code`` is said from the catalogue (``texts/import.yaml``, ``rows``) with
its ``details`` (the values of one file: a count, a column, an option to pass); the row-policy
reasons and actions, which have no code, are said from their phrases here. A text the catalogue
does not know stays as written. The ``code`` and ``details`` columns are not shown.
"""

from __future__ import annotations

import re

import pandas as pd

from ..io._report import said as noted_said
from ..texts import entry, t

PHRASES = {
    "row left out": "row_left_out",
    "flagged, kept (pass exclude_careless=True to leave it out)": "flagged_kept",
    "empty row": "empty_row",
    "no partnership": "no_partnership",
    "no organisation": "no_organisation",
    "no item answered": "no_item_answered",
    "response not completed (no submit date); pass include_incomplete=True to keep it": "not_completed",
    "survey preview response": "preview",
    "survey test response": "test",
}
NUMBER = r"-?\d+(?:\.\d+)?"
PATTERNS = [
    (
        re.compile(
            rf"possibly careless: longest run of identical answers (?P<run>\d+) of (?P<answered>\d+) answered, "
            rf"IRV (?P<irv>{NUMBER}|nan)"
        ),
        "careless",
    ),
    (
        re.compile(
            rf"too fast: (?P<seconds>{NUMBER}) s for (?P<n>\d+) items \((?P<per_item>{NUMBER}) s per item, "
            rf"threshold (?P<threshold>{NUMBER})\)"
        ),
        "too_fast",
    ),
]
"""The response-quality reasons of one row (``io/_quality.py``), joined by "; " when both apply."""
DETAIL = re.compile(r"(?P<what>.+?) \((?P<detail>[^()]+)\)")
"""A known phrase followed by the detail of one file: "survey preview response (Status 'Survey Preview')"."""


def said(text: object, language: str) -> object:
    """``text`` of the import report in ``language`` where the catalogue has it."""
    if not isinstance(text, str) or language == "en":
        return text
    if text in PHRASES:
        return t(f"import.{PHRASES[text]}", language)
    parts = [_quality_reason(part, language) for part in text.split("; ")]
    if all(part is not None for part in parts):
        return "; ".join(parts)  # type: ignore[arg-type]  # checked: no None
    detailed = DETAIL.fullmatch(text)
    if detailed and detailed["what"] in PHRASES:
        return t("import.with_detail", language, what=said(detailed["what"], language), detail=detailed["detail"])
    return text


def _quality_reason(text: str, language: str) -> str | None:
    for pattern, key in PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            values = {k: float(v) if "." in v or v == "nan" else int(v) for k, v in found.groupdict().items()}
            return t(f"import.{key}", language, **values)
    return None


def localised_report(report: pd.DataFrame, language: str) -> pd.DataFrame:
    """A copy of ``report`` with its ``problem`` and ``action`` in ``language`` where known,
    without the ``code`` and ``details`` columns."""
    entry("import")  # the catalogue file exists and reads (fails early, not per row)
    shown = report.drop(columns=[c for c in ("code", "details") if c in report.columns])
    codes = report["code"].tolist() if "code" in report.columns else [None] * len(report)
    details = report["details"].tolist() if "details" in report.columns else [None] * len(report)
    for part in ("problem", "action"):
        if part in shown.columns:
            shown[part] = [
                noted_said(code, part, language, values)
                if isinstance(code, str) and isinstance(values, dict)
                else said(text, language)
                for text, code, values in zip(shown[part].tolist(), codes, details, strict=True)
            ]
    return shown
