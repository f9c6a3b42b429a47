"""The HTML report: one self-contained file, portfolio overview first, then every partnership.

Design for a large portfolio (1,000 partnerships and more):

* Plotly's JavaScript is inlined once; the figures are JSON in ``<script type="application/json">``
  blocks, drawn by a few lines of JavaScript only when a figure scrolls into view, so opening the
  file stays fast however many partnerships it holds.
* The per-partnership figures come from :func:`kompasmetrics.plots._radar.kijkglas_figures` and
  ``plots._phases.phase_figures``: the traces of the plot functions without Plotly's validation, the layout of
  one figure made by the plot function itself.
* Parts that are the same object in many figures (layouts, angular labels, the portfolio band) are
  written once, in a shared table, and referred to as ``{"$r": index}``; numbers are written with
  three decimals. A 1,000-partnership report is about ten times smaller than the same figures
  written one by one.

Every text from the data (names of partnerships and organisations, headlines, evidence) is escaped
for HTML; in figures the plot functions escape the names themselves (:func:`kompasmetrics.plots._texts.plain`),
because Plotly reads a subset of HTML in its texts.
A Content-Security-Policy forbids every request to another host.
"""

from __future__ import annotations

import gc
import html
import json
import math
import numbers
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import __version__
from .._checks import expect
from .._counts import study_counts
from ..compare import Clustering
from ..diagnose import Diagnosis, diagnose
from ..diagnose._texts import flag_text
from ..errors import KompasValueError
from ..plots import plot_clusters, plot_phases
from ..plots._common import partnership_table
from ..plots._phases import phase_figures
from ..plots._radar import kijkglas_figures
from ..scoring import LATEST, Scores, latest_wave, select_wave
from ..survey import Survey
from ..texts import entry, instrument_language, t, t_markup
from ._atomic import safe_text, written_whole

SEVERITIES = ("high", "medium", "low")
PROGRESS = "progress"  # the one flag that reports good news
IMPORT_ROWS_SHOWN = 200
DIGITS = 3
SHARING_SAMPLE = 3  # figures per batch counted to find the parts they share
# Plotly's modebar: keep zoom, reset and the PNG download; box and lasso selection mean nothing here
PLOTLY_CONFIG = {
    "responsive": True,
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
# No request may leave the file: scripts and styles inline only, images as data: URIs. Plotly's
# bundle keeps a Function() fallback, hence 'unsafe-eval'; it opens no way out of the file.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'"
)


def _texts() -> Any:
    return entry("html")


@cache
def _asset(name: str) -> str:
    return resources.files("kompasmetrics.report").joinpath(name).read_text(encoding="utf-8")


def _t(path: str, language: str, **values: object) -> str:
    """The report's string at ``path``, escaped for HTML, filled with escaped ``values``."""
    shown = {k: v if isinstance(v, numbers.Real) and not _missing(v) else _shown(v) for k, v in values.items()}
    return t_markup(f"html.{path}", language, html.escape, **shown)


def _column_name(column: str, language: str) -> str:
    """A column of the import report as the workbook names it ("Rij", "Probleem")."""
    return t(f"workbook.columns.{column}", language) if column in entry("workbook.columns") else column


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _shown(value: object) -> str:
    """Any value as text, "–" where it is missing."""
    return "–" if _missing(value) else str(value)


def _e(value: object) -> str:
    """Any value as escaped HTML text."""
    return html.escape(_shown(value))


def write_html(
    path: str | Path,
    scores: Scores,
    *,
    dx: Diagnosis | None = None,
    cl: Clustering | None = None,
    survey: Survey | None = None,
    language: str | None = None,
    title: str | None = None,
    validity=None,
) -> Path:
    """Write the HTML report (``report.html``): one file that works offline.

    Parameters
    ----------
    path : str or Path
        The file to write (UTF-8).
    scores : Scores
        From :func:`kompasmetrics.score`.
    dx : Diagnosis, optional
        From :func:`kompasmetrics.diagnose`; made with the default rules when not given (for a
        large portfolio that takes a while: pass the one you have).
    cl : Clustering, optional
        From :func:`kompasmetrics.cluster_partnerships`: adds the cluster map, a table of clusters
        and each partnership's cluster.
    survey : Survey, optional
        Adds the import report: how many rows were left out and why.
    language : str, optional
        "nl" or "en"; by default the instrument's first language
        Language of every text and figure.
    title : str, optional
        The report's title; "Rapport samenwerkingsverbanden" / "Partnership report" by default.
    validity : Validity, optional
        From :func:`kompasmetrics.validity`: adds a section on the instrument's validity.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    KompasValueError
        For an unknown ``language`` or arguments of the wrong type.

    Notes
    -----
    The file holds, in this order: a table of contents; the portfolio overview (key figures,
    partnerships per current phase, the most frequent flags, the phase heat map of every
    partnership, with ``cl`` the cluster map and the clusters, a searchable and sortable table of
    all partnerships linking to their sections, with ``survey`` the import report); one section per
    partnership (the Kijkglas radars with its organisations overlaid, the Kompas phase bars, its
    flags with evidence and recommendation, the next step); a short reading guide. A partnership
    whose scores are suppressed (fewer respondents than the minimum group size) gets a short
    section saying why it has no figures, and organisations below the minimum group size never
    appear (the figures read the suppressed organisation table). With waves, every partnership is
    shown at its latest wave.

    Plotly's JavaScript is embedded once; figures are drawn when they scroll into view (a
    partnership's when its section is opened). The file makes no request to any other host (a
    Content-Security-Policy enforces it). Every text from the data is escaped for HTML.

    Examples
    --------
    >>> import kompasmetrics as km
    >>> from kompasmetrics.report import write_html
    >>> scores = km.score(km.simulate(n_partnerships=20, random_state=0).survey)
    >>> path = write_html("report.html", scores, language="en")  # doctest: +SKIP
    """
    expect(scores, Scores, "write_html", "scores")
    language = instrument_language(language, scores.instrument)
    for name, value, kind in (
        ("scores", scores, Scores),
        ("dx", dx, Diagnosis),
        ("cl", cl, Clustering),
        ("survey", survey, Survey),
    ):
        if value is not None and not isinstance(value, kind):
            raise KompasValueError(
                f"Parameter {name} of write_html must be a {kind.__name__} "
                f"(or None where optional), not {type(value).__name__}."
            )
    if scores is None:
        raise KompasValueError("write_html needs the Scores of km.score(); got None.")
    if dx is None:
        dx = diagnose(scores)
    path = Path(path)
    with _cycle_collection_paused():
        report = _Report(scores, dx, cl, survey, language, title, validity)
        with written_whole(path) as temporary, temporary.open("w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(safe_text(part) for part in report.parts())
    return path


@contextmanager
def _cycle_collection_paused():
    """Pause Python's cyclic garbage collector while the report is built.

    A report holds some 10^5 small lists and dicts (the figures) until the file is written. The
    collector would walk all of them again and again as they are made, a quarter of the time of
    a 1,000-partnership report, and find nothing: the figures hold no reference cycles. Memory is
    still freed by reference counting; the collector runs again afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Packer:
    """Figure dicts to compact JSON: objects met more than once (by identity) are written once.

    ``count`` figures first, then ``pack`` each one; ``shared`` is the table the ``{"$r": i}``
    references point into. An object not counted twice is written in full wherever it occurs,
    which is always correct, so counting a sample of figures is enough to find what a batch
    shares. Floats get :data:`DIGITS` decimals, NaN and infinities become null, NumPy values
    become plain ones.
    """

    def __init__(self) -> None:
        self._counts: dict[int, int] = {}
        self._index: dict[int, int] = {}
        self.shared: list = []

    def count(self, obj: object, depth: int = 4) -> None:
        """Count the containers of ``obj`` down to ``depth`` levels: deeper ones are always
        written in full, which is correct, only not shared (figures share at most 3 deep)."""
        stack = [(obj, 0)]
        counts = self._counts
        while stack:
            node, level = stack.pop()
            if isinstance(node, dict):
                children = list(node.values())
            elif isinstance(node, list):
                children = node
            else:
                continue
            key = id(node)
            seen = counts.get(key, 0)
            counts[key] = seen + 1
            if not seen and level < depth:
                stack.extend((c, level + 1) for c in children if isinstance(c, (dict, list)))

    def pack(self, obj: object) -> object:
        if isinstance(obj, (dict, list)):
            key = id(obj)
            if self._counts.get(key, 0) > 1:
                index = self._index.get(key)
                if index is None:
                    index = self._index[key] = len(self.shared)
                    self.shared.append(None)
                    self.shared[index] = self._content(obj)
                return {"$r": index}
            return self._content(obj)
        return self._leaf(obj)

    def _content(self, obj: dict | list) -> object:
        # plain values are handled inline: a report has hundreds of thousands of them
        if isinstance(obj, dict):
            out = {}
            for key, value in obj.items():
                kind = type(value)
                if kind is str or kind is int or kind is bool or value is None:
                    out[key] = value
                elif key == "meta" and kind is dict and "role" in value:
                    # what the figure shows needs no meta; the role is kept for tests and tools
                    out[key] = {"role": self._leaf(value["role"])}
                else:
                    out[key] = self.pack(value)
            return out
        if obj and all(type(v) is float for v in obj):
            return [round(v, DIGITS) if v - v == 0 else None for v in obj]
        if all(type(v) is str for v in obj):
            return list(obj)
        return [self.pack(v) for v in obj]

    def _leaf(self, obj: object) -> object:
        if obj is None or isinstance(obj, (str, bool)):
            return obj
        if isinstance(obj, (float, np.floating)):
            value = float(obj)
            return round(value, DIGITS) if value - value == 0 else None
        if isinstance(obj, (int, np.integer)):
            return int(obj)
        if isinstance(obj, np.bool_):
            return bool(obj)
        if isinstance(obj, np.ndarray):
            return self._content(obj.tolist())
        if isinstance(obj, tuple):
            return [self.pack(v) for v in obj]
        if obj is pd.NA or obj is pd.NaT:
            return None
        return self._leaf(str(obj))


def script_json(value: object) -> str:
    """JSON that can sit inside ``<script type="application/json">``: no ``<`` left to end it."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.replace("<", "\\u003c")


class _Report:
    """Everything the report shows, looked up once; ``parts()`` yields the HTML."""

    def __init__(self, scores, dx, cl, survey, language, title, validity=None):
        self.scores, self.dx, self.cl, self.survey, self.validity = scores, dx, cl, survey, validity
        self.language = language
        self.title = title if title is not None else _texts()["title"][language]
        self.minimum = scores.settings.get("min_group_size", 1)
        self.table = partnership_table(scores, LATEST)
        self.names = [str(p) for p in self.table.index]
        self.anchor = {p: f"p{i + 1}" for i, p in enumerate(self.table.index)}
        self.summary = latest_wave(dx.summary).reindex(self.table.index)
        self.phases = latest_wave(dx.phases).reindex(self.table.index)
        self.flags = select_wave(dx.flags, by=dx.summary)
        self.agenda = select_wave(dx.agenda, by=dx.summary)
        self.phase_labels = self._phase_labels()
        self.cluster = {}
        if cl is not None:
            names = cl.names[f"name_{language}"].astype(str).to_dict()
            self.cluster = {p: (int(c), names[c]) for p, c in cl.labels.items()}

    # --- data ---------------------------------------------------------------------------------

    def _phase_labels(self) -> dict[int, str]:
        instrument = self.scores.instrument
        table = instrument.scales[instrument.scales["phase"].notna()]
        return {
            int(row.phase): instrument.scale_label(row.scale, self.language) for row in table.itertuples(index=False)
        }

    def _phase(self, number: object) -> str:
        if number is None or pd.isna(number):
            return _t("partnerships.no_phase", self.language)
        number = int(number)  # type: ignore[call-overload]  # a phase number: int, numpy or Int64 scalar
        return _t(
            "partnerships.phase",
            self.language,
            number=number,
            label=self.phase_labels.get(number, ""),
        )

    def _figures(self) -> tuple[dict, dict, dict]:
        language = self.language
        shown = [p for p, s in zip(self.table.index, self.table["suppressed"], strict=True) if not s]
        kijkglas = kijkglas_figures(self.scores, shown, by="organisation", language=language)
        known = set(self.phases.index[self.phases.notna().any(axis=1)])
        phases = phase_figures(self.dx, [p for p in shown if p in known], scores=self.scores, language=language)
        overview = {"heatmap": plot_phases(self.dx, scores=self.scores, language=language)}
        if self.cl is not None:
            overview["clusters"] = plot_clusters(self.cl, dx=self.dx, scores=self.scores, language=language)
        overview = {k: v.to_plotly_json() for k, v in overview.items()}
        return overview, kijkglas, phases

    # --- html ---------------------------------------------------------------------------------

    def parts(self):
        language = self.language
        overview, kijkglas, phases = self._figures()
        packer = _Packer()
        for figures in (overview, kijkglas, phases):
            # A batch shares its parts between all of its figures: the first few reveal them all.
            for figure in list(figures.values())[:SHARING_SAMPLE]:
                packer.count(figure)
        yield (
            f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="generator" content="kompasmetrics">\n'
            f"<title>{_e(self.title)}</title>\n<style>\n{_asset('report.css')}</style>\n</head>\n"
            '<body>\n<a id="top"></a>\n'
        )
        yield self._header()
        yield self._toc()
        yield '<main class="km-main">\n'
        yield f'<noscript><p class="km-note">{_t("noscript", language)}</p></noscript>\n'
        yield self._overview(overview, packer)
        yield self._partnerships(kijkglas, phases, packer)
        if getattr(self, "validity", None) is not None:
            from ..validity._report import html_section

            yield html_section(self.validity, language)
        yield self._about()
        yield "</main>\n"
        yield (
            f'<script type="application/json" id="km-shared">{script_json(packer.shared)}'
            "</script>\n"
            f'<script type="application/json" id="km-config">{script_json(PLOTLY_CONFIG)}'
            "</script>\n"
        )
        # Plotly's bundle, the one copy in the file
        yield '<script type="text/javascript">'
        yield _plotly_js()
        yield "</script>\n"
        yield f"<script>\n{_asset('report.js')}</script>\n</body>\n</html>\n"

    def _header(self) -> str:
        instrument = self.scores.instrument
        made = _t(
            "made",
            self.language,
            date=datetime.now().strftime("%Y-%m-%d %H:%M"),
            version=__version__,
            instrument=f"{instrument.id} {instrument.version}",
        )
        return f'<header class="km-header"><h1>{_e(self.title)}</h1><p class="km-made">{made}</p></header>\n'

    @property
    def _portfolio(self) -> bool:
        """Whether there are at least two partnerships to show, so that a portfolio overview means something."""
        return int((~self.table["suppressed"].to_numpy(bool)).sum()) >= 2

    def _toc(self) -> str:
        language = self.language
        items = [("key-figures", _t("overview.key_figures", language))]
        if self._portfolio:
            items.append(("phases", _t("overview.phases_heading", language)))
        if self.cl is not None:
            items.append(("clusters", _t("overview.clusters_heading", language)))
        items.append(("all-partnerships", _t("overview.table_heading", language)))
        if self.survey is not None:
            items.append(("import", _t("overview.import_heading", language)))
        sub = "".join(f'<li><a href="#{a}">{label}</a></li>' for a, label in items)
        count = len(self.names)
        return (
            f'<nav class="km-toc" aria-label="{_t("contents", language)}">'
            f"<h2>{_t('contents', language)}</h2><ol>"
            f'<li><a href="#overview">{_t("overview.heading", language)}</a><ol>{sub}</ol></li>'
            f'<li><a href="#partnerships">{_t("partnerships.heading", language)}</a> '
            f'<span class="km-muted">({count})</span></li>'
            f'<li><a href="#about">{_t("about.heading", language)}</a></li>'
            "</ol></nav>\n"
        )

    def _figure(self, source: str, key: str, figure: dict | None, label: str) -> str:
        if figure is None:
            return ""
        height = int(figure.get("layout", {}).get("height") or 450)
        return (
            f'<div class="km-fig" role="img" aria-label="{label}" data-src="{source}" '
            f'data-fig="{key}" style="height:{height}px"><span class="km-loading">'
            f"{_t('partnerships.loading', self.language)}</span></div>"
        )

    def _overview(self, overview: dict, packer: _Packer) -> str:
        language = self.language
        table, summary = self.table, self.summary
        n = len(table)
        suppressed = int(table["suppressed"].sum())
        flagged = int((summary["n_flags"].fillna(0) > 0).sum())
        high = int((summary["highest_severity"] == "high").sum())
        cards = [
            (n, _t("overview.partnerships", language)),
            (int(table["n_respondents"].sum()), _t("overview.respondents", language)),
            (study_counts(self.scores.at(LATEST).respondents)["organisations"], _t("overview.organisations", language)),
            (flagged, _t("overview.with_flags", language)),
            (high, _t("overview.high", language)),
        ]
        if self.cl is not None:
            cards.append((self.cl.n_clusters, _t("overview.clusters", language)))
        if suppressed:
            cards.append((suppressed, _t("overview.suppressed", language)))
        out = [
            f'<section id="overview"><h2>{_t("overview.heading", language)}</h2>\n',
            f'<section id="key-figures"><h3>{_t("overview.key_figures", language)}</h3>',
            '<div class="km-cards">',
            *[
                f'<div class="km-card"><span class="km-card-n">{_fmt(value, 0, language)}</span>'
                f'<span class="km-card-label">{label}</span></div>'
                for value, label in cards
            ],
            "</div>",
            '<p class="km-muted">'
            + _t(
                "overview.median_respondents",
                language,
                n=f"{table['n_respondents'].median():.0f}",
                minimum=self.minimum,
            )
            + "</p>",
            '<div class="km-columns">',
            self._phase_counts(),
            self._flag_counts(),
            "</div></section>\n",
        ]
        data_id = "km-overview"
        if not self._portfolio:  # a heat map of one row and counts of one say nothing a section does not
            overview = {k: v for k, v in overview.items() if k != "heatmap"}
            out[-3:-1] = []
            out.append(f'<p class="km-muted" id="one-partnership">{_t("overview.one_partnership", language)}</p>')
        packed = {k: packer.pack(v) for k, v in overview.items()}
        if "heatmap" in overview:
            out.append(
                f'<section id="phases"><h3>{_t("overview.phases_heading", language)}</h3>'
                f"<p>{_t('overview.phases_text', language)}</p>"
                + self._figure(data_id, "heatmap", overview["heatmap"], _t("overview.phases_heading", language))
                + "</section>\n"
            )
        if self.cl is not None:
            out.append(self._clusters(overview["clusters"], data_id))
        out.append(self._table())
        if self.survey is not None:
            out.append(self._import())
        out.append(f'<script type="application/json" id="{data_id}">{script_json(packed)}</script>')
        out.append("</section>\n")
        return "".join(out)

    def _phase_counts(self) -> str:
        language = self.language
        current = self.summary["current_phase"][~self.table["suppressed"].to_numpy(bool)]
        counts = current.value_counts(dropna=False)
        rows = []
        total = max(int(counts.sum()), 1)
        for number in sorted(self.phase_labels):
            rows.append((self._phase(number), int(counts.get(number, 0))))
        unknown = int(current.isna().sum())
        if unknown:
            rows.append((_t("overview.unknown_phase", language), unknown))
        body = "".join(
            f'<tr><th scope="row">{label}</th><td class="km-num">{count}</td>'
            f'<td class="km-barcell"><span class="km-bar" style="width:{100 * count / total:.1f}%">'
            "</span></td></tr>"
            for label, count in rows
        )
        return (
            f"<div><h4>{_t('overview.by_phase', language)}</h4>"
            f'<table class="km-small"><tbody>{body}</tbody></table></div>'
        )

    def _flag_counts(self) -> str:
        language = self.language
        flags = self.flags
        if not len(flags):
            return ""
        counts = (
            flags.groupby(["flag", f"title_{language}"], sort=False)["partnership"]
            .nunique()
            .sort_values(ascending=False, kind="stable")
        )
        severity = flags.groupby("flag", sort=False)["severity"].first()
        total = max(len(self.names), 1)
        body = "".join(
            f'<tr><th scope="row"><span class="km-dot km-sev-{_e(severity.get(flag, "low"))}">'
            f'</span>{_e(title)}</th><td class="km-num">{count}</td>'
            f'<td class="km-barcell"><span class="km-bar" style="width:{100 * count / total:.1f}%">'
            "</span></td></tr>"
            for (flag, title), count in counts.items()
        )
        return (
            f"<div><h4>{_t('overview.by_flag', language)}</h4>"
            f'<table class="km-small"><tbody>{body}</tbody></table></div>'
        )

    def _clusters(self, figure: dict, data_id: str) -> str:
        language = self.language
        cl = self.cl
        names = cl.names.join(cl.stability[["jaccard"]])
        rows = "".join(
            f'<tr><td class="km-num">{_e(c)}</td><td>{_e(row[f"name_{language}"])}</td>'
            f'<td class="km-num">{_e(int(row["n_partnerships"]))}</td>'
            f'<td class="km-num">{_e(_fmt(row["jaccard"], 2, language))}</td></tr>'
            for c, row in names.iterrows()
        )
        head = (
            f'<tr><th scope="col">#</th><th scope="col">{_t("overview.cluster_name", language)}'
            f'</th><th scope="col">{_t("columns.n_partnerships", language)}</th>'
            f'<th scope="col">{_t("overview.stability", language)}</th></tr>'
        )
        return (
            f'<section id="clusters"><h3>{_t("overview.clusters_heading", language)}</h3>'
            f"<p>{_t('overview.clusters_text', language)}</p>"
            + self._figure(data_id, "clusters", figure, _t("overview.clusters_heading", language))
            + f'<table class="km-table km-compact"><thead>{head}</thead><tbody>{rows}</tbody>'
            "</table></section>\n"
        )

    def _table(self) -> str:
        language = self.language
        summary = self.summary
        columns = ["partnership", "respondents", "organisations", "current_phase", "next_phase", "flags"]
        if self.cl is not None:
            columns.append("cluster")
        numeric = {"respondents", "organisations", "current_phase", "next_phase", "flags", "cluster"}
        right = numeric - {"current_phase", "next_phase"}
        head = "".join(
            f'<th scope="col" data-sort="{"num" if c in numeric else "text"}"'
            f'{" class=km-num" if c in right else ""}><button type="button">'
            f"{_t(f'columns.{c}', language)}</button>"
            + (f' <span class="km-muted">· {_t("columns.headline", language)}</span>' if c == "partnership" else "")
            + "</th>"
            for c in columns
        )
        rows = []
        headline = summary[f"headline_{language}"].tolist()
        n_flags = summary["n_flags"].tolist()
        severity = summary["highest_severity"].tolist()
        current = summary["current_phase"].tolist()
        next_phase = summary["next_phase"].tolist()
        suppressed_text = _t("partnerships.suppressed", language)
        for k, (name, row) in enumerate(zip(self.table.index, self.table.itertuples(index=False), strict=True)):
            hidden = bool(row.suppressed)
            text = suppressed_text if hidden else _e(headline[k])
            # the headline sits under the name: the table stays narrow enough to read
            cells = [
                f'<td class="km-name" data-v="{_e(name)}"><a href="#{self.anchor[name]}">'
                f'{_e(name)}</a><span class="km-clamp" title="{text}">{text}</span></td>',
                f'<td class="km-num">{int(row.n_respondents)}</td>',
                f'<td class="km-num">{int(row.n_organisations)}</td>',
            ]
            if hidden:
                cells.append('<td data-v="">–</td>' * 2 + '<td data-v="" class="km-num">–</td>')
            else:
                for number in (current[k], next_phase[k]):
                    value = "" if pd.isna(number) else int(number)
                    label = self.phase_labels.get(value, "") if value != "" else ""
                    shown = f"{value} {_e(label)}" if value != "" else "–"
                    cells.append(f'<td data-v="{value}" class="km-phase">{shown}</td>')
                count = 0 if pd.isna(n_flags[k]) else int(n_flags[k])
                level = severity[k] if isinstance(severity[k], str) else "none"
                cells.append(
                    f'<td data-v="{count}" class="km-num"><span class="km-dot km-sev-{_e(level)}"></span>{count}</td>'
                )
            if self.cl is not None:
                cluster = self.cluster.get(name)
                cells.append(
                    f'<td data-v="{cluster[0]}" class="km-num" title="{_e(cluster[1])}">{cluster[0]}</td>'
                    if cluster
                    else '<td data-v="" class="km-num">–</td>'
                )
            rows.append(f"<tr>{''.join(cells)}</tr>")
        total = len(rows)
        return (
            f'<section id="all-partnerships"><h3>{_t("overview.table_heading", language)}</h3>'
            '<div class="km-tools">'
            f'<input type="search" class="km-filter" placeholder="{_t("overview.filter", language)}"'
            f' aria-label="{_t("overview.filter", language)}" aria-controls="km-table">'
            f'<span class="km-filter-count" data-template="{_t("overview.filter_count", language)}"'
            f' data-total="{total}"></span>'
            f'<span class="km-muted">{_t("overview.sort_hint", language)}</span></div>'
            '<div class="km-scroll"><table class="km-table" id="km-table">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
            "</section>\n"
        )

    def _import(self) -> str:
        language = self.language
        report = self.survey.report
        heading = f'<section id="import"><h3>{_t("overview.import_heading", language)}</h3>'
        if not len(report):
            return heading + f"<p>{_t('overview.import_none', language)}</p></section>\n"
        left_out = int((report["action"] == "row left out").sum()) if "action" in report else 0
        shown = report.head(IMPORT_ROWS_SHOWN)
        head = "".join(f'<th scope="col">{_e(_column_name(c, language))}</th>' for c in shown.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>" for row in shown.itertuples(index=False)
        )
        return (
            heading
            + "<p>"
            + _t("overview.import_text", language, n=len(report), left_out=left_out, shown=len(shown))
            + f'</p><div class="km-scroll"><table class="km-table km-compact"><thead><tr>{head}'
            f"</tr></thead><tbody>{body}</tbody></table></div></section>\n"
        )

    def _partnerships(self, kijkglas: dict, phases: dict, packer: _Packer) -> str:
        language = self.language
        out = [
            f'<section id="partnerships"><h2>{_t("partnerships.heading", language)}</h2>'
            f"<p>{_t('partnerships.intro', language)}</p>"
            '<div class="km-tools">'
            f'<button type="button" class="km-open-all">{_t("partnerships.open_all", language)}'
            "</button>"
            f'<button type="button" class="km-close-all">{_t("partnerships.close_all", language)}'
            "</button></div>\n"
        ]
        flags = self._flags_by_partnership()
        agenda = self._agenda_by_partnership()
        summary = self.summary
        headlines = summary[f"headline_{language}"].tolist()
        n_flags = summary["n_flags"].tolist()
        severity = summary["highest_severity"].tolist()
        current = summary["current_phase"].tolist()
        texts = {
            "kijkglas": _t("partnerships.kijkglas", language),
            "kijkglas_text": _t("partnerships.kijkglas_text", language),
            "compass": _t("partnerships.compass", language),
            "flags": _t("partnerships.flags", language),
            "agenda": _t("partnerships.agenda", language),
            "top": _t("back_to_top", language),
        }
        for k, (name, row) in enumerate(zip(self.table.index, self.table.itertuples(index=False), strict=True)):
            anchor = self.anchor[name]
            sizes = _t(
                "partnerships.sizes",
                language,
                n_respondents=int(row.n_respondents),
                n_organisations=int(row.n_organisations),
            )
            if getattr(row, "wave", None) is not None and not pd.isna(row.wave):
                sizes += " · " + _t("partnerships.wave", language, wave=row.wave)
            if bool(row.suppressed):
                out.append(
                    f'<section class="km-p km-p-suppressed" id="{anchor}"><details>'
                    f'<summary><span class="km-p-name">{_e(name)}</span> '
                    f'<span class="km-badge km-badge-muted">'
                    f"{_t('partnerships.suppressed', language)}</span></summary>"
                    f'<div class="km-p-body"><p class="km-muted">{sizes}</p><p>'
                    + _t("partnerships.suppressed_text", language, n=int(row.n_respondents), minimum=self.minimum)
                    + "</p></div></details></section>\n"
                )
                continue
            count = 0 if pd.isna(n_flags[k]) else int(n_flags[k])
            level = severity[k] if isinstance(severity[k], str) else "none"
            flag_badge = (
                _t("partnerships.zero_flags", language)
                if count == 0
                else _t("partnerships.one_flag", language)
                if count == 1
                else _t("partnerships.n_flags", language, n=count)
            )
            cluster = ""
            if name in self.cluster:
                number, cluster_name = self.cluster[name]
                cluster = f" · {_t('columns.cluster', language)} {number}: {_e(cluster_name)}"
            figures = {}
            if name in kijkglas:
                figures["k"] = packer.pack(kijkglas[name])
            if name in phases:
                figures["p"] = packer.pack(phases[name])
            data_id = f"{anchor}-data"
            out.append(
                f'<section class="km-p" id="{anchor}"><details>'
                f'<summary><span class="km-p-name">{_e(name)}</span> '
                f'<span class="km-badge">{self._phase(current[k])}</span> '
                f'<span class="km-badge km-sev-{_e(level)}">{flag_badge}</span>'
                f'<span class="km-p-headline">{_e(headlines[k])}</span></summary>'
                f'<div class="km-p-body"><p class="km-muted">{sizes}{cluster}</p>'
                f'<h3>{texts["kijkglas"]}</h3><p class="km-muted">{texts["kijkglas_text"]}</p>'
                + self._figure(data_id, "k", kijkglas.get(name), texts["kijkglas"])
                + f"<h3>{texts['compass']}</h3>"
                + self._figure(data_id, "p", phases.get(name), texts["compass"])
                + f"<h3>{texts['agenda']}</h3>"
                + agenda.get(name, f'<p class="km-next">{_t("partnerships.all_complete", language)}</p>')
                + f"<h3>{texts['flags']}</h3>"
                + flags.get(name, f"<p>{_t('partnerships.no_flags', language)}</p>")
                + f'<p class="km-top"><a href="#top">{texts["top"]}</a></p></div>'
                f'<script type="application/json" id="{data_id}">{script_json(figures)}</script>'
                "</details></section>\n"
            )
        out.append("</section>\n")
        return "".join(out)

    def _agenda_by_partnership(self) -> dict[str, str]:
        return _agenda_lists(self.agenda, self.language)

    def _flags_by_partnership(self) -> dict[str, str]:
        language = self.language
        flags = self.flags
        if not len(flags):
            return {}
        evidence = _t("partnerships.evidence", language)
        recommendation = _t("partnerships.recommendation", language)
        severity = {s: _t(f"severity.{s}", language) for s in SEVERITIES}
        columns = [
            flags[c].tolist()
            for c in (
                "partnership",
                "flag",
                "severity",
                f"title_{language}",
                f"evidence_{language}",
                f"recommendation_{language}",
            )
        ]
        html_of: dict[str, list[str]] = {}
        for partnership, flag, level, title, why, what in zip(*columns, strict=True):
            if flag == PROGRESS:  # good news, not a problem: no severity
                level, badge = "none", ""
            else:
                badge = f'<span class="km-badge km-sev-{_e(level)}">{severity.get(level, _e(level))}</span>'
            html_of.setdefault(partnership, []).append(
                f'<article class="km-flag km-sev-{_e(level)}"><h4>{_e(title)} {badge}</h4>'
                f"<p><strong>{evidence}:</strong> {_e(why)}</p>"
                f"<p><strong>{recommendation}:</strong> {_e(what)}</p></article>"
            )
        return {p: '<div class="km-flags">' + "".join(v) + "</div>" for p, v in html_of.items()}

    def _about(self) -> str:
        language = self.language
        paragraphs = "".join(
            f"<p>{_t(f'about.{key}', language)}</p>" for key in ("scores", "kijkglas", "kompas", "privacy")
        )
        unmeasured = self.dx.not_measured
        if len(unmeasured):
            items = "".join(
                f"<li><strong>{_e(flag_text(flag, 'title', language))}</strong>: {_e(reason)}</li>"
                for flag, reason in zip(unmeasured["flag"], unmeasured[f"reason_{language}"], strict=True)
            )
            paragraphs += f'<p class="km-not-measured">{_t("about.not_measured", language)}</p><ul>{items}</ul>'
        return f'<section id="about" class="km-about"><h2>{_t("about.heading", language)}</h2>{paragraphs}</section>\n'


def _agenda_lists(agenda: pd.DataFrame, language: str) -> dict[str, str]:
    """Per partnership, its agenda as a numbered list."""
    lists: dict[str, str] = {}
    for partnership, items in agenda.groupby("partnership", sort=False):
        entries = "".join(f"<li>{_e(text)}</li>" for text in items.sort_values("rank")[f"action_{language}"])
        lists[partnership] = f'<ol class="km-agenda">{entries}</ol>'
    return lists


def _fmt(value: object, digits: int, language: str) -> str:
    """A number for reading: Dutch writes 1.000 and 0,75, English 1,000 and 0.75."""
    if value is None or pd.isna(value):
        return "–"
    text = f"{float(value):,.{digits}f}"  # type: ignore[arg-type]  # a number, checked for missing above
    return text.translate(str.maketrans(",.", ".,")) if language == "nl" else text


@cache
def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().replace("</script", "<\\/script")
