"""The ``kompasmetrics`` command.

``kompasmetrics demo`` simulates a study, scores it and prints the partnership table: the main job
on bundled data, for a first look on a fresh machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

import pandas as pd

from . import __version__
from .errors import KompasError

TEXT = {
    "nl": {
        "description": "Meet, diagnosticeer en vergelijk samenwerkingsverbanden met het Kompas en het Kijkglas.",
        "demo": "Simuleer een studie, scoor haar en toon de tabel van samenwerkingsverbanden.",
        "heading": "{n} samenwerkingsverbanden, {r} respondenten, {s} schalen (0-100; organisaties wegen even zwaar)",
        "reliability": "Betrouwbaarheid (Cronbachs alfa): mediaan {median:.2f}, laagste {low:.2f} ({scale})",
        "done": "Klaar in {seconds:.1f} s.",
        "n_respondents": "Respondenten",
        "n_organisations": "Organisaties",
    },
    "en": {
        "description": "Measure, diagnose and compare partnerships with the Kompas and the Kijkglas.",
        "demo": "Simulate a study, score it and print the partnership table.",
        "heading": "{n} partnerships, {r} respondents, {s} scales (0-100; organisations weigh equally)",
        "reliability": "Reliability (Cronbach's alpha): median {median:.2f}, lowest {low:.2f} ({scale})",
        "done": "Done in {seconds:.1f} s.",
        "n_respondents": "Respondents",
        "n_organisations": "Organisations",
    },
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kompasmetrics", description=TEXT["en"]["description"] + " / "
                                     + TEXT["nl"]["description"])
    parser.add_argument("--version", action="version", version=f"kompasmetrics {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback of an error")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help=TEXT["en"]["demo"])
    demo.add_argument("--partnerships", type=int, default=40, help="number of simulated partnerships (default 40)")
    demo.add_argument("--language", choices=["nl", "en"], default="nl", help="language of the output (default nl)")
    demo.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    return parser


def run_demo(args: argparse.Namespace) -> int:
    from .scoring import score
    from .simulate import simulate

    text = TEXT[args.language]
    started = time.perf_counter()
    study = simulate(n_partnerships=args.partnerships, language=args.language, random_state=args.seed)
    scores = score(study.survey)
    instrument = scores.instrument
    columns = ["n_respondents", "n_organisations",
               *[s for s in instrument.scales.sort_values("phase").dropna(subset=["phase"])["scale"]],
               "trust_interest", "trust_openness", "trust_reliability", "power_asymmetry", "leadership"]
    table = scores.partnerships[columns].copy()
    table.columns = [text[c] if c.startswith("n_") else instrument.scale_label(c, args.language) for c in columns]
    table.index.name = None
    print(text["heading"].format(n=len(scores.partnerships), r=len(scores.respondents), s=len(scores.scales)))
    with pd.option_context("display.max_rows", 200, "display.width", 200, "display.max_columns", 30):
        print(table.round(0).to_string(na_rep="-", float_format=lambda v: f"{v:.0f}"))
    alphas = scores.reliability.scales.set_index("scale")["cronbach_alpha"]
    print(text["reliability"].format(median=alphas.median(), low=alphas.min(),
                                     scale=instrument.scale_label(alphas.idxmin(), args.language)))
    print(text["done"].format(seconds=time.perf_counter() - started))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "demo":
            return run_demo(args)
    except KompasError as err:
        if args.debug:
            raise
        print(f"kompasmetrics: {err}", file=sys.stderr)
        print("Run again with --debug to see the traceback.", file=sys.stderr)
        return 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
