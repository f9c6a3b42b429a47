"""Bad input: one clear ExportError naming file, sheet, row and column, and nothing lost."""

from __future__ import annotations

import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

import kompasmetrics as km
from kompasmetrics.io import ExportError, _raw


def _generic(export, tiny_study, name="x.csv", **changes):
    responses = tiny_study.responses.copy()
    for column, (rows, value) in changes.items():
        responses[column] = responses[column].astype(object)
        responses.loc[rows, column] = value
    return export(name, "generic", responses=responses, answers="label", language="en")


def _not_excel(tmp_path, export, tiny_study):
    path = tmp_path / "x.xlsx"
    path.write_bytes(bytes(range(256)) * 20)
    return path, {}


def _corrupt(tmp_path, export, tiny_study):
    path = export("x.xlsx", "qualtrics")
    path.write_bytes(path.read_bytes()[:3000])
    return path, {}


def _password(tmp_path, export, tiny_study):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "EncryptedPackage".encode("utf-16-le"))
    return path, {}


def _html(tmp_path, export, tiny_study):
    path = tmp_path / "x.xls"
    path.write_text("<html><body><table><tr><td>1</td></tr></table></body></html>", encoding="utf-8")
    return path, {}


def _empty_file(tmp_path, export, tiny_study):
    path = tmp_path / "x.csv"
    path.write_bytes(b"")
    return path, {}


def _missing_file(tmp_path, export, tiny_study):
    return tmp_path / "nowhere.xlsx", {}


def _empty_sheet(tmp_path, export, tiny_study):
    path = export("x.xlsx", "generic")
    book = openpyxl.load_workbook(path)
    book.create_sheet("Leeg", 0)
    book.save(path)
    return path, {}


def _header_only(tmp_path, export, tiny_study):
    path = export("x.csv", "qualtrics")
    path.write_text("".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:3]), encoding="utf-8")
    return path, {}


def _no_such_sheet(tmp_path, export, tiny_study):
    return export("x.xlsx", "qualtrics"), {"sheet": "Responses"}


def _wrong_sheet(tmp_path, export, tiny_study):
    path = export("x.xlsx", "qualtrics")
    book = openpyxl.load_workbook(path)
    notes = book.create_sheet("Toelichting", 0)
    notes.append(["Partnership", "Organisation", "Opmerking"])
    notes.append(["P001", "Gemeente A", "export van maart"])
    book.save(path)
    return path, {}


def _duplicated_header(tmp_path, export, tiny_study):
    path = export("x.csv", "generic", answers="number")
    cells = pd.read_csv(path, header=None, dtype=object, keep_default_na=False)
    cells.iloc[0, 4] = cells.iloc[0, 3]
    cells.to_csv(path, header=False, index=False)
    return path, {}


def _merged_header(tmp_path, export, tiny_study):
    path = export("x.xlsx", "generic", answers="number")
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("D1:E1")
    book.save(path)
    return path, {}


def _formulas(tmp_path, export, tiny_study):
    path = export("x.xlsx", "generic", answers="number")
    book = openpyxl.load_workbook(path)
    book.active["D3"] = "=D2+1"
    book.active["E4"] = "=MIN(5,E2)"
    book.save(path)  # openpyxl stores formulas without computed values
    return path, {}


def _outside_scale(tmp_path, export, tiny_study):
    return _generic(export, tiny_study, phase1_explore_2=([0, 1], 6)), {}


def _unknown_label(tmp_path, export, tiny_study):
    return _generic(export, tiny_study, phase1_explore_2=([2], "Mostly agree")), {}


def _duplicate_ids(tmp_path, export, tiny_study):
    return _generic(export, tiny_study, respondent_id=([0, 1], "R0000001")), {}


def _no_partnership_question(tmp_path, export, tiny_study):
    # 'Samenwerkingsverband' is found as the usual wording when nothing is named; a named question is not
    return export("x.xlsx", "msforms", language="nl"), {"organisation": "Organisatie", "partnership": "Team"}


def _two_problems(tmp_path, export, tiny_study):
    return _generic(
        export,
        tiny_study,
        phase1_explore_2=([2], "Mostly agree"),
        respondent_id=([0, 1], "R0000001"),
    ), {}


def _too_large(tmp_path, export, tiny_study):
    return export("x.xlsx", "qualtrics"), {}


def _bad_options(tmp_path, export, tiny_study):
    return export("x.csv", "generic"), {"language": "de", "careless_rules": {"speed": 1}}


def _bad_column_map(tmp_path, export, tiny_study):
    return export("x.csv", "generic"), {
        "column_map": {"phase1_explore_1": "phase1_explor_1", "Q99": "trust_openness_1"}
    }


BAD_INPUT = [
    (
        _not_excel,
        [
            "x.xlsx is not an Excel workbook or a CSV/TSV file, or it is corrupt",
            "Export the responses again",
        ],
    ),
    (_corrupt, ["x.xlsx", "corrupt"]),
    (_password, ["x.xlsx is a password-protected workbook", "remove the password"]),
    (_html, ["x.xls has an Excel name but holds a web page", "save it as .xlsx"]),
    (_empty_file, ["x.csv is empty (0 bytes)"]),
    (_missing_file, ["nowhere.xlsx' does not exist"]),
    (
        _empty_sheet,
        ["Sheet 'Leeg' of x.xlsx is empty", "Sheet(s) with data: 'Sheet1'; pass sheet='Sheet1'"],
    ),
    (
        _header_only,
        ["x.csv holds only its header (3 header row(s) of a Qualtrics export) and no responses"],
    ),
    (_no_such_sheet, ["x.xlsx has no sheet 'Responses'. Its sheets: 'Sheet0'"]),
    (
        _wrong_sheet,
        ["No column of x.xlsx (sheet 'Toelichting') matches an item", "pass sheet='Sheet0'"],
    ),
    (
        _duplicated_header,
        [
            "x.csv has the column header 'phase1_explore_1' 2 times",
            "'phase1_explore_1' (column 4), 'phase1_explore_1' (column 5)",
        ],
    ),
    (_merged_header, ["Header cells D1:E1 of x.xlsx (sheet 'Sheet1') are merged", "Unmerge them"]),
    (
        _formulas,
        [
            "2 cell(s) of x.xlsx (sheet 'Sheet1') hold formulas without a computed value (D3, E4)",
            "Paste Special > Values",
        ],
    ),
    (
        _outside_scale,
        [
            "Column 'phase1_explore_2' (column 5) of x.csv has numbers outside response scale "
            "'agree5': "
            "6 2 time(s) (first in row 2)",
            "Allowed: 1, 2, 3, 4, 5",
        ],
    ),
    (
        _unknown_label,
        [
            "Column 'phase1_explore_2' (column 5) of x.csv",
            "'Mostly agree' 1 time(s) (first in row 4)",
            "answer_map={'Mostly agree': <value or None>}",
        ],
    ),
    (
        _duplicate_ids,
        [
            "Column 'respondent_id' (column 1) of x.csv has 1 duplicated respondent id(s): 'R0000001' in rows 2, 3",
            "remove repeated submissions",
        ],
    ),
    (
        _no_partnership_question,
        [
            "No column of x.xlsx (sheet 'Sheet1') is the partnership question 'Team'",
            "Columns found: 'ID', 'Begintijd'",
            "'Samenwerkingsverband'",
        ],
    ),
    (
        _two_problems,
        ["x.csv cannot be imported (2 problems)", "'Mostly agree'", "duplicated respondent id"],
    ),
    (_too_large, ["x.xlsx is too large for the memory of this computer", "km.read_surveys"]),
    (
        _bad_options,
        [
            "language='de' is not a language of instrument 'kompas'",
            "careless_rules has unknown key(s) ['speed']",
        ],
    ),
    (
        _bad_column_map,
        [
            "maps 'phase1_explore_1' to 'phase1_explor_1', which is neither an item",
            "Did you mean 'phase1_explore_1'?",
            "column_map names column 'Q99', which is not a column",
        ],
    ),
]


@pytest.mark.parametrize(("make", "fragments"), BAD_INPUT, ids=[m.__name__.strip("_") for m, _ in BAD_INPUT])
def test_bad_input_raises_one_clear_error(make, fragments, tmp_path, export, tiny_study, monkeypatch):
    path, options = make(tmp_path, export, tiny_study)
    if make is _too_large:
        monkeypatch.setattr(_raw, "available_memory", lambda: 1000)
    with pytest.raises(ExportError) as caught:
        km.read_survey(path, **options)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in:\n{message}"
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, km.KompasError)


def test_rows_read_equal_rows_kept_plus_rows_left_out(export, tiny_study):
    responses = tiny_study.responses.copy()
    responses.loc[1, "partnership"] = ""
    responses.loc[2, "organisation"] = "  "
    items = [c for c in responses.columns if c[-1].isdigit() and "_" in c]
    responses.loc[4, items] = np.nan
    path = export("q.csv", "qualtrics", responses=responses)
    survey = km.read_survey(path)
    read = len(pd.read_csv(path, header=None, skiprows=3))
    left_out = survey.report[survey.report["action"] == "row left out"]
    assert read == len(survey.responses) + len(left_out) == len(survey.quality)
    assert left_out["row"].is_unique and left_out["problem"].notna().all()
    assert set(left_out["problem"]) == {
        "survey preview response (Status 'Survey Preview')",
        "no partnership",
        "no organisation",
        "no item answered",
    }
    assert set(left_out["row"]) == set(survey.quality.loc[~survey.quality["kept"], "row"])
    assert not set(left_out["row"]) & set(survey.responses.index)


def test_personal_data_is_dropped_and_listed(export):
    for platform in ("qualtrics", "msforms", "google", "surveymonkey"):
        survey = km.read_survey(export(f"{platform}.xlsx", platform))
        dropped = survey.report.loc[survey.report["problem"] == "personal data", "column"].tolist()
        assert dropped, platform
        assert not set(dropped) & set(survey.responses.columns)
        assert set(survey.responses.columns) <= {
            "respondent_id",
            "partnership",
            "organisation",
            "submitted_at",
            *survey.items,
        }
        assert not survey.responses.astype(str).apply(lambda c: c.str.contains("@example.org")).any().any()


def test_formulas_with_computed_values_are_read_and_reported(export, tmp_path):
    path = export("x.xlsx", "generic", answers="number")
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/"))
    xml = parts[sheet].decode()
    cell = xml.index('<c r="D2"')
    end = xml.index("</c>", cell)
    value = xml[xml.index("<v>", cell) + 3 : xml.index("</v>", cell)]
    parts[sheet] = (xml[:cell] + f'<c r="D2" t="n"><f>1+{int(float(value)) - 1}</f><v>{value}</v>' + xml[end:]).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    survey = km.read_survey(path)
    assert "1 cell holds a formula" in survey.report["problem"].tolist()
