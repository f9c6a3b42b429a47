"""Answer coding: labels in every language, variants, codes, missing labels; vectorised."""

from __future__ import annotations

import numpy as np
import pytest

import kompasmetrics as km
from kompasmetrics._coding import (
    BLANK,
    MISSING_CODE,
    MISSING_LABEL,
    UNKNOWN,
    VALUE,
    ScaleCoder,
    code_column,
)
from kompasmetrics.io import ExportError


@pytest.fixture
def coder(instrument):
    return ScaleCoder(instrument.response_scales["agree5"], frozenset({"-99"}), {"agre": 4.0, "a6": None})


@pytest.mark.parametrize(
    ("answer", "value", "kind"),
    [
        ("Strongly agree", 5, VALUE),
        ("Helemaal eens", 5, VALUE),
        ("helemaal  MEE eens", 5, VALUE),
        ("Neutral", 3, VALUE),
        ("Neither agree nor disagree", 3, VALUE),
        ("Noch eens, noch oneens", 3, VALUE),
        ("5 - Strongly agree", 5, VALUE),
        ("4. Eens", 4, VALUE),
        ("Agree (4)", 4, VALUE),
        ("(2) Disagree", 2, VALUE),
        ("Eens = 4", 4, VALUE),
        ("1 – Helemaal oneens", 1, VALUE),
        ("Disagree [2]", 2, VALUE),
        ("4", 4, VALUE),
        ("4.0", 4, VALUE),
        ("4,0", 4, VALUE),
        (4, 4, VALUE),
        (4.0, 4, VALUE),
        ("A1", 1, VALUE),
        ("a5", 5, VALUE),
        ("Agre", 4, VALUE),
        ("Agree\u00a0", 4, VALUE),
        ("\u201cAgree\u201d", np.nan, UNKNOWN),
        ("Weet niet", np.nan, MISSING_LABEL),
        ("Don’t know", np.nan, MISSING_LABEL),
        ("N.v.t.", np.nan, MISSING_LABEL),
        ("A6", np.nan, MISSING_LABEL),
        ("-99", np.nan, MISSING_CODE),
        (-99, np.nan, MISSING_CODE),
        ("", np.nan, BLANK),
        ("   ", np.nan, BLANK),
        (None, np.nan, BLANK),
        (np.nan, np.nan, BLANK),
        ("3 - Strongly agree", np.nan, UNKNOWN),
        ("A7", np.nan, UNKNOWN),
        ("Maybe", np.nan, UNKNOWN),
        (True, np.nan, UNKNOWN),
    ],
)
def test_each_answer_is_coded(coder, answer, value, kind):
    got_value, got_kind = coder.code(answer)
    assert got_kind == kind
    np.testing.assert_equal(got_value, value)


def test_a_column_is_coded_once_per_distinct_answer(coder, monkeypatch):
    calls = []
    original = ScaleCoder._code
    monkeypatch.setattr(ScaleCoder, "_code", lambda self, raw: calls.append(raw) or original(self, raw))
    column = np.array(["Agree", "Disagree", "", "Weet niet", "Agree"] * 2000, dtype=object)
    coded = code_column(column, coder)
    assert len(calls) == 4  # "Agree", "Disagree", "", "Weet niet": each once, not once per cell
    assert coded.values[:5].tolist()[:2] == [4.0, 2.0] and np.isnan(coded.values[2:4]).all()
    assert coded.nonsubstantive[:5].tolist() == [False, False, False, True, False]
    code_column(column, coder)
    assert len(calls) == 4  # the second column reuses the cache


def test_unknown_label_is_an_error_naming_column_label_and_count(export, tiny_study, instrument):
    responses = tiny_study.responses.copy()
    item = instrument.item_ids[5]
    responses[item] = responses[item].astype(object)
    responses.loc[[1, 3, 4], item] = "Agre"
    responses.loc[6, item] = "Yes"
    path = export("bad.csv", "generic", responses=responses, answers="label")
    with pytest.raises(ExportError) as caught:
        km.read_survey(path, partnership="partnership", organisation="organisation")
    message = str(caught.value)
    assert f"Column '{item}' (column {4 + 5})" in message
    assert "'Agre' 3 time(s) (first in row 3). Did you mean 'Agree'?" in message
    assert "'Yes' 1 time(s) (first in row 8)" in message
    assert "answer_map" in message and "label_variants" in message
    survey = km.read_survey(path, answer_map={"Agre": 4, "Yes": None})
    assert survey.responses.loc[3, item] == 4


def test_qualtrics_seen_but_unanswered_is_missing_and_reported(export, tiny_study, instrument):
    path = export("numbers.csv", "qualtrics", answers="number")
    text = path.read_text(encoding="utf-8").splitlines()
    cells = text[4].split(",")
    position = next(i for i, c in enumerate(cells) if c in {"1", "2", "3", "4", "5"} and i > 18)
    cells[position] = "-99"
    text[4] = ",".join(cells)
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    survey = km.read_survey(path)
    assert survey.responses.loc[5].isna().sum() >= 1
    note = survey.report[survey.report["problem"].str.contains("seen but unanswered", na=False)]
    assert len(note) == 1 and note["action"].iloc[0] == "treated as missing"


def test_numbers_outside_the_scale_are_an_error(export, tiny_study, instrument):
    responses = tiny_study.responses.copy()
    item = instrument.item_ids[0]
    responses[item] = responses[item].astype(object)
    responses.loc[2, item] = 0
    responses.loc[4, item] = 7
    path = export("zero.csv", "generic", responses=responses, answers="number")
    with pytest.raises(
        ExportError,
        match=r"numbers outside response scale 'agree5': 0 1 time\(s\) \(first in row 4\); "
        r"7 1 time\(s\) \(first in row 6\)",
    ):
        km.read_survey(path)
