"""Matching columns to items: column_map, then item id, then statement text; never close matches."""

from __future__ import annotations

import pandas as pd
import pytest

import kompasmetrics as km


def _rename(path, renames: dict[int, str]):
    cells = pd.read_csv(path, header=None, dtype=object, keep_default_na=False)
    for position, header in renames.items():
        cells.iloc[0, position] = header
    cells.to_csv(path, header=False, index=False)


def test_how_each_column_was_matched(export, instrument):
    path = export("x.csv", "generic", answers="label", language="en")
    texts = instrument.items.set_index("item")
    _rename(
        path,
        {
            3: texts.at["phase1_explore_1", "text_en"],  # English text
            4: texts.at["phase1_explore_2", "text_nl"].upper(),  # Dutch text, other case
            5: "Vraag 3. " + texts.at["phase1_explore_3", "text_nl"],  # question text before it
            6: "Q_custom",
        },
    )  # only through column_map
    survey = km.read_survey(path, column_map={"Q_custom": "phase2_share_1"})
    how = survey.questions.set_index("column")["how"]
    assert how["respondent_id"] == "role: respondent_id" and how["partnership"] == "role: partnership"
    assert how[texts.at["phase1_explore_1", "text_en"]] == "statement text (en)"
    assert how[texts.at["phase1_explore_2", "text_nl"].upper()] == "statement text (nl)"
    assert how["Vraag 3. " + texts.at["phase1_explore_3", "text_nl"]] == "statement text (nl) after the question text"
    assert how["Q_custom"] == "column_map" and how["phase2_share_2"] == "item id"
    assert survey.items == instrument.item_ids


def test_column_map_comes_first_and_can_leave_columns_out(export, instrument):
    path = export("x.csv", "generic", answers="number")
    survey = km.read_survey(path, column_map={"phase1_explore_1": "phase1_explore_2", "phase1_explore_2": None})
    questions = survey.questions.set_index("column")
    assert questions.loc["phase1_explore_1", "item"] == "phase1_explore_2"
    assert questions.loc["phase1_explore_2", "how"] == "ignored (column_map)"
    assert "phase1_explore_1" not in survey.items
    not_found = survey.questions[survey.questions["how"] == "not in export"]
    assert not_found["item"].tolist() == ["phase1_explore_1"]


def test_close_matches_are_suggested_never_applied(export, instrument):
    path = export("x.csv", "generic", answers="number")
    text = instrument.items.set_index("item").at["trust_openness_2", "text_en"]
    close = text[:10] + text[11:]  # one letter dropped
    position = 3 + instrument.item_ids.index("trust_openness_2")
    _rename(path, {position: close})
    survey = km.read_survey(path)
    row = survey.questions.set_index("column").loc[close]
    assert (row["how"], row["suggestion"]) == ("unused", "trust_openness_2")
    assert "trust_openness_2" not in survey.items
    note = survey.report[survey.report["column"] == close]
    assert "column_map" in note["action"].iloc[0]


def test_language_restricts_statement_matching(export):
    path = export("m.xlsx", "msforms", language="en")
    assert len(km.read_survey(path, language="en").items) == len(km.load_instrument().item_ids)
    with pytest.raises(km.ExportError, match=r"No column of m\.xlsx .* matches an item"):
        km.read_survey(path, language="nl")


def test_an_item_in_two_columns_is_an_error(export, instrument):
    path = export("x.csv", "generic", answers="number")
    text = instrument.items.set_index("item").at["phase1_explore_1", "text_nl"]
    _rename(path, {3: text, 4: text + " "})
    with pytest.raises(km.ExportError, match="Item 'phase1_explore_1' matches 2 columns"):
        km.read_survey(path)
