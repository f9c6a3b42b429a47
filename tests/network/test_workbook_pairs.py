"""The workbook's pairs sheet (write_excel(network=...)): every rated pair once, scores 0-100 with
one decimal, and a pair with too few raters shows its count and 'ja' under suppressed, never a score."""

from __future__ import annotations

import openpyxl
import pytest

import kompasmetrics as km
from kompasmetrics.report import write_excel


@pytest.fixture(scope="module")
def rated():
    study = km.simulate(n_partnerships=8, partner_ratings=True, respondents=(1, 5), random_state=6)
    return study, km.score(study.survey), km.network(study.partner_ratings)


def test_the_pairs_sheet_shows_what_may_be_shown(rated, tmp_path):
    _, scores, network = rated
    path = write_excel(tmp_path / "s.xlsx", scores, network=network)
    rows = list(openpyxl.load_workbook(path, read_only=True)["Paren"].values)
    header = rows[0]
    body = [row + (None,) * (len(header) - len(row)) for row in rows[1:]]  # read-only mode drops empty tails
    assert header[:5] == (
        "Samenwerking",
        "Beoordelende organisatie",
        "Beoordeelde organisatie",
        "Beoordelaars",
        "Onderdrukt (te klein)",
    )
    assert len(body) == len(network.pairs)
    trust = header.index("Vertrouwen")
    hidden = [r for r in body if r[4] == "ja"]
    shown = [r for r in body if r[4] == "nee"]
    assert hidden and shown  # the fixture has both
    assert all(r[trust] is None for r in hidden)
    expected = network.pairs.loc[~network.pairs["suppressed"], "trust"].round(1).tolist()
    assert [r[trust] for r in shown] == pytest.approx(expected)


def test_without_a_network_there_is_no_pairs_sheet(rated, tmp_path):
    _, scores, _ = rated
    assert "Paren" not in openpyxl.load_workbook(write_excel(tmp_path / "s.xlsx", scores), read_only=True).sheetnames
