"""Start-up cost: how long ``import kompasmetrics`` takes, beside ``import pandas`` in the same run.

Run from the repository root::

    python bench/bench_startup.py          # 15 fresh interpreters per contender
    python bench/bench_startup.py --json out.json

Each contender is imported in a new interpreter (``python -c "import ..."``), alternating between
contenders, and the wall time of the whole interpreter is measured; the bare interpreter
(``python -c pass``) is subtracted. Figures: the medians, and the ratio kompasmetrics / pandas.
Target: ``import kompasmetrics`` under 0.5 s, and ``import kompasmetrics.stats`` loading neither
plotly, ipywidgets nor scikit-learn (checked, not timed). ``run(quick)`` returns the figures for
``bench/run.py``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 0.5
HEAVY = ("plotly", "ipywidgets", "sklearn")
CONTENDERS = {
    "bare interpreter": "pass",
    "import pandas": "import pandas",
    "import kompasmetrics": "import kompasmetrics",
    "import kompasmetrics.stats": "import kompasmetrics.stats",
}


def _time(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    return time.perf_counter() - started


def heavy_modules_loaded(code: str) -> list[str]:
    probe = f"{code}; import sys; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, check=True, capture_output=True, text=True)
    return [m for m in out.stdout.strip().split(",") if m]


def run(quick: bool = False) -> dict:
    repeats = 5 if quick else 15
    times: dict[str, list[float]] = {name: [] for name in CONTENDERS}
    for _ in range(repeats):
        for name, code in CONTENDERS.items():
            times[name].append(_time(code))
    bare = statistics.median(times["bare interpreter"])
    medians = {name: statistics.median(t) - bare for name, t in times.items() if name != "bare interpreter"}
    return {
        "repeats": repeats,
        "median_seconds": medians,
        "ratio_kompasmetrics_to_pandas": medians["import kompasmetrics"] / medians["import pandas"],
        "heavy_after_import": heavy_modules_loaded("import kompasmetrics"),
        "heavy_after_stats": heavy_modules_loaded("import kompasmetrics.stats"),
        "target_seconds": TARGET_SECONDS,
        "met": medians["import kompasmetrics"] < TARGET_SECONDS
        and not heavy_modules_loaded("import kompasmetrics.stats"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    figures = run(args.quick)
    for name, seconds in figures["median_seconds"].items():
        print(f"{name:<28} {seconds * 1000:8.0f} ms (median of {figures['repeats']}, bare interpreter subtracted)")
    print(f"ratio kompasmetrics / pandas  {figures['ratio_kompasmetrics_to_pandas']:.2f}")
    print(f"heavy modules after import kompasmetrics: {figures['heavy_after_import'] or 'none'}")
    print(f"heavy modules after import kompasmetrics.stats: {figures['heavy_after_stats'] or 'none'}")
    print(f"target: under {TARGET_SECONDS} s: {'met' if figures['met'] else 'MISSED'}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0 if figures["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
