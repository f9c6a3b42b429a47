"""The ``kompasmetrics`` command: from survey exports to an Excel workbook and an HTML report.

::

    kompasmetrics demo [--out DIR]          simulate a study, then the same as `report`
    kompasmetrics report EXPORT... --out DIR [--instrument PATH] [--partnership COL]
                         [--organisation COL] [--language nl|en] [--min-group-size N]
    kompasmetrics validate EXPORT...        the import report only; exit code 1 on errors
    kompasmetrics dashboard EXPORT...       serve the dashboard with Voilà

Errors in the input are one clear line plus a hint and a non-zero exit code, never a traceback
(``--debug`` shows it).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from . import __version__
from .errors import KompasError
from .texts import LANGUAGES, instrument_language, t

EXPORT_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".txt"}
IDLE_SECONDS = 300
SHUTDOWN_SECONDS = 20


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kompasmetrics", description=" / ".join(t("cli.description", language) for language in LANGUAGES)
    )
    parser.add_argument("--version", action="version", version=f"kompasmetrics {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback of an error")
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="simulate a study, score it, print the table and write the reports")
    demo.add_argument(
        "--out", type=Path, default=None, help="folder for scores.xlsx and report.html (default: print the table only)"
    )
    demo.add_argument("--partnerships", type=int, default=40, help="number of simulated partnerships (default 40)")
    demo.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    demo.add_argument(
        "--language", choices=LANGUAGES, default=LANGUAGES[0], help=f"language of the output (default {LANGUAGES[0]})"
    )

    def add_import_options(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "exports", nargs="+", type=Path, help="export files (.xlsx, .csv, .tsv) or folders holding them"
        )
        command.add_argument("--instrument", default="kompas", help="instrument name or YAML path (default kompas)")
        command.add_argument("--partnership", default=None, help="column naming the partnership")
        command.add_argument("--organisation", default=None, help="column naming the organisation")
        command.add_argument("--platform", default="auto", help="survey tool (default: detect)")
        command.add_argument(
            "--file-option",
            action="append",
            default=[],
            metavar="FILE:OPTION=VALUE",
            help="an option of one file where the files differ, e.g. msforms.xlsx:partnership=Samenwerkingsverband "
            "(repeatable; OPTION is partnership, organisation, platform, sheet, partnership_name, organisation_name)",
        )
        command.add_argument(
            "--language",
            choices=LANGUAGES,
            default=None,
            help="language of the output (default: the instrument's first language)",
        )

    report = commands.add_parser("report", help="exports -> scores.xlsx and report.html")
    add_import_options(report)
    report.add_argument("--out", type=Path, required=True, help="folder to write scores.xlsx and report.html into")
    report.add_argument("--title", help='title of report.html (default: "Partnership report" in the chosen language)')
    report.add_argument(
        "--min-group-size",
        type=int,
        default=3,
        help="organisations with fewer respondents are never shown alone (default 3)",
    )

    validate = commands.add_parser("validate", help="read the exports and print the import report only")
    add_import_options(validate)

    dashboard = commands.add_parser("dashboard", help="serve the dashboard for the exports with Voilà")
    add_import_options(dashboard)
    dashboard.add_argument("--port", type=int, default=8866, help="port on 127.0.0.1 (default 8866)")
    dashboard.add_argument("--min-group-size", type=int, default=3)
    dashboard.add_argument(
        "--idle-seconds",
        type=int,
        default=IDLE_SECONDS,
        help=f"stop the kernel of a closed page after this many idle seconds (default {IDLE_SECONDS})",
    )
    return parser


def find_exports(paths: Sequence[Path]) -> list[Path]:
    """The export files named, folders expanded to the exports they hold (sorted)."""
    from .io import ExportError

    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p for p in path.iterdir() if p.suffix.lower() in EXPORT_SUFFIXES and not p.name.startswith((".", "~$"))
            )
            if not inside:
                raise ExportError(
                    f"Folder {path} holds no export files ({', '.join(sorted(EXPORT_SUFFIXES))}). "
                    "Name the files or a folder that holds them."
                )
            found += inside
        elif path.is_file():
            found.append(path)
        else:
            raise ExportError(f"{path} does not exist. Check the path; folders are read file by file.")
    return found


def _read(args: argparse.Namespace):
    from .io import read_surveys

    options = {"platform": args.platform}
    if args.partnership:
        options["partnership"] = args.partnership
    if args.organisation:
        options["organisation"] = args.organisation
    return read_surveys(
        [str(p) for p in find_exports(args.exports)],
        instrument=args.instrument,
        progress=len(args.exports) > 1 and sys.stderr.isatty(),
        file_options=_file_options(args.file_option),
        **options,
    )


FILE_OPTIONS = ("partnership", "organisation", "platform", "sheet", "partnership_name", "organisation_name")
"""The options ``--file-option`` may set: the ones that differ between files of one study."""


def _file_options(given: list[str]) -> dict[str | os.PathLike, dict[str, str]]:
    """``--file-option FILE:OPTION=VALUE`` as ``read_surveys(file_options=...)``."""
    from .errors import ExportError

    options: dict[str | os.PathLike, dict[str, str]] = {}
    for text in given:
        name, _, setting = text.rpartition(":")
        option, equals, value = setting.partition("=")
        if not name or not equals or option.strip() not in FILE_OPTIONS:
            raise ExportError.about("file_option", given=text, options=", ".join(FILE_OPTIONS))
        options.setdefault(name, {})[option.strip()] = value
    return options


def _network(args: argparse.Namespace, survey, min_group_size: int):
    """The partner network of the exports that hold partner ratings (``km.read_partner_ratings``),
    or None when the instrument asks none or no export holds them."""
    from .errors import NoPartnerColumnsError
    from .network import network, partner_ratings, read_partner_ratings

    instrument = survey.instrument
    if instrument.partner_ratings is None:
        return None
    # partner columns are columns the import did not use: a file without any is not read again
    questions = survey.questions
    unused = questions[questions["how"] == "unused"]
    candidates = set(unused["file"].astype(str)) if "file" in unused else None
    read = []
    for path in find_exports(args.exports):
        if len(unused) == 0 or (candidates is not None and path.name not in candidates):
            continue
        try:
            read.append(read_partner_ratings(path, survey))
        except NoPartnerColumnsError:
            continue
    if not read:
        return None
    ratings = read[0]
    if len(read) > 1:
        ratings = partner_ratings(
            pd.concat([r.ratings for r in read], ignore_index=True),
            instrument,
            keys=ratings.keys,
            answered=survey.responses[[*ratings.keys, "organisation"]].drop_duplicates(),
            report=[row for r in read for row in r.report.to_dict("records")],
        )
    return network(ratings, min_group_size=min_group_size)


def run_pipeline(
    survey,
    out: Path | None,
    language: str,
    min_group_size: int = 3,
    *,
    started: float,
    title: str | None = None,
    network=None,
) -> int:
    """Score, diagnose, cluster, write the reports (when ``out`` is given) and print the summary;
    with ``network`` (partner ratings) the diagnosis, the workbook and the report read it too."""
    from .compare import cluster_partnerships
    from .diagnose import diagnose
    from .errors import KompasValueError
    from .report import write_excel, write_html
    from .scoring import score

    # Bars only in a terminal: in a log or a pipe they are noise between the lines that matter.
    # Closed on any exit, so that an interruption's message starts on a line of its own.
    terminal = sys.stderr.isatty()
    steps = tqdm(
        total=5 if out else 3,
        desc="kompasmetrics",
        unit="step",
        leave=False,
        delay=2.0,
        file=sys.stderr,
        disable=not terminal,
    )
    with steps:
        scores = score(survey, min_group_size=min_group_size)
        steps.update()
        dx = diagnose(scores, network=network)
        steps.update()
        try:
            cl = cluster_partnerships(scores, random_state=0, n_bootstrap=20, progress=terminal)
            no_clusters = ""
        except KompasValueError as err:
            cl, no_clusters = None, err.text(language).split(". ")[0]
        steps.update()
        written = []
        if out is not None:
            from .report._atomic import folder_lock, written_together

            finals = [out / "scores.xlsx", out / "report.html"]
            with folder_lock(out), written_together(*finals) as (workbook, page):
                write_excel(workbook, scores, dx=dx, cl=cl, survey=survey, language=language, network=network)
                steps.update()
                write_html(page, scores, dx=dx, cl=cl, survey=survey, language=language, title=title, network=network)
                steps.update()
            written = finals
    _summary(scores, dx, cl, no_clusters, survey, written, language, started)
    return 0


def _summary(scores, dx, cl, no_clusters, survey, written, language, started) -> None:
    from ._counts import study_counts
    from .diagnose._texts import flag_text

    width = shutil.get_terminal_size((100, 24)).columns

    def say(line: str) -> None:  # prose wrapped to the terminal, words never broken
        print(textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False))

    instrument = scores.instrument
    roles = instrument.roles_among(scores.scales)
    phases = list(roles.scales("phases"))
    extra = [*roles.scales("trust"), *(s for s in (roles.scale("power_asymmetry"), roles.scale("leadership")) if s)]
    columns = ["n_respondents", "n_organisations", *phases, *extra]
    table = scores.partnerships[columns].copy()
    table.columns = [
        t(f"cli.{c}", language) if c.startswith("n_") else instrument.scale_label(c, language) for c in columns
    ]
    table.index = [" ".join(map(str, i)) if isinstance(i, tuple) else str(i) for i in table.index]
    counts = study_counts(scores.respondents)
    say(t("cli.heading", language, n=counts["partnerships"], r=counts["respondents"], s=len(scores.scales)))
    shown = _columns_that_fit(table, width)
    print(table[shown].to_string(na_rep="-", float_format=lambda v: f"{v:.0f}", max_rows=25, min_rows=20))
    n_scales = len(shown) - 2  # the two counts come first
    say(t("cli.columns_shown", language, shown=n_scales, total=len(scores.scales)))
    alphas = scores.reliability.scales.set_index("scale")["cronbach_alpha"].dropna()
    if len(alphas):
        say(
            t(
                "cli.reliability",
                language,
                median=alphas.median(),
                low=alphas.min(),
                scale=instrument.scale_label(alphas.idxmin(), language),
            )
        )
    counts = dx.flags.drop_duplicates(["flag", *scores.partnerships.index.names])["flag"].value_counts()
    listed = ", ".join(f"{flag_text(flag, 'title', language)} {n}" for flag, n in counts.items())
    say(t("cli.flags", language, flags=listed) if len(counts) else t("cli.no_flags", language))
    if cl is not None:
        names = "; ".join(
            f"{c}: {name} ({n})"
            for c, name, n in zip(cl.names.index, cl.names[f"name_{language}"], cl.names["n_partnerships"], strict=True)
        )
        say(t("cli.clusters", language, k=cl.n_clusters, names=names))
    else:
        say(t("cli.no_clusters", language, reason=no_clusters))
    left_out = (
        int((survey.report["action"].astype(str).str.contains("left out|excluded", case=False)).sum())
        if "action" in survey.report
        else 0
    )
    if left_out:
        say(t("cli.left_out", language, n=left_out))
    if written:
        say(t("cli.written", language, files=", ".join(str(p) for p in written)))
    say(t("cli.done", language, seconds=time.perf_counter() - started))


def _columns_that_fit(table: pd.DataFrame, width: int) -> list[str]:
    """The leading columns of ``table`` that fit in ``width`` characters beside its index (the two
    counts always, then the scales in order: phases first)."""
    used = max((len(str(i)) for i in table.index), default=0)
    shown: list[str] = []
    for column in table.columns:
        need = 2 + max(len(str(column)), 3)
        if used + need > width and len(shown) >= 2:
            break
        shown.append(column)
        used += need
    return shown


def prepare_out(out: Path | None) -> Path | None:
    """Check the ``--out`` folder before any work (creating it), so that a run never ends in a
    traceback after minutes of work: a one-line :class:`OutputError` with what to do instead."""
    from .report._atomic import OutputError

    if out is None:
        return None
    try:
        if out.exists() and not out.is_dir():
            raise OutputError(f"--out {out} is a file, not a folder. Give a folder (it is created when missing).")
        out.mkdir(parents=True, exist_ok=True)
    except OutputError:
        raise
    except (FileExistsError, NotADirectoryError) as err:
        raise OutputError(f"--out {out} cannot be a folder: {err.filename} is a file. Give another folder.") from err
    except PermissionError as err:
        raise OutputError(
            f"--out {out} cannot be created: no permission in {err.filename}. Give another folder."
        ) from err
    except OSError as err:
        raise OutputError(
            f"--out {out} cannot be created ({err.strerror}). Give a shorter or another folder name."
        ) from err
    if not os.access(out, os.W_OK | os.X_OK):
        raise OutputError(f"--out {out} is read-only for you. Give a folder you can write into.")
    return out


def run_demo(args: argparse.Namespace) -> int:
    from .simulate import simulate

    started = time.perf_counter()
    out = prepare_out(args.out)
    study = simulate(n_partnerships=args.partnerships, language=args.language, random_state=args.seed)
    return run_pipeline(study.survey, out, args.language, started=started)


def run_report(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    out = prepare_out(args.out)
    survey = _read(args)
    language = instrument_language(args.language, survey.instrument)
    net = _network(args, survey, args.min_group_size)
    return run_pipeline(survey, out, language, args.min_group_size, started=started, title=args.title, network=net)


def run_validate(args: argparse.Namespace) -> int:
    from .report._import_texts import localised_report

    survey = _read(args)
    language = instrument_language(args.language, survey.instrument)
    report = survey.report
    columns = [c for c in ("file", "sheet", "row", "column", "problem", "action") if c in report.columns]
    with pd.option_context("display.max_rows", 200, "display.width", 200, "display.max_colwidth", 70):
        if len(report):
            headers = {c: t(f"workbook.columns.{c}", language) for c in columns}
            shown = localised_report(report, language)[columns].rename(columns=headers)
            shown = shown.astype(object).where(shown.notna(), "")  # no None or <NA> in the table
            print(shown.to_string(index=False, na_rep=""))
    files = report["file"].nunique() if "file" in report.columns and len(report) else len(find_exports(args.exports))
    files_text, problems_text = t("cli.files", language, n=files), t("cli.notes", language, n=len(report))
    print(t("cli.valid", language, files_text=files_text, rows=survey.n_respondents, problems_text=problems_text))
    return 0


def run_dashboard(args: argparse.Namespace) -> int:
    try:
        import voila  # noqa: F401
    except ImportError as err:
        raise KompasError("Serving the dashboard needs Voilà: pip install 'kompasmetrics[app]'.") from err
    exports = [str(p.resolve()) for p in find_exports(args.exports)]
    options = {
        k: v
        for k, v in (
            ("partnership", args.partnership),
            ("organisation", args.organisation),
            ("platform", args.platform),
        )
        if v
    }
    settings = {
        "exports": exports,
        "language": args.language,
        "instrument": args.instrument,
        "options": options,
        "file_options": _file_options(args.file_option),
        "min_group_size": args.min_group_size,
    }
    notebook = resources.files("kompasmetrics.app").joinpath("dashboard.ipynb")
    print(t("cli.serving", args.language or LANGUAGES[0], port=args.port))
    # Every page visit starts a kernel (about 270 MB); a kernel whose page is closed is stopped
    # after ``--idle-seconds`` (an open page keeps its kernel, however long it is left alone).
    command = [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        f"--port={args.port}",
        "--Voila.ip=127.0.0.1",
        f"--MappingKernelManager.cull_idle_timeout={args.idle_seconds}",
        f"--MappingKernelManager.cull_interval={max(1, min(60, args.idle_seconds // 2))}",
        "--MappingKernelManager.cull_connected=False",
    ]
    environment = {**os.environ, "KOMPASMETRICS_DASHBOARD": json.dumps(settings)}
    return _serve(command, environment)


class _Stop(Exception):
    """SIGTERM received: stop the server like Ctrl+C does."""


def _serve(command: list[str], environment: dict[str, str]) -> int:
    """Run Voilà until it ends, or until Ctrl+C or SIGTERM; then stop it and every kernel it started.

    Voilà shuts its kernels down on SIGTERM. Kernels run in sessions of their own, so a server that
    does not stop in time is killed together with the kernel processes it started."""

    def stop(signum, frame):
        raise _Stop

    server = subprocess.Popen(command, env=environment, start_new_session=True)
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        return server.wait()
    except (KeyboardInterrupt, _Stop):
        kernels = _child_processes(server.pid)
        server.terminate()
        try:
            server.wait(timeout=SHUTDOWN_SECONDS)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        for pid in kernels:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)  # gone already when Voilà shut them down
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)


def _child_processes(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux' /proc; elsewhere none are known)."""
    children = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = status.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                children.append(int(status.parent.name))
    return children


COMMANDS = {"demo": run_demo, "report": run_report, "validate": run_validate, "dashboard": run_dashboard}


def main(argv: Sequence[str] | None = None) -> int:
    from .report._atomic import OutputError

    args = build_parser().parse_args(argv)
    language = args.language or LANGUAGES[0]  # an error may come before the instrument is read
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        if args.debug:
            raise
        print(t("cli.interrupted", language), file=sys.stderr)
        return 130
    except OutputError as err:
        if args.debug:
            raise
        print(f"kompasmetrics: {err}", file=sys.stderr)
        return 2
    except KompasError as err:
        if args.debug:
            raise
        first, _, rest = err.text(language).partition("\n")
        print(f"kompasmetrics: {first}", file=sys.stderr)
        if rest:
            print(rest, file=sys.stderr)
        print(t("cli.debug_hint", language), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
