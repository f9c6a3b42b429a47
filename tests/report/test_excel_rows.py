"""The workbook's body rows, written as sheet XML, against openpyxl's own cells on the same data:
the same values, types, styles, row heights, widths and print settings; readable by openpyxl,
calamine and LibreOffice; text never a formula."""

from __future__ import annotations

import csv
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from excel_cells_reference import write_frame_with_cells

import kompasmetrics as km
from kompasmetrics.report import _excel, write_excel
from kompasmetrics.report._sheet_xml import column_xml
from kompasmetrics.texts import t

TRICKY = [
    '=HYPERLINK("http://x","klik")',
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1)",
    "A & B <de> 'C'",
    "Twee\nregels",
]


def _results(texts: list[str]) -> dict:
    study = km.simulate(n_partnerships=16, partner_ratings=True, respondents=(1, 5), random_state=21)
    responses = study.responses.copy()
    names = responses["organisation"].unique()
    responses["organisation"] = responses["organisation"].replace(dict(zip(names, texts, strict=False)))
    responses.loc[responses["partnership"] == "P002", "partnership"] = "=cmd|' /C calc'!A0"
    survey = km.Survey(responses, attributes=["organisation_type", "months_running"])
    scores = km.score(survey, min_group_size=1)
    return {
        "scores": scores,
        "dx": km.diagnose(scores),
        "cl": km.cluster_partnerships(scores, n_clusters=3, random_state=0, n_bootstrap=2),
        "survey": survey,
        "network": km.network(study.partner_ratings),
    }


@pytest.fixture(scope="module")
def results():
    return _results(TRICKY)


@pytest.fixture(scope="module")
def both(results, tmp_path_factory):
    """(written with openpyxl's cells, written as sheet XML) for the same results."""
    folder = tmp_path_factory.mktemp("rows")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_excel, "write_frame", write_frame_with_cells)
        reference = write_excel(folder / "cells.xlsx", **results, language="nl")
    return reference, write_excel(folder / "xml.xlsx", **results, language="nl")


def _layout(sheet) -> dict:
    setup = sheet.page_setup
    return {
        "freeze": sheet.freeze_panes,
        "titles": (sheet.print_title_rows, sheet.print_title_cols),
        "page": (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight),
        "fit": sheet.sheet_properties.pageSetUpPr.fitToPage,
        "grid": sheet.print_options.gridLines,
        "margins": (sheet.page_margins.left, sheet.page_margins.right),
        "footer": sheet.oddFooter.center.text,
        "filter": sheet.auto_filter.ref,
        "widths": {key: d.width for key, d in sheet.column_dimensions.items()},
        "heights": {key: d.height for key, d in sheet.row_dimensions.items() if d.height is not None},
        "colours": [(str(cf.sqref), [repr(r.colorScale) for r in cf.rules]) for cf in sheet.conditional_formatting],
        "size": (sheet.max_row, sheet.max_column),
    }


def _cell(cell) -> tuple:
    styles = (cell.font, cell.fill, cell.alignment, cell.border, cell.protection)
    return (cell.value, cell.data_type, *map(repr, styles), cell.number_format, cell.quotePrefix)


def test_same_values_styles_and_layout_as_openpyxl_cells(both):
    reference, written = (openpyxl.load_workbook(path) for path in both)
    assert written.sheetnames == reference.sheetnames and len(written.sheetnames) >= 10
    assert written.defined_names.keys() == reference.defined_names.keys()
    created = t("workbook.settings.created", "nl")
    for old, new in zip(reference.worksheets, written.worksheets, strict=True):
        assert _layout(new) == _layout(old), new.title
        for old_row, new_row in zip(old.iter_rows(), new.iter_rows(), strict=True):
            if old_row[0].value == created:
                continue  # the minute the file was made
            assert [_cell(c) for c in new_row] == [_cell(c) for c in old_row], (new.title, old_row[0].row)


def test_the_tricky_texts_reach_the_sheet_as_quoted_text(both):
    sheet = openpyxl.load_workbook(both[1])["Organisaties"]
    column = [c.value for c in sheet[1]].index("Organisatie") + 1
    cells = {sheet.cell(row, column).value: sheet.cell(row, column) for row in range(2, sheet.max_row + 1)}
    for text in TRICKY[:4]:
        assert cells[text].data_type == "s" and cells[text].quotePrefix, text
    assert "A & B <de> 'C'" in cells and "Twee\nregels" in cells
    partnership = openpyxl.load_workbook(both[1])["Samenwerkingen"]["A1":"A40"]
    assert any(row[0].value == "=cmd|' /C calc'!A0" and row[0].quotePrefix for row in partnership)


def test_no_formula_in_any_sheet(both):
    with zipfile.ZipFile(both[1]) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                part = archive.read(name)
                assert b"<f>" not in part and b"<f " not in part, name


def test_calamine_reads_the_same_tables(both):
    reference, written = (pd.read_excel(path, sheet_name=None, engine="calamine") for path in both)
    assert list(written) == list(reference)
    for name in list(written)[:-1]:  # the about sheet has the minute it was made
        pd.testing.assert_frame_equal(written[name], reference[name], check_dtype=False, obj=name)


def test_characters_xml_cannot_hold_become_replacement_characters(tmp_path):
    """openpyxl refused to write a workbook with a control character in a name; now it is U+FFFD."""
    path = write_excel(tmp_path / "bell.xlsx", **_results(["bel\x07", "nul\x00l"]), language="nl")
    names = set(pd.read_excel(path, sheet_name="Organisaties", engine="calamine")["Organisatie"])
    assert {"bel\ufffd", "nul\ufffdl"} <= names


def test_cells_as_openpyxl_writes_them():
    """Texts cut at Excel's limit of 32,767 characters, spaces at the ends kept, a formula-like
    text in its quoted style, nothing for a missing value."""
    (cell,) = column_xml("C", ["x" * 40_000], text_style=0, number_style=0, quoted_style=5)
    assert cell == f'<c r="C2" t="inlineStr"><is><t>{"x" * 32767}</t></is></c>'
    assert column_xml("C", [None, 2.5, "=1"], text_style=3, number_style=0, quoted_style=5) == [
        "",
        '<c r="C3" t="n"><v>2.5</v></c>',
        '<c r="C4" s="5" t="inlineStr"><is><t>=1</t></is></c>',
    ]
    assert column_xml("A", ["\tcmd", " x", "a&<b>"], text_style=0, number_style=0, quoted_style=5) == [
        '<c r="A2" s="5" t="inlineStr"><is><t xml:space="preserve">\tcmd</t></is></c>',
        '<c r="A3" t="inlineStr"><is><t xml:space="preserve"> x</t></is></c>',
        '<c r="A4" t="inlineStr"><is><t>a&amp;&lt;b&gt;</t></is></c>',
    ]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_every_sheet_and_prints_it(both, tmp_path):
    profile = (tmp_path / "profile").as_uri()
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to"]
    every_sheet = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    subprocess.run([*command, every_sheet, "--outdir", str(tmp_path), str(both[1])], check=True, timeout=180)
    subprocess.run([*command, "pdf", "--outdir", str(tmp_path), str(both[1])], check=True, timeout=180)
    names = openpyxl.load_workbook(both[1], read_only=True).sheetnames
    tables = {name: pd.read_excel(both[1], sheet_name=name, engine="calamine", header=None) for name in names}
    for name in names[:-1]:
        with open(tmp_path / f"xml-{name}.csv", encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        expected = tables[name]
        assert len(rows) == len(expected), name
        assert rows[0] == [str(v) for v in expected.iloc[0]], name
        organisation = rows[0].index("Organisatie") if "Organisatie" in rows[0] else None
        if organisation is not None:
            assert {row[organisation] for row in rows[1:]} >= set(TRICKY[:4]), name
    pdf = Path(tmp_path / "xml.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type/Page") > len(names)
