"""The dashboard notebook served by Voilà, driven in headless Chromium with Playwright.

Serves notebooks/03_dashboard.ipynb on 127.0.0.1 and loads it several times, as a person would
open it again. On each load the browser's CPU is slowed down (a busy laptop, a shared machine) and
the partnership is changed as soon as its menu appears, while Plotly's front end may still be
loading: the case in which figures used to stay on the first partnership for the whole visit.
After every control change each figure's title and its drawn data must follow, the data compared
with the figure the plot function makes in this process for the same choice.

The waits are for conditions (a title, the data), never fixed sleeps, with limits generous enough
for a machine that runs the rest of the test suite at the same time. A screenshot is saved in
tests/_artifacts/ for a person to look at. Needs Debian's chromium at /usr/bin/chromium
(installed by .ci/run); never downloads a browser.
"""

from __future__ import annotations

import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import kompasmetrics as km

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "_artifacts"
NOTEBOOK = ROOT / "notebooks" / "03_dashboard.ipynb"
LOADS = 3
SLOWER_CPU = 4  # Chromium's CPU throttling factor
SERVER_START = 300  # seconds; Voilà imports Jupyter's server stack, slow on a loaded machine
PAGE_LOAD = 420_000  # milliseconds; the kernel reads, scores and clusters before the page appears
FOLLOW = 180_000  # milliseconds for a figure to follow a control


@pytest.fixture(scope="module")
def expected():
    """What the notebook computes, computed here, to know what each figure must draw."""
    survey = km.read_survey(ROOT / "sample_data" / "qualtrics_choice_text.xlsx")
    scores = km.score(survey)
    return scores, km.diagnose(scores), survey


@pytest.fixture
def voila_url(serve):
    def command(port):
        return [
            sys.executable,
            "-m",
            "voila",
            NOTEBOOK.name,
            f"--port={port}",
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            "--VoilaConfiguration.http_keep_alive_timeout=60",
        ]

    server, port = serve(command, cwd=NOTEBOOK.parent)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + SERVER_START
    while True:
        try:
            with urllib.request.urlopen(url + "voila/static/", timeout=5):
                return url
        except urllib.error.HTTPError:
            return url  # any answer, a 404 included, means the server is up
        except OSError:
            if server.poll() is not None:
                pytest.fail("Voilà stopped: " + server.stdout.read().decode(errors="replace")[-2000:])
            if time.monotonic() > deadline:
                pytest.fail(f"Voilà did not answer within {SERVER_START} s")
            time.sleep(0.5)


def drawn(page, part: str) -> dict:
    """The title and the traces (name and values) that Plotly drew in the figure of ``part``."""
    return page.evaluate(
        """part => {
            const plot = document.querySelector(part + ' .js-plotly-plot');
            const title = document.querySelector(part + ' .gtitle');
            if (!plot || !plot.data) return {title: null, traces: []};
            return {
                title: title ? title.textContent : null,
                traces: plot.data.map(t => [t.name || null, Array.from(t.r || t.x || []).map(String)]),
            };
        }""",
        part,
    )


def title_starts(page, part: str, text: str) -> None:
    page.wait_for_function(
        "([part, text]) => { const t = document.querySelector(part + ' .gtitle');"
        " return t !== null && t.textContent.startsWith(text); }",
        arg=[part, text],
        timeout=FOLLOW,
    )


def assert_radar_follows(page, scores, partnership: str, ring: str, language: str) -> None:
    figure = km.plot_radar(scores, partnership, ring=ring, by="partnership", legend="below", language=language)
    title = figure.layout.title.text.split("<")[0]
    page.wait_for_function(
        "title => { const t = document.querySelector('.km-radar .gtitle');"
        " return t !== null && t.textContent.startsWith(title); }",
        arg=title,
        timeout=FOLLOW,
    )
    seen = drawn(page, ".km-radar")["traces"]
    assert [name for name, _ in seen] == [trace.name or None for trace in figure.data]
    for (_, values), trace in zip(seen, figure.data, strict=True):
        wanted = [] if trace.r is None else [float(v) for v in trace.r]
        assert [round(float(v), 6) for v in values] == [round(v, 6) for v in wanted], trace.name


def test_every_figure_follows_every_control_on_every_load(voila_url, headless_chromium, expected):
    scores, dx, _ = expected
    ARTIFACTS.mkdir(exist_ok=True)
    for load in range(LOADS):
        page = headless_chromium.new_page(viewport={"width": 1300, "height": 1000})
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": SLOWER_CPU})
        page.goto(voila_url, timeout=PAGE_LOAD)
        select = page.locator(".km-partnership select").first
        select.wait_for(timeout=PAGE_LOAD)
        options = select.locator("option").all_text_contents()
        assert len(options) >= 1 + LOADS
        target = options[-1 - load]
        select.select_option(label=target)  # at once: Plotly's front end may still be loading

        for part in (".km-radar", ".km-phases", ".km-likert"):
            title_starts(page, part, target)
        assert_radar_follows(page, scores, target, "ambition", "nl")
        flags = page.locator(".km-flags").first.inner_text()
        own = dx.flags[dx.flags["partnership"] == target]
        for title in own["title_nl"]:
            assert title in flags
        agenda = page.locator(".km-next-step li").all_inner_texts()
        expected = dx.agenda[dx.agenda["partnership"] == target].sort_values("rank")["action_nl"].tolist()
        assert [a.strip() for a in agenda] == expected

        page.locator(".km-ring button", has_text="Context").first.click()
        assert_radar_follows(page, scores, target, "context", "nl")
        axes = page.locator(".km-radar .angularaxistick text").all_text_contents()
        assert any("verkennen" in a.lower() for a in axes)

        if load == LOADS - 1:
            page.locator(".km-language button", has_text="EN").first.click()
            assert_radar_follows(page, scores, target, "context", "en")
            phases = km.plot_phases(dx, partnership=target, scores=scores, language="en")
            title_starts(page, ".km-phases", phases.layout.title.text.split("<")[0])
            page.screenshot(path=str(ARTIFACTS / "voila_dashboard.png"), full_page=True)
            # Nothing drawn past the right edge of the page, where it would be cut off.
            page_width, rights = page.evaluate(
                "() => [document.documentElement.clientWidth,"
                " Array.from(document.querySelectorAll('.js-plotly-plot .main-svg'))"
                ".map(e => Math.round(e.getBoundingClientRect().right))]"
            )
            assert rights and max(rights) <= page_width, (page_width, rights)
        page.close()
