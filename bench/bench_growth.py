"""Benchmark: how ``score``, ``diagnose`` and ``cluster_partnerships`` grow with the portfolio (#18).

    python bench/bench_growth.py            # 100, 1,000 and 10,000 partnerships
    python bench/bench_growth.py --quick    # 100, 300 and 1,000 partnerships (a smoke run)

Each step is timed (CPU seconds of this process, all single-threaded; median of 3 runs) at three
portfolio sizes a factor 10 apart, and the growth exponent is the log-log slope between two sizes:
1 is linear, 2 quadratic. Target: at most 1.1 from 1,000 to 10,000 partnerships.
Clustering is ``cluster_partnerships(n_clusters="auto", n_bootstrap=0)``
(k-means; the bootstrap multiplies the same work by its rounds).

The portfolios are copies of one simulated study of 1,000 partnerships (about 20 respondents
each; the 100 are its first 100, the 10,000 ten copies under new partnership ids), so simulating
10,000 partnerships does not dominate the run; every statistic is computed as for real data.
"""

from __future__ import annotations

import argparse
import gc
import math
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # use this source tree

import kompasmetrics as km

TARGET_EXPONENT = 1.1
SIZES = {"full": (100, 1_000, 10_000), "quick": (100, 300, 1_000)}


def portfolios(sizes: tuple[int, ...]) -> dict[int, km.Survey]:
    """Surveys of ``sizes`` partnerships built from one simulated study of 1,000."""
    study = km.simulate(n_partnerships=1_000, organisations=(3, 5), respondents=(4, 6), random_state=0)
    survey = study.survey
    base, instrument, attributes = survey.responses, survey.instrument, list(survey.attributes)
    partnerships = base["partnership"].drop_duplicates().tolist()
    surveys = {}
    for size in sizes:
        if size <= len(partnerships):
            frame = base[base["partnership"].isin(partnerships[:size])]
        else:
            copies = []
            for copy in range(math.ceil(size / len(partnerships))):
                part = base.copy()
                part["partnership"] = f"C{copy:02d}-" + part["partnership"].astype(str)
                part["respondent_id"] = f"C{copy:02d}-" + part["respondent_id"].astype(str)
                copies.append(part)
            frame = pd.concat(copies, ignore_index=True)
        surveys[size] = km.Survey(frame.reset_index(drop=True), instrument, attributes=attributes)
    return surveys


def cpu_seconds(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return statistics.median(times)


def exponent(small: float, large: float, factor: float) -> float:
    return math.log(large / small) / math.log(factor)


def run(quick: bool = False) -> list[dict]:
    sizes = SIZES["quick" if quick else "full"]
    surveys = portfolios(sizes)
    seconds: dict[str, dict[int, float]] = {"score": {}, "diagnose": {}, "cluster_partnerships": {}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for size in sizes:
            runs = 3
            survey = surveys[size]
            scores = km.score(survey)
            seconds["score"][size] = cpu_seconds(lambda s=survey: km.score(s), runs)
            seconds["diagnose"][size] = cpu_seconds(lambda s=scores: km.diagnose(s), runs)
            seconds["cluster_partnerships"][size] = cpu_seconds(
                lambda s=scores: km.cluster_partnerships(s, n_bootstrap=0, random_state=0), runs
            )
            print(f"  {size:>6,} partnerships: " + ", ".join(f"{k} {v[size]:.2f} s" for k, v in seconds.items()))
    figures = []
    small, middle, large = sizes
    for step, times in seconds.items():
        low = exponent(times[small], times[middle], middle / small)
        high = exponent(times[middle], times[large], large / middle)
        figures.append(
            {
                "figure": f"growth exponent of {step}, {middle:,} -> {large:,} partnerships "
                f"({times[middle]:.2f} s -> {times[large]:.2f} s CPU; {small:,} -> {middle:,}: {low:.2f})",
                "measured": round(high, 2),
                "target": f"<= {TARGET_EXPONENT}",
                "ok": high <= TARGET_EXPONENT,
            }
        )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    figures = run(args.quick)
    width = max(len(f["figure"]) for f in figures)
    for f in figures:
        print(f"{f['figure']:<{width}} | {f['measured']!s:>6} | {f['target']:>7} | {'ok' if f['ok'] else 'MISS'}")
    return 0 if all(f["ok"] for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
