"""answer_map scoped to columns and response scales; column_map by Excel letter or position.

The file is written here in a one-header-row layout of export tags; the instrument has a 5-point
and a 7-point response scale, as in the case measured in the import issue (a global map meant
for one 5-point question recoded valid answers of the 7-point items).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

import kompasmetrics as km

INSTRUMENT = """
id: two_scales
version: "0.1"
title: {nl: "Twee schalen", en: "Two scales"}
default_response_scale: agree5
response_scales:
  - id: agree5
    values: [1, 2, 3, 4, 5]
    labels:
      nl: [Helemaal oneens, Oneens, Neutraal, Eens, Helemaal eens]
      en: [Strongly disagree, Disagree, Neutral, Agree, Strongly agree]
  - id: agree7
    values: [1, 2, 3, 4, 5, 6, 7]
    labels:
      nl: [Zeer oneens, Oneens, Enigszins oneens, Neutraal, Enigszins eens, Eens, Zeer eens]
      en: [Strongly disagree, Disagree, Somewhat disagree, Neutral, Somewhat agree, Agree, Strongly agree]
scales:
  - id: trust_reliability
    construct: trust
    label: {nl: "Betrouwbaarheid", en: "Reliability"}
    ring: context
    facet: reliability
    items:
      - id: Q1
        text: {nl: "Partners doen wat ze afspreken.", en: "Partners do what they agree."}
        reverse: false
      - id: Q2
        text: {nl: "Partners melden het op tijd als iets niet lukt.", en: "Partners say so in time when they cannot."}
        reverse: false
  - id: leadership
    construct: leadership
    role: leadership
    label: {nl: "Verbindend leiderschap", en: "Connective leadership"}
    ring: context
    items:
      - id: Q3
        response_scale: agree7
        text: {nl: "Iemand zet de eerste stap.", en: "Someone takes the first step."}
        reverse: false
      - id: Q4
        response_scale: agree7
        text: {nl: "Iemand houdt het proces gaande.", en: "Someone keeps the process going."}
        reverse: false
"""


@pytest.fixture
def instrument(tmp_path):
    path = tmp_path / "two_scales.yaml"
    path.write_text(INSTRUMENT, encoding="utf-8")
    return km.load_instrument(path)


def write(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


ROWS = [  # Q2 has a stray 6 and 7 (a 7-point answer option left in a 5-point question)
    ["r1", "P", "A", 4, 6, 6, 7],
    ["r2", "P", "A", 2, 7, 5, 6],
    ["r3", "P", "B", 5, 3, 7, 2],
]
HEADER = ["respondent_id", "Partnership", "Organisation", "Q1", "Q2", "Q3", "Q4"]


def test_a_global_map_that_would_recode_valid_answers_is_refused(tmp_path, instrument):
    path = write(tmp_path / "x.csv", HEADER, ROWS)
    with pytest.raises(km.ExportError) as caught:
        km.read_survey(path, instrument=instrument, answer_map={"6": 4, "7": 5})
    message = str(caught.value)
    assert "'Q3'" in message and "'Q4'" in message and "agree7" in message
    assert "answer_map={'<column>'" in message


def test_a_map_per_column_or_per_scale_changes_only_its_columns(tmp_path, instrument):
    path = write(tmp_path / "x.csv", HEADER, ROWS)
    by_column = km.read_survey(path, instrument=instrument, answer_map={"Q2": {"6": 4, "7": 5}})
    by_scale = km.read_survey(path, instrument=instrument, answer_map={"agree5": {"6": 4, "7": 5}})
    for survey in (by_column, by_scale):
        responses = survey.responses
        assert responses["Q2"].tolist() == [4, 5, 3]
        assert responses["Q3"].tolist() == [6, 5, 7] and responses["Q4"].tolist() == [7, 6, 2]
        assert responses["Q1"].tolist() == [4, 2, 5]


def test_a_map_for_a_column_that_is_not_there_is_named(tmp_path, instrument):
    path = write(tmp_path / "x.csv", HEADER, ROWS)
    with pytest.raises(km.ExportError, match="answer_map names column 'Q9'"):
        km.read_survey(path, instrument=instrument, answer_map={"Q9": {"6": 4}})


def test_duplicate_headers_are_told_apart_by_letter_or_position(tmp_path, instrument):
    """Microsoft Forms writes the same header twice; column_map by letter (or position) chooses."""
    header = ["respondent_id", "Partnership", "Organisation", "Smartsheet", "Smartsheet", "Q3", "Q4"]
    rows = [[*row[:3], 4, 2, *row[5:]] for row in ROWS]
    path = write(tmp_path / "forms.csv", header, rows)
    with pytest.raises(km.ExportError, match=r"Excel letter or its position instead, e\.g\. column_map=\{'E'"):
        km.read_survey(path, instrument=instrument, column_map={"Smartsheet": "Q1"})
    survey = km.read_survey(path, instrument=instrument, column_map={"D": "Q1", 5: "Q2"})
    assert survey.responses["Q1"].tolist() == [4, 4, 4] and survey.responses["Q2"].tolist() == [2, 2, 2]
    assert np.array_equal(survey.responses["Q3"].to_numpy(float), [6, 5, 7])
