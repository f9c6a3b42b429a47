"""Layouts and answer forms of the import issue, each in a small file written here after the
platform's export layout, read with one call; values checked cell by cell.

Layouts: Typeform (markup in headers, invisible marks in answers), KoboToolbox (";"-separated,
XML group headers, XML choice names), the Qualtrics legacy export (V1..V10), SurveyMonkey without
its Collector ID column, LimeSurvey labels with author-chosen answer codes, and a CSV whose lines
end in CR CR LF.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

import kompasmetrics as km

ITEMS = ["trust_reliability_1", "trust_reliability_2", "trust_openness_1"]
LABELS_EN = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
NAMES = {"partnership_name": "Havenalliantie", "organisation_name": "Gemeente"}


@pytest.fixture(scope="module")
def texts():
    items = km.load_instrument().items.set_index("item")
    return {item: items.at[item, "text_nl"] for item in ITEMS}


def values(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(1, 6, size=(n, len(ITEMS)))


def write(path: Path, rows: list[list[object]], delimiter: str = ",", lineterminator: str = "\r\n") -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=delimiter, lineterminator=lineterminator).writerows(rows)
    return path


def check(survey: km.Survey, expected: np.ndarray, platform: str, n_read: int | None = None) -> None:
    assert survey.report["problem"].iloc[0] == f"export layout: {platform}"
    assert (survey.responses[ITEMS].to_numpy(float) == expected).all()
    read = len(expected) if n_read is None else n_read
    assert len(survey.responses) + (survey.report["action"] == "row left out").sum() == read


def test_typeform_with_markup_in_headers_and_invisible_marks(tmp_path, texts):
    expected = values(4, 1)
    header = [
        "#",
        f"<strong>{texts[ITEMS[0]]}</strong>",
        f"*{texts[ITEMS[1]]}*",
        f"<p>{texts[ITEMS[2]]}</p>",
        "Start Date (UTC)",
        "Submit Date (UTC)",
        "Network ID",
    ]
    rows = [
        [f"tok{i}", *[f"{v}\u200e" for v in row], "2026-03-02 09:00:00", "2026-03-02 09:08:00", "ab12cd"]
        for i, row in enumerate(expected)
    ]
    survey = km.read_survey(write(tmp_path / "typeform.csv", [header, *rows]), **NAMES)
    check(survey, expected, "Typeform")
    assert survey.responses["respondent_id"].tolist() == [f"tok{i}" for i in range(4)]
    how = survey.questions.set_index("position")["how"]
    assert how[7] == "metadata: not used"  # Network ID


def test_kobotoolbox_xml_headers_and_choice_names(tmp_path):
    expected = values(3, 2)
    header = ["start", "end", *[f"grp_vertrouwen/{item}" for item in ITEMS], "_id", "_uuid", "_submission_time",
              "_validation_status", "_index", "deviceid"]  # fmt: skip
    rows = []
    for i, row in enumerate(expected):
        answers = [LABELS_EN[v - 1].lower().replace(" ", "_") for v in row]  # XML choice names
        rows.append(["2026-03-02T09:00", "2026-03-02T09:09", *answers, 100 + i, f"uuid-{i}",
                     "2026-03-02T09:10:00", "", i + 1, "collect:abc"])  # fmt: skip
    survey = km.read_survey(write(tmp_path / "kobo.csv", [header, *rows], delimiter=";"), **NAMES)
    check(survey, expected, "KoboToolbox")
    assert survey.responses["respondent_id"].tolist() == ["uuid-0", "uuid-1", "uuid-2"]
    assert "deviceid" in set(survey.questions.loc[survey.questions["how"] == "personal data: dropped", "column"])


def test_qualtrics_legacy_export(tmp_path, texts):
    expected = values(3, 3)
    codes = [f"V{i}" for i in range(1, 11)] + ["Q1_1", "Q1_2", "Q1_3"]
    names = ["ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress", "IPAddress", "Status",
             "StartDate", "EndDate", "Finished"] + [f"Hoe kijkt u ertegen aan?-{texts[i]}" for i in ITEMS]  # fmt: skip
    status = ["0", "2", "0"]  # the second is a test response
    metadata = ["Default", "Anon", "", "a@b.nl", "10.0.0.1"]
    times = ["2026-03-02 09:00:00", "2026-03-02 09:05:00", "1"]
    rows = [[f"R_legacy{i}", *metadata, status[i], *times, *row.tolist()] for i, row in enumerate(expected)]
    survey = km.read_survey(write(tmp_path / "legacy.csv", [codes, names, *rows]), **NAMES)
    check(survey, expected[[0, 2]], "Qualtrics (legacy export)", n_read=3)
    assert survey.responses["respondent_id"].tolist() == ["R_legacy0", "R_legacy2"]
    dropped = set(survey.questions.loc[survey.questions["how"] == "personal data: dropped", "column"])
    assert {"V3", "V5", "V6"} <= dropped


def test_surveymonkey_without_collector_id(tmp_path, texts):
    expected = values(3, 4)
    first = ["Respondent ID", "Start Date", "End Date", "IP Address", "Hoe kijkt u naar de partners?", "", ""]
    second = ["", "", "", "", *[texts[i] for i in ITEMS]]
    rows = [[1000 + i, "03/02/2026 09:00:00", "03/02/2026 09:07:00", "10.0.0.1", *[LABELS_EN[v - 1] for v in row]]
            for i, row in enumerate(expected)]  # fmt: skip
    survey = km.read_survey(write(tmp_path / "monkey.csv", [first, second, *rows]), **NAMES)
    check(survey, expected, "SurveyMonkey")


def test_limesurvey_labels_with_author_codes_are_read_by_label_and_reported(tmp_path):
    header = ["id", "submitdate", "lastpage", "startlanguage", *[f"{i}" for i in ITEMS]]
    answers = [["Agree (5)", "Somewhat agree (8)", "Strongly Disagree (7)"], ["Agree (5)", "Agree (4)", "Disagree (2)"]]
    rows = [[i + 1, "2026-03-02 09:00:00", 3, "en", *row] for i, row in enumerate(answers)]
    survey = km.read_survey(write(tmp_path / "lime.csv", [header, *rows]), **NAMES)
    check(survey, np.array([[4, 4, 1], [4, 4, 2]]), "LimeSurvey")
    notes = survey.report[survey.report["problem"].str.contains("its number is not the value of its label")]
    assert set(notes["value"]) == {"Agree (5)", "Somewhat agree (8)", "Strongly Disagree (7)"}
    assert notes["action"].str.contains("read by its label").all()


def test_cr_cr_lf_line_endings_do_not_shift_the_header(tmp_path, texts):
    expected = values(3, 5)
    header = ["respondent_id", *[texts[i] for i in ITEMS]]
    rows = [[f"r{i}", *row.tolist()] for i, row in enumerate(expected)]
    path = write(tmp_path / "damaged.csv", [header, *rows], lineterminator="\r\r\n")
    assert b"\r\r\n" in path.read_bytes()
    survey = km.read_survey(path, **NAMES)
    check(survey, expected, "one header row")
    assert survey.report["problem"].str.contains("CR CR LF").sum() == 1
    assert survey.responses.index.tolist() == [2, 3, 4]  # row numbers as the lines of the file


@pytest.mark.parametrize(
    "metadata",
    [
        ["Antwort ID", "Datum Abgeschickt", "Letzte Seite", "Start-Sprache", "IP-Adresse"],
        ["Respons-ID", "Datum verzonden", "Laatste pagina", "Begin taal", "IP-adres"],
        ["ID de la réponse", "Date de soumission", "Dernière page", "Langue de départ", "Adresse IP"],
        ["ID de respuesta", "Fecha de envío", "Última página", "Lenguaje inicial", "Dirección IP"],
    ],
    ids=["de", "nl", "fr", "es"],
)
def test_limesurvey_full_text_headings_in_other_interface_languages(tmp_path, texts, metadata):
    expected = values(3, 6)
    header = [*metadata, *[f"Wie sehen Sie die Partner? [{texts[i]}]" for i in ITEMS]]
    submitted = ["2026-03-02 09:00:00", "", "2026-03-02 10:00:00"]  # the second was not completed
    rows = [[7 + i, submitted[i], 3, "de", "10.0.0.1", *row.tolist()] for i, row in enumerate(expected)]
    survey = km.read_survey(write(tmp_path / "lime.csv", [header, *rows]), **NAMES)
    check(survey, expected[[0, 2]], "LimeSurvey", n_read=3)
    assert survey.responses["respondent_id"].tolist() == ["7", "9"]
    how = survey.questions.set_index("column")["how"]
    assert how[metadata[4]] == "personal data: dropped" and how[metadata[2]] == "metadata: not used"
