"""The Excel workbook an analyst hands to partners: scores, reliability, agreement, flags, clusters."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .. import __version__
from .._resources import package_yaml
from ..errors import KompasValueError
from ..scoring import Scores
from ._atomic import safe_text, written_whole
from ._safe import is_formula_like, write_text_cell

HEADER_FILL = PatternFill("solid", start_color="1F3A5F")
HEADER_FONT = Font(bold=True, color="FFFFFF")
SCORE_DECIMALS = 1
STAT_DECIMALS = 3
WIDE_TEXT = 70
# A colour-blind-safe diverging scale (ColorBrewer RdYlBu): red low, pale yellow at 50, blue high.
SCORE_COLOURS = ColorScaleRule(
    start_type="num",
    start_value=0,
    start_color="F4A582",
    mid_type="num",
    mid_value=50,
    mid_color="FFFFE5",
    end_type="num",
    end_value=100,
    end_color="92C5DE",
)


def texts() -> dict:
    return package_yaml("kompasmetrics.report", "texts.yaml")


def write_excel(
    path: str | Path, scores: Scores, *, dx=None, cl=None, survey=None, language: str = "nl", validity=None
) -> Path:
    """Write the scores workbook (``scores.xlsx``).

    Parameters
    ----------
    path : str or Path
        The file to write.
    scores : Scores
    dx : Diagnosis, optional
        Adds the current phase, flags and headline per partnership, and a sheet of flags.
    cl : Clustering, optional
        Adds each partnership's cluster and a sheet of clusters.
    survey : Survey, optional
        Adds the import report (every excluded row and decision).
    language : {"nl", "en"}, default "nl"
        Language of sheet names, headers and texts.
    validity : Validity, optional
        From :func:`kompasmetrics.validity`: adds a sheet with a row per scale and its verdicts.

    Returns
    -------
    Path

    Notes
    -----
    Sheets: partnerships, organisations (never a group below the minimum size), reliability (with
    ICC(1), ICC(2) and median rwg_j per scale), items, agreement (rwg_j per partnership and scale),
    flags, clusters, import report, about. Header rows are frozen, widths fitted, scores coloured
    on a 0-100 scale. Scores are stored with one decimal and statistics (alpha, rwg_j, ICC...)
    with three: far finer than their standard errors, and short enough to read in Excel's General
    format, so no cell carries a number format of its own; a styled cell costs openpyxl about
    2.5 times a plain one, the difference between 1.5 s and 3.5 s for 1,000 partnerships. The
    unrounded values are in ``scores``. No personal data: respondent-level answers are
    not written. The intervals of the scores are in the HTML report and ``scores.intervals``; as a
    sheet they would triple the file for a large portfolio. Text that starts with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return is stored as text with Excel's quote prefix, never as
    a formula.
    """
    if language not in ("nl", "en"):
        raise KompasValueError(f"language={language!r}: allowed are 'nl' and 'en'.")
    path = Path(path)
    workbook = Workbook(write_only=True)  # streams rows: several times faster for large portfolios
    labels = {s: scores.instrument.scale_label(s, language) for s in scores.scales}
    for key, frame, spec in _sheets(scores, dx, cl, survey, language, labels):
        sheet = workbook.create_sheet(texts()["sheets"][key][language][:31])
        _write_frame(sheet, frame, **spec)
    if validity is not None:
        from ..validity._report import write_sheet

        write_sheet(workbook, validity, language)
    _about(workbook.create_sheet(texts()["sheets"]["about"][language]), scores, language)
    with written_whole(path) as temporary:
        workbook.save(temporary)
    return path


def _header(name: str, language: str, labels: dict[str, str]) -> str:
    if name in labels:
        return labels[name]
    entry = texts()["columns"].get(name)
    return entry[language] if entry else name


def _sheets(scores: Scores, dx, cl, survey, language: str, labels: dict[str, str]):
    scales = scores.scales
    keys = list(scores.partnerships.index.names)
    partnerships = scores.partnerships.reset_index()
    partnerships = partnerships[[*keys, "n_respondents", "n_organisations", "suppressed", *scales]]
    if dx is not None:
        summary = dx.summary.reset_index()
        summary = summary.rename(columns={f"headline_{language}": "headline"})
        columns = [*keys, "current_phase", "n_flags", "highest_severity", "headline"]
        partnerships = partnerships.merge(summary[columns], on=keys, how="left")
    if cl is not None:
        clusters = cl.labels.rename("cluster").reset_index()
        clusters["cluster_name"] = clusters["cluster"].map(cl.names[f"name_{language}"])
        partnerships = partnerships.merge(clusters, on="partnership", how="left")
    score_spec = {"score_columns": scales, "language": language, "labels": labels}
    yield "partnerships", partnerships, {**score_spec, "wide_columns": ["headline"]}

    organisations = scores.organisations[[*keys, "organisation", "n", "pooled", *scales]]
    yield "organisations", organisations, score_spec

    reliability = scores.reliability.scales.merge(scores.agreement.scales, on="scale", how="left")
    reliability = reliability[
        [
            "scale",
            "n_items",
            "cronbach_alpha",
            "standardized_alpha",
            "omega_total",
            "mean_inter_item_r",
            "icc1",
            "icc2",
            "median_rwg_j",
            "note",
        ]
    ]
    reliability["scale"] = reliability["scale"].map(labels)
    stats = ["cronbach_alpha", "standardized_alpha", "omega_total", "mean_inter_item_r", "icc1", "icc2", "median_rwg_j"]
    yield (
        "reliability",
        reliability,
        {"stat_columns": stats, "language": language, "labels": {}, "wide_columns": ["note"]},
    )

    items = scores.reliability.items.merge(
        scores.instrument.items[["item", f"text_{language}"]].rename(columns={f"text_{language}": "text"}), on="item"
    )
    items = items[["scale", "item", "text", "reverse", "n", "mean", "sd", "corrected_item_total_r", "alpha_if_deleted"]]
    items["scale"] = items["scale"].map(labels)
    yield (
        "items",
        items,
        {
            "stat_columns": ["mean", "sd", "corrected_item_total_r", "alpha_if_deleted"],
            "language": language,
            "labels": {},
            "wide_columns": ["text"],
        },
    )

    agreement = scores.agreement.partnerships.pivot_table(index=keys, columns="scale", values="rwg_j", dropna=False)
    agreement = agreement.reindex(columns=scales).reset_index()
    yield "agreement", agreement, {"stat_columns": scales, "language": language, "labels": labels}

    if dx is not None:
        flags = dx.flags.rename(
            columns={
                f"title_{language}": "title",
                f"evidence_{language}": "evidence",
                f"recommendation_{language}": "recommendation",
            }
        )
        severity = {
            "high": {"nl": "hoog", "en": "high"},
            "medium": {"nl": "middel", "en": "medium"},
            "low": {"nl": "laag", "en": "low"},
        }
        flags["severity"] = flags["severity"].map(lambda s: severity[s][language])
        flags = flags[[*keys, "title", "severity", "confidence", "evidence", "recommendation"]]
        yield (
            "flags",
            flags,
            {
                "language": language,
                "labels": {},
                "stat_columns": ["confidence"],
                "wide_columns": ["evidence", "recommendation"],
            },
        )
        agenda = dx.agenda.rename(columns={f"action_{language}": "action"})[[*keys, "rank", "action"]]
        yield "agenda", agenda, {"language": language, "labels": {}, "wide_columns": ["action"]}
    if cl is not None:
        profile = cl.profiles.pivot_table(index="cluster", columns="scale", values="mean").reindex(columns=scales)
        table = cl.names.rename(columns={f"name_{language}": "cluster_name"})[["cluster_name", "n_partnerships"]]
        table = table.join(cl.stability[["jaccard"]]).join(profile).reset_index()
        yield (
            "clusters",
            table,
            {
                "score_columns": scales,
                "stat_columns": ["jaccard"],
                "language": language,
                "labels": labels,
                "wide_columns": ["cluster_name"],
            },
        )
    if survey is not None and len(survey.report):
        report = survey.report.copy()
        yield "import", report, {"language": language, "labels": {}, "wide_columns": ["problem", "action"]}


def _write_frame(
    sheet,
    frame: pd.DataFrame,
    *,
    language: str,
    labels: dict[str, str],
    score_columns=(),
    stat_columns=(),
    wide_columns=(),
) -> None:
    columns = list(frame.columns)
    score_set, stat_set, wide_set = set(score_columns), set(stat_columns), set(wide_columns)
    wrap = Alignment(wrap_text=True, vertical="top")
    words = {value: texts()["boolean"][str(value).lower()][language] for value in (True, False)}
    cells = [
        _column_cells(
            sheet,
            frame.iloc[:, j],
            words=words,
            decimals=SCORE_DECIMALS if name in score_set else STAT_DECIMALS if name in stat_set else None,
            wrap=wrap if name in wide_set else None,
        )
        for j, name in enumerate(columns)
    ]
    headers = [_header(str(name), language, labels) for name in columns]
    for j, (name, header, column) in enumerate(zip(columns, headers, cells, strict=True), start=1):
        if name in wide_set:
            width = WIDE_TEXT
        elif name in score_set or name in stat_set:
            # wide enough for the header's longest word: wrapped headers never break inside a word
            longest_word = max(map(len, header.split()), default=0)
            width = min(18, max(8, longest_word + 3, min(16, len(header) * 0.9)))
        else:
            sample = [v.value if isinstance(v, Cell) else v for v in column[:500]]
            longest = max((len(str(v)) for v in sample if v is not None), default=4)
            width = min(40, max(longest, min(len(header), 24)) + 2)
        sheet.column_dimensions[get_column_letter(j)].width = width
    sheet.freeze_panes = "B2" if columns and columns[0] == "partnership" else "A2"

    header_row = []
    for header in headers:
        cell = WriteOnlyCell(sheet)
        write_text_cell(cell, header)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header_row.append(cell)
    sheet.row_dimensions[1].height = 45
    sheet.append(header_row)

    for row in zip(*cells, strict=True):
        sheet.append(row)
    last_row = max(len(frame) + 1, 2)
    for j, name in enumerate(columns, start=1):
        if name in score_set and len(frame):
            letter = get_column_letter(j)
            sheet.conditional_formatting.add(f"{letter}2:{letter}{last_row}", SCORE_COLOURS)


def _column_cells(
    sheet, column: pd.Series, *, words: dict[bool, str], decimals: int | None, wrap: Alignment | None
) -> list:
    """One column as the values ``sheet.append`` takes: None where missing, yes/no as ``words``
    (LibreOffice shows Excel's booleans as 0 and 1), numbers rounded to ``decimals``, text that
    could read as a formula (or needs wrapping) in a quoted text cell."""
    if pd.api.types.is_bool_dtype(column.dtype):
        return [None if value is pd.NA else words[bool(value)] for value in column.tolist()]
    if pd.api.types.is_numeric_dtype(column.dtype):
        if pd.api.types.is_integer_dtype(column.dtype) and decimals is None:
            return [None if value is pd.NA else int(value) for value in column.tolist()]
        numbers = column.to_numpy(dtype=float, na_value=np.nan)
        if decimals is not None:
            numbers = numbers.round(decimals)
        return [value if value - value == 0 else None for value in numbers.tolist()]
    return [_cell_value(sheet, value, words, wrap) for value in column.tolist()]


def _cell_value(sheet, value: object, words: dict[bool, str], wrap: Alignment | None) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return words[bool(value)]
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if value - value == 0 else None
    text = safe_text(value if isinstance(value, str) else str(value))
    if wrap is None and not is_formula_like(text):
        return text
    cell = WriteOnlyCell(sheet)
    write_text_cell(cell, text)
    if wrap is not None:
        cell.alignment = wrap
    return cell


def _about(sheet, scores: Scores, language: str) -> None:
    about = texts()["about"]
    rows = [
        (about["title"][language], ""),
        ("", ""),
        (about["scores"][language], ""),
        (about["privacy"][language], ""),
        ("", ""),
        ("kompasmetrics", __version__),
        (texts()["columns"]["setting"][language], ""),
        *[(key, str(value)) for key, value in scores.settings.items()],
        ("instrument", f"{scores.instrument.id} {scores.instrument.version}"),
        ("created", datetime.now().strftime("%Y-%m-%d %H:%M")),
    ]
    sheet.column_dimensions["A"].width = 100
    sheet.column_dimensions["B"].width = 30
    for i, (first, second) in enumerate(rows):
        cell = WriteOnlyCell(sheet)
        write_text_cell(cell, first)
        if i == 0:
            cell.font = Font(bold=True, size=13)
        elif i in (2, 3):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.append([cell, second or None])
