"""Every output takes its languages from the instrument (issue: an instrument with
``languages: [en]`` could not be plotted: ``KeyError: ('value', 'nl')``, ``KeyError: 'label_nl'``)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml

import kompasmetrics as km
from kompasmetrics.report import write_excel, write_html
from kompasmetrics.texts import LANGUAGES

BUNDLED = Path(km.__file__).parent / "instruments" / "kompas.yaml"


def _only(node, language: str):
    """The instrument file's tree with every text in ``language`` only."""
    if isinstance(node, dict):
        if node and set(node) <= set(LANGUAGES):
            return {language: node[language]}
        return {key: _only(value, language) for key, value in node.items()}
    if isinstance(node, list):
        return [_only(value, language) for value in node]
    return node


@pytest.fixture(scope="module")
def english_only(tmp_path_factory):
    source = BUNDLED if BUNDLED.exists() else Path(__file__).parents[1] / "instruments" / "kompas.yaml"
    tree = _only(yaml.safe_load(source.read_text(encoding="utf-8")), "en")
    tree["languages"] = ["en"]
    tree["id"] = "kompas_en"
    path = tmp_path_factory.mktemp("instrument") / "kompas_en.yaml"
    path.write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False), encoding="utf-8")
    instrument = km.load_instrument(path)
    assert instrument.languages == ("en",)
    study = km.simulate(n_partnerships=12, language="en", instrument=instrument, random_state=5)
    scores = km.score(study.survey)
    return study.survey, scores, km.diagnose(scores), km.cluster_partnerships(scores, random_state=0, n_bootstrap=5)


def test_every_figure_draws_in_the_instruments_language(english_only):
    survey, scores, dx, cl = english_only
    partnership = scores.partnerships.index[0]
    scale = scores.scales[0]
    figures = [
        km.plot_radar(scores, partnership),
        km.plot_kijkglas(scores, partnership),
        km.plot_phases(dx, partnership=partnership, scores=scores),
        km.plot_likert(survey, scale=scale),
        km.plot_trust(scores, partnership=partnership),
        km.plot_power(scores, partnership=partnership),
        km.plot_negotiation(dx),
        km.plot_clusters(cl),
        km.plot_profiles(cl),
        km.plot_agreement(scores),
    ]
    for figure in figures:
        title = figure.layout.title.text or ""
        assert "Samenwerking" not in title and "fasen" not in title, title


def test_an_explicit_language_the_instrument_lacks_is_one_clear_error(english_only):
    _, scores, _, _ = english_only
    with pytest.raises(
        km.KompasValueError, match=r"language='nl': instrument 'kompas_en' has no texts in 'nl'.*language='en'"
    ):
        km.plot_radar(scores, scores.partnerships.index[0], language="nl")


def test_reports_and_dashboards_speak_english(english_only, tmp_path):
    survey, scores, dx, cl = english_only
    workbook = write_excel(tmp_path / "s.xlsx", scores, dx=dx, cl=cl, survey=survey)
    assert "Partnerships" in openpyxl.load_workbook(workbook, read_only=True).sheetnames
    page = write_html(tmp_path / "r.html", scores, dx=dx, cl=cl, survey=survey).read_text(encoding="utf-8")
    assert '<html lang="en"' in page and "Partnership report" in page
    board = km.dashboard(scores, dx, cl, survey=survey)
    assert [value for _, value in board.language.options] == ["en"]
    assert km.portfolio_dashboard(scores, dx, cl, survey=survey).language == "en"
