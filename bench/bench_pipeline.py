"""Benchmark: the whole pipeline, and scoring at scale.

    python bench/bench_pipeline.py            # 20,000 respondents / 1,000 partnerships; 1,000,000 from CSV
    python bench/bench_pipeline.py --quick    # 2,000 respondents; 100,000 from CSV (a smoke run)

Figures, each next to its target:

* ``cluster_partnerships(n_clusters="auto")`` plus 50 bootstrap rounds on 1,000 partnerships, for
  each method: target under 5 s (median wall time of 3 runs).
* ``kompasmetrics report`` end to end (read the Qualtrics xlsx, score, diagnose, cluster with 20
  bootstrap rounds, write scores.xlsx and report.html) against the bare calamine read of the same
  file (``pandas.read_excel(engine="calamine")``), in the same process: target within 2.5x.
* Scale: 1,000,000 respondents from a CSV export (numeric answers, the generic layout), read with
  ``km.read_survey`` and scored with ``km.score``, in a child process: target 60 s wall time and
  4 GB peak resident memory on 2 cores.

Times are CPU seconds of this process for the ratio (stable on a shared machine; see
bench_import.py) and wall seconds for the scale row, whose target is in wall time.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # use this source tree

from bench_import import _alternate, make_responses

import kompasmetrics as km
from kompasmetrics.cli import main as cli
from kompasmetrics.io._samples import write_export

TARGET_REPORT_RATIO = 2.5
TARGET_CLUSTER_SECONDS = 5.0
TARGET_SCALE_SECONDS = 60.0
TARGET_SCALE_MEMORY_GB = 4.0


def report_figures(n_respondents: int, folder: Path) -> list[dict]:
    instrument = km.load_instrument()
    xlsx = folder / "qualtrics_export.xlsx"
    write_export(
        make_responses(n_respondents), xlsx, "qualtrics", instrument=instrument, language="en", extra_rows=False
    )
    out = folder / "report"

    def report() -> None:
        code = cli(["report", str(xlsx), "--out", str(out), "--language", "en"])
        assert code == 0

    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        seconds = _alternate({"report": report, "calamine": lambda: pd.read_excel(xlsx, engine="calamine")}, repeat=5)
    ratio = seconds["report"] / seconds["calamine"]
    size = (out / "report.html").stat().st_size / 1e6 if (out / "report.html").exists() else float("nan")
    return [
        {
            "figure": f"kompasmetrics report, {n_respondents:,} respondents xlsx, / read_excel(calamine) "
            f"({seconds['report']:.2f} s / {seconds['calamine']:.2f} s CPU; report.html {size:.1f} MB)",
            "measured": round(ratio, 2),
            "target": f"<= {TARGET_REPORT_RATIO}",
            "ok": ratio <= TARGET_REPORT_RATIO,
        }
    ]


def cluster_figures(n_partnerships: int) -> list[dict]:
    """``cluster_partnerships(n_clusters="auto")`` with 50 bootstrap rounds, per method (wall time)."""
    import statistics

    scores = km.score(km.simulate(n_partnerships=n_partnerships, random_state=0).survey)
    figures = []
    for method in ("kmeans", "ward", "gmm"):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            km.cluster_partnerships(scores, method=method, random_state=0, n_bootstrap=50)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        figures.append(
            {
                "figure": f"cluster_partnerships auto + 50 bootstrap rounds, {n_partnerships:,} partnerships, {method}",
                "measured": f"{median:.2f} s",
                "target": f"<= {TARGET_CLUSTER_SECONDS:.0f} s",
                "ok": median <= TARGET_CLUSTER_SECONDS,
            }
        )
    return figures


def write_large_csv(path: Path, n_respondents: int, *, chunk: int = 100_000, random_state: int = 0) -> None:
    """A generic-layout CSV of simulated numeric answers, written in chunks to bound memory."""
    instrument = km.load_instrument()
    first = True
    written = 0
    seed = random_state
    while written < n_respondents:
        size = min(chunk, n_respondents - written)
        study = km.simulate(
            n_partnerships=max(2, size // 18),
            organisations=(3, 5),
            respondents=(4, 6),
            dont_know_rate=0.0,
            random_state=seed,
            instrument=instrument,
        )
        frame = study.responses.drop(columns=["organisation_type", "months_running", "submitted_at"]).iloc[:size]
        frame["partnership"] = f"B{seed:03d}-" + frame["partnership"]
        frame["respondent_id"] = np.arange(written + 1, written + len(frame) + 1)
        frame.to_csv(path, mode="w" if first else "a", header=first, index=False, float_format="%.0f")
        written += len(frame)
        first, seed = False, seed + 1


SCALE_CHILD = textwrap.dedent("""
    import resource, sys, time
    sys.path.insert(0, {root!r})
    import kompasmetrics as km
    start = time.perf_counter()
    survey = km.read_survey({path!r}, partnership="partnership", organisation="organisation")
    read = time.perf_counter() - start
    scores = km.score(survey)
    total = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(len(survey.responses), len(scores.partnerships), round(read, 2), round(total, 2), round(peak, 3))
""")


def scale_figures(n_respondents: int, folder: Path) -> list[dict]:
    path = folder / "large.csv"
    write_large_csv(path, n_respondents)
    code = SCALE_CHILD.format(root=str(Path(__file__).resolve().parent.parent), path=str(path))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        return [
            {
                "figure": f"scale: {n_respondents:,} respondents from CSV failed: {result.stderr.strip()[-300:]}",
                "measured": "error",
                "target": "",
                "ok": False,
            }
        ]
    rows, partnerships, read, total, peak = result.stdout.split()[-5:]
    return [
        {
            "figure": f"scale: {int(rows):,} respondents / {int(partnerships):,} partnerships from CSV, read + score "
            f"(read {float(read):.1f} s; {path.stat().st_size / 1e6:.0f} MB file)",
            "measured": f"{float(total):.1f} s",
            "target": f"<= {TARGET_SCALE_SECONDS:.0f} s",
            "ok": float(total) <= TARGET_SCALE_SECONDS,
        },
        {
            "figure": "scale: peak resident memory of that process",
            "measured": f"{float(peak):.2f} GB",
            "target": f"<= {TARGET_SCALE_MEMORY_GB:.0f} GB",
            "ok": float(peak) <= TARGET_SCALE_MEMORY_GB,
        },
    ]


def run(quick: bool = False) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="kompas-pipeline-") as name:
        folder = Path(name)
        figures = cluster_figures(200 if quick else 1_000)
        figures += report_figures(2_000 if quick else 20_000, folder)
        figures += scale_figures(100_000 if quick else 1_000_000, folder)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    figures = run(args.quick)
    width = max(len(f["figure"]) for f in figures)
    for f in figures:
        status = "ok" if f["ok"] else "MISS"
        print(f"{f['figure']:<{width}} | {f['measured']!s:>10} | {f['target']:>10} | {status}")
    print(f"({time.perf_counter() - started:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str))
    return 0 if all(f["ok"] for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
