"""The exported workbook: sheets, formats, privacy and protection against formula injection."""

from __future__ import annotations

import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

import kompasmetrics as km
from kompasmetrics.report import csv_safe, is_formula_like, write_excel
from kompasmetrics.scoring import POOLED_LABEL

HOSTILE = ['=HYPERLINK("http://x","klik")', "+SUM(1,2)", "-2+3", "@SUM(A1)", "\tcmd", "\r=1"]


@pytest.fixture(scope="module")
def study():
    return km.simulate(n_partnerships=24, random_state=12)


@pytest.fixture(scope="module")
def workbook_path(study, tmp_path_factory):
    responses = study.responses.copy()
    names = responses["organisation"].unique()
    hostile = dict(zip(names[: len(HOSTILE)], HOSTILE, strict=False))
    responses["organisation"] = responses["organisation"].replace(hostile)
    responses.loc[responses["partnership"] == "P001", "partnership"] = "=cmd|' /C calc'!A0"
    survey = km.Survey(responses, attributes=["organisation_type", "months_running"])
    scores = km.score(survey, min_group_size=1)  # every organisation shown, so hostile names reach the sheet
    dx = km.diagnose(scores)
    cl = km.cluster_partnerships(scores, n_clusters=3, random_state=0, n_bootstrap=2)
    path = tmp_path_factory.mktemp("xlsx") / "scores.xlsx"
    return write_excel(path, scores, dx=dx, cl=cl, survey=survey, language="nl")


def test_no_formula_anywhere(workbook_path):
    with zipfile.ZipFile(workbook_path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name


def test_formula_like_text_is_stored_as_quoted_text(workbook_path):
    workbook = openpyxl.load_workbook(workbook_path)
    found = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if is_formula_like(cell.value):
                    assert cell.data_type == "s", (sheet.title, cell.coordinate, cell.value)
                    assert cell.quotePrefix, (sheet.title, cell.coordinate)
                    found.append(cell.value)
    assert "=cmd|' /C calc'!A0" in found
    assert any(value.startswith("+SUM") for value in found)


def test_sheets_headers_and_formats(workbook_path):
    workbook = openpyxl.load_workbook(workbook_path)
    assert workbook.sheetnames == [
        "Samenwerkingen",
        "Organisaties",
        "Betrouwbaarheid",
        "Items",
        "Overeenstemming",
        "Signalen",
        "Agenda",
        "Clusters",
        "Importverslag",
        "Over dit bestand",
    ] or workbook.sheetnames == [
        "Samenwerkingen",
        "Organisaties",
        "Betrouwbaarheid",
        "Items",
        "Overeenstemming",
        "Signalen",
        "Agenda",
        "Clusters",
        "Over dit bestand",
    ]
    sheet = workbook["Samenwerkingen"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["Samenwerking", "Respondenten", "Organisaties"]
    assert "Verkennen" in headers and "Belangrijkste bevinding" in headers
    assert sheet.freeze_panes == "B2"
    column = headers.index("Verkennen") + 1
    explore = [row[0] for row in sheet.iter_rows(min_row=2, min_col=column, max_col=column, values_only=True)]
    assert all(value is None or (0 <= value <= 100 and round(value, 1) == value) for value in explore)
    assert any(value != round(value) for value in explore if value is not None)  # one decimal kept
    assert len(sheet.conditional_formatting) > 0
    alphas = [row[2] for row in workbook["Betrouwbaarheid"].iter_rows(min_row=2, values_only=True)]
    assert all(value is None or round(value, 3) == value for value in alphas)
    assert any(value is not None and 0.5 < value < 1 for value in alphas)
    assert sheet.column_dimensions["A"].width >= 8
    agenda = list(workbook["Agenda"].iter_rows(values_only=True))
    assert agenda[0] == ("Samenwerking", "Volgorde", "Actie")
    assert all(1 <= row[1] <= 3 and len(row[2].split()) <= 70 for row in agenda[1:])


def test_english_workbook(study, tmp_path):
    scores = km.score(study.survey)
    path = write_excel(tmp_path / "en.xlsx", scores, language="en")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames[0] == "Partnerships"
    assert "Exploring" in [cell.value for cell in workbook["Partnerships"][1]]


def test_small_organisations_never_appear_alone(study, tmp_path):
    scores = km.score(study.survey)
    path = write_excel(tmp_path / "private.xlsx", scores)
    organisations = pd.read_excel(path, sheet_name="Organisaties", engine="calamine")
    assert (organisations["Respondenten"] >= 3).all()
    sizes = study.survey.responses.groupby(["partnership", "organisation"]).size()
    small = {org for (_, org), n in sizes.items() if n < 3}
    shown = set(organisations["Organisatie"])
    for (partnership, organisation), n in sizes.items():
        if n < 3:
            rows = organisations[
                (organisations["Samenwerking"] == partnership) & (organisations["Organisatie"] == organisation)
            ]
            assert rows.empty
    assert POOLED_LABEL in shown or not small


def test_no_personal_or_respondent_data(study, tmp_path):
    scores = km.score(study.survey)
    path = write_excel(tmp_path / "p.xlsx", scores)
    text = "".join(zipfile.ZipFile(path).read(n).decode("utf-8", "ignore") for n in zipfile.ZipFile(path).namelist())
    assert "R0000001" not in text  # respondent ids are never written


def test_language_checked(study, tmp_path):
    with pytest.raises(km.KompasValueError, match="language='fr'"):
        write_excel(tmp_path / "x.xlsx", km.score(study.survey), language="fr")


@pytest.mark.parametrize("value", HOSTILE)
def test_csv_safe(value):
    assert csv_safe(value).startswith("'")
    assert csv_safe("Gemeente A") == "Gemeente A"
    assert csv_safe(3) == 3


def test_scores_are_written_rounded_to_one_decimal(study, tmp_path):
    scores = km.score(study.survey)
    path = write_excel(tmp_path / "rounded.xlsx", scores, language="en")
    sheet = pd.read_excel(path, sheet_name="Partnerships", engine="calamine").set_index("Partnership")
    for scale in ("phase1_explore", "trust_openness", "power_asymmetry"):
        written = sheet[scores.instrument.scale_label(scale, "en")]
        expected = scores.partnerships[scale].round(1).reindex(written.index)
        np.testing.assert_allclose(written.to_numpy(float), expected.to_numpy(float), atol=1e-9)


def test_yes_no_columns_are_words_in_the_workbook_language(study, tmp_path):
    scores = km.score(study.survey)
    for language, words in (("nl", {"ja", "nee"}), ("en", {"yes", "no"})):
        path = write_excel(tmp_path / f"{language}.xlsx", scores, language=language)
        items = pd.read_excel(path, sheet_name="Items", engine="calamine")
        assert set(items.iloc[:, 3]) <= words and len(set(items.iloc[:, 3])) == 2  # reverse keyed


def test_every_sheet_prints_landscape_with_its_titles_repeated(workbook_path):
    """Printed through LibreOffice, 12 partnerships took 54 portrait pages, wide sheets split
    without the partnership column and wrapped evidence overlapped the next row. Each sheet now
    prints landscape A4, fitted to one page wide (or a few for the 30-odd columns of scores), with
    the header row, and on per-partnership sheets the partnership column, on every page."""
    book = openpyxl.load_workbook(workbook_path)
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and setup.paperSize == 9, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and setup.fitToHeight == 0, sheet.title
        assert 1 <= setup.fitToWidth <= 4, sheet.title
        if sheet.title != "Over dit bestand":
            assert sheet.print_title_rows == "$1:$1", sheet.title
        if sheet["A1"].value == "Samenwerking":
            assert sheet.print_title_cols == "$A:$A", sheet.title
    assert book["Signalen"].page_setup.fitToWidth >= 1 and book["Samenwerkingen"].page_setup.fitToWidth >= 2


def test_rows_of_wrapped_text_are_as_high_as_their_lines(workbook_path):
    sheet = openpyxl.load_workbook(workbook_path)["Signalen"]
    evidence = [c.value for c in sheet[1]].index("Onderbouwing") + 1
    for row in range(2, sheet.max_row + 1):
        text = sheet.cell(row, evidence).value or ""
        lines = -(-len(text) // 80)
        assert sheet.row_dimensions[row].height >= 15 * lines, (row, text)
        assert sheet.cell(row, 1).alignment.vertical == "top"
