"""Many files into one Survey: one report per file, ids kept apart, all problems at once."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import kompasmetrics as km
from kompasmetrics.errors import ExportError


@pytest.fixture
def per_partnership(export, tiny_study):
    paths = []
    for i, (_, group) in enumerate(tiny_study.responses.groupby("partnership")):
        platform, name = [("msforms", "a.xlsx"), ("qualtrics", "b.csv"), ("google", "c.csv")][i]
        paths.append(export(name, platform, responses=group.reset_index(drop=True)))
    return paths


def test_files_combine_into_one_survey(per_partnership, tiny_study, capsys):
    survey = km.read_surveys(per_partnership, progress=True)
    assert "Reading exports" in capsys.readouterr().err
    assert len(survey.responses) == len(tiny_study.responses)
    assert survey.responses.index.names == ["file", "row"]
    assert set(survey.report["file"]) == {"a.xlsx", "b.csv", "c.csv"}
    assert set(survey.quality["file"]) == set(survey.questions["file"]) == {"a.xlsx", "b.csv", "c.csv"}
    scores = km.score(survey).partnerships
    truth = km.score(tiny_study.survey).partnerships
    assert scores.round(9).equals(truth.round(9))
    assert survey.responses["respondent_id"].is_unique


def test_ids_used_in_two_files_are_prefixed_and_reported(export, tiny_study):
    first = export("one.xlsx", "msforms", responses=tiny_study.responses.iloc[:6].reset_index(drop=True))
    second = export("two.xlsx", "msforms", responses=tiny_study.responses.iloc[6:].reset_index(drop=True))
    survey = km.read_surveys([first, second], progress=False)
    ids = survey.responses["respondent_id"].tolist()
    assert "one.xlsx:1" in ids and "two.xlsx:1" in ids and len(set(ids)) == len(ids)
    assert survey.report["problem"].str.contains("also used in another file").sum() == 2


def test_problems_of_all_files_are_raised_together(export, tmp_path):
    good = export("good.csv", "qualtrics")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    header_only = tmp_path / "header.csv"
    header_only.write_text("respondent_id,partnership,organisation\n")
    with pytest.raises(km.ExportError) as caught:
        km.read_surveys([good, empty, header_only], progress=False)
    message = str(caught.value)
    assert "2 of 3 files cannot be imported" in message
    assert "empty.csv: empty.csv is empty" in message and "header.csv:" in message


def test_read_surveys_arguments_are_checked(export):
    with pytest.raises(km.ExportError, match="non-empty list of files"):
        km.read_surveys("one.xlsx")
    with pytest.raises(km.ExportError, match=r"unknown option\(s\) \['sheets'\]"):
        km.read_surveys([export("x.csv", "generic")], sheets=1)


def _two_exports(tmp_path):
    """Two files of one study that name their partnership column differently ("Netwerk" is no
    usual wording, so it must be told)."""
    items = km.load_instrument().item_ids[:6]
    for name, header, partnership in (("noord.csv", "Netwerk", "Noord"), ("zuid.csv", "Partnership", "Zuid")):
        frame = pd.DataFrame(
            {
                header: [partnership] * 4,
                "Organisation": ["Gemeente", "Zorg", "Gemeente", "Zorg"],
                **{item: [1, 2, 3, 4] for item in items},
            }
        )
        frame.to_csv(tmp_path / name, index=False)
    return [tmp_path / "noord.csv", tmp_path / "zuid.csv"]


def test_file_options_apply_to_their_file_only(tmp_path):
    paths = _two_exports(tmp_path)
    with pytest.raises(ExportError, match=r"noord\.csv"):
        km.read_surveys(paths, progress=False)  # the one file's column is not found
    with pytest.raises(ExportError, match=r"zuid\.csv"):
        km.read_surveys(paths, progress=False, partnership="Netwerk")  # shared, it breaks the other
    survey = km.read_surveys(paths, progress=False, file_options={"noord.csv": {"partnership": "Netwerk"}})
    assert sorted(survey.responses["partnership"].unique()) == ["Noord", "Zuid"]
    by_path = km.read_surveys(paths, progress=False, file_options={str(paths[0]): {"partnership": "Netwerk"}})
    assert by_path.responses["partnership"].tolist() == survey.responses["partnership"].tolist()


@pytest.mark.parametrize(
    ("file_options", "message"),
    [
        ({"noord.xlsx": {"partnership": "Netwerk"}}, "'noord.xlsx' is none of the files (noord.csv, zuid.csv)"),
        ({"noord.csv": {"partnership_column": "Netwerk"}}, "unknown option(s) ['partnership_column']"),
    ],
)
def test_file_options_that_fit_no_file_or_no_option_are_errors(tmp_path, file_options, message):
    with pytest.raises(ExportError, match=re.escape(message)):
        km.read_surveys(_two_exports(tmp_path), progress=False, file_options=file_options)


def test_the_command_line_takes_file_options(tmp_path, capsys):
    from kompasmetrics.cli import main

    _two_exports(tmp_path)
    argv = ["validate", str(tmp_path), "--file-option", "noord.csv:partnership=Netwerk"]
    assert main(argv) == 0
    assert main(["validate", str(tmp_path), "--file-option", "noord.csv=Netwerk"]) == 1
    assert "schrijf BESTAND:OPTIE=WAARDE" in capsys.readouterr().err
    wrong = ["validate", str(tmp_path), "--file-option", "noord.csv=Netwerk", "--language", "en"]
    assert main(wrong) == 1
    assert "write FILE:OPTION=VALUE" in capsys.readouterr().err
