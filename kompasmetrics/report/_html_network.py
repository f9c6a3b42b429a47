"""Who trusts whom, in a partnership's section of the HTML report: the network map, the trust
matrix and the pair findings of :func:`kompasmetrics.network`.

Everything shown comes from the network's published tables (``pairs``, ``dyads``,
``organisations``, ``partnerships``), which hold no value of a pair with fewer than
``min_group_size`` raters and no figure from which one could be recovered by differencing
(``docs/NETWORK.md``, "Privacy"). The raters' table is never read here.
"""

from __future__ import annotations

import pandas as pd

from ..plots import plot_network, plot_trust_matrix
from ._html_text import _e, _fmt, _t

NUMBER = ' class="km-num"'
FIGURES = {"n": plot_network, "m": plot_trust_matrix}  # key in the section's figure data -> plot function


def network_figures(network, names: list, waves: dict, language: str) -> dict[object, dict]:
    """Per partnership of ``names`` that the network holds, its map and matrix as Plotly JSON at the
    wave ``waves`` gives it (its latest when not given)."""
    if network is None:
        return {}
    held = set(network.partnerships.index.get_level_values("partnership"))
    figures = {}
    for name in names:
        if name not in held or not len(_rows(network.pairs, name, waves.get(name))):
            continue
        figures[name] = {
            key: plot(network, name, wave=waves.get(name), language=language).to_plotly_json()
            for key, plot in FIGURES.items()
        }
    return figures


def _rows(table: pd.DataFrame, partnership: object, wave: object) -> pd.DataFrame:
    rows = table[table["partnership"] == partnership]
    if "wave" in rows and len(rows):
        rows = rows[rows["wave"] == (rows["wave"].max() if wave is None else wave)]
    return rows


def network_findings(network, partnership: object, wave: object, language: str) -> str:
    """The partnership's network figures in a sentence or two, and a table of its pairs, weakest
    mutual trust first; a pair with too few raters says so and shows no number."""
    pairs = _rows(network.pairs, partnership, wave)
    dyads = _rows(network.dyads, partnership, wave)
    overall = _rows(network.partnerships.reset_index(), partnership, wave)
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
    trust = pairs.set_index(["rater_organisation", "rated_organisation"])
    too_few = f'<span class="km-muted">{_t("network.too_few", language)}</span>'

    def direction(rater: str, rated: str) -> str:
        if (rater, rated) not in trust.index:
            return '<span class="km-muted">–</span>'
        row = trust.loc[(rater, rated)]
        return too_few if bool(row["suppressed"]) else _fmt(row["trust"], 0, language)

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


__all__ = ["network_figures", "network_findings"]
