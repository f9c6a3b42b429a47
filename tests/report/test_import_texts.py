"""The import report's frequent problems and actions in the reader's language (workbook, HTML
report, `kompasmetrics validate`); the report itself stays as the importer wrote it."""

from __future__ import annotations

from pathlib import Path

import openpyxl

import kompasmetrics as km
from kompasmetrics.cli import main
from kompasmetrics.report import write_excel
from kompasmetrics.report._import_texts import PHRASES, said

SAMPLES = Path(__file__).resolve().parents[2] / "sample_data"


def test_every_known_phrase_and_pattern_reads_in_dutch():
    for phrase in PHRASES:
        assert said(phrase, "nl") != phrase and said(phrase, "en") == phrase
    assert said("2 header row(s); 1 data row(s) read", "nl") == "2 kopregels; 1 gegevensrij gelezen"
    assert said("export layout: Qualtrics", "nl") == "exportindeling: Qualtrics"
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
