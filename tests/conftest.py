"""Shared fixtures: a seeded generator, the bundled instrument and a small simulated study."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
from pathlib import Path

import numpy as np
import pytest

import kompasmetrics as km


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20261128)


@pytest.fixture(scope="session")
def instrument() -> km.Instrument:
    return km.load_instrument()


@pytest.fixture(scope="session")
def small_study() -> km.SimulatedStudy:
    return km.simulate(n_partnerships=40, random_state=7)


@pytest.fixture(scope="session")
def small_scores(small_study) -> km.Scores:
    return km.score(small_study.survey)


# --- servers and a real browser, for the end-to-end tests -------------------------------------

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package, installed by .ci/run; never downloaded
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def headless_chromium():
    """A headless Chromium driven by Playwright, closed afterwards; skips without Debian's chromium."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    with sync_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def serve():
    """Start a server on a free port of 127.0.0.1: ``serve(make_command, **popen)`` returns the process
    and its port; every server started is stopped, by its process group, at teardown."""
    started: list[subprocess.Popen] = []

    def start(make_command, **popen) -> tuple[subprocess.Popen, int]:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        process = subprocess.Popen(
            make_command(port), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True, **popen
        )
        started.append(process)
        return process, port

    yield start
    for process in started:
        if process.poll() is not None:
            continue  # the test stopped it
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
