"""`dashboard()`: one partnership at a time, with controls that update the figures in place."""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from .._checks import expect
from ..diagnose import Diagnosis, diagnose
from ..errors import KompasValueError
from ..network import Network
from ..plots import plot_likert, plot_network, plot_phases, plot_radar, plot_trust_matrix
from ..scoring import Scores
from ..survey import Survey
from ..texts import LANGUAGES, instrument_language, t
from ._common import HALF_WIDTH, FigureSlot, agenda_list, flag_cards, say

RINGS = ("ambition", "interests", "context")
NOT_FACETS = ("trust", "frequency")
"""Network measures the facet menu leaves out: the mean of the trust facets, and how often partners
work together (the map's edges); the rest (each trust facet, value, influence) are the
instrument's own (``km.network``'s ``measures``)."""


class PartnershipDashboard(widgets.VBox):
    """The single-partnership view. Build it with :func:`dashboard`.

    Attributes
    ----------
    partnership, wave, ring, by, language, scale : ipywidgets controls
        Changing any of them updates the figures and texts in place.
    radar, phases, likert : plotly.graph_objects.FigureWidget
    flags, next_step, notice : ipywidgets.HTML
        ``next_step`` shows the partnership's agenda (``Diagnosis.agenda``): at most three actions
        for the next meeting, the next step of the Kompas among them.
    facet : ipywidgets.Dropdown
        With partner ratings (``network=``): the facet the network map and the trust matrix show
        (genuine interest, openness, reliability, value, influence); hidden without them.
    network_map, trust_matrix : plotly.graph_objects.FigureWidget
        With partner ratings: the chosen partnership's map and matrix (None without them).
    """

    def __init__(
        self,
        scores: Scores,
        dx: Diagnosis | None = None,
        cl=None,
        survey: Survey | None = None,
        *,
        network: Network | None = None,
        language: str | None = None,
    ) -> None:
        expect(scores, Scores, "dashboard", "scores")
        if network is not None:
            expect(network, Network, "dashboard", "network")
        language = instrument_language(language, scores.instrument)
        self.network = network
        self.scores, self.cl, self.survey = scores, cl, survey
        self.dx = dx if dx is not None else diagnose(scores, network=network)
        table = scores.partnerships
        names = table.index.get_level_values("partnership") if scores.has_waves else table.index
        shown = ~table["suppressed"].to_numpy()
        options = list(dict.fromkeys(np.asarray(names)[shown].tolist()))
        if not options:
            raise KompasValueError(
                "No partnership has enough respondents to be shown (min_group_size "
                f"{scores.settings.get('min_group_size')})."
            )
        self._hidden = len(set(names)) - len(options)

        self.language = widgets.ToggleButtons(
            options=[(code.upper(), code) for code in scores.instrument.languages if code in LANGUAGES],
            value=language,
            style={"button_width": "48px"},
        )
        self.partnership = widgets.Dropdown(options=options, value=options[0], layout={"width": "200px"})
        waves = self._waves_of(options[0])
        self.wave = widgets.Dropdown(
            options=waves,
            value=waves[-1] if waves else None,
            layout={"width": "110px", "display": "" if waves else "none"},
        )
        self.ring = widgets.ToggleButtons(options=[], style={"button_width": "90px"})
        self.by = widgets.ToggleButtons(options=[], style={"button_width": "110px"})
        scale_options = scores.scales
        self.scale = widgets.Dropdown(options=scale_options, value=scale_options[0], layout={"width": "320px"})
        self.title = widgets.HTML()
        self.notice = widgets.HTML()
        self.next_step = widgets.HTML(layout={"width": "100%"})
        self.flags = widgets.HTML(layout={"width": "100%"})
        self._radar = FigureSlot(width=HALF_WIDTH)
        self._phases = FigureSlot(width=HALF_WIDTH)
        self._likert = FigureSlot()
        self._facets = facets = [m for m in (network.measures if network is not None else []) if m not in NOT_FACETS]
        self.facet = widgets.Dropdown(options=facets, value=facets[0] if facets else None, layout={"width": "320px"})
        self.network_heading, self.facet_label, self.network_notice = widgets.HTML(), widgets.Label(), widgets.HTML()
        self._network_map, self._trust_matrix = FigureSlot(width=HALF_WIDTH), FigureSlot(width=HALF_WIDTH)
        self._labels_for_controls(language)

        self.partnership_label, self.wave_label, self.ring_label = widgets.Label(), widgets.Label(), widgets.Label()
        self.by_label, self.scale_label, self.language_label = widgets.Label(), widgets.Label(), widgets.Label()
        self.flags_heading, self.next_heading = widgets.HTML(), widgets.HTML()
        controls = widgets.HBox(
            [
                widgets.VBox([self.partnership_label, self.partnership]),
                widgets.VBox([self.wave_label, self.wave], layout={"display": "" if waves else "none"}),
                widgets.VBox([self.ring_label, self.ring]),
                widgets.VBox([self.by_label, self.by]),
                widgets.VBox([self.language_label, self.language]),
            ],
            layout={"flex_flow": "row wrap", "grid_gap": "18px"},
        )
        radar_box, phases_box = self._radar.box, self._phases.box
        figures = widgets.HBox([radar_box, phases_box], layout={"flex_flow": "row wrap"})
        # Classes let a browser test (and custom CSS) find the parts of the page.
        for widget, name in (
            (radar_box, "km-radar"),
            (phases_box, "km-phases"),
            (self.flags, "km-flags"),
            (self.partnership, "km-partnership"),
            (self.ring, "km-ring"),
            (self.by, "km-by"),
            (self.language, "km-language"),
            (self.next_step, "km-next-step"),
            (self._likert.box, "km-likert"),
            (self.facet, "km-facet"),
            (self._network_map.box, "km-network"),
            (self._trust_matrix.box, "km-trust-matrix"),
        ):
            widget.add_class(name)
        self._network_part = network_part = widgets.VBox(
            [
                self.network_heading,
                widgets.HBox([self.facet_label, self.facet]),
                self.network_notice,
                widgets.HBox([self._network_map.box, self._trust_matrix.box], layout={"flex_flow": "row wrap"}),
            ],
            layout={"display": "" if facets else "none"},
        )
        super().__init__(
            [
                self.title,
                controls,
                self.notice,
                figures,
                self.next_heading,
                self.next_step,
                self.flags_heading,
                self.flags,
                network_part,
                widgets.HBox([self.scale_label, self.scale]),
                self._likert.box,
            ],
            layout={"width": "100%"},
        )
        self.add_class("km-dashboard")
        self.partnership.observe(self._on_partnership, names="value")
        self.wave.observe(self._on_change, names="value")
        for control in (self.ring, self.by):  # they change the radar only
            control.observe(self._on_view, names="value")
        self.scale.observe(self._on_scale, names="value")
        self.facet.observe(self._on_facet, names="value")
        self.language.observe(self._on_language, names="value")
        self.refresh()

    def _labels_for_controls(self, language: str) -> None:
        """Relabel the option lists in ``language``, keeping the chosen values, without a redraw."""
        ring, by = self.ring.value or "ambition", self.by.value or "partnership"
        self._updating = True
        try:
            self.ring.options = [(say(f"rings.{r}", language), r) for r in RINGS]
            self.ring.value = ring
            self.by.options = [(say(f"by_options.{b}", language), b) for b in ("partnership", "organisation")]
            self.by.value = by
            scale = self.scale.value
            self.scale.options = [(self.scores.instrument.scale_label(s, language), s) for s in self.scores.scales]
            self.scale.value = scale
            facet = self.facet.value
            self.facet.options = [(t(f"network.measures.{f}", language), f) for f in self._facets]
            self.facet.value = facet
        finally:
            self._updating = False

    def _texts(self, language: str) -> None:
        self.title.value = f"<h3 style='margin:4px 0'>{html.escape(say('title', language))}</h3>"
        self.partnership_label.value = say("partnership", language)
        self.wave_label.value = say("wave", language)
        self.ring_label.value = say("ring", language)
        self.by_label.value = say("by", language)
        self.scale_label.value = say("scale", language)
        self.language_label.value = say("language", language)
        self.facet_label.value = say("facet", language)
        self.network_heading.value = f"<h4 style='margin:8px 0 2px'>{html.escape(say('network', language))}</h4>"
        self.flags_heading.value = f"<h4 style='margin:8px 0 2px'>{html.escape(say('flags', language))}</h4>"
        self.next_heading.value = f"<h4 style='margin:8px 0 2px'>{html.escape(say('agenda', language))}</h4>"
        k = self.scores.settings.get("min_group_size", 3)
        self.notice.value = (
            f"<small style='color:#666'>{html.escape(say('hidden', language, n=self._hidden, k=k))}</small>"
            if self._hidden
            else ""
        )

    def _key(self):
        return (self.partnership.value, self.wave.value) if self.scores.has_waves else self.partnership.value

    def refresh(self) -> None:
        """Redraw every panel for the current choices."""
        language = self.language.value
        self._texts(language)
        partnership, wave = self.partnership.value, self.wave.value if self.scores.has_waves else "latest"
        self._draw_radar()
        self._phases.show(
            plot_phases(self.dx, partnership=partnership, scores=self.scores, wave=wave, language=language)
        )
        flags = self.dx.flags[self.dx.flags["partnership"] == partnership]
        if self.scores.has_waves:
            flags = flags[flags["wave"] == self.wave.value]
        self.flags.value = flag_cards(flags, language)
        self.next_step.value = agenda_list(self._agenda(), language)
        self._draw_network()
        self._draw_likert()

    def _agenda(self):
        """The agenda items of the shown partnership (and wave)."""
        agenda = self.dx.agenda
        rows = agenda["partnership"] == self.partnership.value
        if self.scores.has_waves and "wave" in agenda:
            rows &= agenda["wave"] == self.wave.value
        return agenda[rows]

    def _draw_likert(self) -> None:
        language = self.language.value
        if self.survey is None:
            self._likert.box.children = (
                widgets.HTML(f"<p style='color:#666'>{html.escape(say('no_survey', language))}</p>"),
            )
            return
        wave = self.wave.value if self.scores.has_waves else "latest"
        self._likert.show(
            plot_likert(
                self.survey,
                scale=self.scale.value,
                partnership=self.partnership.value,
                wave=wave,
                min_group_size=self.scores.settings.get("min_group_size", 3),
                language=language,
            )
        )

    def _draw_network(self) -> None:
        """The network map and trust matrix of the shown partnership (and wave) for the chosen facet."""
        if self.network is None or self.facet.value is None:
            return
        language, partnership = self.language.value, self.partnership.value
        pairs = self.network.pairs
        rated = pairs["partnership"] == partnership
        wave = None
        if "wave" in pairs and self.scores.has_waves:
            wave = self.wave.value
            rated &= pairs["wave"] == wave
        if not rated.any():
            self.network_notice.value = f"<p style='color:#666'>{html.escape(say('no_ratings', language))}</p>"
            for slot in (self._network_map, self._trust_matrix):
                slot.clear()
            return
        self.network_notice.value = ""
        options = {"measure": self.facet.value, "wave": wave, "language": language}
        self._network_map.show(plot_network(self.network, partnership, **options))
        self._trust_matrix.show(plot_trust_matrix(self.network, partnership, **options))

    @property
    def network_map(self):
        """The network map's FigureWidget (None without partner ratings)."""
        return self._network_map.widget

    @property
    def trust_matrix(self):
        """The trust matrix's FigureWidget (None without partner ratings)."""
        return self._trust_matrix.widget

    @property
    def radar(self):
        """The radar's FigureWidget."""
        return self._radar.widget

    @property
    def phases(self):
        """The phase compass's FigureWidget."""
        return self._phases.widget

    @property
    def likert(self):
        """The Likert bars' FigureWidget (None without a survey)."""
        return self._likert.widget

    def _on_change(self, change) -> None:
        if not getattr(self, "_updating", False):
            self.refresh()

    def _draw_radar(self) -> None:
        language = self.language.value
        wave = self.wave.value if self.scores.has_waves else "latest"
        radar = plot_radar(
            self.scores,
            self.partnership.value,
            ring=self.ring.value,
            by=self.by.value,
            wave=wave,
            legend="below",  # the radar is half the page wide
            language=language,
        )
        self._radar.show(radar)

    def _waves_of(self, partnership: str) -> list:
        """The waves in which ``partnership`` was measured with enough respondents to be shown."""
        if not self.scores.has_waves:
            return []
        table = self.scores.partnerships
        mine = table[(table.index.get_level_values("partnership") == partnership) & ~table["suppressed"].to_numpy()]
        return sorted(mine.index.get_level_values("wave").unique())

    def _on_partnership(self, change) -> None:
        """Offer the new partnership's own waves: the wave shown stays when it measured it, else
        its latest (a study's last wave is not every partnership's)."""
        if getattr(self, "_updating", False):
            return
        if self.scores.has_waves:
            waves = self._waves_of(change["new"])
            self._updating = True
            try:
                current = self.wave.value
                self.wave.options = waves
                self.wave.value = current if current in waves else waves[-1]
            finally:
                self._updating = False
        self.refresh()

    def _on_view(self, change) -> None:
        if not getattr(self, "_updating", False):
            self._draw_radar()

    def _on_scale(self, change) -> None:
        if not getattr(self, "_updating", False):
            self._draw_likert()

    def _on_facet(self, change) -> None:
        if not getattr(self, "_updating", False):
            self._draw_network()

    def _on_language(self, change) -> None:
        self._labels_for_controls(change["new"])
        self.refresh()


def dashboard(
    scores: Scores,
    dx: Diagnosis | None = None,
    cl=None,
    *,
    survey: Survey | None = None,
    network: Network | None = None,
    language: str | None = None,
) -> PartnershipDashboard:
    """An interactive view of one partnership at a time.

    Pick a partnership (and wave), a Kijkglas ring, organisations or the whole partnership, and a
    language; the radar against the portfolio band, the phase compass with the current phase and
    next step, the flags with their evidence, and the answers per item of a chosen scale update in
    place. Organisations below the minimum group size are never shown alone (the figures read the
    suppressed tables) and partnerships below it are not offered.

    Parameters
    ----------
    scores : Scores
    dx : Diagnosis, optional
        Computed with the default rules when not given.
    cl : Clustering, optional
    survey : Survey, optional
        Needed for the answers per item (Likert bars).
    network : Network, optional
        From :func:`kompasmetrics.network`: adds who trusts whom, the partnership's network map and
        trust matrix (:func:`~kompasmetrics.plot_network`, :func:`~kompasmetrics.plot_trust_matrix`)
        for a chosen facet. Pairs with too few raters are drawn as such, never their means. Without
        it the dashboard has no such part; with it and ``dx`` not given, the diagnosis includes the
        rules on pairs.
    language : str, optional
        "nl" or "en"; by default the instrument's first language

    Returns
    -------
    PartnershipDashboard
        An ``ipywidgets.VBox``: display it in a notebook or serve it with Voilà.
    """
    return PartnershipDashboard(scores, dx, cl, survey, network=network, language=language)
