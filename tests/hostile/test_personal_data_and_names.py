"""Personal data recognised by its values, text repaired where it is damaged, names that merge or
do not: the privacy and data-integrity cases of the hostile-input issue."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import kompasmetrics as km
from kompasmetrics._privacy import is_bsn, looks_personal

HEADER = ["Respondent", "Partnership", "Organisation", "trust_reliability_1", "trust_reliability_2"]


def write(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


@pytest.fixture(autouse=True)
def key(monkeypatch):
    monkeypatch.setenv("KOMPASMETRICS_PSEUDONYM_KEY", "a key for the tests")


def test_ids_that_are_personal_data_become_stable_pseudonyms(tmp_path):
    rows = [["jan@gemeente.nl", "P", "A", 4, 5], ["+31 6 12345678", "P", "A", 3, 4], ["R_17", "P", "B", 5, 5]]
    path = write(tmp_path / "ids.csv", ["respondent_id", *HEADER[1:]], rows)
    survey = km.read_survey(path)
    ids = survey.responses["respondent_id"].tolist()
    assert ids[2] == "R_17" and all(i.startswith("id-") and len(i) == 15 for i in ids[:2])
    assert not any("@" in str(v) or "12345678" in str(v) for v in survey.quality["respondent_id"])
    assert km.read_survey(path).responses["respondent_id"].tolist() == ids  # stable between runs
    note = survey.report[survey.report["problem"].str.contains("respondent ids that are personal data")]
    assert "1 e-mail address" in note["problem"].iloc[0] and "keep_personal_ids=True" in note["action"].iloc[0]
    kept = km.read_survey(path, keep_personal_ids=True)
    assert kept.responses["respondent_id"].tolist()[0] == "jan@gemeente.nl"
    scores = km.score(survey)
    assert not scores.respondents["respondent_id"].str.contains("@").any()


@pytest.mark.parametrize(
    "header, value",
    [
        ("Contact", "an.de.vries@zorg.nl"),
        ("Mail", "p.jansen@haven.nl"),
        ("Your details", "06-12345678"),
        ("Mobile", "+31 6 87654321"),
        ("BSN", "111222333"),
    ],
)
def test_columns_of_personal_data_are_dropped_whatever_their_header(tmp_path, header, value):
    rows = [[f"r{i}", "P", "A", 4, 5, value] for i in range(4)]
    survey = km.read_survey(write(tmp_path / "x.csv", [*HEADER, header], rows))
    how = survey.questions.set_index("column")["how"]
    assert how[header].startswith("personal data: dropped")
    assert header not in survey.responses.columns
    assert (survey.report["column"] == header).any()


def test_the_checks_behind_it():
    assert is_bsn("111222333") and not is_bsn("111222334") and not is_bsn("12345678")
    assert looks_personal("114012345678") is None  # a SurveyMonkey respondent id, not a phone number
    assert looks_personal("R_3kLmNo") is None and looks_personal("2026-03-02 09:00") is None


def test_a_windows_1252_byte_far_into_a_utf8_file_is_repaired_in_its_row_only(tmp_path):
    rows = "".join(f"r{i},Súdwest-Fryslân,Gemeente,4,5\n" for i in range(3000))  # beyond the first 64 kB
    data = (",".join(HEADER) + "\n" + rows).encode("utf-8") + "r9999,Súdwest-Fryslân,Café,3,4\n".encode("cp1252")
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    survey = km.read_survey(path)
    assert set(survey.responses["partnership"]) == {"Súdwest-Fryslân"}  # UTF-8 kept, not mojibake
    assert "Café" in set(survey.responses["organisation"])
    notes = survey.report[survey.report["problem"].str.contains("not UTF-8")]
    assert notes["row"].tolist() == [3002]


def test_names_that_differ_only_in_case_or_accents_are_reported(tmp_path):
    rows = [["r1", "P001", "Gemeente", 4, 5], ["r2", "p001", "Gemeente", 3, 4], ["r3", "P001\xa0", "Gémeente", 5, 5]]
    survey = km.read_survey(write(tmp_path / "names.csv", HEADER, rows))
    problems = survey.report["problem"]
    assert problems.str.contains("partnership names 'P001', 'p001' differ only in case or accents").sum() == 1
    assert problems.str.contains("organisation names 'Gemeente', 'Gémeente'").sum() == 1
    assert survey.responses["partnership"].nunique() == 2  # P001 and P001\xa0 merge (spaces), p001 stays
