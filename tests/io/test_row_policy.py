"""One row policy for files and DataFrames: the same rows left out, for the same reasons, in order."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import kompasmetrics as km
from kompasmetrics.io._rows import Exclusion, RowEvidence, decide_rows

REASONS = ["empty row", "no partnership", "no organisation", "no item answered"]


@pytest.fixture
def frame(instrument) -> pd.DataFrame:
    """Six usable rows, then one row for each reason of REASONS, in that order."""
    items = instrument.items_of("trust_openness") + instrument.items_of("phase1_explore")
    rows = [
        {
            "respondent_id": f"r{i}",
            "partnership": "P1",
            "organisation": "Org A" if i % 2 else "Org B",
            **{item: float(1 + (i + j) % 5) for j, item in enumerate(items)},
        }
        for i in range(6)
    ]
    answered = {item: 3.0 for item in items}
    rows += [
        {"respondent_id": "e", "partnership": None, "organisation": None, **dict.fromkeys(items, np.nan)},
        {"respondent_id": "p", "partnership": None, "organisation": "Org A", **answered},
        {"respondent_id": "o", "partnership": "P1", "organisation": " ", **answered},
        {"respondent_id": "n", "partnership": "P1", "organisation": "Org A", **dict.fromkeys(items, np.nan)},
    ]
    return pd.DataFrame(rows)


def left_out(survey: km.Survey) -> list[str]:
    return survey.report.loc[survey.report["action"] == "row left out", "problem"].tolist()


def test_a_dataframe_and_its_csv_leave_out_the_same_rows_for_the_same_reasons(frame, instrument, tmp_path):
    from_frame = km.Survey(frame, instrument)
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False)
    from_file = km.read_survey(path, instrument=instrument, partnership="partnership", organisation="organisation")
    assert left_out(from_frame) == left_out(from_file) == REASONS
    assert from_frame.responses["respondent_id"].tolist() == from_file.responses["respondent_id"].tolist()
    # the DataFrame's index labels and the file's row numbers (after its header row) name the same rows
    frame_rows = from_frame.report.loc[from_frame.report["action"] == "row left out", "row"].tolist()
    file_rows = from_file.report.loc[from_file.report["action"] == "row left out", "row"].tolist()
    assert [r + 2 for r in frame_rows] == file_rows == [8, 9, 10, 11]
    assert len(from_frame.responses) + len(REASONS) == len(frame)


def test_the_first_reason_wins_and_each_row_is_reported_once():
    answered = np.array([True, False, False, True])
    evidence = RowEvidence(
        answered=answered,
        marked=np.zeros(4, dtype=bool),
        partnership=np.array([True, False, False, True]),
        organisation=np.array([True, False, True, False]),
        partnership_column="P",
        organisation_column="O",
        platform=[Exclusion(np.array([False, False, True, True]), "preview", "Status", np.array(["", "", "x", "y"]))],
        careless=Exclusion(np.ones(4, dtype=bool), "too fast"),
    )
    decisions = decide_rows(evidence, 4)
    assert decisions.reason.tolist() == ["too fast", "empty row", "preview", "preview"]
    assert not decisions.kept.any()
    report = decisions.report(np.array([10, 11, 12, 13]))
    assert [(r["row"], r["column"], r["value"]) for r in report] == [
        (10, None, None),
        (11, None, None),
        (12, "Status", "x"),
        (13, "Status", "y"),
    ]
    assert all(type(r["row"]) is int for r in report)


def test_a_role_given_for_every_row_leaves_no_row_out_for_it():
    evidence = RowEvidence(answered=np.array([True, False]), marked=np.array([False, True]))
    decisions = decide_rows(evidence, 2)
    assert decisions.reason.tolist() == [None, "no item answered"]


@pytest.mark.parametrize("first", ["kompasmetrics.survey", "kompasmetrics.io._import", "kompasmetrics.io"])
def test_survey_and_the_importer_import_in_either_order(first):
    code = f"import {first}; import kompasmetrics as km; km.Survey; km.read_survey; km.io.read_surveys"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
