"""The Excel workbook an analyst hands to partners: scores, reliability, agreement, flags, clusters."""

from __future__ import annotations

import io
import math
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from .. import __version__
from .._checks import expect
from ..scoring import Scores
from ..texts import entry, instrument_language, localised, t
from ._atomic import written_whole
from ._excel_frame import LINE_HEIGHT, print_layout, texts, write_frame
from ._import_texts import localised_report
from ._safe import write_text_cell
from ._sheet_xml import write_package


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
    format, so no cell carries a number format of its own. The unrounded values are in ``scores``.
    openpyxl writes the package, its styles, settings and header rows; the body rows of the data
    sheets are written as sheet XML by ``_sheet_xml`` (openpyxl's cells were the report's largest
    cost). No personal data: respondent-level answers are
    not written. The intervals of the scores are in the HTML report and ``scores.intervals``; as a
    sheet they would triple the file for a large portfolio. Text that starts with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return is stored as text with Excel's quote prefix, never as
    a formula.
    """
    expect(scores, Scores, "write_excel", "scores")
    language = instrument_language(language, scores.instrument)
    path = Path(path)
    workbook = Workbook(write_only=True)
    labels = {s: scores.instrument.scale_label(s, language) for s in scores.scales}
    bodies = []  # each data sheet and its body rows
    for key, frame, spec in [*_sheets(scores, dx, cl, survey, language, labels), *_network_sheet(network, language)]:
        sheet = workbook.create_sheet(texts()["sheets"][key][language][:31])
        bodies.append((sheet, write_frame(sheet, frame, **spec)))
    if validity is not None:
        from ..validity._report import sheet_frame

        frame = sheet_frame(validity, language)
        sheet = workbook.create_sheet(t("validity.report.sheet", language)[:31])
        bodies.append(
            (sheet, write_frame(sheet, frame, language=language, labels={}, wide_columns=[frame.columns[-1]]))
        )
    _about(workbook.create_sheet(texts()["sheets"]["about"][language]), scores, language)
    package = io.BytesIO()
    workbook.save(package)
    with written_whole(path) as temporary:
        # a sheet's part name (``xl/worksheets/sheetN.xml``) is given when the workbook is saved
        write_package(package, {sheet.path.lstrip("/"): body for sheet, body in bodies}, temporary)
    return path


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
    print_layout(sheet, repeat_first_column=False)
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
