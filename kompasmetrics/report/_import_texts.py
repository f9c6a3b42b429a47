"""The import report in the reader's language.

The importer writes its report (``survey.report``) in English, as every message of the package's
API. For a person reading the workbook, the HTML report or ``kompasmetrics validate`` in another
language, the most frequent problems and actions are shown from the catalogue (``texts/import.yaml``):
every row-policy reason and action, the layout notes, personal data and dropped columns. Texts
that carry details of one file (a value that does not fit, an option to pass) stay as written.
"""

from __future__ import annotations

import re

import pandas as pd

from ..texts import entry, t

PHRASES = {
    "row left out": "row_left_out",
    "flagged, kept (pass exclude_careless=True to leave it out)": "flagged_kept",
    "empty row": "empty_row",
    "no partnership": "no_partnership",
    "no organisation": "no_organisation",
    "no item answered": "no_item_answered",
    "personal data": "personal_data",
    "column dropped on import": "column_dropped",
    "not used": "not_used",
    "partner rating column (the instrument's partner_ratings block)": "partner_column",
    "left out of the survey; read it with km.read_partner_ratings": "partner_column_left",
    "no respondent id column": "no_id_column",
    "response not completed (no submit date); pass include_incomplete=True to keep it": "not_completed",
    "survey preview response": "preview",
    "survey test response": "test",
}
PATTERNS = [
    (re.compile(r"export layout: (?P<platform>.+)"), "layout", ()),
    (re.compile(r"(?P<header>\d+) header row\(s\); (?P<rows>\d+) data row\(s\) read"), "rows_read", ("header", "rows")),
    (re.compile(r"ids '(?P<stem>.+)-<row>' made from the file name and row number"), "ids_made", ()),
    (re.compile(r"(?P<n>\d+) respondent id\(s\) also used in another file"), "ids_elsewhere", ("n",)),
    (re.compile(r"prefixed with '(?P<prefix>.+)'"), "prefixed", ()),
]
DETAIL = re.compile(r"(?P<what>.+?) \((?P<detail>[^()]+)\)")
"""A known phrase followed by the detail of one file: "survey preview response (Status 'Survey Preview')"."""


def said(text: object, language: str) -> object:
    """``text`` of the import report in ``language`` where the catalogue has it."""
    if not isinstance(text, str) or language == "en":
        return text
    if text in PHRASES:
        return t(f"import.{PHRASES[text]}", language)
    for pattern, key, counts in PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            values = {k: int(v) if k in counts else v for k, v in found.groupdict().items()}
            return t(f"import.{key}", language, **values)
    detailed = DETAIL.fullmatch(text)
    if detailed and detailed["what"] in PHRASES:
        return t("import.with_detail", language, what=said(detailed["what"], language), detail=detailed["detail"])
    return text


def localised_report(report: pd.DataFrame, language: str) -> pd.DataFrame:
    """A copy of ``report`` with its ``problem`` and ``action`` in ``language`` where known."""
    entry("import")  # the catalogue file exists and reads (fails early, not per row)
    shown = report.copy()
    for column in ("problem", "action"):
        if column in shown.columns:
            shown[column] = [said(text, language) for text in shown[column].tolist()]
    return shown
