"""The import report's frequent problems and actions in the reader's language (workbook, HTML
report, `kompasmetrics validate`); the report itself stays as the importer wrote it."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

import kompasmetrics as km
from kompasmetrics.cli import main
from kompasmetrics.report import write_excel
from kompasmetrics.report._import_texts import PHRASES, localised_report, said

SAMPLES = Path(__file__).resolve().parents[2] / "sample_data"


def test_every_known_phrase_and_pattern_reads_in_dutch():
    for phrase in PHRASES:
        assert said(phrase, "nl") != phrase and said(phrase, "en") == phrase
    reason = "possibly careless: longest run of identical answers 12 of 12 answered, IRV 0.00"
    both = f"{reason}; too fast: 40 s for 12 items (3.3 s per item, threshold 4)"
    assert said(both, "nl") == (
        "mogelijk onzorgvuldig: langste reeks gelijke antwoorden 12 van 12 beantwoord, IRV 0,00; "
        "te snel: 40 s voor 12 items (3,3 s per item, grens 4)"
    )
    assert said(both, "en") == both
    assert said("survey test response (Status '2')", "nl") == "testantwoord (Status '2')"
    assert said("answer 'Agree (8)' read by its label", "nl") == "answer 'Agree (8)' read by its label"


def test_the_dutch_workbook_and_validate_show_them(tmp_path, capsys):
    survey = km.read_surveys(sorted(SAMPLES.glob("*.xlsx")), progress=False)
    path = write_excel(tmp_path / "s.xlsx", km.score(survey), survey=survey)
    cells = {c for row in openpyxl.load_workbook(path, read_only=True)["Importverslag"].values for c in row}
    assert "kolom niet ingelezen" in cells and "persoonsgegevens" in cells
    assert "column dropped on import" not in cells
    assert "row left out" in set(survey.report["action"]) or "column dropped on import" in set(survey.report["action"])
    assert main(["validate", str(SAMPLES / "qualtrics_choice_text.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "rij weggelaten" in out and "row left out" not in out


@pytest.fixture
def messy_export(tmp_path, monkeypatch):
    """A CSV export that gives the importer much to report: no id column, a statement close to an
    item's text, an unused column, items missing, names that differ in case, a careless row."""
    monkeypatch.setenv("KOMPASMETRICS_PSEUDONYM_KEY", "a key for the tests")
    instrument = km.load_instrument()
    items = instrument.items.set_index("item")
    text = items.at["trust_reliability_1", "text_nl"]
    header = ["Samenwerking", "Organisatie", "Opmerking", *items.index[:12], text[:-4] + "xyz"]
    rows = [
        ["P001", "Gemeente", "", *[4] * 12, 3],
        ["p001", "Gemeente", "prima", *[2, 3, 4, 5, 2, 3, 4, 5, 3, 3, 2, 4], 5],
        ["P001", "GGD", "", *[5, 4, 4, 3, 5, 4, 3, 4, 4, 5, 4, 3], 4],
    ]
    path = tmp_path / "rommelig.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def test_every_coded_note_is_said_in_dutch_with_its_details(messy_export):
    survey = km.read_survey(messy_export)
    report = survey.report
    coded = report[report["code"].notna()]
    assert {"layout_generic", "no_id_column", "close_to_item", "columns_unused", "items_missing"} <= set(coded["code"])
    assert {"partnership_name_variants"} <= set(coded["code"])
    dutch = localised_report(report, "nl")
    assert "code" not in dutch.columns and "details" not in dutch.columns
    for english, shown in zip(report.itertuples(), dutch.itertuples(), strict=True):
        if isinstance(english.code, str):
            assert shown.problem != english.problem and shown.action != english.action, english.code
    close = dutch[report["code"].eq("close_to_item").to_numpy()].iloc[0]
    assert "column_map={" in close.action and "trust_reliability_1" in close.action
    assert close.action.startswith("niet gekoppeld")
    missing = dutch[report["code"].eq("items_missing").to_numpy()].iloc[0]
    assert " items van instrument 'kompas' staan niet in de export" in missing.problem
    assert localised_report(report, "en")[["problem", "action"]].equals(report[["problem", "action"]])


def test_every_coded_note_of_the_catalogue_has_both_parts_in_every_language():
    from kompasmetrics.texts import LANGUAGES, entry

    for code, parts in entry("import.rows").items():
        assert set(parts) == {"problem", "action"}, code
        for part in parts.values():
            assert set(part) == set(LANGUAGES), code
