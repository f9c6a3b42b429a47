"""Benchmark: km.validity on a large study.

    python bench/bench_validity.py            # about 20,000 respondents, full Kompas instrument
    python bench/bench_validity.py --quick    # about 2,000 respondents (a smoke run)

Reports the median wall time of ``--repeat`` calls (default 3) after one warm-up call (which also
pays for importing semopy, printed separately); target under 10 s. The study has a correlated
latent structure and a language column (a third of the respondents ``en``), so every table of the
report is computed, the invariance models included.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # use this source tree

import kompasmetrics as km

TARGET_SECONDS = 10.0


def study_survey(n_partnerships: int) -> km.Survey:
    study = km.simulate(n_partnerships, latent_correlation={"within": 0.5, "between": 0.2}, random_state=2026)
    frame = study.responses.assign(language=np.where(np.arange(len(study.responses)) % 3 == 2, "en", "nl"))
    return km.Survey(frame, study.survey.instrument, attributes=["organisation_type", "months_running", "language"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    survey = study_survey(130 if args.quick else 1300)
    start = time.perf_counter()
    import semopy  # noqa: F401

    imported = time.perf_counter() - start
    start = time.perf_counter()
    km.validity(survey)
    warm_up = time.perf_counter() - start
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        report = km.validity(survey)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"respondents: {len(survey)}, scales: {len(report.scales)}, constructs: {len(report.cfa)}")
    print(f"import semopy: {imported:.2f} s; first call: {warm_up:.2f} s")
    print(f"km.validity median of {args.repeat}: {median:.2f} s (runs: {', '.join(f'{t:.2f}' for t in times)})")
    ok = median <= TARGET_SECONDS
    print(f"target <= {TARGET_SECONDS:.0f} s: {'ok' if ok else 'MISSED'}")
    return 0 if ok or args.quick else 1


if __name__ == "__main__":
    raise SystemExit(main())
