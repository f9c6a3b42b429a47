"""The dashboard notebook served by Voilà, driven in headless Chromium with Playwright.

Serves notebooks/03_dashboard.ipynb on 127.0.0.1, waits for the widgets and the Plotly charts,
changes the partnership and the Kijkglas ring, and checks that the radar and the flag list follow.
A screenshot is saved in tests/_artifacts/ for a person to look at. Needs Debian's chromium at
/usr/bin/chromium (installed by .ci/run); never downloads a browser.
"""

from __future__ import annotations

import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "_artifacts"


@pytest.fixture
def voila_url(serve):
    def command(port):
        return [
            sys.executable,
            "-m",
            "voila",
            "03_dashboard.ipynb",
            f"--port={port}",
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            "--VoilaConfiguration.http_keep_alive_timeout=60",
        ]

    server, port = serve(command, cwd=ROOT / "notebooks")
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "api", timeout=2):
                break
        except OSError:
            if server.poll() is not None:
                pytest.fail("Voilà stopped: " + server.stdout.read().decode(errors="replace")[-2000:])
            time.sleep(0.5)
    return url


def radar_title(page) -> str:
    return page.locator(".km-radar .gtitle").first.text_content() or ""


def test_dashboard_follows_partnership_and_ring(voila_url, headless_chromium):
    ARTIFACTS.mkdir(exist_ok=True)
    page = headless_chromium.new_page(viewport={"width": 1300, "height": 1000})
    page.goto(voila_url, timeout=120_000)
    page.wait_for_selector(".km-radar .js-plotly-plot .gtitle", timeout=240_000)
    page.wait_for_selector(".km-flags", timeout=30_000)
    before_title = radar_title(page)
    before_flags = page.locator(".km-flags").first.inner_text()
    select = page.locator(".km-partnership select").first
    options = select.locator("option").all_text_contents()
    assert len(options) >= 2
    target = options[-1]
    select.select_option(label=target)
    page.wait_for_function(
        "name => { const t = document.querySelector('.km-radar .gtitle');"
        " return t && t.textContent.startsWith(name); }",
        arg=target,
        timeout=60_000,
    )
    after_title = radar_title(page)
    assert after_title.startswith(target) and after_title != before_title
    page.wait_for_function(
        "old => document.querySelector('.km-flags').innerText !== old", arg=before_flags, timeout=30_000
    )
    assert page.locator(".km-flags").first.inner_text() != before_flags

    page.locator(".km-ring button", has_text="Context").first.click()
    page.wait_for_function(
        "() => { const t = document.querySelector('.km-radar .gtitle');"
        " return t && t.textContent.toLowerCase().includes('context'); }",
        timeout=60_000,
    )
    axes = page.locator(".km-radar .angularaxistick text").all_text_contents()
    assert any("Verkennen" in a or "verkennen" in a.lower() for a in axes)
    page.screenshot(path=str(ARTIFACTS / "voila_dashboard.png"), full_page=True)
    # Nothing drawn past the right edge of the page, where it would be cut off.
    page_width, rights = page.evaluate(
        "() => [document.documentElement.clientWidth,"
        " Array.from(document.querySelectorAll('.js-plotly-plot .main-svg'))"
        ".map(e => Math.round(e.getBoundingClientRect().right))]"
    )
    assert rights and max(rights) <= page_width, (page_width, rights)
