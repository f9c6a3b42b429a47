"""The HTML report: one self-contained file, one section per partnership, both languages, hostile
names escaped, small organisations absent, and the charts drawn in headless Chromium."""

from __future__ import annotations

import html
import json
import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from figure_text import drawn_strings
from plotly.offline import get_plotlyjs

import kompasmetrics as km
from kompasmetrics.errors import KompasValueError
from kompasmetrics.report import write_html
from kompasmetrics.report._html import _Packer, script_json

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "_artifacts"
HOSTILE_PARTNERSHIP = "<script>alert(1)</script>"
HOSTILE_ORGANISATION = "<img src=x onerror=alert(2)>"
AMPERSAND_PARTNERSHIP = "Zorg & Welzijn <b>Noord</b>"
LONE_ORGANISATION = "Eenling BV"  # one respondent: below the minimum group size of 3
SUPPRESSED = "P005"  # two respondents: the whole partnership is suppressed
JSON_BLOCK = re.compile(r'<script type="application/json" id="([^"]+)">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def study():
    """A small study with hostile names, a lone organisation and a suppressed partnership."""
    base = km.simulate(n_partnerships=12, random_state=5)
    responses = base.survey.responses.copy()
    partnership = responses["partnership"]
    # an organisation large enough to be shown gets a hostile name
    sizes = responses[partnership == "P003"].groupby("organisation").size()
    big = sizes[sizes >= 3].index[0]
    responses.loc[(partnership == "P003") & (responses["organisation"] == big), "organisation"] = HOSTILE_ORGANISATION
    lone = responses.index[partnership == "P004"][0]
    responses.loc[lone, "organisation"] = LONE_ORGANISATION
    drop = responses.index[partnership == SUPPRESSED][2:]
    responses = responses.drop(index=drop)
    renamed = responses["partnership"].replace({"P002": HOSTILE_PARTNERSHIP, "P006": AMPERSAND_PARTNERSHIP})
    responses["partnership"] = renamed
    survey = km.Survey(
        responses,
        base.survey.instrument,
        attributes=base.survey.attributes,
        nonsubstantive=base.survey.nonsubstantive.loc[responses.index],
    )
    scores = km.score(survey)
    dx = km.diagnose(scores)
    cl = km.cluster_partnerships(scores, n_clusters=3, random_state=0, n_bootstrap=2)
    return survey, scores, dx, cl


@pytest.fixture(scope="module")
def reports(study, tmp_path_factory):
    survey, scores, dx, cl = study
    folder = tmp_path_factory.mktemp("html")
    return {
        language: write_html(folder / f"report_{language}.html", scores, dx=dx, cl=cl, survey=survey, language=language)
        for language in ("nl", "en")
    }


@pytest.fixture(scope="module")
def texts(reports):
    return {language: path.read_text(encoding="utf-8") for language, path in reports.items()}


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of every <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def parse(text: str) -> Tags:
    tags = Tags()
    tags.feed(text)
    return tags


def resolve(node, shared):
    """What the report's JavaScript does with a packed figure."""
    if isinstance(node, list):
        return [resolve(v, shared) for v in node]
    if isinstance(node, dict):
        if "$r" in node:
            return resolve(shared[node["$r"]], shared)
        return {k: resolve(v, shared) for k, v in node.items()}
    return node


def figures(text: str) -> dict[str, dict]:
    """Every figure in a report, resolved: ``{"km-overview": {...}, "p1-data": {...}, ...}``."""
    blocks = {name: json.loads(body) for name, body in JSON_BLOCK.findall(text)}
    shared = blocks.pop("km-shared")
    blocks.pop("km-config")
    return {name: resolve(block, shared) for name, block in blocks.items()}


def section_ids(text: str) -> list[str]:
    return re.findall(r'<section class="km-p[^"]*" id="([^"]+)">', text)


def section(text: str, name: str) -> str:
    """The HTML of the section of partnership ``name`` (as escaped in the page)."""
    for match in re.finditer(r'<section class="km-p[^"]*" id="[^"]+">.*?</section>', text, re.S):
        if f'<span class="km-p-name">{escape(name)}</span>' in match.group(0):
            return match.group(0)
    raise AssertionError(f"no section for {name!r}")


# --- one file, offline ------------------------------------------------------------------------


def test_plotly_js_embedded_exactly_once(texts):
    plotly_js = get_plotlyjs()
    for text in texts.values():
        assert text.count(plotly_js) == 1
        assert text.count("plotly.js v") == get_plotlyjs().count("plotly.js v")
        scripts = [attrs for tag, attrs in parse(text).tags if tag == "script"]
        assert [a for a in scripts if a.get("type") == "text/javascript"] == [{"type": "text/javascript"}]


def test_no_request_to_another_host(texts):
    for text in texts.values():
        tags = parse(text)
        for tag, attrs in tags.tags:
            assert tag not in {"link", "iframe", "img", "object", "embed", "base", "form"}, tag
            for name in ("src", "href", "action", "srcset", "poster", "data"):
                value = (attrs.get(name) or "").strip().lower()
                assert not value.startswith(("http:", "https:", "//", "ftp:")), (tag, name, value)
            if tag == "a":
                assert attrs.get("href", "#").startswith("#"), attrs
        style = "".join(tags.styles)
        assert "url(" not in style and "@import" not in style and "@font-face" not in style
        assert "default-src 'none'" in text and "connect-src 'none'" in text  # the CSP


# --- structure --------------------------------------------------------------------------------


def test_one_section_per_partnership(study, texts):
    _, scores, _, _ = study
    text = texts["nl"]
    ids = section_ids(text)
    assert len(ids) == len(scores.partnerships) == len(set(ids))
    links = re.findall(r'<td class="km-name" data-v="[^"]*"><a href="#([^"]+)">', text)
    assert sorted(links) == sorted(ids)  # the overview table links every section
    blocks = figures(text)
    for partnership, suppressed in scores.partnerships["suppressed"].items():
        html = section(text, str(partnership))
        if suppressed:
            assert "data-fig" not in html and "application/json" not in html
        else:
            assert html.count('data-fig="k"') == 1 and html.count('data-fig="p"') == 1
            anchor = re.search(r'id="([^"]+)"', html).group(1)
            figure = blocks[f"{anchor}-data"]["k"]
            roles = {t["meta"]["role"] for t in figure["data"]}
            assert {"band", "partnership"} <= roles


def test_overview_comes_first(study, texts):
    _, scores, _, cl = study
    text = texts["en"]
    assert text.index('id="overview"') < text.index('class="km-p') < text.index('id="about"')
    overview = figures(text)["km-overview"]
    assert set(overview) == {"heatmap", "clusters"}
    z = overview["heatmap"]["data"][0]["z"]  # Plotly's typed array: dtype, bdata, shape
    assert z["shape"].replace(" ", "") == f"{len(scores.partnerships)},5"
    rows = re.search(r'<table class="km-table" id="km-table">.*?</table>', text, re.S).group(0)
    assert rows.count("<tr>") == len(scores.partnerships) + 1
    for name in cl.names["name_en"]:
        assert escape(name) in text
    assert "Import report" in text and "Contents" in text


def test_suppressed_partnership_says_why(texts):
    html = section(texts["nl"], SUPPRESSED)
    assert "km-p-suppressed" in html
    assert "2 respondenten, minder dan de minimale groepsgrootte van 3" in html
    html = section(texts["en"], SUPPRESSED)
    assert "2 respondents, fewer than the minimum group size of 3" in html


# --- language ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "own", "other"),
    [
        (
            "nl",
            ["Portefeuilleoverzicht", "Volgende stap", "Onderbouwing", "Over dit rapport"],
            ["Portfolio overview", "Evidence", "About this report"],
        ),
        (
            "en",
            ["Portfolio overview", "Next step", "Evidence", "About this report"],
            ["Portefeuilleoverzicht", "Onderbouwing", "Over dit rapport"],
        ),
    ],
)
def test_texts_follow_the_language(study, texts, language, own, other):
    _, _, dx, _ = study
    text = texts[language]
    assert f'<html lang="{language}">' in text
    for phrase in own:
        assert phrase in text, phrase
    for phrase in other:
        assert phrase not in text, phrase
    flags = dx.flags[dx.flags["flag"] != "insufficient_data"]
    assert escape(flags[f"title_{language}"].iloc[0]) in text
    kijkglas = {"nl": ": het Kijkglas", "en": ": the Kijkglas"}[language]
    titles = [b["k"]["layout"]["title"]["text"] for b in figures(text).values() if "k" in b]
    assert titles and all(t.endswith(kijkglas) for t in titles)


# --- untrusted names --------------------------------------------------------------------------


def test_hostile_names_are_escaped(texts):
    for text in texts.values():
        for name in (HOSTILE_PARTNERSHIP, HOSTILE_ORGANISATION, AMPERSAND_PARTNERSHIP):
            assert name not in text
        assert escape(HOSTILE_PARTNERSHIP) in text
        assert escape(AMPERSAND_PARTNERSHIP) in text
        # no markup from the data: no event handler anywhere, scripts only the report's own
        tags = parse(text)
        assert not [(t, a) for t, a in tags.tags for name in a if name.startswith("on")]
        assert not [t for t, _ in tags.tags if t in {"img", "b"}]
        scripts = [a for t, a in tags.tags if t == "script"]
        assert len(scripts) == len(JSON_BLOCK.findall(text)) + 2
        assert all("src" not in a for a in scripts)
        for _, body in JSON_BLOCK.findall(text):
            assert "<" not in body
        # in figures too: Plotly reads a subset of HTML in its texts
        for block in figures(text).values():
            for value in drawn_strings(block):
                assert HOSTILE_PARTNERSHIP not in value and HOSTILE_ORGANISATION not in value
                assert "<b>Noord" not in value
    names = [t["name"] for b in figures(texts["nl"]).values() if "k" in b for t in b["k"]["data"]]
    assert escape(HOSTILE_ORGANISATION, quote=False) + " (n=" in "".join(names)


def test_small_organisations_never_appear(study, texts):
    survey, scores, _, _ = study
    assert (survey.responses["organisation"] == LONE_ORGANISATION).sum() == 1
    assert LONE_ORGANISATION not in set(scores.organisations["organisation"])
    for text in texts.values():
        assert LONE_ORGANISATION not in text


# --- compact figures --------------------------------------------------------------------------


def test_packer_writes_shared_objects_once_and_round_trips():
    labels = ["a", "b", "a"]
    layout = {"template": {"font": {"size": 13}}, "height": 480}
    figures_in = [
        {
            "data": [
                {
                    "r": [1.23456, float("nan"), np.float64(2.0)],
                    "theta": labels,
                    "z": np.array([[1.0, np.nan], [np.inf, 3.5]]),
                    "n": np.int64(3),
                    "meta": {"role": "partnership", "partnership": "x"},
                }
            ],
            "layout": {**layout, "title": {"text": f"fig {i}"}},
        }
        for i in range(3)
    ]
    packer = _Packer()
    for figure in figures_in:
        packer.count(figure)
    packed = [packer.pack(f) for f in figures_in]
    assert packed[0]["data"][0]["theta"] == {"$r": 0} == packed[2]["data"][0]["theta"]
    assert len(packer.shared) == 2  # the labels and the template; nothing else is shared
    out = [resolve(json.loads(script_json(p)), json.loads(script_json(packer.shared))) for p in packed]
    trace = out[1]["data"][0]
    assert trace["r"] == [1.235, None, 2.0]
    assert trace["z"] == [[1.0, None], [None, 3.5]]
    assert trace["theta"] == labels and trace["n"] == 3
    assert trace["meta"] == {"role": "partnership"}
    assert out[1]["layout"] == {**layout, "title": {"text": "fig 1"}}


def test_report_stays_compact(study, texts):
    """Figures cost a few kB per partnership, not the tens of kB of a figure written alone."""
    _, scores, _, _ = study
    text = texts["nl"]
    figure_bytes = sum(len(body.encode()) for name, body in JSON_BLOCK.findall(text) if name.endswith("-data"))
    assert figure_bytes / int((~scores.partnerships["suppressed"]).sum()) < 16_000


# --- other inputs -----------------------------------------------------------------------------


def test_waves_and_diagnosis_made_on_the_fly(tmp_path):
    scores = km.score(km.simulate(n_partnerships=5, n_waves=2, random_state=3).survey)
    text = write_html(tmp_path / "waves.html", scores, language="en").read_text("utf-8")
    assert len(section_ids(text)) == 5
    sizes = re.findall(r'<div class="km-p-body"><p class="km-muted">([^<]*)', text)
    assert len(sizes) == 5 and all(s.endswith(" · wave 2") for s in sizes)  # the latest wave


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"language": "fr"}, "language='fr': not available; choose 'nl' or 'en'"),
        ({"dx": "diagnosis"}, "Parameter dx of write_html must be a Diagnosis"),
        ({"cl": 3}, "Parameter cl of write_html must be a Clustering"),
        ({"survey": []}, "Parameter survey of write_html must be a Survey"),
    ],
)
def test_errors(study, tmp_path, arguments, message):
    _, scores, dx, _ = study
    arguments = {"dx": dx, **arguments}
    with pytest.raises(KompasValueError, match=re.escape(message)):
        write_html(tmp_path / "r.html", scores, **arguments)
    assert not (tmp_path / "r.html").exists()


def test_scores_of_the_wrong_type(tmp_path, study):
    _, scores, _, _ = study
    with pytest.raises(KompasValueError, match=r"write_html\(\) needs the Scores as scores; got DataFrame"):
        write_html(tmp_path / "r.html", scores.partnerships)


# --- in a browser -----------------------------------------------------------------------------


def test_charts_render_in_headless_chromium(study, reports, headless_chromium):
    """Open the report from disk: the overview charts draw, a partnership's radar draws when its
    section is opened (not before), nothing is fetched, no script of the data runs, no errors."""
    _, _, _, cl = study
    ARTIFACTS.mkdir(exist_ok=True)
    errors, requests, dialogs = [], [], []
    page = headless_chromium.new_page(viewport={"width": 1300, "height": 900})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:", "blob:")) else requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(reports["nl"].as_uri(), timeout=60_000)

    heatmap = page.locator("#phases .js-plotly-plot")
    heatmap.locator(".main-svg").first.wait_for(timeout=60_000)
    assert heatmap.locator(".heatmaplayer image").count() == 1
    assert page.locator("section.km-p .js-plotly-plot").count() == 0  # drawn when opened

    page.locator("#clusters").scroll_into_view_if_needed()
    clusters = page.locator("#clusters .js-plotly-plot")
    clusters.locator(".main-svg").first.wait_for(timeout=30_000)
    assert clusters.locator(".scatterlayer .point").count() == len(cl.labels)

    page.locator(".km-filter").fill("alert")
    assert page.locator("#km-table tbody tr:visible").count() == 1
    page.locator("#km-table a", has_text=HOSTILE_PARTNERSHIP).click()
    opened = page.locator("section.km-p details[open]")
    assert opened.count() == 1
    radar = opened.locator('.km-fig[data-fig="k"].js-plotly-plot')
    radar.locator(".polarlayer .trace").first.wait_for(timeout=30_000)
    assert radar.locator(".polarlayer > g").count() == 6  # ambition, interests, context in four panels
    assert radar.locator(".scatterlayer .trace").count() >= 6 * 3
    title = radar.locator(".gtitle").first.text_content()
    assert title == f"{HOSTILE_PARTNERSHIP}: het Kijkglas"  # shown as text, not markup
    opened.locator('.km-fig[data-fig="p"]').scroll_into_view_if_needed()  # drawn when it comes into view
    opened.locator('.km-fig[data-fig="p"].js-plotly-plot .barlayer .point').first.wait_for(timeout=30_000)
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)

    page.locator(".km-filter").fill("")
    page.locator("#km-table thead button").nth(1).click()  # sort by respondents
    counts = [int(c) for c in page.locator("#km-table tbody tr td:nth-child(2)").all_text_contents()]
    assert counts == sorted(counts)

    assert not errors, errors
    assert not requests, requests
    assert not dialogs, dialogs


def test_each_partnership_shows_its_agenda(study, texts):
    """The agenda for the next meeting, in the report's language, in the partnership's section."""
    _, scores, dx, _ = study
    shown = dx.agenda[~dx.agenda["partnership"].isin(scores.partnerships.index[scores.partnerships["suppressed"]])]
    for language, text in texts.items():
        lists = re.findall(r'<ol class="km-agenda">(.*?)</ol>', text, re.S)
        assert len(lists) == shown["partnership"].nunique()  # a suppressed partnership says only why
        items = re.findall(r"<li>(.*?)</li>", "".join(lists), re.S)
        assert len(items) == len(shown)
        for action in shown[f"action_{language}"].head(5):
            assert html.escape(action) in text


def _boxes(page):
    """Per drawn figure: its drawn width and height, and the boxes of its title and subtitle."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.km-fig.km-drawn')).map(div => {
            const svg = div.querySelector('.main-svg');
            const box = el => { const r = el && el.getBoundingClientRect(); return r && [r.top, r.bottom]; };
            return {width: svg.getBoundingClientRect().width, height: svg.getBoundingClientRect().height,
                    title: box(div.querySelector('.gtitle')), subtitle: box(div.querySelector('.gtitle-subtitle'))};
        })"""
    )


def test_printed_figures_fit_an_a4_page_and_titles_clear_subtitles(study, reports, headless_chromium):
    """Printing (the browser's beforeprint) redraws every figure to the page's width and at most
    the height left under a heading, and draws the figures of a small report; afterwards the
    screen sizes come back. Titles never overlap their subtitles, on screen or printed."""
    page = headless_chromium.new_page(viewport={"width": 1400, "height": 900})
    page.goto(reports["nl"].as_uri(), timeout=60_000)
    page.locator(".km-fig.km-drawn").first.wait_for(timeout=60_000)
    screen = _boxes(page)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    n_figures = page.locator(".km-fig").count()
    page.wait_for_function(f"document.querySelectorAll('.km-fig.km-drawn').length == {n_figures}", timeout=120_000)
    page.wait_for_timeout(500)
    printed = _boxes(page)
    assert len(printed) == n_figures > len(screen)
    assert max(f["width"] for f in screen) > 680
    for figure in printed:
        assert figure["width"] <= 680 and figure["height"] <= 900
    for figure in screen + printed:
        if figure["title"] and figure["subtitle"]:
            assert figure["title"][1] <= figure["subtitle"][0] + 1, figure
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.wait_for_timeout(500)
    assert max(f["width"] for f in _boxes(page)) > 680
    page.close()
