"""Who trusts whom, in a partnership's section of the HTML report: the network map, the trust
matrix and the pair findings of :func:`kompasmetrics.network`.

Everything shown comes from the network's published tables (``pairs``, ``dyads``,
``organisations``, ``partnerships``), which hold no value of a pair with fewer than
``min_group_size`` raters and no figure from which one could be recovered by differencing
(``docs/NETWORK.md``, "Privacy"). The raters' table is never read here.
"""

from __future__ import annotations

import pandas as pd

from ..plots._network import network_figures as figures_of
from ._html_text import _e, _fmt, _t

NUMBER = ' class="km-num"'


def network_figures(network, names: list, waves: dict, language: str) -> dict[object, dict]:
    """Per partnership of ``names`` that the network holds with rated pairs, its map (``"n"``) and
    matrix (``"m"``) as figure dicts (:func:`kompasmetrics.plots._network.network_figures`) at the
    wave ``waves`` gives it (its latest when not given)."""
    if network is None:
        return {}
    held = set(network.partnerships.index.get_level_values("partnership"))
    drawn = [name for name in names if name in held and len(_rows(network.pairs, name, waves.get(name)))]
    return figures_of(network, drawn, waves=waves, language=language)


def _rows(table: pd.DataFrame, partnership: object, wave: object) -> pd.DataFrame:
    rows = table[table["partnership"] == partnership]
    if "wave" in rows and len(rows):
        rows = rows[rows["wave"] == (rows["wave"].max() if wave is None else wave)]
    return rows


class NetworkTables:
    """The network's published tables split by partnership once, for the report's many sections."""

    def __init__(self, network) -> None:
        self.network = network
        overall = network.partnerships.reset_index()
        self._groups = {
            name: (dict(tuple(table.groupby("partnership", sort=False))), table.iloc[:0])
            for name, table in (("pairs", network.pairs), ("dyads", network.dyads), ("partnerships", overall))
        }

    def rows(self, table: str, partnership: object, wave: object) -> pd.DataFrame:
        groups, empty = self._groups[table]
        return _rows(groups.get(partnership, empty), partnership, wave)


def network_findings(tables: NetworkTables, partnership: object, wave: object, language: str) -> str:
    """The partnership's network figures in a sentence or two, and a table of its pairs, weakest
    mutual trust first; a pair with too few raters says so and shows no number."""
    network = tables.network
    pairs = tables.rows("pairs", partnership, wave)
    dyads = tables.rows("dyads", partnership, wave)
    overall = tables.rows("partnerships", partnership, wave)
    minimum = network.settings["min_group_size"]
    parts = []
    if len(overall):
        row = overall.iloc[0]
        parts.append(
            _t(
                "network.summary",
                language,
                shown=int(row["n_pairs_shown"]),
                rated=int(row["n_pairs_rated"]),
                trust=_fmt(row["mean_trust"], 0, language),
                reciprocity=_fmt(row["reciprocity"], 2, language),
            )
        )
        if "density" in row and pd.notna(row["density"]):
            parts.append(_t("network.density", language, density=_fmt(100 * row["density"], 0, language)))
        if pd.notna(row.get("most_trusted")) and pd.notna(row.get("least_trusted")):
            parts.append(
                _t("network.trusted", language, most=str(row["most_trusted"]), least=str(row["least_trusted"]))
            )
    summary = f'<p class="km-net-summary">{" ".join(parts)}</p>' if parts else ""
    return summary + _pair_table(pairs, dyads, minimum, language)


def _pair_table(pairs: pd.DataFrame, dyads: pd.DataFrame, minimum: int, language: str) -> str:
    if not len(dyads):
        return ""
    trust = dict(
        zip(
            zip(pairs["rater_organisation"], pairs["rated_organisation"], strict=True),
            zip(pairs["suppressed"], pairs["trust"], strict=True),
            strict=True,
        )
    )
    too_few = f'<span class="km-muted">{_t("network.too_few", language)}</span>'

    def direction(rater: str, rated: str) -> str:
        if (rater, rated) not in trust:
            return '<span class="km-muted">–</span>'
        suppressed, value = trust[(rater, rated)]
        return too_few if bool(suppressed) else _fmt(value, 0, language)

    ordered = dyads.assign(_hidden=dyads["suppressed"].astype(bool)).sort_values(
        ["_hidden", "trust", "organisation_a", "organisation_b"], kind="stable", na_position="last"
    )
    head = "".join(
        f'<th scope="col"{NUMBER if key != "pair" else ""}>{_t(f"network.columns.{key}", language)}</th>'
        for key in ("pair", "mutual", "a_to_b", "b_to_a", "raters")
    )
    body = []
    for row in ordered.to_dict("records"):
        a, b = str(row["organisation_a"]), str(row["organisation_b"])
        mutual = too_few if row["suppressed"] else _fmt(row["trust"], 0, language)
        body.append(
            f'<tr><td>{_e(a)} <span class="km-muted">&amp;</span> {_e(b)}</td>'
            f'<td class="km-num">{mutual}</td><td class="km-num">{direction(a, b)}</td>'
            f'<td class="km-num">{direction(b, a)}</td><td class="km-num">{int(row["n_raters"])}</td></tr>'
        )
    note = _t("network.table_note", language, minimum=minimum)
    return (
        f'<div class="km-scroll km-net-pairs"><table class="km-table"><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(body)}</tbody></table></div><p class="km-muted">{note}</p>'
    )


__all__ = ["NetworkTables", "network_figures", "network_findings"]
