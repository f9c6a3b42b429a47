"""`import_dashboard()`: upload an export, check what was detected, continue to the dashboard."""

from __future__ import annotations

import html
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as widgets

from ..errors import KompasError, KompasValueError
from ..instrument import Instrument, load_instrument
from ..io import inspect_export
from ..texts import instrument_language
from ._common import say
from ._portfolio import PortfolioDashboard, portfolio_dashboard

if TYPE_CHECKING:
    from ..compare import Clustering
    from ..diagnose import Diagnosis
    from ..scoring import Scores
    from ..survey import Survey

NOT_CHOSEN = "__none__"


class ImportDashboard(widgets.VBox):
    """The import view. Build it with :func:`import_dashboard`.

    Attributes
    ----------
    upload : ipywidgets.FileUpload
    partnership_column, organisation_column : ipywidgets.Dropdown
        The export's columns; the likely ones are chosen for you.
    go : ipywidgets.Button
        Reads, scores, diagnoses and clusters, then shows the portfolio dashboard in ``output``.
    detected, report : ipywidgets.HTML
    survey, scores, dx, cl, dashboard
        Set once the analyst continues.
    """

    def __init__(self, instrument: Instrument | str = "kompas", *, language: str | None = None) -> None:
        self.instrument = instrument if isinstance(instrument, Instrument) else load_instrument(instrument)
        self.language = language = instrument_language(language, self.instrument)
        self.folder = Path(tempfile.mkdtemp(prefix="kompasmetrics-upload-"))
        self.path: Path | None = None
        self.survey: Survey | None = None
        self.scores: Scores | None = None
        self.dx: Diagnosis | None = None
        self.cl: Clustering | None = None
        self.dashboard: PortfolioDashboard | None = None
        self.upload = widgets.FileUpload(
            accept=".xlsx,.xlsm,.xls,.ods,.csv,.tsv,.txt,.sav,.zsav",
            multiple=False,
            description=say("upload", language),
            layout={"width": "340px"},
        )
        self.detected = widgets.HTML()
        self.partnership_column = widgets.Dropdown(
            description=say("partnership_column", language),
            style={"description_width": "150px"},
            layout={"width": "520px"},
        )
        self.organisation_column = widgets.Dropdown(
            description=say("organisation_column", language),
            style={"description_width": "150px"},
            layout={"width": "520px"},
        )
        self.go = widgets.Button(
            description=say("continue", language), button_style="primary", disabled=True, layout={"width": "260px"}
        )
        self.report = widgets.HTML(layout={"max_height": "260px", "overflow": "auto"})
        self.output = widgets.VBox()
        super().__init__(
            [
                widgets.HTML(f"<h3 style='margin:4px 0'>{html.escape(say('import_title', language))}</h3>"),
                self.upload,
                self.detected,
                self.partnership_column,
                self.organisation_column,
                self.go,
                self.report,
                self.output,
            ],
            layout={"width": "100%"},
        )
        self.add_class("km-import")
        self.upload.observe(self._on_upload, names="value")
        self.go.on_click(lambda _: self.continue_to_dashboard())

    def load(self, name: str, content: bytes) -> None:
        """Take an export as if it was uploaded (also what the upload button calls)."""
        base = Path(str(name)).name
        if base in ("", ".", "..") or not Path(base).suffix:
            self.path = None
            self.go.disabled = True
            self._error(ValueError(say("bad_name", self.language, name=str(name))))
            return
        self.path = self.folder / base
        self.path.write_bytes(content)
        try:
            info = inspect_export(self.path)
        except KompasError as err:
            self._error(err)
            return
        columns = info.names
        options = [("–", NOT_CHOSEN)] + [(c if len(c) < 80 else c[:77] + "...", c) for c in columns]
        self.partnership_column.options = options
        self.organisation_column.options = options
        self.partnership_column.value = _likely(columns, ("partnership", "samenwerking", "samenwerkingsverband"))
        self.organisation_column.value = _likely(columns, ("organisation", "organization", "organisatie"))
        matched = sum(1 for c in columns if c in set(self.instrument.item_ids))
        self.detected.value = (
            f"<p><b>{html.escape(say('detected', self.language))}</b>: "
            f"{html.escape(say('platform', self.language))} {html.escape(info.platform_label)} "
            f"(<code>{html.escape(info.platform)}</code>), "
            f"{html.escape(say('n_columns', self.language, n=len(columns)))}"
            f"{', ' + html.escape(say('n_item_ids', self.language, n=matched)) if matched else ''}.</p>"
        )
        self.go.disabled = False

    def continue_to_dashboard(self) -> None:
        """Read the export with the chosen columns, score it and show the portfolio dashboard."""
        from ..compare import cluster_partnerships
        from ..diagnose import diagnose
        from ..io import read_survey
        from ..scoring import score

        if self.path is None:
            return
        options = {}
        if self.partnership_column.value != NOT_CHOSEN:
            options["partnership"] = self.partnership_column.value
        if self.organisation_column.value != NOT_CHOSEN:
            options["organisation"] = self.organisation_column.value
        try:
            survey = read_survey(self.path, instrument=self.instrument, **options)
            scores = score(survey)
            dx = diagnose(scores)
            try:
                cl: Clustering | None = cluster_partnerships(scores, random_state=0, n_bootstrap=10, progress=False)
            except KompasValueError:
                cl = None
        except KompasError as err:
            self._error(err)
            return
        self.survey, self.scores, self.dx, self.cl = survey, scores, dx, cl
        matched = len(survey.items)
        respondents = say("n_respondents", self.language, n=survey.n_respondents)
        self.detected.value += (
            f"<p>{html.escape(say('matched', self.language))}: {matched} / "
            f"{len(self.instrument.items)}; {html.escape(respondents)}.</p>"
        )
        self.report.value = _report_html(survey.report, self.language)
        self.dashboard = portfolio_dashboard(scores, dx, cl, survey=survey, language=self.language)
        self.output.children = (self.dashboard,)

    def _on_upload(self, change) -> None:
        files = change["new"]
        if files:
            upload = files[0]
            self.load(upload["name"], bytes(upload["content"]))

    def _error(self, err: Exception) -> None:
        message = err.text(self.language) if isinstance(err, KompasError) else str(err)
        self.detected.value = (
            f"<p style='color:#b2182b'><b>{html.escape(say('error', self.language))}</b>: "
            f"{html.escape(message).replace(chr(10), '<br>')}</p>"
        )


def _likely(columns: list[str], words: tuple[str, ...]) -> str:
    for column in columns:
        if any(word in column.lower() for word in words):
            return column
    return NOT_CHOSEN


def _report_html(report, language: str) -> str:
    if report is None or report.empty:
        return ""
    columns = [c for c in ("file", "row", "column", "problem", "action") if c in report.columns]
    table = report[columns].astype(str).replace({"<NA>": "", "None": "", "nan": ""})
    return f"<h4 style='margin:6px 0'>{html.escape(say('report', language))}</h4>" + table.to_html(
        index=False, escape=True, border=0
    )


def import_dashboard(instrument: Instrument | str = "kompas", *, language: str | None = None) -> ImportDashboard:
    """Upload an export, see what was detected, choose the partnership and organisation columns,
    and continue to the portfolio dashboard, all without writing code.

    Parameters
    ----------
    instrument : Instrument or str, default "kompas"
    language : str, optional
        "nl" or "en"; by default the instrument's first language

    Returns
    -------
    ImportDashboard
        An ``ipywidgets.VBox``.
    """
    return ImportDashboard(instrument, language=language)
