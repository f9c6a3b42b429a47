"""`portfolio_dashboard()`: the whole study, filtered, with threshold sliders and a way into each
partnership."""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any

import ipywidgets as widgets
import pandas as pd

from .._checks import expect
from ..compare import Clustering
from ..diagnose import FLAGS, Diagnosis, Rules, diagnose
from ..diagnose._texts import flag_text
from ..errors import KompasValueError
from ..network import Network
from ..plots import plot_clusters, plot_phases
from ..scoring import Scores, latest_wave, select_wave
from ..survey import Survey
from ..texts import instrument_language
from ._common import HALF_WIDTH, FigureSlot, say
from ._partnership import PartnershipDashboard

SLIDERS = {  # threshold -> (min, max, step)
    "complete": (40, 90, 1),
    "incomplete": (20, 60, 1),
    "no_agreement": (20, 60, 1),
    "low_trust": (20, 70, 1),
    "high_asymmetry": (40, 90, 1),
    "weak_leadership": (20, 70, 1),
}
ALL = "__all__"  # ipywidgets reads a value of None as "nothing chosen", so "all" needs a value of its own
KEPT_HEATMAPS = 8  # a heat map of 1,000 partnerships is about a megabyte
SORTABLE = ("partnership", "n_respondents", "current_phase", "n_flags", "cluster")


class PortfolioDashboard(widgets.VBox):
    """The portfolio view. Build it with :func:`portfolio_dashboard`.

    Attributes
    ----------
    cluster, flag, phase, organisation_type : ipywidgets.Dropdown
        Filters; the map, heat map and table show the partnerships that pass all of them.
    thresholds : dict of name -> ipywidgets.FloatSlider
        Rules of the diagnosis; moving one re-diagnoses and updates flags, filters and table.
    cluster_map, heatmap : plotly.graph_objects.FigureWidget
    table : ipywidgets.HTML
    choose : ipywidgets.Dropdown
        Opens a partnership in ``detail`` (clicking a point on the cluster map does the same).
    detail : PartnershipDashboard
    """

    def __init__(
        self,
        scores: Scores,
        dx: Diagnosis | None,
        cl: Clustering | None,
        survey: Survey | None = None,
        *,
        network: Network | None = None,
        language: str | None = None,
    ) -> None:
        expect(scores, Scores, "portfolio_dashboard", "scores")
        language = instrument_language(language, scores.instrument)
        self.scores, self.cl, self.survey, self.language, self.network = scores, cl, survey, language, network
        self._relabelling = False
        self.dx = dx if dx is not None else diagnose(scores, network=network)
        rules = self.dx.rules
        self.cluster = widgets.Dropdown(value=None, layout={"width": "420px"}, style={"description_width": "110px"})
        self.flag = widgets.Dropdown(style={"description_width": "110px"})
        self.phase = widgets.Dropdown(style={"description_width": "110px"})
        types = self._organisation_types()
        self._types = sorted(types.unique()) if types is not None else []
        self.organisation_type = widgets.Dropdown(
            style={"description_width": "110px"}, layout={"display": "" if types is not None else "none"}
        )
        self.thresholds = {
            name: widgets.FloatSlider(
                value=float(getattr(rules, name)),
                min=low,
                max=high,
                step=step,
                continuous_update=False,
                style={"description_width": "160px"},
                layout={"width": "460px"},
            )
            for name, (low, high, step) in SLIDERS.items()
        }
        self.sort_by = widgets.Dropdown(style={"description_width": "80px"})
        self.descending = widgets.Checkbox(value=True)
        self.count = widgets.HTML()
        self.table = widgets.HTML(layout={"max_height": "360px", "overflow": "auto", "width": "100%"})
        self._cluster_map = FigureSlot(width=HALF_WIDTH)
        self._heatmap = FigureSlot(width=HALF_WIDTH)
        self.detail = PartnershipDashboard(scores, self.dx, cl, survey, network=network, language=language)
        self.choose = widgets.Dropdown(
            options=list(self.detail.partnership.options),
            style={"description_width": "140px"},
            layout={"width": "340px"},
        )
        self.choose.observe(lambda change: setattr(self.detail.partnership, "value", change["new"]), names="value")

        filters = widgets.HBox(
            [widgets.VBox([self.cluster, self.flag]), widgets.VBox([self.phase, self.organisation_type])],
            layout={"flex_flow": "row wrap", "grid_gap": "12px"},
        )
        self._sliders = widgets.Accordion([widgets.VBox(list(self.thresholds.values()))], selected_index=None)
        self._title = widgets.HTML()
        self._relabel(language)
        figures = widgets.HBox([self._cluster_map.box, self._heatmap.box], layout={"flex_flow": "row wrap"})
        super().__init__(
            [
                self._title,
                filters,
                self._sliders,
                self.count,
                figures,
                widgets.HBox([self.sort_by, self.descending]),
                self.table,
                self.choose,
                self.detail,
            ],
            layout={"width": "100%"},
        )
        self.add_class("km-portfolio")
        for control in (self.cluster, self.flag, self.phase, self.organisation_type):
            control.observe(self._on_filter, names="value")
        for control in (self.sort_by, self.descending):  # they order the table only
            control.observe(self._on_sort, names="value")
        for slider in self.thresholds.values():
            slider.observe(self._on_threshold, names="value")
        self.detail.language.observe(self._on_language, names="value")
        self.refresh()

    def _relabel(self, language: str) -> None:
        """Every label and option text in ``language``, keeping what is chosen."""
        self.language = language
        all_label = say("all", language)
        names = self.cl.names[f"name_{language}"].items() if self.cl is not None else []
        relabelled = (
            (self.cluster, [(all_label, ALL)] + [(f"{c}: {n}", c) for c, n in names], "cluster"),
            (self.flag, [(all_label, ALL)] + [(flag_text(f, "title", language), f) for f in FLAGS], "flag"),
            (
                self.phase,
                [(all_label, ALL)] + [(say("phase_option", language, phase=p), p) for p in range(1, 6)],
                "current_phase",
            ),
            (self.organisation_type, [(all_label, ALL)] + [(t, t) for t in self._types], "organisation_type"),
            (self.sort_by, [(say(f"sort_options.{c}", language), c) for c in SORTABLE], "sort_by"),
        )
        self._relabelling = True  # new option lists pass through other values: no refresh meanwhile
        try:
            for control, options, key in relabelled:
                value = control.value if control.value is not None else ("n_flags" if control is self.sort_by else ALL)
                control.options = options
                control.value = value
                control.description = say(key, language)
        finally:
            self._relabelling = False
        for name, slider in self.thresholds.items():
            slider.description = say(f"threshold_names.{name}", language)
            slider.tooltip = say("threshold_tooltip", language, rule=name)
        self.descending.description = say("descending", language)
        self.choose.description = say("open", language)
        self._sliders.set_title(0, say("thresholds", language))
        self._title.value = f"<h3 style='margin:4px 0'>{html.escape(say('portfolio_title', language))}</h3>"

    def _on_filter(self, change) -> None:
        if not self._relabelling:
            self.refresh()

    def _on_sort(self, change) -> None:
        if not self._relabelling:
            self.table.value = self._table_html(self.selected())

    def _on_language(self, change) -> None:
        self._relabel(change["new"])
        self.refresh()

    def _organisation_types(self) -> pd.Series | None:
        if self.survey is None or "organisation_type" not in self.survey.responses.columns:
            return None
        return self.survey.responses["organisation_type"].dropna().astype(str)

    def _on_threshold(self, change) -> None:
        changes = {name: slider.value for name, slider in self.thresholds.items()}
        try:
            rules = self.dx.rules.replace(**changes)
        except KompasValueError as err:  # e.g. incomplete above under_way: keep the last valid rules
            self.count.value = f"<span style='color:#b2182b'>{html.escape(err.text(self.language))}</span>"
            return
        self.dx = diagnose(self.scores, rules=rules, network=self.network)
        self.detail.dx = self.dx
        self.detail.refresh()
        self.refresh()

    def selected(self) -> list[str]:
        """The partnerships that pass the filters."""
        summary = self._summary()
        keep = pd.Series(True, index=summary.index)
        if self.cluster.value != ALL:
            keep &= summary["cluster"] == self.cluster.value
        if self.flag.value != ALL:
            flags = self._shown_flags()
            keep &= summary.index.isin(set(flags.loc[flags["flag"] == self.flag.value, "partnership"]))
        if self.phase.value != ALL:
            keep &= summary["current_phase"] == self.phase.value
        if self.organisation_type.value != ALL and self.survey is not None:
            responses = self.survey.responses
            having = responses.loc[
                responses["organisation_type"].astype(str) == self.organisation_type.value, "partnership"
            ]
            keep &= summary.index.isin(set(having))
        return summary.index[keep.fillna(False).to_numpy(bool)].tolist()

    def _cached(self, name: str, make, *key) -> Any:
        """``make()``, kept until the diagnosis (or ``key``) changes: the tables and the cluster map
        are the same for every filter, so a filter redraws from them instead of recomputing them."""
        if self.__dict__.get("_cache_of") is not self.dx:  # a new diagnosis: nothing kept applies
            self._cache: dict[tuple, object] = {}
            self._cache_of = self.dx
        if (name, *key) not in self._cache:
            self._cache[name, *key] = make()
        return self._cache[name, *key]

    def _shown_flags(self) -> pd.DataFrame:
        """The flags of the wave shown."""
        return self._cached("flags", lambda: select_wave(self.dx.flags, by=self.dx.summary))

    def _summary(self) -> pd.DataFrame:
        return self._cached("summary", self._make_summary, self.language)

    def _make_summary(self) -> pd.DataFrame:
        summary = latest_wave(self.dx.summary)
        table = summary[["current_phase", "n_flags", f"headline_{self.language}"]].rename(
            columns={f"headline_{self.language}": "headline"}
        )
        partnerships = self.scores.at().partnerships
        partnerships = partnerships.droplevel("wave") if self.scores.has_waves else partnerships
        table.insert(0, "n_respondents", partnerships["n_respondents"])
        table["cluster"] = self.cl.labels.reindex(table.index) if self.cl is not None else pd.NA
        return table[~partnerships["suppressed"].reindex(table.index).fillna(True).to_numpy(bool)]

    def refresh(self) -> None:
        language = self.language
        chosen = self.selected()
        total = len(self._summary())
        self.count.value = f"<b>{html.escape(say('shown', language, n=len(chosen), total=total))}</b>"
        if self.cl is not None:
            spec = self._cached("cluster_map", lambda: self._cluster_map.prepare(self._cluster_figure()), language)
            keep = set(chosen)
            data = []
            for trace in spec["data"]:
                if trace.get("customdata") is not None:
                    ids = [str(c) for c in trace["customdata"]]
                    trace = {**trace, "selectedpoints": [i for i, p in enumerate(ids) if p in keep]}
                data.append(trace)
            for trace in self._cluster_map.show_prepared({**spec, "data": data}).data:
                trace.on_click(self._on_click)
        self._heatmap.show_prepared(self._heatmap_of(chosen))
        self.table.value = self._table_html(chosen)

    def _heatmap_of(self, chosen: list[str]) -> dict:
        """The phase heat map of ``chosen``, kept for the last few selections (filters are often
        switched back and forth, and the language toggled)."""
        heatmaps = self._cached("heatmaps", dict)
        key = (self.language, tuple(chosen))
        if key not in heatmaps:
            figure = plot_phases(self._diagnosis_of(chosen), scores=self.scores, language=self.language)
            heatmaps[key] = self._heatmap.prepare(figure)
            while len(heatmaps) > KEPT_HEATMAPS:
                del heatmaps[next(iter(heatmaps))]
        return heatmaps[key]

    def _cluster_figure(self):
        return plot_clusters(self.cl, dx=self.dx, scores=self.scores, language=self.language)

    @property
    def cluster_map(self):
        """The cluster map's FigureWidget (None without a clustering)."""
        return self._cluster_map.widget

    @property
    def heatmap(self):
        """The phase heat map's FigureWidget."""
        return self._heatmap.widget

    def _diagnosis_of(self, chosen: list[str]) -> Diagnosis:
        """The diagnosis restricted to the chosen partnerships, for the heat map."""
        keep = set(chosen)
        level = self.dx.phases.index.get_level_values("partnership")
        return replace(
            self.dx,
            phases=self.dx.phases[level.isin(keep)],
            summary=self.dx.summary[self.dx.summary.index.get_level_values("partnership").isin(keep)],
            flags=self.dx.flags[self.dx.flags["partnership"].isin(keep)],
        )

    def _on_click(self, trace, points, selector) -> None:
        if points.point_inds:
            partnership = str(trace.customdata[points.point_inds[0]])
            if partnership in self.choose.options:
                self.choose.value = partnership

    def _table_html(self, chosen: list[str]) -> str:
        table = self._summary().loc[chosen].reset_index()
        column = self.sort_by.value
        table = table.sort_values(column, ascending=not self.descending.value, kind="stable", na_position="last")
        headers = {
            "partnership": say("partnership", self.language),
            **{
                k: say(f"columns.{k}", self.language)
                for k in ("n_respondents", "current_phase", "n_flags", "cluster", "headline")
            },
        }
        head = "".join(f"<th style='text-align:left;padding:3px 8px'>{html.escape(headers[c])}</th>" for c in headers)
        rows = []
        for row in table.itertuples(index=False):
            cells = [
                row.partnership,
                row.n_respondents,
                "" if pd.isna(row.current_phase) else int(row.current_phase),
                row.n_flags,
                "" if pd.isna(row.cluster) else int(row.cluster),
                row.headline,
            ]
            rows.append(
                "<tr>"
                + "".join(f"<td style='padding:2px 8px;vertical-align:top'>{html.escape(str(c))}</td>" for c in cells)
                + "</tr>"
            )
        return (
            f"<table class='km-table' style='border-collapse:collapse;font-size:90%'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )


def portfolio_dashboard(
    scores: Scores,
    dx: Diagnosis | None = None,
    cl: Clustering | None = None,
    *,
    survey: Survey | None = None,
    network: Network | None = None,
    language: str | None = None,
) -> PortfolioDashboard:
    """An interactive view of the whole study.

    Filters by cluster, flag, current phase and (with ``survey``) organisation type; the cluster
    map, the phase heat map and a sortable table of the partnerships that pass them; sliders for
    the diagnosis thresholds that re-diagnose and update the flags; choosing a partnership (or
    clicking it on the map) opens it in the single-partnership view below.

    Parameters
    ----------
    scores : Scores
    dx : Diagnosis, optional
    cl : Clustering, optional
        Without it the cluster filter and map stay empty.
    survey : Survey, optional
    network : Network, optional
        From :func:`kompasmetrics.network`: the partnership view below shows who trusts whom, and
        the diagnosis (also when a threshold moves) includes the rules on pairs.
    language : str, optional
        "nl" or "en"; by default the instrument's first language

    Returns
    -------
    PortfolioDashboard
        An ``ipywidgets.VBox``.
    """
    return PortfolioDashboard(scores, dx, cl, survey, network=network, language=language)


__all__ = ["PortfolioDashboard", "Rules", "portfolio_dashboard"]
