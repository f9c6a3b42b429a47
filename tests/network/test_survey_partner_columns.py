"""km.Survey(frame) leaves the per-partner columns of the instrument's partner_ratings block for
km.read_partner_ratings: no error, each column in the import report, and the ratings read from the
same frame."""

from __future__ import annotations

import pandas as pd
import pytest

import kompasmetrics as km
from kompasmetrics.report._import_texts import localised_report
from tests.network.test_instrument_block import write

PEOPLE = [
    ("R1", "Zwolle", "Gemeente Zwolle"),
    ("R2", "Zwolle", "Woonstichting"),
    ("R3", "Zwolle", "Zorggroep"),
]
RELIABLE = "Deze partner doet wat het heeft toegezegd, ook als dat lastig uitkomt."
GRID = [f"{RELIABLE} [{partner}]" for _, _, partner in PEOPLE]
FORMS = [partner for _, _, partner in PEOPLE]  # Microsoft Forms: the partner's name as the statement
LIME = ["Q12[SQ001]. Deze partner heeft veel invloed op de besluiten in deze samenwerking. [Zorggroep]"]


def frame_with(columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(PEOPLE, columns=["respondent_id", "partnership", "organisation"])
    frame[["trust_reliability_1", "trust_reliability_2"]] = 4
    for column in columns:
        frame[column] = ["Eens", "Oneens", "Eens"]
    return frame


@pytest.mark.parametrize("columns", [GRID, FORMS, GRID + LIME])
def test_partner_columns_are_left_for_read_partner_ratings_and_reported(columns):
    survey = km.Survey(frame_with(columns))
    assert not set(columns) & set(survey.responses.columns)
    report = survey.report.set_index("column")
    assert report.loc[columns, "problem"].str.contains("partner rating column").all()
    assert report.loc[columns, "action"].str.contains("km.read_partner_ratings").all()
    dutch = localised_report(survey.report, "nl")
    assert dutch["problem"].str.contains("kolom met partnerbeoordelingen").sum() == len(columns)


def test_the_same_frame_gives_the_ratings():
    frame = frame_with(GRID)
    ratings = km.read_partner_ratings(frame, km.Survey(frame))
    rated = ratings.ratings.set_index(["respondent_id", "rated_organisation"])["value"]
    assert rated[("R1", "Woonstichting")] == 4 and rated[("R2", "Gemeente Zwolle")] == 2
    assert len(ratings.ratings) == 6  # three respondents, two partners each; their own left out


def test_other_unknown_columns_are_still_refused():
    with pytest.raises(km.SurveyError, match="'Hoe tevreden bent u\\? \\[Zorggroep\\]'"):
        km.Survey(frame_with([*GRID, "Hoe tevreden bent u? [Zorggroep]"]))


def test_without_the_block_the_columns_are_unknown_as_before(tmp_path):
    instrument = km.load_instrument(write(tmp_path, None))
    with pytest.raises(km.SurveyError, match="match no item"):
        km.Survey(frame_with(GRID), instrument)
