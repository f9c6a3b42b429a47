"""SPSS .sav files, as Qualtrics, LimeSurvey and SurveyMonkey export them: variable names as export
tags, variable labels as question texts, value labels decoded by label. Written here with
pyreadstat (the reader the importer uses)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyreadstat
import pytest

import kompasmetrics as km

LABELS = {1.0: "Helemaal oneens", 2.0: "Oneens", 3.0: "Neutraal", 4.0: "Eens", 5.0: "Helemaal eens", 6.0: "Weet niet"}
REVERSED = {v: LABELS[6.0 - v] for v in (1.0, 2.0, 3.0, 4.0, 5.0)}  # coded Strongly agree = 1 in the tool


@pytest.fixture(scope="module")
def texts():
    items = km.load_instrument().items.set_index("item")
    return items["text_nl"].to_dict()


def write_sav(path, frame, labels, value_labels):
    pyreadstat.write_sav(frame, str(path), column_labels=labels, variable_value_labels=value_labels)
    return path


def test_qualtrics_sav_with_value_labels(tmp_path, texts):
    frame = pd.DataFrame(
        {
            "ResponseId": ["R_a1", "R_a2", "R_a3", "R_a4"],
            "Status": [0.0, 0.0, 2.0, 0.0],
            "Finished": [1.0, 1.0, 1.0, 0.0],
            "IPAddress": ["10.0.0.1"] * 4,
            "Q1_1": [5.0, 4.0, 1.0, 3.0],  # value labels in the instrument's order
            "Q1_2": [1.0, 2.0, 5.0, 4.0],  # reversed value labels: 1 = Helemaal eens
            "Q1_3": [6.0, 3.0, 2.0, np.nan],  # 6 = Weet niet
        }
    )
    labels = {
        "Q1_1": f"Hoe kijkt u ertegen aan? - {texts['trust_reliability_1']}",
        "Q1_2": f"Hoe kijkt u ertegen aan? - {texts['trust_reliability_2']}",
        "Q1_3": f"Hoe kijkt u ertegen aan? - {texts['trust_openness_1']}",
        "Status": "Response Type",
    }
    value_labels = {"Q1_1": LABELS, "Q1_2": REVERSED, "Q1_3": LABELS, "Status": {0.0: "IP Address", 2.0: "Survey Test"}}
    path = write_sav(tmp_path / "export.sav", frame, labels, value_labels)
    survey = km.read_survey(path, partnership_name="Havenalliantie", organisation_name="Gemeente")
    responses = survey.responses
    assert responses["respondent_id"].tolist() == ["R_a1", "R_a2"]  # a test response and an unfinished one out
    assert responses["trust_reliability_1"].tolist() == [5, 4]
    assert responses["trust_reliability_2"].tolist() == [5, 4]  # read by label, not by the reversed number
    assert np.isnan(responses.at[responses.index[0], "trust_openness_1"])
    assert survey.nonsubstantive["trust_openness_1"].tolist() == [True, False]
    assert len(responses) + (survey.report["action"] == "row left out").sum() == 4  # rows read = kept + out
    report = survey.report
    assert report["problem"].str.contains("differ from the values of their labels").sum() == 1
    assert report.loc[report["problem"].str.contains("differ from"), "column"].iloc[0] == "Q1_2"
    assert "IPAddress" not in responses.columns
    assert report["problem"].iloc[0] == "export layout: SPSS (.sav)"


def test_sav_without_value_labels_uses_the_values(tmp_path, texts):
    frame = pd.DataFrame({"id": [1.0, 2.0], "trust_reliability_1": [2.0, 5.0], "trust_reliability_2": [4.0, 1.0]})
    path = write_sav(tmp_path / "lime.sav", frame, None, None)
    survey = km.read_survey(path, partnership_name="P", organisation_name="O")
    assert survey.responses["trust_reliability_1"].tolist() == [2, 5]
    assert survey.responses["respondent_id"].tolist() == ["1", "2"]


def test_unknown_value_labels_keep_the_values_and_are_reported(tmp_path):
    frame = pd.DataFrame({"id": [1.0, 2.0], "trust_reliability_1": [2.0, 5.0]})
    value_labels = {"trust_reliability_1": {2.0: "Klopt niet", 5.0: "Klopt helemaal"}}
    path = write_sav(tmp_path / "x.sav", frame, None, value_labels)
    survey = km.read_survey(path, partnership_name="P", organisation_name="O")
    assert survey.responses["trust_reliability_1"].tolist() == [2, 5]
    assert survey.report["problem"].str.contains("no labels of response scale").sum() == 1


def test_a_damaged_sav_is_one_clear_error(tmp_path):
    path = tmp_path / "broken.sav"
    path.write_bytes(b"$FL2" + b"\x00" * 100)
    with pytest.raises(km.ExportError, match=r"broken\.sav cannot be read as an SPSS file"):
        km.read_survey(path, partnership_name="P", organisation_name="O")


def test_inspect_export_shows_the_spss_layout(tmp_path, texts):
    frame = pd.DataFrame({"ResponseId": ["R_1"], "Q1_1": [4.0]})
    path = write_sav(tmp_path / "look.sav", frame, {"Q1_1": texts["trust_reliability_1"]}, None)
    info = km.io.inspect_export(path)
    assert info.platform == "spss" and info.header_rows == 2 and info.n_rows == 1
