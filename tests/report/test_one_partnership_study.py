"""A study of one partnership gets no portfolio band, heat map or portfolio counts, and says why
(a p25-p75 band of one partnership is the partnership itself; a heat map of one row is its bars)."""

from __future__ import annotations

import pytest

import kompasmetrics as km
from kompasmetrics.report import write_html


@pytest.fixture(scope="module")
def one():
    study = km.simulate(n_partnerships=1, organisations=(3, 4), respondents=(4, 6), random_state=3)
    scores = km.score(study.survey)
    return study, scores, km.diagnose(scores)


def test_the_radars_have_no_band_and_say_why(one):
    _, scores, _ = one
    partnership = scores.partnerships.index[0]
    for figure in (km.plot_kijkglas(scores, partnership), km.plot_radar(scores, partnership)):
        assert not [t for t in figure.data if (t.meta or {}).get("role") == "band"]
        assert "geen portefeuilleband: die vraagt minstens 5 samenwerkingen" in figure.layout.title.subtitle.text
    many = km.score(km.simulate(n_partnerships=6, random_state=3).survey)
    figure = km.plot_kijkglas(many, many.partnerships.index[0])
    assert [t for t in figure.data if (t.meta or {}).get("role") == "band"]
    assert "portefeuilleband" not in figure.layout.title.subtitle.text


def test_the_report_leaves_out_the_portfolio_overview_and_says_why(one, tmp_path):
    study, scores, dx = one
    page = write_html(tmp_path / "r.html", scores, dx=dx, survey=study.survey).read_text(encoding="utf-8")
    assert 'id="one-partnership"' in page and "één samenwerking om te tonen" in page
    assert 'id="phases"' not in page and 'href="#phases"' not in page
    assert "Portefeuille (p25-p75)" not in page
