"""One section per partnership in the HTML report: its radars, its Kompas bars, its agenda and its
flags with evidence and recommendation."""

from __future__ import annotations

import pandas as pd

from ._html_base import ReportBase
from ._html_json import _Packer, script_json
from ._html_network import NetworkTables, network_findings
from ._html_text import _e, _t

SEVERITIES = ("high", "medium", "low")
PROGRESS = "progress"  # the one flag that reports good news


class PartnershipSections(ReportBase):
    """The per-partnership sections, for :class:`kompasmetrics.report._html._Report`."""

    def _partnerships(self, kijkglas: dict, phases: dict, packer: _Packer, network: dict | None = None) -> str:
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
        network = network or {}
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
            for key, figure in network.get(name, {}).items():
                figures[key] = packer.pack(figure)
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
                + (self._network_part(name, data_id, network[name], row) if name in network else "")
                + f'<p class="km-top"><a href="#top">{texts["top"]}</a></p></div>'
                f'<script type="application/json" id="{data_id}">{script_json(figures)}</script>'
                "</details></section>\n"
            )
        out.append("</section>\n")
        return "".join(out)

    def _network_part(self, name: object, data_id: str, figures: dict, row) -> str:
        """Who trusts whom: the map, the matrix and the pairs (:mod:`._html_network`)."""
        language = self.language
        wave = getattr(row, "wave", None)
        wave = None if wave is None or pd.isna(wave) else wave
        heading = _t("network.heading", language)
        minimum = self.network.settings["min_group_size"]
        return (
            f'<h3>{heading}</h3><p class="km-muted">{_t("network.intro", language, minimum=minimum)}</p>'
            + "".join(
                self._figure(data_id, key, figures[key], _t(f"network.{label}", language))
                for key, label in (("n", "map"), ("m", "matrix"))
            )
            + f"<h4>{_t('network.pairs', language)}</h4>"
            + network_findings(self._network_tables(), name, wave, language)
        )

    def _network_tables(self) -> NetworkTables:
        if getattr(self, "_tables", None) is None:
            self._tables = NetworkTables(self.network)
        return self._tables

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


def _agenda_lists(agenda: pd.DataFrame, language: str) -> dict[str, str]:
    """Per partnership, its agenda as a numbered list."""
    ordered = agenda.sort_values("rank", kind="stable")  # once, not per partnership (1,000 sorts)
    entries: dict[str, list[str]] = {}
    for partnership, text in zip(ordered["partnership"].tolist(), ordered[f"action_{language}"].tolist(), strict=True):
        entries.setdefault(partnership, []).append(f"<li>{_e(text)}</li>")
    return {p: f'<ol class="km-agenda">{"".join(items)}</ol>' for p, items in entries.items()}
