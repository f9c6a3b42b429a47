"""The command line keeps its promises on hostile ground: never a traceback, a one-line error with a
hint and exit code 2 for an unusable --out, 130 when interrupted, outputs whole or not at all, one
run per output folder. Each run through ``kompasmetrics`` as a subprocess."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

import kompasmetrics as km
from kompasmetrics import cli
from kompasmetrics.io._samples import write_export

KOMPAS = [sys.executable, "-m", "kompasmetrics.cli"]


def run(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*KOMPAS, *args], capture_output=True, text=True, cwd=cwd, timeout=timeout)


def one_line_error(done: subprocess.CompletedProcess, code: int, phrase: str) -> None:
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr and phrase in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


@pytest.mark.parametrize(
    "out, phrase",
    [
        ("afile", "is a file, not a folder"),
        ("/dev/null", "is a file, not a folder"),
        ("afile/sub", "cannot be a folder"),
        ("x" * 300, "File name too long"),
    ],
    ids=["existing file", "/dev/null", "under a file", "name too long"],
)
def test_an_unusable_out_is_one_line_and_exit_2(tmp_path, out, phrase):
    (tmp_path / "afile").write_text("not a folder")
    one_line_error(run("demo", "--partnerships", "10", "--out", out, cwd=tmp_path), 2, phrase)


def test_a_read_only_out_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cli.os, "access", lambda *args: False)  # root may write anywhere; the check may not
    assert cli.main(["demo", "--partnerships", "10", "--out", str(tmp_path / "ro")]) == 2
    assert "is read-only for you" in capsys.readouterr().err


def test_a_file_name_that_is_not_utf8_is_written_with_replacement_characters(tmp_path):
    study = km.simulate(n_partnerships=12, random_state=2)
    name = os.fsdecode(b"export_\xff.csv")
    write_export(study.responses, tmp_path / name, "generic", instrument=study.survey.instrument)
    done = run("report", name, "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(tmp_path / "out" / "scores.xlsx")
    texts = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert any("export_\ufffd.csv" in t for t in texts)
    assert "export_\ufffd.csv" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


def test_the_readme_minimal_instrument_runs_through_every_command(tmp_path):
    readme = (Path(__file__).resolve().parents[2] / "instruments" / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("# my_instrument.yaml") :]
    (tmp_path / "mini.yaml").write_text(block[: block.index("```")], encoding="utf-8")
    instrument = km.load_instrument(tmp_path / "mini.yaml")
    study = km.simulate(n_partnerships=25, instrument=instrument, random_state=3)
    write_export(study.responses, tmp_path / "mini.xlsx", "qualtrics", instrument=instrument)
    for command in (["report", "mini.xlsx", "--out", "out"], ["validate", "mini.xlsx"]):
        done = run(*command, "--instrument", "mini.yaml", cwd=tmp_path)
        assert done.returncode == 0, (command, done.stderr[-3000:])
    scores = km.score(km.read_survey(tmp_path / "mini.xlsx", instrument=instrument))
    dx = km.diagnose(scores)
    km.dashboard(scores, dx)  # the widget dashboard builds for it too
    km.portfolio_dashboard(scores, dx)


def interrupt_report(cwd: Path) -> subprocess.CompletedProcess:
    """Start a long report and press Ctrl+C while it writes its outputs (its lock is in the output
    folder); waiting for that, not for a fixed time, keeps the test right on a busy machine, where
    a fixed few seconds may end before Python has even imported the package."""
    process = subprocess.Popen(
        [*KOMPAS, "demo", "--partnerships", "1500", "--out", "out"],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lock, deadline = cwd / "out" / ".kompasmetrics.lock", time.monotonic() + 600
    while not lock.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def test_interrupted_it_says_so_and_leaves_nothing_half_written(tmp_path):
    first = run("demo", "--partnerships", "30", "--out", "out", cwd=tmp_path)
    assert first.returncode == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    done = interrupt_report(tmp_path)
    one_line_error(done, 130, "onderbroken")  # the demo speaks Dutch by default
    after = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    assert after == before  # the complete earlier report, untouched; no temporary files, no lock


def test_one_run_at_a_time_per_output_folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".kompasmetrics.lock").write_text(str(os.getpid()))  # a live run holds it
    one_line_error(run("demo", "--partnerships", "10", "--out", "out", cwd=tmp_path), 2, "Another kompasmetrics run")
    (out / ".kompasmetrics.lock").write_text("999999999")  # a run that no longer exists
    done = run("demo", "--partnerships", "10", "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "scores.xlsx"]
