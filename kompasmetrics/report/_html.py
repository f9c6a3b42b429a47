"""The HTML report: one self-contained file, portfolio overview first, then every partnership.

Design for a large portfolio (1,000 partnerships and more):

* Plotly's JavaScript is inlined once; the figures are JSON in ``<script type="application/json">``
  blocks, drawn by a few lines of JavaScript only when a figure scrolls into view, so opening the
  file stays fast however many partnerships it holds.
* The per-partnership figures come from :func:`kompasmetrics.plots._kijkglas.kijkglas_figures` and
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

from datetime import datetime
from functools import cache
from pathlib import Path

import pandas as pd

from .. import __version__
from .._checks import expect
from ..compare import Clustering
from ..diagnose import Diagnosis, diagnose
from ..diagnose._texts import flag_text
from ..errors import KompasValueError
from ..network import Network
from ..plots import plot_clusters, plot_phases
from ..plots._kijkglas import kijkglas_figures
from ..plots._phases import phase_figures
from ..scoring import Scores
from ..survey import Survey
from ..texts import instrument_language
from ._atomic import safe_text, written_whole
from ._html_json import _cycle_collection_paused, _Packer, script_json
from ._html_network import network_figures
from ._html_overview import OverviewSections
from ._html_partnerships import PartnershipSections
from ._html_text import _asset, _e, _t

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
    network: Network | None = None,
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
    network : Network, optional
        From :func:`kompasmetrics.network`: adds "Who trusts whom" to each partnership it holds (the
        network map, the trust matrix and a table of its pairs), and with ``dx`` not given the
        diagnosis reads it (``broken_pair``, the power and win-lose parties).

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
    flags with evidence and recommendation, the next step, with ``network`` who trusts whom); a short
    reading guide. A partnership
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
        ("network", network, Network),
    ):
        if value is not None and not isinstance(value, kind):
            raise KompasValueError(
                f"Parameter {name} of write_html must be a {kind.__name__} "
                f"(or None where optional), not {type(value).__name__}."
            )
    if scores is None:
        raise KompasValueError("write_html needs the Scores of km.score(); got None.")
    if dx is None:
        dx = diagnose(scores, network=network)
    path = Path(path)
    with _cycle_collection_paused():
        report = _Report(scores, dx, cl, survey, language, title, validity, network)
        with written_whole(path) as temporary, temporary.open("w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(safe_text(part) for part in report.parts())
    return path


class _Report(OverviewSections, PartnershipSections):
    """Everything the report shows, looked up once; ``parts()`` yields the HTML."""

    def _figures(self) -> tuple[dict, dict, dict, dict]:
        language = self.language
        shown = [p for p, s in zip(self.table.index, self.table["suppressed"], strict=True) if not s]
        kijkglas = kijkglas_figures(self.scores, shown, by="organisation", language=language)
        known = set(self.phases.index[self.phases.notna().any(axis=1)])
        phases = phase_figures(self.dx, [p for p in shown if p in known], scores=self.scores, language=language)
        overview = {"heatmap": plot_phases(self.dx, scores=self.scores, language=language)}
        if self.cl is not None:
            overview["clusters"] = plot_clusters(self.cl, dx=self.dx, scores=self.scores, language=language)
        overview = {k: v.to_plotly_json() for k, v in overview.items()}
        return overview, kijkglas, phases, network_figures(self.network, shown, self._waves(), language)

    def _waves(self) -> dict:
        """The wave each partnership is shown at (its latest), when the scores have waves."""
        if "wave" not in self.table.columns:
            return {}
        return {p: w for p, w in zip(self.table.index, self.table["wave"], strict=True) if not pd.isna(w)}

    # --- html ---------------------------------------------------------------------------------

    def parts(self):
        language = self.language
        overview, kijkglas, phases, network = self._figures()
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
        yield self._partnerships(kijkglas, phases, packer, network)
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


@cache
def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().replace("</script", "<\\/script")
