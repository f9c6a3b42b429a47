"""The validity report's section of the HTML report and its sheet in the workbook (texts in
``texts.yaml``, section ``report``); :mod:`kompasmetrics.report` calls these when given a
:class:`~kompasmetrics.validity.Validity`."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from ..texts import check_language, number, t


def _t(key: str, language: str) -> str:
    return t(f"validity.report.{key}", language)


def _number(value: object, language: str, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return ""
    return number(float(value), language, digits) if isinstance(value, (float, np.floating)) else str(value)


def _interval(row: pd.Series, name: str, language: str) -> str:
    value, lower, upper = (_number(row.get(f"{name}{end}"), language) for end in ("", "_lower", "_upper"))
    if not np.isfinite(row.get(f"{name}_lower", np.nan)):
        return value
    return f"{value} [{lower}{'; ' if language == 'nl' else ', '}{upper}]"


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="km-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _verdicts(frame: pd.DataFrame, language: str) -> list[list[str]]:
    return [[row[f"verdict_{language}"], row[f"advice_{language}"]] for _, row in frame.iterrows()]


def html_section(validity, language: str = "nl") -> str:
    """``<section id="validity">``: scales, negative items, CFA, HTMT above 0.85, two-level
    reliability and language invariance, each row with its verdict and advice in ``language``."""
    language = check_language(language, owner="The validity section")
    verdict, advice = _t("verdict", language), _t("advice", language)
    parts = [f'<section id="validity"><h2>{html.escape(_t("heading", language))}</h2>']
    parts.append(f"<p>{html.escape(_t('intro', language))}</p>")
    scales = validity.scales
    rows = [
        [
            row["scale"],
            _interval(row, "alpha", language),
            _interval(row, "omega", language),
            _number(row["ordinal_alpha"], language),
            *v,
        ]
        for (_, row), v in zip(scales.iterrows(), _verdicts(scales, language), strict=True)
    ]
    parts.append(f"<h3>{html.escape(_t('scales', language))}</h3>")
    parts.append(_table([_t("scale", language), "alpha", "omega", "ordinal alpha", verdict, advice], rows))
    negative = validity.items[validity.items["negative"]] if len(validity.items) else validity.items
    parts.append(f"<h3>{html.escape(_t('items', language))}</h3>")
    if len(negative):
        rows = [
            [r["item"], _number(r["item_rest_r"], language), *v]
            for (_, r), v in zip(negative.iterrows(), _verdicts(negative, language), strict=True)
        ]
        parts.append(_table([_t("item", language), "r", verdict, advice], rows))
    else:
        parts.append(f"<p>{html.escape(_t('items_none', language))}</p>")
    cfa = validity.cfa
    rows = [
        [
            r["construct"],
            _number(r.get("cfi"), language, 3),
            _number(r.get("rmsea"), language, 3),
            _number(r.get("srmr"), language, 3),
            *v,
        ]
        for (_, r), v in zip(cfa.iterrows(), _verdicts(cfa, language), strict=True)
    ]
    parts.append(f"<h3>{html.escape(_t('cfa', language))}</h3>")
    parts.append(_table([_t("construct", language), "CFI", "RMSEA", "SRMR", verdict, advice], rows))
    flagged = validity.htmt[validity.htmt["verdict"] == "weak"] if len(validity.htmt) else validity.htmt
    parts.append(f"<h3>{html.escape(_t('htmt', language))}</h3>")
    if len(flagged):
        rows = [
            [f"{r['scale']} / {r['other']}", _number(r["htmt"], language), *v]
            for (_, r), v in zip(flagged.iterrows(), _verdicts(flagged, language), strict=True)
        ]
        parts.append(_table([_t("scale", language), "HTMT", verdict, advice], rows))
    else:
        parts.append(f"<p>{html.escape(_t('htmt_none', language))}</p>")
    two = validity.two_level
    rows = [
        [
            r["scale"],
            _number(r["icc1"], language),
            _number(r["icc2"], language),
            _number(r["reliability_at_harmonic_n"], language),
            *v,
        ]
        for (_, r), v in zip(two.iterrows(), _verdicts(two, language), strict=True)
    ]
    parts.append(f"<h3>{html.escape(_t('two_level', language))}</h3>")
    parts.append(_table([_t("scale", language), "ICC(1)", "ICC(2)", "λ(n_h)", verdict, advice], rows))
    inv = validity.invariance
    rows = [
        [r["construct"], _number(r.get("delta_cfi"), language, 3), *v]
        for (_, r), v in zip(inv.iterrows(), _verdicts(inv, language), strict=True)
    ]
    parts.append(f"<h3>{html.escape(_t('invariance', language))}</h3>")
    parts.append(_table([_t("construct", language), "ΔCFI", verdict, advice], rows))
    return "\n".join(parts) + "</section>\n"


def sheet_frame(validity, language: str = "nl") -> pd.DataFrame:
    """The workbook's validity sheet: one row per scale (:meth:`Validity.to_frame`) with the
    reliability advice in ``language``."""
    frame = validity.to_frame(language)
    frame[_t("advice", language)] = validity.scales[f"advice_{language}"].to_numpy()
    return frame.round(3)


__all__ = ["html_section", "sheet_frame"]
