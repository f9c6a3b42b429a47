"""What every part of the HTML report reads: the results, looked up once per report."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..plots._common import partnership_table
from ..scoring import LATEST, latest_wave, select_wave
from ._html_text import _t, _texts


class ReportBase:
    """The results of one report (partnership table, summary, phases, flags and agenda at each
    partnership's latest wave, clusters), and the small pieces the sections share."""

    validity: Any

    def __init__(self, scores, dx, cl, survey, language, title, validity=None, network=None):
        self.scores, self.dx, self.cl, self.survey, self.validity = scores, dx, cl, survey, validity
        self.network = network
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

    def _figure(self, source: str, key: str, figure: dict | None, label: str) -> str:
        if figure is None:
            return ""
        height = int(figure.get("layout", {}).get("height") or 450)
        return (
            f'<div class="km-fig" role="img" aria-label="{label}" data-src="{source}" '
            f'data-fig="{key}" style="height:{height}px"><span class="km-loading">'
            f"{_t('partnerships.loading', self.language)}</span></div>"
        )

    @property
    def _portfolio(self) -> bool:
        """Whether there are at least two partnerships to show, so that a portfolio overview means something."""
        return int((~self.table["suppressed"].to_numpy(bool)).sum()) >= 2
