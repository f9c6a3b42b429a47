"""Survey validation: answers coded, bad input named, nothing dropped silently."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import kompasmetrics as km
from kompasmetrics.errors import SurveyError


@pytest.fixture
def frame(instrument) -> pd.DataFrame:
    items = instrument.items_of("trust_openness") + instrument.items_of("phase1_explore")
    rows = []
    for i in range(6):
        rows.append(
            {
                "respondent_id": f"r{i}",
                "partnership": "P1",
                "organisation": "Org A" if i < 3 else "Org B",
                **{item: 1 + (i + j) % 5 for j, item in enumerate(items)},
            }
        )
    return pd.DataFrame(rows)


def test_numeric_answers_are_kept(instrument, frame):
    survey = km.Survey(frame, instrument)
    assert survey.items == [i for i in instrument.item_ids if i in frame.columns]
    assert survey.responses[survey.items].to_numpy().tolist() == frame[survey.items].to_numpy(float).tolist()
    assert survey.report.empty


def test_labels_in_both_languages_and_missing_labels(instrument, frame):
    item = instrument.items_of("trust_openness")[0]
    frame[item] = ["Helemaal eens", "agree", " Neutraal ", "Weet niet", "Don’t know", None]
    survey = km.Survey(frame, instrument)
    coded = survey.responses[item]
    assert coded.iloc[:3].tolist() == [5.0, 4.0, 3.0]
    assert coded.iloc[3:].isna().all()
    assert survey.nonsubstantive[item].tolist() == [False, False, False, True, True, False]


def test_text_answers_are_coded_as_the_importer_codes_them(instrument, frame):
    """Values as text, labels with their value and answer codes, as in km.read_survey."""
    item = instrument.items_of("trust_openness")[0]
    frame[item] = ["4", "5 - Helemaal eens", "Agree (4)", "2,0", "A1", pd.NA]
    survey = km.Survey(frame, instrument)
    assert survey.responses[item].iloc[:5].tolist() == [4.0, 5.0, 4.0, 2.0, 1.0]
    assert np.isnan(survey.responses[item].iloc[5])
    frame[item] = ["7", "4", "4", "4", "4", "4"]
    with pytest.raises(SurveyError, match=r"not a value or label .*'7' \(1x\)"):
        km.Survey(frame, instrument)


@pytest.mark.parametrize(
    ("mutate", "fragments"),
    [
        (
            lambda f, item: f.assign(**{item: [6, 1, 2, 0, 3, 4]}),
            ["values outside response scale", "6 (1x)", "0 (1x)", "Allowed: 1, 2, 3, 4, 5"],
        ),
        (lambda f, item: f.assign(**{item: ["Agre"] * 6}), ["'Agre' (6x)", "Did you mean 'Agree'?", "label_variants"]),
        (
            lambda f, item: f.assign(respondent_id=["a", "a", "b", "c", "c", "d"]),
            ["2 duplicated respondent id(s)", "'a', 'c'"],
        ),
        (
            lambda f, item: f.drop(columns="partnership"),
            ["partnership column 'partnership' is missing", "partnership='<column name>'"],
        ),
        (
            lambda f, item: f.rename(columns={item: item + "x"}),
            ["{item}x'", "Did you mean '{item}'?", "ignore_columns"],
        ),
        (lambda f, item: f[["respondent_id", "partnership", "organisation"]], ["None of the", "items"]),
    ],
)
def test_bad_input_is_named(instrument, frame, mutate, fragments):
    item = instrument.items_of("trust_openness")[0]
    with pytest.raises(SurveyError) as caught:
        km.Survey(mutate(frame, item), instrument, source="export.xlsx")
    message = str(caught.value)
    assert "export.xlsx" in message
    for fragment in fragments:
        assert fragment.format(item=item) in message


def test_every_problem_reported_at_once(instrument, frame):
    item = instrument.items_of("trust_openness")[0]
    bad = frame.assign(**{item: [9] * 6}, respondent_id=["a"] * 6, Email="x@y.nl")
    with pytest.raises(SurveyError, match="3 problems"):
        km.Survey(bad, instrument)


def test_rows_left_out_are_reported(instrument, frame):
    frame.loc[1, "partnership"] = None
    frame.loc[2, "organisation"] = "  "
    frame.loc[4, [c for c in frame.columns if c not in ("respondent_id", "partnership", "organisation")]] = np.nan
    survey = km.Survey(frame, instrument)
    assert survey.n_respondents == 3
    report = survey.report.set_index("row")
    assert report.loc[1, "problem"] == "no partnership"
    assert report.loc[2, "problem"] == "no organisation"
    assert report.loc[4, "problem"] == "no item answered"
    assert set(report["action"]) == {"row left out"}


def test_ignored_columns_and_attributes(instrument, frame):
    frame["Email"] = "someone@example.org"
    frame["sector"] = "zorg"
    survey = km.Survey(frame, instrument, attributes=["sector"], ignore_columns=["Email"])
    assert "Email" not in survey.responses.columns
    assert "sector" in survey.responses.columns
    assert "column ignored on request" in survey.report["problem"].tolist()


def test_generated_respondent_ids_are_reported(instrument, frame):
    survey = km.Survey(frame.drop(columns="respondent_id"), instrument)
    assert survey.responses["respondent_id"].tolist()[:2] == ["R00001", "R00002"]
    assert "no respondent id column" in survey.report["problem"].tolist()


def test_not_a_dataframe(instrument):
    with pytest.raises(km.KompasValueError, match="read_survey"):
        km.Survey([[1, 2]], instrument)


def test_a_survey_cannot_be_changed_and_says_how_to_change_a_copy(instrument, frame):
    survey = km.Survey(frame, instrument)
    report = survey.report
    with pytest.raises(AttributeError, match=r"survey = survey.replace\(report=\.\.\.\)"):
        survey.report = pd.DataFrame()
    with pytest.raises(AttributeError, match="replace"):
        del survey.items
    with pytest.raises(AttributeError, match="replace"):
        survey.anything_new = 1
    assert survey.report.equals(report) and survey.items and not hasattr(survey, "anything_new")


def test_what_a_survey_hands_out_can_be_changed_without_changing_it(instrument, frame):
    """Its tables and lists are copies (sharing their data until written): a column added, a
    cell set, an item appended or a report row dropped changes the copy, never the Survey."""
    survey = km.Survey(frame, instrument)
    before = {name: getattr(survey, name) for name in ("responses", "nonsubstantive", "report")}
    kept = {name: table.copy() for name, table in before.items()}
    responses = survey.responses
    item = survey.items[0]
    responses[item] = 99
    responses["new"] = 1
    responses.loc[responses.index[0], "partnership"] = "changed"
    marks = survey.nonsubstantive
    marks.iloc[0, 0] = not marks.iloc[0, 0]
    report = survey.report
    report.loc[len(report)] = [None] * len(report.columns)  # a row added in place
    survey.items.append("not_an_item")
    survey.attributes.append("nor_this")
    for name, table in kept.items():
        pd.testing.assert_frame_equal(getattr(survey, name), table)
    assert "not_an_item" not in survey.items and "nor_this" not in survey.attributes
    assert km.score(survey).partnerships.equals(km.score(km.Survey(frame, instrument)).partnerships)


def test_replace_returns_a_changed_copy(instrument, frame):
    survey = km.Survey(frame, instrument, source="export.xlsx")
    renamed = survey.replace(source="other.xlsx")
    assert (renamed.source, survey.source) == ("other.xlsx", "export.xlsx")
    assert renamed.responses.equals(survey.responses) and renamed.items == survey.items
    assert isinstance(renamed, km.Survey) and renamed.n_respondents == survey.n_respondents
    with pytest.raises(TypeError, match=r"unknown attribute\(s\) \['has_wave'\]"):
        survey.replace(has_wave=True)


def test_replace_with_a_selection_of_rows_keeps_the_marks_of_those_rows(instrument, frame):
    item = instrument.items_of("trust_openness")[0]
    frame[item] = [1, "Weet niet", 3, "Weet niet", 5, 2]
    survey = km.Survey(frame, instrument)
    org_a = survey.replace(responses=survey.responses[survey.responses["organisation"] == "Org A"])
    assert org_a.n_respondents == 3
    assert org_a.nonsubstantive[item].tolist() == [False, True, False]
    assert org_a.nonsubstantive.index.equals(org_a.responses.index)
    fewer_items = survey.replace(responses=survey.responses.drop(columns=item))
    assert item not in fewer_items.items and item not in fewer_items.nonsubstantive.columns


def test_replace_refuses_attributes_that_do_not_fit(instrument, frame):
    survey = km.Survey(frame, instrument)
    new_rows = survey.responses.set_axis(range(10, 16))
    with pytest.raises(km.KompasValueError, match="give nonsubstantive= for the new responses"):
        survey.replace(responses=new_rows)
    with pytest.raises(km.KompasValueError, match=r"lacks the column\(s\) \['partnership'\]"):
        survey.replace(responses=survey.responses.drop(columns="partnership"))
    with pytest.raises(km.KompasValueError, match="report must be a DataFrame"):
        survey.replace(report=None)
    assert survey.replace(responses=new_rows, nonsubstantive=survey.nonsubstantive.set_axis(range(10, 16))).items


def test_a_shallow_copy_is_a_survey_that_cannot_be_changed_either(instrument, frame):
    import copy

    survey = km.Survey(frame, instrument)
    twin = copy.copy(survey)
    pd.testing.assert_frame_equal(twin.responses, survey.responses)
    assert twin.items == survey.items and twin.has_waves == survey.has_waves
    with pytest.raises(AttributeError, match="replace"):
        twin.items = []
