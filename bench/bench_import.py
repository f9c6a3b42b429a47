"""Benchmark of ``km.read_survey()`` against pandas reading the same export.

Run from the repository root::

    python bench/bench_import.py            # 20,000 respondents, full instrument
    python bench/bench_import.py --quick    # 2,000 respondents, a smoke run
    python bench/bench_import.py --json out.json

A Qualtrics-style export of the full instrument with answers as choice text (labels) is written
to a temporary folder (never into the repository), as .xlsx (2 header rows) and .csv (3 header
rows). Figures, each next to its target:

1. xlsx: median time of ``read_survey`` / median time of ``pandas.read_excel(engine="calamine")``
   on the same file in the same process (target <= 1.3);
2. xlsx: time of pandas' default ``read_excel`` (openpyxl) / time of ``read_survey`` (target >= 5);
3. csv: median time of ``read_survey`` / median time of ``pandas.read_csv`` (target <= 1.3).

``read_survey`` does much more than the baselines (detects the layout, matches 84 columns to
items, codes every label, computes quality indices, validates the Survey); the baselines only
parse. The machine may be shared and noisy, so times are CPU seconds of this process (every
contender runs on one thread), runs alternate between the contenders, and the ratios are ratios of
medians. ``run(quick)`` returns the figures for ``bench/run.py``.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # use this source tree

import kompasmetrics as km
from kompasmetrics.io._samples import write_export

SIZES = {"full": 20_000, "quick": 2_000}
TARGET_CALAMINE_RATIO = 1.3
TARGET_OPENPYXL_SPEEDUP = 5.0
TARGET_CSV_RATIO = 1.3


def make_responses(n_respondents: int) -> pd.DataFrame:
    """Simulated responses of exactly ``n_respondents`` respondents (about 20 per partnership)."""
    study = km.simulate(
        n_partnerships=max(2, n_respondents // 18),
        organisations=(3, 5),
        respondents=(4, 6),
        random_state=2026,
    )
    responses = study.responses
    if len(responses) < n_respondents:
        raise RuntimeError(f"simulate() made {len(responses)} respondents, fewer than {n_respondents}")
    return responses.iloc[:n_respondents].reset_index(drop=True)


def _time(function: Callable[[], object]) -> float:
    """CPU seconds of this process for one call (all contenders run on one thread).

    On a shared machine wall time also counts the other processes' work; the CPU time of this
    process does not, so ratios of CPU times are the stable figure.
    """
    gc.collect()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas' DtypeWarning and engine announcements
        start = time.process_time()
        function()
        return time.process_time() - start


def _alternate(contenders: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median CPU seconds of each contender; one warm-up each, then runs alternate."""
    for function in contenders.values():
        _time(function)
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(repeat):
        for name, function in contenders.items():
            times[name].append(_time(function))
    return {name: statistics.median(values) for name, values in times.items()}


def run(quick: bool = False) -> list[dict]:
    """Run the benchmark; one dict per figure: ``figure``, ``measured``, ``target``, ``ok``."""
    n = SIZES["quick" if quick else "full"]
    instrument = km.load_instrument()
    responses = make_responses(n)
    figures = []
    with tempfile.TemporaryDirectory(prefix="kompas-bench-") as folder:
        xlsx = Path(folder) / "qualtrics_export.xlsx"
        csv = Path(folder) / "qualtrics_export.csv"
        write_export(responses, xlsx, "qualtrics", instrument=instrument, language="en", extra_rows=False)
        write_export(responses, csv, "qualtrics", instrument=instrument, language="en", extra_rows=False)

        def read(path: Path) -> Callable[[], object]:
            return lambda: km.read_survey(path, instrument=instrument)

        check = km.read_survey(xlsx, instrument=instrument)
        assert len(check.responses) == n and len(check.items) == len(instrument.items)

        excel = _alternate(
            {"read_survey": read(xlsx), "calamine": lambda: pd.read_excel(xlsx, engine="calamine")},
            repeat=3 if quick else 5,
        )
        openpyxl_seconds = _time(lambda: pd.read_excel(xlsx))
        text = _alternate(
            {"read_survey": read(csv), "read_csv": lambda: pd.read_csv(csv)},
            repeat=7 if quick else 11,
        )

    ratio = excel["read_survey"] / excel["calamine"]
    figures.append(
        {
            "figure": f"xlsx {n:,} x {len(instrument.items)} items: read_survey / "
            f"read_excel(calamine) ({excel['read_survey']:.2f} s / {excel['calamine']:.2f} s)",
            "measured": round(ratio, 3),
            "target": f"<= {TARGET_CALAMINE_RATIO}",
            "ok": ratio <= TARGET_CALAMINE_RATIO,
        }
    )
    speedup = openpyxl_seconds / excel["read_survey"]
    figures.append(
        {
            "figure": f"xlsx: read_excel(default openpyxl) / read_survey "
            f"({openpyxl_seconds:.1f} s / {excel['read_survey']:.2f} s)",
            "measured": round(speedup, 2),
            "target": f">= {TARGET_OPENPYXL_SPEEDUP}",
            "ok": speedup >= TARGET_OPENPYXL_SPEEDUP,
        }
    )
    ratio = text["read_survey"] / text["read_csv"]
    figures.append(
        {
            "figure": f"csv {n:,} x {len(instrument.items)} items: read_survey / read_csv "
            f"({text['read_survey'] * 1000:.0f} ms / {text['read_csv'] * 1000:.0f} ms)",
            "measured": round(ratio, 3),
            "target": f"<= {TARGET_CSV_RATIO}",
            "ok": ratio <= TARGET_CSV_RATIO,
        }
    )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="2,000 respondents instead of 20,000")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    figures = run(quick=args.quick)
    width = max(len(f["figure"]) for f in figures)
    for f in figures:
        print(f"{f['figure']:<{width}}  {f['measured']:>8}  target {f['target']:<7}  {'ok' if f['ok'] else 'MISSED'}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0 if all(f["ok"] for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
