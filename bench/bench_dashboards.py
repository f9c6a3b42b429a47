"""Benchmark: how fast the dashboards answer their controls on a large study.

    python bench/bench_dashboards.py            # 1,000 partnerships (bench/run.py's "full" size)
    python bench/bench_dashboards.py --quick    # 100 partnerships (a smoke run; targets reported, not judged)

Builds ``km.dashboard`` and ``km.portfolio_dashboard`` once (with the survey and a clustering) and
times every control: the partnership, ring, by, language and wave of the partnership dashboard;
the cluster, flag and phase filters, the sort column, the partnership to open, the language and
each diagnosis-threshold slider of the portfolio dashboard. Each control is changed once as a
warm-up, then ``--repeat`` times (at least 7) to values that differ from the one before; the figure
is the median CPU time (``time.process_time``) of one change, everything the change runs in the
kernel (diagnosis, figures, texts, widget state). Sending the widgets' state to a browser is not
in it: there is no browser. The study has one wave, as bench/run.py's; the wave control is timed
on a second study of the same size with two waves.

Targets: every control <= 100 ms, a threshold slider <= 300 ms (medians).
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # use this source tree

import kompasmetrics as km

SIZES = {
    "full": {"n_partnerships": 1000, "organisations": (3, 5), "respondents": (4, 6)},
    "quick": {"n_partnerships": 100, "organisations": (3, 5), "respondents": (4, 6)},
}
TARGET_CONTROL_MS = 100.0
TARGET_SLIDER_MS = 300.0


def cpu_ms(change: Callable[[object], None], values: Sequence, repeat: int) -> list[float]:
    """CPU milliseconds of ``change(value)`` for ``repeat`` values cycled from ``values``, after a warm-up."""
    cycle = itertools.cycle(values)
    change(next(cycle))
    times = []
    for value in itertools.islice(cycle, repeat):
        start = time.process_time()
        change(value)
        times.append(1000 * (time.process_time() - start))
    return times


def setter(control) -> Callable[[object], None]:
    return lambda value: setattr(control, "value", value)


def values_of(control, n: int) -> list:
    """Up to ``n`` option values of a selection widget (consecutive ones differ)."""
    return (
        [value for _, value in control.options][:n]
        if isinstance(control.options[0], tuple)
        else list(control.options[:n])
    )


def slider_values(slider) -> list[float]:
    """Values around the slider's own, within its range, each differing from the one before."""
    centre = slider.value
    steps = (-6, 4, -3, 7, -5, 2, -1, 5)
    return [min(slider.max, max(slider.min, centre + step)) for step in steps]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    repeat = max(7, args.repeat)
    warnings.simplefilter("ignore")
    size = SIZES["quick" if args.quick else "full"]
    study = km.simulate(**size, random_state=0)
    scores = km.score(study.survey)
    start = time.process_time()
    dx = km.diagnose(scores)
    diagnose_ms = 1000 * (time.process_time() - start)
    cl = km.cluster_partnerships(scores, random_state=0, n_bootstrap=0)
    print(f"partnerships: {study.survey.responses['partnership'].nunique()}, respondents: {len(study.survey)}")
    print(f"km.diagnose: {diagnose_ms:.0f} ms CPU (one run)")

    rows: list[tuple[str, list[float], float]] = []
    start = time.process_time()
    board = km.dashboard(scores, dx, cl, survey=study.survey)
    build_ms = 1000 * (time.process_time() - start)
    partnerships = list(board.partnership.options)[: repeat + 1]
    rows.append(("dashboard: partnership", cpu_ms(setter(board.partnership), partnerships, repeat), TARGET_CONTROL_MS))
    for name in ("ring", "by", "language"):
        control = getattr(board, name)
        rows.append((f"dashboard: {name}", cpu_ms(setter(control), values_of(control, 3), repeat), TARGET_CONTROL_MS))
    waved = km.simulate(**size, n_waves=2, random_state=0)
    waved_scores = km.score(waved.survey)
    waved_board = km.dashboard(waved_scores, km.diagnose(waved_scores), survey=waved.survey)
    waves = list(waved_board.wave.options)
    rows.append(("dashboard: wave (2 waves)", cpu_ms(setter(waved_board.wave), waves, repeat), TARGET_CONTROL_MS))

    start = time.process_time()
    portfolio = km.portfolio_dashboard(scores, dx, cl, survey=study.survey)
    portfolio_ms = 1000 * (time.process_time() - start)
    for name in ("cluster", "flag", "phase"):
        control = getattr(portfolio, name)
        rows.append((f"portfolio: {name}", cpu_ms(setter(control), values_of(control, 4), repeat), TARGET_CONTROL_MS))
        control.value = control.options[0][1]
    sort_times = cpu_ms(setter(portfolio.sort_by), values_of(portfolio.sort_by, 5), repeat)
    rows.append(("portfolio: sort", sort_times, TARGET_CONTROL_MS))
    chosen = list(portfolio.choose.options)[1 : repeat + 2]
    rows.append(("portfolio: choose", cpu_ms(setter(portfolio.choose), chosen, repeat), TARGET_CONTROL_MS))
    language = portfolio.detail.language
    rows.append(("portfolio: language", cpu_ms(setter(language), values_of(language, 2), repeat), TARGET_CONTROL_MS))
    for name, slider in portfolio.thresholds.items():
        slider_times = cpu_ms(setter(slider), slider_values(slider), repeat)
        rows.append((f"portfolio: slider {name}", slider_times, TARGET_SLIDER_MS))
        slider.value = float(getattr(dx.rules, name))

    print(f"built: km.dashboard {build_ms:.0f} ms, km.portfolio_dashboard {portfolio_ms:.0f} ms CPU (reported)")
    print(f"\n{'figure':<38} | {'measured (median)':>18} | {'target':>9} | ok/MISS")
    print(f"{'-' * 38}-|-{'-' * 18}-|-{'-' * 9}-|--------")
    missed = 0
    for figure, times, target in rows:
        median = statistics.median(times)
        ok = median <= target
        missed += not ok
        print(f"{figure:<38} | {median:>12.1f} ms n={len(times)} | <= {target:.0f} ms | {'ok' if ok else 'MISS'}")
    print(f"\n{len(rows) - missed} of {len(rows)} targets met")
    return 0 if missed == 0 or args.quick else 1


if __name__ == "__main__":
    raise SystemExit(main())
