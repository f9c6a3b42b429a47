"""The command line: demo, report, validate, dashboard; errors as one line, never a traceback."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import openpyxl
import pytest

from kompasmetrics.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "sample_data"


def test_demo_prints_partnership_table(capsys):
    assert main(["demo", "--partnerships", "12", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "12 samenwerkingsverbanden" in out
    assert "Verkennen" in out and "P012" in out
    assert "Cronbach" in out and "Signalen" in out


def test_demo_in_english_writes_reports(capsys, tmp_path):
    assert main(["demo", "--partnerships", "12", "--language", "en", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "12 partnerships" in out and "Written:" in out
    assert (tmp_path / "scores.xlsx").is_file()
    assert openpyxl.load_workbook(tmp_path / "scores.xlsx").sheetnames[0] == "Partnerships"


def test_report_on_a_folder_of_exports(capsys, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    for name in ("qualtrics_choice_text.xlsx", "surveymonkey.xlsx"):
        shutil.copy(SAMPLES / name, folder / name)
    assert main(["report", str(folder), "--out", str(tmp_path / "out"), "--language", "en"]) == 0
    out = capsys.readouterr().out
    assert "12 partnerships" in out
    workbook = openpyxl.load_workbook(tmp_path / "out" / "scores.xlsx")
    report = workbook["Import report"]
    files = {row[0].value for row in report.iter_rows(min_row=2)} | {
        cell.value for row in report.iter_rows(min_row=1) for cell in row
    }
    assert {"qualtrics_choice_text.xlsx", "surveymonkey.xlsx"} <= files  # each file's report kept


def test_the_readme_example_reports_every_sample_export(capsys, tmp_path):
    """`kompasmetrics report sample_data/ --out r/`, as the README says, in Dutch: the Dutch
    Microsoft Forms export's 'Samenwerkingsverband' is found without --partnership."""
    assert main(["report", str(SAMPLES), "--out", str(tmp_path / "r")]) == 0
    out = capsys.readouterr().out
    assert "samenwerkingsverbanden" in out and "Geschreven:" in out
    assert not any(word in out for word in ("Flags:", "low_trust", "Written:", "Done in"))
    assert (tmp_path / "r" / "report.html").exists()


def test_validate_prints_the_import_report(capsys):
    assert main(["validate", str(SAMPLES / "qualtrics_choice_text.xlsx"), "--language", "en"]) == 0
    out = capsys.readouterr().out
    assert "respondents read" in out and "Survey Preview" in out


@pytest.mark.parametrize(
    ("arguments", "fragment"),
    [
        (["validate", "missing.xlsx"], "does not exist"),
        (["validate", str(SAMPLES / "msforms_nl.xlsx"), "--organisation", "Afdeling"], "organisation question"),
        (["report", str(SAMPLES / "README.md"), "--out", "x"], "README.md"),
    ],
)
def test_errors_are_one_line_and_a_hint(capsys, arguments, fragment):
    assert main(arguments) == 1
    captured = capsys.readouterr()
    assert fragment in captured.err
    assert "Traceback" not in captured.err and "--debug" in captured.err


def test_debug_shows_the_traceback():
    from kompasmetrics.errors import KompasError

    with pytest.raises(KompasError):
        main(["--debug", "validate", "missing.xlsx"])


def test_dashboard_command_serves_the_app(serve):
    pytest.importorskip("voila")
    export = str(SAMPLES / "qualtrics_choice_text.xlsx")
    server, port = serve(
        lambda port: [sys.executable, "-m", "kompasmetrics.cli", "dashboard", export, "--port", str(port)],
        env={**os.environ, "PYTHONPATH": str(SAMPLES.parent)},
    )
    deadline, status = time.monotonic() + 300, None  # generous: a loaded machine
    while time.monotonic() < deadline and status is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=240) as response:
                status, body = response.status, response.read().decode("utf-8", "replace")
        except OSError:
            assert server.poll() is None, server.stdout.read().decode(errors="replace")[-2000:]
            time.sleep(0.5)
    assert status == 200 and "Kompas" in body


def _descendants(pid: int) -> list[int]:
    from kompasmetrics.cli import _child_processes

    found, todo = [], [pid]
    while todo:
        children = _child_processes(todo.pop())
        found += children
        todo += children
    return found


def _wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return condition()


def test_dashboard_shows_our_error_culls_kernels_and_stops_on_sigterm(serve, headless_chromium, tmp_path):
    """A file that cannot be read: our error on the page and in the terminal; the kernel of a
    closed page is stopped after --idle-seconds; SIGTERM stops the server and every kernel."""
    pytest.importorskip("voila")
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    command = [sys.executable, "-m", "kompasmetrics.cli", "dashboard", str(bad), "--idle-seconds", "4"]
    server, port = serve(lambda port: [*command, "--language", "en", "--port", str(port)])
    url = f"http://127.0.0.1:{port}/"
    assert _wait_until(lambda: _answers(url), 300), "the server did not start"  # generous: a loaded machine

    page = headless_chromium.new_page()
    page.goto(url, timeout=300_000)
    panel = page.locator(".km-error").first
    panel.wait_for(timeout=300_000)
    shown = panel.inner_text()
    assert "The dashboard cannot show these data" in shown
    assert "No column of bad.csv is the partnership question" in shown and "kompasmetrics validate" in shown
    assert "There was an error when executing" not in page.inner_text("body")
    page.close()
    assert _wait_until(lambda: len(_descendants(server.pid)) == 1, 120), "the closed page's kernel was not stopped"

    # a second visit, kept open: an open page keeps its kernel, so the count cannot race the culler
    again = headless_chromium.new_page()
    again.goto(url, timeout=300_000)
    again.locator(".km-error").first.wait_for(timeout=300_000)
    assert _wait_until(lambda: len(_descendants(server.pid)) == 2, 120), "no kernel for the second visit"
    everything = [server.pid, *_descendants(server.pid)]
    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=60) == 0
    assert _wait_until(lambda: not [p for p in everything if Path(f"/proc/{p}").exists()], 60)
    again.close()
    terminal = server.stdout.read().decode(errors="replace")
    assert "kompasmetrics dashboard: 1 of 1 files cannot be imported" in terminal


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "voila/static/", timeout=5):
            return True
    except urllib.error.HTTPError:
        return True  # any answer means the server is up
    except OSError:
        return False


@pytest.mark.parametrize("columns", [80, 200])
def test_demo_table_fits_the_terminal_and_says_what_is_left_out(capsys, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    assert main(["demo", "--partnerships", "12", "--seed", "1", "--language", "en"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= columns
    sentence = " ".join(out.split())
    shown = int(sentence.split(" of the 27 scales shown")[0].split()[-1])
    assert 3 <= shown < 27 and "all are in scores.xlsx" in sentence


def test_report_title(tmp_path):
    export = str(SAMPLES / "qualtrics_choice_text.xlsx")
    assert main(["report", export, "--out", str(tmp_path), "--title", "Havenalliantie <2026>"]) == 0
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<title>Havenalliantie &lt;2026&gt;</title>" in page
