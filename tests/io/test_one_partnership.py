"""Files that belong to one partnership or one organisation: no question names it, the call does.

The files are written here in the Qualtrics csv layout (three header rows: export tags, question
texts, import ids), with export tags equal to item ids, as a consultant's own survey has them.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import openpyxl
import pytest

import kompasmetrics as km

ITEMS = ["phase1_explore_1", "phase1_explore_2", "phase1_explore_3", "phase2_share_1", "phase2_share_2"]
META = ["StartDate", "EndDate", "Status", "Progress", "Finished", "ResponseId"]


def answers(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(1, 6, size=(n, len(ITEMS)))


def qualtrics_rows(values: np.ndarray, status: list[str] | None = None, prefix: str = "R_") -> list[list[object]]:
    texts = [f"Statement {i}" for i in range(len(ITEMS))]
    rows: list[list[object]] = [
        [*META, *ITEMS],
        ["Start Date", "End Date", "Response Type", "Progress", "Finished", "Response ID", *texts],
        [f'{{"ImportId":"{m}"}}' for m in META] + [f'{{"ImportId":"QID{i}"}}' for i in range(len(ITEMS))],
    ]
    for i, row in enumerate(values):
        state = status[i] if status else "IP Address"
        rows.append(
            ["2026-03-02 09:00:00", "2026-03-02 09:10:00", state, 100, "True", f"{prefix}{i + 1}", *row.tolist()]
        )
    return rows


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_one_file_of_one_partnership_and_organisation(tmp_path):
    values = answers(4, 1)
    path = write_csv(tmp_path / "export.csv", qualtrics_rows(values))
    survey = km.read_survey(path, partnership_name="Havenalliantie", organisation_name="Gemeente Zwolle")
    responses = survey.responses
    assert len(responses) == 4
    assert set(responses["partnership"]) == {"Havenalliantie"} and set(responses["organisation"]) == {"Gemeente Zwolle"}
    assert (responses[ITEMS].to_numpy(float) == values).all()  # cell by cell
    assert survey.report["problem"].str.contains("partnership given by partnership_name").sum() == 1
    assert survey.report["problem"].str.contains("organisation given by organisation_name").sum() == 1


def test_without_a_question_or_a_name_the_error_says_what_to_pass(tmp_path):
    path = write_csv(tmp_path / "export.csv", qualtrics_rows(answers(3, 2)))
    with pytest.raises(km.ExportError) as caught:
        km.read_survey(path)
    message = str(caught.value)
    assert "partnership_name='<name>'" in message and "partnership_from='file'" in message


def test_name_and_column_for_one_role_is_an_error(tmp_path):
    path = write_csv(tmp_path / "export.csv", qualtrics_rows(answers(3, 3)))
    with pytest.raises(km.ExportError, match="give one of them"):
        km.read_survey(path, partnership_name="A", organisation_name="B", column_map={"ResponseId": "partnership"})
    with pytest.raises(km.ExportError, match="partnership_name=''"):
        km.read_survey(path, partnership_name="", organisation_name="B")


def test_one_file_per_partnership_named_by_file_or_folder(tmp_path):
    first = write_csv(tmp_path / "Havenalliantie" / "Gemeente.csv", qualtrics_rows(answers(3, 4), prefix="A"))
    second = write_csv(tmp_path / "Zorgnetwerk Noord" / "Zorgaanbieder.csv", qualtrics_rows(answers(2, 5), prefix="B"))
    by_folder = km.read_surveys([first, second], partnership_from="folder", organisation_from="file", progress=False)
    groups = by_folder.responses.groupby(["partnership", "organisation"]).size().to_dict()
    assert groups == {("Havenalliantie", "Gemeente"): 3, ("Zorgnetwerk Noord", "Zorgaanbieder"): 2}
    by_file = km.read_surveys([first, second], partnership_from="file", organisation_name="Gemeente", progress=False)
    assert set(by_file.responses["partnership"]) == {"Gemeente", "Zorgaanbieder"}
    assert set(by_file.responses["organisation"]) == {"Gemeente"}


def test_one_sheet_per_organisation(tmp_path):
    book = openpyxl.Workbook()
    book.remove(book.active)
    expected = {}
    for i, organisation in enumerate(["Gemeente Zwolle", "Politie Oost"]):
        sheet = book.create_sheet(organisation)
        values = answers(3 + i, 10 + i)
        for row in qualtrics_rows(values, prefix=f"S{i}"):
            sheet.append(row)
        expected[organisation] = values
    book.create_sheet("Leeg")  # an empty sheet is not an organisation
    path = tmp_path / "Havenalliantie.xlsx"
    book.save(path)
    survey = km.read_surveys([path], partnership_from="file", organisation_from="sheet", progress=False)
    responses = survey.responses
    assert set(responses["partnership"]) == {"Havenalliantie"}
    for organisation, values in expected.items():
        mine = responses[responses["organisation"] == organisation]
        assert (mine[ITEMS].to_numpy(float) == values).all()
    assert len(survey.quality) == len(responses)  # rows read = rows kept (+ none left out)


def test_test_responses_are_left_out_unless_asked_for(tmp_path):
    status = ["IP Address", "Survey Test", "Survey Preview", "Survey Test"]
    path = write_csv(tmp_path / "generated.csv", qualtrics_rows(answers(4, 6), status=status))
    names = {"partnership_name": "P", "organisation_name": "O"}
    default = km.read_survey(path, **names)
    assert len(default.responses) == 1
    left_out = default.report[default.report["action"] == "row left out"]
    assert left_out["problem"].str.contains("pass include_test=True").sum() == 2
    kept = km.read_survey(path, include_test=True, **names)
    assert len(kept.responses) == 3  # the preview stays out
    assert len(kept.responses) + (kept.report["action"] == "row left out").sum() == 4


def test_read_surveys_sources_are_checked(tmp_path):
    path = write_csv(tmp_path / "x.csv", qualtrics_rows(answers(3, 7)))
    with pytest.raises(km.ExportError, match="partnership_from='name'"):
        km.read_surveys([path], partnership_from="name", progress=False)
    with pytest.raises(km.ExportError, match="not both"):
        km.read_surveys([path], partnership_from="file", partnership_name="A", progress=False)
    with pytest.raises(km.ExportError, match="one sheet per organisation"):
        km.read_surveys([path], partnership_from="file", organisation_from="sheet", progress=False)


def test_a_column_settled_by_its_export_tag_is_not_claimed_again_by_text(tmp_path):
    """Item phase1_explore_1 has tag phase1_explore_1; a later question repeats its statement
    (``Q8_1``): the tag settles the item, the other column stays unused and the file is read."""
    values = answers(3, 8)
    rows = qualtrics_rows(values)
    instrument = km.load_instrument()
    text = instrument.items.set_index("item").at["phase1_explore_1", "text_nl"]
    rows[0].append("Q8_1")
    rows[1][ITEMS.index("phase1_explore_1") + len(META)] = text
    rows[1].append(f"Een andere vraag - {text}")
    rows[2].append('{"ImportId":"QID99"}')
    for row in rows[3:]:
        row.append(5)
    path = write_csv(tmp_path / "tags.csv", rows)
    survey = km.read_survey(path, partnership_name="P", organisation_name="O")
    assert (survey.responses["phase1_explore_1"].to_numpy(float) == values[:, 0]).all()
    how = survey.questions.set_index("column")["how"]
    assert how["phase1_explore_1"] == "item id" and how["Q8_1"] == "unused"
