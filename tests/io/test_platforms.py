"""Every platform layout, in every format: detected from its headers, read to the same answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import kompasmetrics as km
from kompasmetrics.io._platforms import detect

DUTCH = {"partnership": "Samenwerkingsverband", "organisation": "Organisatie"}


def _same_answers(survey, study):
    theirs = study.survey.responses.reset_index(drop=True)
    ours = survey.responses.reset_index(drop=True)
    np.testing.assert_array_equal(ours[survey.items].to_numpy(), theirs[survey.items].to_numpy())
    assert ours["organisation"].tolist() == theirs["organisation"].tolist()


@pytest.mark.parametrize(
    ("platform", "name", "write", "read"),
    [
        ("qualtrics", "q.xlsx", {"language": "en"}, {}),
        ("qualtrics", "q.csv", {"language": "nl", "answers": "number"}, {}),
        ("qualtrics", "q.tsv", {"language": "en", "separator": "\t", "encoding": "utf-16"}, {}),
        ("msforms", "m.xlsx", {"language": "en"}, {}),
        ("msforms", "m.xlsx", {"language": "nl"}, DUTCH),
        ("msforms", "m.csv", {"language": "nl", "separator": ";", "encoding": "utf-8-sig"}, DUTCH),
        ("google", "g.csv", {"language": "en"}, {}),
        ("google", "g.xlsx", {"language": "nl", "answers": "number_label"}, DUTCH),
        ("surveymonkey", "s.xlsx", {"language": "en"}, {}),
        ("surveymonkey", "s.csv", {"language": "nl"}, DUTCH),
        ("limesurvey", "l.csv", {"language": "en", "answers": "code"}, {}),
        ("limesurvey", "l.xlsx", {"language": "nl", "answers": "label"}, DUTCH),
        (
            "generic",
            "x.csv",
            {"answers": "number"},
            {"partnership": "partnership", "organisation": "organisation"},
        ),
        ("generic", "x.xlsx", {"answers": "label", "language": "nl"}, {}),
    ],
)
def test_layout_is_detected_and_read(export, tiny_study, platform, name, write, read):
    path = export(name, platform, **write)
    survey = km.read_survey(path, **read)
    assert survey.report["problem"].iloc[0].endswith(km.io.platforms()[platform].label)
    _same_answers(survey, tiny_study)
    assert survey.report["file"].eq(name).all()
    assert (survey.quality["kept"].sum(), len(survey.quality)) == (
        len(survey.responses),
        len(survey.quality),
    )
    # also when the layout is named instead of detected
    named = km.read_survey(path, platform=platform, **read)
    pd.testing.assert_frame_equal(named.responses, survey.responses)


def test_qualtrics_header_rows_are_counted_from_the_file(export, tiny_study):
    path = export("q.csv", "qualtrics")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    three = km.read_survey(path)
    assert three.report["action"].iloc[0].startswith("3 header rows")
    path.write_text("".join(lines[:2] + lines[3:]), encoding="utf-8")  # no ImportId row
    two = km.read_survey(path)
    assert two.report["action"].iloc[0].startswith("2 header rows")
    path.write_text("".join(lines[:1] + lines[3:]), encoding="utf-8")  # the analyst deleted rows 2 and 3
    with pytest.raises(km.ExportError, match="only its row of export tags"):
        km.read_survey(path)
    tags = pd.read_csv(path, nrows=0).columns[19:]
    one = km.read_survey(path, column_map=dict(zip(tags, km.load_instrument().item_ids, strict=True)))
    assert one.report["action"].iloc[0].startswith("1 header row;")
    for survey in (three, two, one):
        _same_answers(survey, tiny_study)
    assert two.responses.index[0] == three.responses.index[0] - 1  # rows are the file's own rows


def test_qualtrics_preview_and_unfinished_responses_are_left_out(export, tiny_study):
    path = export("q.csv", "qualtrics")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = lines[5].replace(",True,", ",False,", 1)  # the second real response did not finish
    path.write_text("".join(lines), encoding="utf-8")
    survey = km.read_survey(path)
    left_out = survey.report[survey.report["action"] == "row left out"].set_index("row")
    assert left_out.loc[4, "problem"] == "survey preview response (Status 'Survey Preview')"
    assert left_out.loc[6, "problem"].startswith("response not finished")
    assert len(survey.responses) == len(tiny_study.responses) - 1
    assert len(km.read_survey(path, include_incomplete=True).responses) == len(tiny_study.responses)


def test_limesurvey_code_headers_need_a_column_map(export, tiny_study, instrument):
    path = export("l.csv", "limesurvey", answers="code")
    cells = pd.read_csv(path, header=None, dtype=object, keep_default_na=False)
    codes = [h.split(". ", 1)[0] for h in cells.iloc[0]]
    cells.iloc[0] = codes
    cells.to_csv(path, header=False, index=False)
    column_map = dict(zip(codes[10:], instrument.item_ids, strict=True))
    survey = km.read_survey(path, partnership="partnership", organisation="organisation", column_map=column_map)
    assert survey.questions.set_index("column").loc["G01Q01[SQ001]", "how"] == "column_map"
    _same_answers(survey, tiny_study)
    left_out = survey.report[survey.report["action"] == "row left out"]
    assert left_out["problem"].str.startswith("response not completed").tolist() == [True]


def test_limesurvey_full_text_headers(export, tiny_study):
    path = export("l.csv", "limesurvey", answers="label", language="en")
    cells = pd.read_csv(path, header=None, dtype=object, keep_default_na=False)
    full = {"id": "Response ID", "submitdate": "Date submitted", "startdate": "Date started"}
    cells.iloc[0] = [full.get(h.split(". ", 1)[0], h.split(". ", 1)[1]) for h in cells.iloc[0]]
    cells.to_csv(path, header=False, index=False)
    survey = km.read_survey(path)
    assert survey.report["problem"].iloc[0] == "export layout: LimeSurvey"
    _same_answers(survey, tiny_study)


def test_detection_picks_the_layout_from_the_first_row():
    def first(*names):
        return pd.DataFrame([list(names)], dtype=object)

    assert detect(first("StartDate", "EndDate", "Status", "ResponseId", "Q1"), "auto", "f", None).name == "qualtrics"
    assert detect(first("ID", "Begintijd", "Tijd van voltooien", "E-mail"), "auto", "f", None).name == "msforms"
    assert detect(first("Tijdstempel", "Vraag [Stelling]"), "auto", "f", None).name == "google"
    assert detect(first("Respondent ID", "Collector ID", "Start Date"), "auto", "f", None).name == "surveymonkey"
    assert detect(first("id. Response ID", "submitdate. Date submitted"), "auto", "f", None).name == "limesurvey"
    assert detect(first("respondent_id", "partnership"), "auto", "f", None).name == "generic"
    assert detect(first("#", "Vraag", "Start Date (UTC)", "Submit Date (UTC)"), "auto", "f", None).name == "typeform"
    assert detect(first("start", "end", "q1", "_uuid", "_submission_time"), "auto", "f", None).name == "kobotoolbox"
    assert detect(first(*[f"V{i}" for i in range(1, 11)], "Q1_1"), "auto", "f", None).name == "qualtrics_legacy"
    assert detect(first("Respondent ID", "Start Date", "End Date"), "auto", "f", None).name == "surveymonkey"
    with pytest.raises(km.ExportError, match="platform='paperform' is not a known export layout"):
        detect(first("a"), "paperform", "f", None)


def test_quoted_line_breaks_in_headers(export, tiny_study, instrument):
    path = export("x.csv", "generic", answers="label", language="en")
    cells = pd.read_csv(path, header=None, dtype=object, keep_default_na=False)
    texts = instrument.items["text_en"].tolist()
    cells.iloc[0, 3:] = [t.replace(" ", "\n", 1) for t in texts]  # a line break inside each statement
    cells.to_csv(path, header=False, index=False)
    assert path.read_text(encoding="utf-8").count("\n") > len(cells)
    survey = km.read_survey(path)
    _same_answers(survey, tiny_study)
    assert survey.responses.index[0] == 2  # rows are records, not lines


def test_windows_1252_text_is_read_and_reported(export, tiny_study):
    path = export("w.csv", "msforms", language="nl", encoding="cp1252", separator=";")
    survey = km.read_survey(path, **DUTCH)
    assert "read as Windows-1252" in " ".join(survey.report["action"])
    _same_answers(survey, tiny_study)


def test_dates_that_cannot_be_read_are_reported(export, tiny_study):
    path = export("g.csv", "google")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = "gisteren" + lines[2][lines[2].index(",") :]
    path.write_text("".join(lines), encoding="utf-8")
    survey = km.read_survey(path)
    assert pd.isna(survey.responses.loc[3, "submitted_at"])
    assert survey.responses["submitted_at"].notna().sum() == len(tiny_study.responses) - 1
    note = survey.report[survey.report["problem"] == "1 date could not be read as a date"]
    assert note["value"].tolist() == ["gisteren"]
