"""The command line: the README's main job."""

from __future__ import annotations

from kompasmetrics.cli import main


def test_demo_prints_partnership_table(capsys):
    assert main(["demo", "--partnerships", "12", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "12 samenwerkingsverbanden" in out
    assert "Verkennen" in out and "P012" in out
    assert "Cronbach" in out


def test_demo_in_english(capsys):
    assert main(["demo", "--partnerships", "5", "--language", "en"]) == 0
    assert "5 partnerships" in capsys.readouterr().out
