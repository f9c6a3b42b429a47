"""Files built to kill or stall the process: each read in a child process, which must end with
our own error (or a result) within seconds and under 1 GB of memory. A child, because the failure
being guarded against is an abort no ``try`` can catch.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

LIMIT_BYTES = 2**30
READ = textwrap.dedent(
    """
    import json, resource, sys
    import kompasmetrics as km
    outcome = {"error": None, "rows": None, "report": []}
    try:
        survey = km.read_survey(sys.argv[1], partnership_name="P", organisation_name="O")
        outcome["rows"] = len(survey.responses)
        outcome["report"] = survey.report["problem"].tolist()
    except km.KompasError as err:
        outcome["error"] = f"{type(err).__name__}: {err}"
    outcome["max_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps(outcome))
    """
)


def read_in_child(path: Path, timeout: float = 120) -> dict:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", READ, str(path)], capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"the child died ({done.returncode}): {done.stderr[-2000:]}"
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    outcome["seconds"] = time.perf_counter() - started
    assert outcome["max_rss"] < LIMIT_BYTES, f"{outcome['max_rss'] / 2**20:.0f} MB"
    return outcome


def small_export(path: Path, rows: int = 3) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["respondent_id", "trust_reliability_1", "trust_reliability_2"])
    for i in range(rows):
        sheet.append([f"r{i}", 4, 5])
    return book


def rewrite_sheet(path: Path, change) -> None:
    """Rewrite the first sheet's XML of a workbook through ``change(xml) -> xml``."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["xl/worksheets/sheet1.xml"] = change(parts["xl/worksheets/sheet1.xml"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def without_dimension(xml: bytes) -> bytes:
    return re.sub(rb"<dimension[^>]*/>", b"", xml)


def lying_dimension(xml: bytes) -> bytes:
    return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:C4"', xml)


@pytest.mark.parametrize("dimension", [without_dimension, lying_dimension], ids=["no dimension", "lying dimension"])
def test_one_far_cell_is_refused_not_allocated(tmp_path, dimension):
    path = tmp_path / "far.xlsx"
    book = small_export(path)
    book.active["XFD1048576"] = "x"
    book.save(path)
    rewrite_sheet(path, dimension)
    outcome = read_in_child(path)
    assert outcome["error"] and "far to the right of the data" in outcome["error"] and "XFD1048576" in outcome["error"]
    assert outcome["seconds"] < 60


def test_a_stray_cell_far_below_is_left_out_and_reported(tmp_path):
    path = tmp_path / "stray.xlsx"
    book = small_export(path)
    book.active["A1048576"] = "x"
    book.save(path)
    outcome = read_in_child(path)
    assert outcome["rows"] == 3
    assert any("lie far below the data" in problem for problem in outcome["report"])
    header_only = tmp_path / "header_only.xlsx"
    book = small_export(header_only, rows=0)
    book.active["A1048576"] = "x"
    book.save(header_only)
    outcome = read_in_child(header_only)
    assert "holds only its header" in outcome["error"] and outcome["seconds"] < 60


def test_an_archive_bomb_of_empty_rows_is_refused_before_reading(tmp_path):
    path = tmp_path / "bomb.xlsx"
    small_export(path).save(path)

    def bomb(xml: bytes) -> bytes:  # 260 MB of empty row elements after the data, compressing ~1000-fold
        return xml.replace(b"</sheetData>", b'<row r="5" spans="1:3"/>' * 11_000_000 + b"</sheetData>")

    rewrite_sheet(path, bomb)
    assert path.stat().st_size < 5 * 2**20
    outcome = read_in_child(path)
    assert outcome["error"] and "is not a normal export" in outcome["error"] and "fold" in outcome["error"]


def test_trailing_commas_are_read_fast(tmp_path):
    path = tmp_path / "commas.csv"
    lines = ["respondent_id,trust_reliability_1,trust_reliability_2", "r1,4,5" + "," * 200_000, "r2,3,2", "r3,5,5"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcome = read_in_child(path)
    assert outcome["rows"] == 3 and outcome["seconds"] < 30
    assert any("in 100 or more empty fields" in problem for problem in outcome["report"])


def test_a_yaml_alias_bomb_is_refused(tmp_path):
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = tmp_path / "bomb.yaml"
    path.write_text("id: bomb\nunknown:\n" + "\n".join("  " + line for line in levels) + "\n", encoding="utf-8")
    code = textwrap.dedent(
        """
        import sys, kompasmetrics as km
        try:
            km.load_instrument(sys.argv[1])
        except km.InstrumentError as e:
            print(e)
        """
    )
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60)
    assert "anchor or alias at line 3" in done.stdout


def test_an_instrument_file_that_is_not_utf8_names_the_byte(tmp_path):
    import kompasmetrics as km

    path = tmp_path / "latin.yaml"
    path.write_bytes("id: x\ntitle: {nl: 'Súdwest-Fryslân'}\n".encode("cp1252"))
    with pytest.raises(km.InstrumentError, match=r"not UTF-8 text: byte 20 \(0xfa\)"):
        km.load_instrument(path)
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff")
    with pytest.raises(km.InstrumentError, match="binary data"):
        km.load_instrument(binary)
