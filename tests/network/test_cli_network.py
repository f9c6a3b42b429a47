"""`kompasmetrics report` on an export with partner ratings: the diagnosis, the workbook and the
HTML report read the partner network; without them nothing changes."""

from __future__ import annotations

import openpyxl

import kompasmetrics as km
from kompasmetrics.cli import main


def write_export(path, *, with_partners: bool = True):
    """A one-header export: the survey's items by id and a Google Forms grid per partner item."""
    study = km.simulate(
        n_partnerships=4, organisations=(3, 4), respondents=(3, 4), partner_ratings=True, random_state=2
    )
    survey = study.survey
    frame = survey.responses[["respondent_id", "partnership", "organisation", *survey.items]].set_index("respondent_id")
    if with_partners:
        block = survey.instrument.partner_ratings.items.set_index("item")
        long = study.partner_ratings.ratings
        header = [
            f"{block.at[item, 'text_nl'].replace('{partner}', 'deze partner')} [{partner}]"
            for item, partner in zip(long["item"], long["rated_organisation"], strict=True)
        ]
        grid = long.assign(header=header).pivot_table(index="respondent_id", columns="header", values="value")
        frame = frame.join(grid)
    frame.reset_index().to_csv(path, index=False)
    return study


def test_report_reads_the_partner_ratings_of_the_export(tmp_path, capsys):
    write_export(tmp_path / "export.csv")
    assert main(["report", str(tmp_path / "export.csv"), "--out", str(tmp_path / "out"), "--language", "en"]) == 0
    capsys.readouterr()
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert page.count("<h3>Who trusts whom</h3>") == 4
    book = openpyxl.load_workbook(tmp_path / "out" / "scores.xlsx", read_only=True)
    assert any("pair" in name.lower() for name in book.sheetnames)


def test_report_without_partner_ratings_is_as_before(tmp_path, capsys):
    write_export(tmp_path / "plain.csv", with_partners=False)
    assert main(["report", str(tmp_path / "plain.csv"), "--out", str(tmp_path / "out"), "--language", "en"]) == 0
    capsys.readouterr()
    assert "Who trusts whom" not in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    book = openpyxl.load_workbook(tmp_path / "out" / "scores.xlsx", read_only=True)
    assert not any("pair" in name.lower() for name in book.sheetnames)
