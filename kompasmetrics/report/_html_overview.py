"""The portfolio overview of the HTML report: key figures, phases and flags counted, the phase
heat map, the clusters, the table of all partnerships and the import report."""

from __future__ import annotations

import pandas as pd

from .._counts import study_counts
from ..scoring import LATEST
from ._html_base import ReportBase
from ._html_json import _Packer, script_json
from ._html_text import _column_name, _e, _fmt, _t
from ._import_texts import localised_report

IMPORT_ROWS_SHOWN = 200


class OverviewSections(ReportBase):
    """The overview's sections, for :class:`kompasmetrics.report._html._Report`."""

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
            *([self._phase_counts(), self._flag_counts()] if self._portfolio else []),
            "</div></section>\n",
        ]
        data_id = "km-overview"
        if not self._portfolio:  # a heat map of one row and counts of one say nothing a section does not
            overview = {k: v for k, v in overview.items() if k != "heatmap"}
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
        shown = localised_report(report.head(IMPORT_ROWS_SHOWN), language)
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
