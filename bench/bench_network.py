"""Benchmark: the pair tables of km.network on a large study.

    python bench/bench_network.py            # 1,000 partnerships of 3-8 organisations, ~20,000 respondents
    python bench/bench_network.py --quick    # 100 partnerships (a smoke run)

Times, as the median of ``--repeat`` runs (default 7) after one warm-up, the pair tables: rater
scores from the long table of answers, directed pairs with intervals and suppression, and dyads
with complementary suppression (target under 1 s); and the whole of ``km.network`` (organisation
tables and networkx centrality per partnership included; reported, not judged). With
``--figures``: the HTML report's network figures (map and trust matrix of every partnership,
``plots._network.network_figures``) against the plot functions called per partnership on the first
``--sample`` partnerships (default 50), both per partnership, as a ratio (reported, not judged).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # use this source tree

import kompasmetrics as km
from kompasmetrics.network._pairs import directed_pairs, dyads, measure_names, rater_scores

TARGET_SECONDS = 1.0


def pair_tables(ratings: km.PartnerRatings) -> tuple:
    keys = list(ratings.keys)
    names = measure_names(ratings.instrument)
    raters = rater_scores(ratings.ratings, ratings.instrument, keys)
    pairs, intervals = directed_pairs(raters, names, keys, 3, 0.90)
    return pairs, intervals, dyads(raters, pairs, names, keys, 3)


def timed(call, repeat: int) -> list[float]:
    call()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def figures(net, sample: int, repeat: int) -> None:
    from kompasmetrics.plots._network import network_figures

    names = list(net.partnerships.index.get_level_values("partnership").unique())
    few = names[:sample]

    def one_by_one() -> None:
        for name in few:
            km.plot_network(net, name, language="en").to_plotly_json()
            km.plot_trust_matrix(net, name, language="en").to_plotly_json()

    bulk = statistics.median(timed(lambda: network_figures(net, names, language="en"), repeat)) / len(names)
    single = statistics.median(timed(one_by_one, repeat)) / len(few)
    print(
        f"report network figures: {1000 * bulk:.1f} ms per partnership ({len(names)} partnerships, median of "
        f"{repeat}); plot functions one by one: {1000 * single:.1f} ms ({len(few)}); ratio {single / bulk:.1f}x"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--figures", action="store_true", help="also time the report's network figures")
    parser.add_argument("--sample", type=int, default=50)
    args = parser.parse_args(argv)
    study = km.simulate(
        100 if args.quick else 1000, organisations=(3, 8), respondents=(2, 5), partner_ratings=True, random_state=16
    )
    ratings = study.partner_ratings
    pairs, _, _ = pair_tables(ratings)
    print(
        f"partnerships: {ratings.partners['partnership'].nunique()}, respondents: {len(study.survey)}, "
        f"answers: {len(ratings.ratings)}, directed pairs: {len(pairs)}"
    )
    tables = timed(lambda: pair_tables(ratings), args.repeat)
    whole = timed(lambda: km.network(ratings), max(3, args.repeat // 2))
    median = statistics.median(tables)
    print(f"pair tables median of {len(tables)}: {median:.3f} s (runs: {', '.join(f'{t:.3f}' for t in tables)})")
    print(f"km.network median of {len(whole)}: {statistics.median(whole):.3f} s (centrality with networkx included)")
    if args.figures:
        figures(km.network(ratings), args.sample, max(3, args.repeat // 2))
    ok = median <= TARGET_SECONDS
    print(f"target pair tables <= {TARGET_SECONDS:.0f} s: {'ok' if ok else 'MISSED'}")
    return 0 if ok or args.quick else 1


if __name__ == "__main__":
    raise SystemExit(main())
