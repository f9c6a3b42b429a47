"""The validity section of the HTML report and its sheet in the workbook, in both languages."""

from __future__ import annotations

import openpyxl
import pytest

import kompasmetrics as km
from kompasmetrics.report import write_excel, write_html


@pytest.fixture(scope="module")
def planted(own_instrument):
    study = km.simulate(
        20, respondents=(2, 5), instrument=own_instrument, reversed_columns=["own_power_restraint_1"], random_state=8
    )
    return study, km.validity(study.survey, n_boot=20)


@pytest.mark.parametrize(("language", "heading"), [("nl", "Meet het instrument"), ("en", "Does the instrument")])
def test_the_html_report_has_a_validity_section(tmp_path, planted, language, heading):
    study, report = planted
    scores = km.score(study.survey)
    path = write_html(tmp_path / "report.html", scores, language=language, validity=report)
    text = path.read_text(encoding="utf-8")
    section = text[text.index('<section id="validity">') :]
    assert heading in section and "own_power_restraint_1" in section
    assert report.items.set_index("item").loc["own_power_restraint_1", f"advice_{language}"].split(" (")[0] in section
    assert '<section id="validity">' not in write_html(tmp_path / "plain.html", scores).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("language", "sheet", "advice"), [("nl", "validiteit", "toelichting"), ("en", "validity", "advice")]
)
def test_the_workbook_has_a_validity_sheet(tmp_path, planted, language, sheet, advice):
    study, report = planted
    path = write_excel(tmp_path / "scores.xlsx", km.score(study.survey), language=language, validity=report)
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = list(workbook[sheet].values)
    assert rows[0][0] == {"nl": "Schaal", "en": "Scale"}[language] and advice in rows[0]
    assert [r[0] for r in rows[1:]] == report.scales["scale"].tolist()
    power = next(r for r in rows if r[0] == "own_power_restraint")
    assert "own_power_restraint_1" in power
