"""km.read_partner_ratings on small written files in each platform's shape."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import kompasmetrics as km

ITEMS = ["trust_reliability_1", "trust_reliability_2", "trust_reliability_3"]
PEOPLE = [  # respondent id, partnership, organisation
    ("R1", "Zwolle", "Gemeente Zwolle"),
    ("R2", "Zwolle", "Woonstichting Ons Dorp"),
    ("R3", "Zwolle", "Zorggroep Noord"),
]
PARTNERS = ["Gemeente Zwolle", "Woonstichting Ons Dorp", "Zorggroep Noord"]
NL = {  # the question stems a survey designer would type, close to the instrument's wording
    "partner_reliability": "Deze partner doet wat het heeft toegezegd, ook als dat lastig uitkomt.",
    "partner_influence": "Deze partner heeft veel invloed op de besluiten in deze samenwerking.",
}
ANSWER = {("R1", "Woonstichting Ons Dorp"): "Eens", ("R1", "Zorggroep Noord"): "Oneens",
          ("R2", "Gemeente Zwolle"): "Helemaal eens", ("R2", "Zorggroep Noord"): "Neutraal",
          ("R3", "Gemeente Zwolle"): "Eens", ("R3", "Woonstichting Ons Dorp"): "Helemaal oneens",
          ("R3", "Zorggroep Noord"): "Eens"}  # fmt: skip
"""R3 rates their own organisation Zorggroep Noord: left out and reported."""


@pytest.fixture(scope="module")
def survey() -> km.Survey:
    frame = pd.DataFrame(PEOPLE, columns=["respondent_id", "partnership", "organisation"])
    frame[ITEMS] = 4
    return km.Survey(frame)


def answer(respondent: str, partner: str) -> str:
    return ANSWER.get((respondent, partner), "")


def write_csv(path: Path, rows: list[list]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def check(ratings: km.PartnerRatings, items=("partner_reliability", "partner_influence")) -> None:
    table = ratings.ratings
    assert set(table["item"]) == set(items)
    reliability = table[table["item"] == items[0]].set_index(["respondent_id", "rated_organisation"])["value"]
    assert reliability[("R1", "Woonstichting Ons Dorp")] == 4 and reliability[("R2", "Gemeente Zwolle")] == 5
    assert reliability[("R3", "Woonstichting Ons Dorp")] == 1
    assert (table["rater_organisation"] != table["rated_organisation"]).all()
    own = ratings.report[ratings.report["problem"].str.contains("own organisation")]
    assert own["respondent_id"].tolist() == ["R3"]
    unrated = ratings.unrated[["rater_organisation", "rated_organisation"]].apply(tuple, axis=1).tolist()
    assert ("Woonstichting Ons Dorp", "Woonstichting Ons Dorp") not in unrated
    assert table["partnership"].eq("Zwolle").all()


def grid_rows(header_of) -> list[list]:
    header = ["Tijdstempel", "Respondent"] + [header_of(item, p) for item in NL for p in PARTNERS]
    body = [["2026-03-02", rid] + [answer(rid, p) for _ in NL for p in PARTNERS] for rid, _, _ in PEOPLE]
    return [header, *body]


def test_google_forms_grids(tmp_path, survey):
    path = write_csv(tmp_path / "google.csv", grid_rows(lambda item, p: f"{NL[item]} [{p}]"))
    check(km.read_partner_ratings(path, survey))


def test_limesurvey_code_and_text_headings_and_bare_codes(tmp_path, survey):
    code = {"partner_reliability": "Q12", "partner_influence": "Q13"}
    path = write_csv(
        tmp_path / "lime.csv",
        grid_rows(lambda item, p: f"{code[item]}[SQ00{PARTNERS.index(p) + 1}]. {NL[item]} [{p}]"),
    )
    check(km.read_partner_ratings(path, survey))
    bare = write_csv(
        tmp_path / "lime_codes.csv", grid_rows(lambda item, p: f"{code[item]}[SQ00{PARTNERS.index(p) + 1}]")
    )
    with pytest.raises(km.ExportError, match="partner_codes="):
        km.read_partner_ratings(bare, survey)
    codes = {f"SQ00{i + 1}": p for i, p in enumerate(PARTNERS)}
    check(
        km.read_partner_ratings(
            bare, survey, partner_codes=codes, items={"Q12": "partner_reliability", "Q13": "partner_influence"}
        )
    )


def test_qualtrics_matrix_rows_with_the_import_id_row(tmp_path, survey):
    tags = [f"Q{12 + i}_{j + 1}" for i, _ in enumerate(NL) for j, _ in enumerate(PARTNERS)]
    texts = [f"{NL[item]} - {p}" for item in NL for p in PARTNERS]
    rows = [
        ["StartDate", "EndDate", "ResponseId", *tags],
        ["Start Date", "End Date", "Response ID", *texts],
        ['{"ImportId":"startDate"}', '{"ImportId":"endDate"}', '{"ImportId":"_recordId"}', *['{"ImportId":"x"}'] * 6],
    ] + [["2026-03-02", "2026-03-02", rid] + [answer(rid, p) for _ in NL for p in PARTNERS] for rid, _, _ in PEOPLE]
    check(km.read_partner_ratings(write_csv(tmp_path / "qualtrics.csv", rows), survey))


def test_surveymonkey_matrix_rows(tmp_path, survey):
    first = ["Respondent ID", "Collector ID"] + [NL[item] if j == 0 else "" for item in NL for j in range(3)]
    second = ["", ""] + [p for _ in NL for p in PARTNERS]
    second[1] = "Response"
    body = [[rid, "C1"] + [answer(rid, p) for _ in NL for p in PARTNERS] for rid, _, _ in PEOPLE]
    check(km.read_partner_ratings(write_csv(tmp_path / "monkey.csv", [first, second, *body]), survey))


def test_microsoft_forms_one_column_per_statement(tmp_path, survey):
    book = openpyxl.Workbook()
    sheet = book.active
    headers = ["ID", "Start time", "Completion time"] + [p for _ in NL for p in PARTNERS]
    sheet.append(headers)
    for rid, _, _ in PEOPLE:
        sheet.append([rid, "2026-03-02", "2026-03-02"] + [answer(rid, p) for _ in NL for p in PARTNERS])
    path = tmp_path / "forms.xlsx"
    book.save(path)
    check(km.read_partner_ratings(path, survey, items=["partner_reliability", "partner_influence"]))


def test_a_dataframe_with_roster_columns_and_names_spelled_otherwise(survey):
    frame = pd.DataFrame(
        {
            "id": ["R1", "R2", "R3"],
            "Partner 4": ["Stichting Welzijn", "", "Stichting Welzijn"],
            **{f"{NL['partner_reliability']} [{p.upper()}]": [answer(r, p) for r, _, _ in PEOPLE] for p in PARTNERS},
        }
    )
    ratings = km.read_partner_ratings(frame, survey, roster=["Partner 4"])
    assert set(ratings.ratings["rated_organisation"]) == set(PARTNERS)
    partners = ratings.partners.set_index("organisation")
    assert partners.loc["Stichting Welzijn", "in_roster"] and not partners.loc["Stichting Welzijn", "answered"]
    nobody = ratings.unrated[ratings.unrated["rated_organisation"] == "Stichting Welzijn"]
    assert len(nobody) == 3  # named in the roster, rated by no one: reported, not dropped


def test_a_row_of_somebody_outside_the_survey_is_reported(survey):
    frame = pd.DataFrame({"id": ["R1", "R9"], f"{NL['partner_reliability']} [Zorggroep Noord]": ["Eens", "Eens"]})
    ratings = km.read_partner_ratings(frame, survey)
    assert ratings.ratings["respondent_id"].tolist() == ["R1"]
    left = ratings.report.set_index("respondent_id").loc["R9"]
    assert left["row"] == 3 and "not in the survey" in left["problem"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.assign(id=["X1", "X2", "X3"]), "No column of the DataFrame holds the respondent ids"),
        (
            lambda f: f.rename(columns=lambda c: c.replace(NL["partner_reliability"], "Hoe tevreden bent u?")),
            "no column with a partner item",
        ),
        (
            lambda f: f.replace({"Eens": "Agre"}),
            "Column 'Deze partner doet .*\\[Gemeente Zwolle\\]' in the DataFrame has the answer 'Agre' once",
        ),
    ],
)
def test_bad_input_gets_one_clear_error(survey, change, message):
    frame = pd.DataFrame(
        {
            "id": ["R1", "R2", "R3"],
            **{f"{NL['partner_reliability']} [{p}]": [answer(r, p) for r, _, _ in PEOPLE] for p in PARTNERS},
        }
    )
    with pytest.raises(km.ExportError, match=message):
        km.read_partner_ratings(change(frame), survey)


def test_after_read_survey_on_an_export_without_ids(tmp_path):
    """read_survey makes ids from the file name and row; the partner ratings are linked the same way."""
    instrument = km.load_instrument()
    texts = instrument.items["text_nl"].head(3).tolist()
    header = ["Tijdstempel", "Samenwerking", "Organisatie", *texts] + [
        f"{NL['partner_reliability']} [{p}]" for p in PARTNERS
    ]
    body = [["2026-03-02 10:00", "Zwolle", org, "Eens", "Eens", "Oneens"] + [answer(rid, p) for p in PARTNERS]
            for rid, _, org in PEOPLE]  # fmt: skip
    path = write_csv(tmp_path / "zwolle.csv", [header, *body])
    survey = km.read_survey(path, partnership="Samenwerking", organisation="Organisatie")
    ratings = km.read_partner_ratings(path, survey)
    by_rater = ratings.ratings.set_index(["rater_organisation", "rated_organisation"])["value"]
    assert by_rater[("Gemeente Zwolle", "Woonstichting Ons Dorp")] == 4
    assert by_rater[("Zorggroep Noord", "Woonstichting Ons Dorp")] == 1
    assert ratings.report["problem"].str.contains("own organisation 'Zorggroep Noord' \\(1 answer\\)").any()


LOOPS = {  # respondent -> the partner of loops 1, 2, 3 (an embedded field per loop)
    "R1": ["Woonstichting Ons Dorp", "Zorggroep Noord", ""],
    "R2": ["gemeente zwolle", "Zorggroep Noord", ""],  # spelled otherwise: written as the survey writes it
    "R3": ["Gemeente Zwolle", "Woonstichting Ons Dorp", "Zorggroep Noord"],
}


def loop_rows(field: str = "Partner_{n}") -> list[list]:
    """A Qualtrics export with loop-and-merge: ``1_Q12`` ... per loop, the partner in a field."""
    fields = [field.format(n=n) for n in (1, 2, 3)]
    tags = [f"{n}_Q{12 + i}" for n in (1, 2, 3) for i, _ in enumerate(NL)]
    reliability = NL["partner_reliability"].replace("Deze partner", "${e://Field/" + fields[0] + "}")
    texts = [reliability, f"Loop {1} - {NL['partner_influence']}"] * 3
    rows = [
        ["StartDate", "EndDate", "ResponseId", *fields, *tags],
        ["Start Date", "End Date", "Response ID", *fields, *texts],
        ['{"ImportId":"startDate"}', '{"ImportId":"endDate"}', '{"ImportId":"_recordId"}']
        + ['{"ImportId":"x"}'] * (len(fields) + len(tags)),
    ]
    for rid, _, _ in PEOPLE:
        partners = LOOPS[rid]
        cells = [answer(rid, p.title() if p.islower() else p) if p else "" for p in partners for _ in NL]
        rows.append(["2026-03-02", "2026-03-02", rid, *partners, *cells])
    return rows


def test_qualtrics_loop_and_merge_with_the_partner_in_an_embedded_field(tmp_path, survey):
    path = write_csv(tmp_path / "loops.csv", loop_rows())
    ratings = km.read_partner_ratings(path, survey)  # the field found by its values
    check(ratings)
    assert "gemeente zwolle" not in set(ratings.ratings["rated_organisation"])
    for given in ("Partner", {"1": "Partner_1", "2": "Partner_2", "3": "Partner_3"}):
        check(km.read_partner_ratings(path, survey, loop_partner=given))
    other = write_csv(tmp_path / "loops_2.csv", loop_rows(field="{n}_Organisatie"))
    check(km.read_partner_ratings(other, survey))


def test_a_loop_answered_without_its_partner_is_reported(tmp_path, survey):
    rows = loop_rows()
    rows[3][rows[0].index("3_Q12")] = "Eens"  # R1 (file row 4), loop 3: no partner in Partner_3
    ratings = km.read_partner_ratings(write_csv(tmp_path / "loops.csv", rows), survey)
    check(ratings)
    left = ratings.report[ratings.report["problem"].str.contains("without a partner")]
    assert left[["row", "respondent_id", "column"]].values.tolist() == [[4, "R1", "3_Q12"]]


def test_a_static_loop_names_its_partner_and_a_frame_its_codes(survey):
    frame = pd.DataFrame(
        {
            "id": [rid for rid, _, _ in PEOPLE],
            **{f"{n + 1}_Q12": [answer(rid, partner) for rid, _, _ in PEOPLE] for n, partner in enumerate(PARTNERS)},
        }
    )
    loops = {str(n + 1): partner for n, partner in enumerate(PARTNERS)}  # loop n is the same partner for all
    ratings = km.read_partner_ratings(frame, survey, loop_partner=loops, items={"Q12": "partner_reliability"})
    check(ratings, items=("partner_reliability",))


@pytest.mark.parametrize(
    ("loop_partner", "message"),
    [
        (None, "no field naming each loop's partner"),
        ("Partner", "names no column for loop\\(s\\) 1, 2, 3 in loops.csv"),
        ({"1": "Gemeente Zwolle"}, "loop\\(s\\) 2, 3, which loop_partner= does not name"),
    ],
)
def test_loops_without_their_partner_get_one_clear_error(tmp_path, survey, loop_partner, message):
    rows = loop_rows(field="Extra_{n}")
    for row in rows[3:]:
        row[3:6] = ["x", "y", "z"]
    with pytest.raises(km.ExportError, match=message):
        km.read_partner_ratings(write_csv(tmp_path / "loops.csv", rows), survey, loop_partner=loop_partner)
