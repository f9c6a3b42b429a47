"""The Excel workbook an analyst hands to partners: scores, reliability, agreement, flags, clusters."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .. import __version__
from .._checks import expect
from ..scoring import Scores
from ..texts import entry, instrument_language, localised, t
from ._atomic import safe_text, written_whole
from ._import_texts import localised_report
from ._safe import is_formula_like, write_text_cell

HEADER_FILL = PatternFill("solid", start_color="1F3A5F")
HEADER_FONT = Font(bold=True, color="FFFFFF")
SCORE_DECIMALS = 1
STAT_DECIMALS = 3
WIDE_TEXT = 70
NARROW_SHEET = 15  # columns: a sheet this narrow gets every cell top-aligned beside wrapped text
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


def texts() -> Any:
    """The whole of the catalogue's ``workbook.yaml`` (read-only)."""
    return entry("workbook")


def write_excel(
    path: str | Path,
    scores: Scores,
    *,
    dx=None,
    cl=None,
    survey=None,
    language: str | None = None,
    validity=None,
    network=None,
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
    language : str, optional
        "nl" or "en"; by default the instrument's first language
        Language of sheet names, headers and texts.
    validity : Validity, optional
        From :func:`kompasmetrics.validity`: adds a sheet with a row per scale and its verdicts.
    network : Network, optional
        From :func:`kompasmetrics.network`: adds a sheet of rated pairs (rater organisation ->
        rated organisation), each measure 0-100; a pair with fewer raters than the minimum group
        size shows its count and "suppressed", never its scores.

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
    expect(scores, Scores, "write_excel", "scores")
    language = instrument_language(language, scores.instrument)
    path = Path(path)
    workbook = Workbook(write_only=True)  # streams rows: several times faster for large portfolios
    labels = {s: scores.instrument.scale_label(s, language) for s in scores.scales}
    for key, frame, spec in [*_sheets(scores, dx, cl, survey, language, labels), *_network_sheet(network, language)]:
        sheet = workbook.create_sheet(texts()["sheets"][key][language][:31])
        _write_frame(sheet, frame, **spec)
    if validity is not None:
        from ..validity._report import sheet_frame

        frame = sheet_frame(validity, language)
        sheet = workbook.create_sheet(t("validity.report.sheet", language)[:31])
        _write_frame(sheet, frame, language=language, labels={}, wide_columns=[frame.columns[-1]])
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
        report = localised_report(survey.report, language)
        yield "import", report, {"language": language, "labels": {}, "wide_columns": ["problem", "action"]}


def _network_sheet(network, language: str):
    """The pairs of :func:`kompasmetrics.network` (only what may be shown: suppressed pairs have
    no scores in ``network.pairs``)."""
    if network is None:
        return
    pairs = network.pairs
    measures = [c for c in pairs.columns if c not in PAIR_KEYS]
    known = entry("workbook.pair_measures")
    labels = {m: t(f"workbook.pair_measures.{m}", language) for m in measures if m in known}
    yield "pairs", pairs[[*PAIR_KEYS, *measures]], {"score_columns": measures, "language": language, "labels": labels}


PAIR_KEYS = ["partnership", "rater_organisation", "rated_organisation", "n_raters", "suppressed"]


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
    # beside rows of wrapped text every cell of a narrow sheet starts at the top; on a wide one
    # (the partnerships' 30 and more columns) only the first, as styled cells cost 2.5 times more
    top = Alignment(vertical="top")
    all_top = bool(wide_set) and len(columns) <= NARROW_SHEET
    words = {value: texts()["boolean"][str(value).lower()][language] for value in (True, False)}
    cells = [
        _column_cells(
            sheet,
            frame.iloc[:, j],
            words=words,
            decimals=SCORE_DECIMALS if name in score_set else STAT_DECIMALS if name in stat_set else None,
            wrap=wrap if name in wide_set else top if (j == 0 and wide_set) or all_top else None,
        )
        for j, name in enumerate(columns)
    ]
    headers = [_header(str(name), language, labels) for name in columns]
    for j, (name, header, column) in enumerate(zip(columns, headers, cells, strict=True), start=1):
        width: float
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
    _print_layout(
        sheet,
        repeat_first_column=bool(columns) and columns[0] == "partnership",
        width=sum(sheet.column_dimensions[get_column_letter(j)].width for j in range(1, len(columns) + 1)),
    )

    header_row = []
    for header in headers:
        cell = WriteOnlyCell(sheet)
        write_text_cell(cell, header)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header_row.append(cell)
    sheet.row_dimensions[1].height = 45
    sheet.append(header_row)

    wide_positions = [j for j, name in enumerate(columns) if name in wide_set]
    for number, row in enumerate(zip(*cells, strict=True), start=2):
        if wide_positions:
            sheet.row_dimensions[number].height = _wrapped_height(row, wide_positions)
        sheet.append(row)
    last_row = max(len(frame) + 1, 2)
    for j, name in enumerate(columns, start=1):
        if name in score_set and len(frame):
            letter = get_column_letter(j)
            sheet.conditional_formatting.add(f"{letter}2:{letter}{last_row}", SCORE_COLOURS)


PAGE_WIDTH = 130  # column-width units across one landscape A4 page at full size
SMALLEST_PRINT = 0.6  # columns are shrunk to at most this scale before a sheet takes a second page


def _print_layout(sheet, *, repeat_first_column: bool, width: float = PAGE_WIDTH) -> None:
    """Print as a person reads it: landscape A4, the header row on every page and the
    partnership column too; columns fit the width of one page, or of as many pages side by side
    as keep the text readable (all the scales of a portfolio on one page would be 4-point type)."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = A4
    sheet.page_setup.fitToWidth = max(1, math.ceil(width * SMALLEST_PRINT / PAGE_WIDTH))
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.print_title_rows = "1:1"
    if repeat_first_column:
        sheet.print_title_cols = "A:A"
    sheet.oddFooter.center.text = "&P / &N"


LINE_HEIGHT = 15  # points per line of 11-point text
CHARACTERS_PER_LINE = int(WIDE_TEXT * 1.15)  # prose is narrower than the digit '0' that sets a column's width
A4 = "9"  # the paper-size code of the file format


def _wrapped_height(row: tuple, positions: list[int]) -> float:
    """Height of a row whose wrapped text columns (``WIDE_TEXT`` characters wide) need several
    lines: spreadsheets do not grow a row that a file gives no height, so long texts overlapped
    the next row when printed."""
    lines = 1
    for j in positions:
        value = row[j].value if isinstance(row[j], Cell) else row[j]
        if isinstance(value, str):
            lines = max(lines, sum(math.ceil(max(len(part), 1) / CHARACTERS_PER_LINE) for part in value.split("\n")))
    return min(LINE_HEIGHT * lines + 3, 409)  # Excel's largest row height


def _column_cells(
    sheet, column: pd.Series, *, words: dict[bool, str], decimals: int | None, wrap: Alignment | None
) -> list:
    """One column as the values ``sheet.append`` takes: None where missing, yes/no as ``words``
    (LibreOffice shows Excel's booleans as 0 and 1), numbers rounded to ``decimals``, text that
    could read as a formula (or needs wrapping) in a quoted text cell."""
    if wrap is not None and not pd.api.types.is_object_dtype(column.dtype):
        return [
            _aligned(sheet, value, wrap)
            for value in _column_cells(sheet, column, words=words, decimals=decimals, wrap=None)
        ]
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


def _aligned(sheet, value: object, alignment: Alignment) -> object:
    if value is None:
        return value
    cell = value if isinstance(value, Cell) else WriteOnlyCell(sheet, value=value)
    cell.alignment = alignment
    return cell


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


def _setting_name(key: str, language: str) -> str:
    return t(f"workbook.settings.{key}", language) if key in texts()["settings"] else key


def _setting_value(key: str, value: object, language: str) -> str:
    """A setting as a person reads it: "organisaties wegen even zwaar", "90%", "0,5"."""
    if key == "weight" and value in texts()["weights"]:
        return t(f"workbook.weights.{value}", language)
    if key == "confidence" and isinstance(value, float):
        return f"{value:.0%}"
    return localised(str(value), language) if isinstance(value, float) else str(value)


def _about(sheet, scores: Scores, language: str) -> None:
    about = texts()["about"]
    rows = [
        (about["title"][language], ""),
        ("", ""),
        (about["scores"][language], ""),
        (about["privacy"][language], ""),
        ("", ""),
        (texts()["columns"]["setting"][language], ""),
        *[
            (_setting_name(key, language), _setting_value(key, value, language))
            for key, value in scores.settings.items()
        ],
        (t("workbook.settings.version", language), __version__),
        (t("workbook.settings.instrument", language), f"{scores.instrument.id} {scores.instrument.version}"),
        (t("workbook.settings.created", language), datetime.now().strftime("%Y-%m-%d %H:%M")),
    ]
    sheet.column_dimensions["A"].width = 100
    sheet.column_dimensions["B"].width = 30
    _print_layout(sheet, repeat_first_column=False)
    sheet.print_title_rows = None
    for i, (first, second) in enumerate(rows):
        cell = WriteOnlyCell(sheet)
        write_text_cell(cell, first)
        if i == 0:
            cell.font = Font(bold=True, size=13)
        elif i in (2, 3):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.row_dimensions[i + 1].height = LINE_HEIGHT * math.ceil(len(first) / 95) + 3
        sheet.append([cell, second or None])
