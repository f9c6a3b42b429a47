"""The factor-analytic tables of :func:`kompasmetrics.validity`: CFA per construct, language
invariance, discriminant validity (HTMT); every row with a verdict in Dutch and English."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._cfa import fit_cfa
from ._discriminant import THRESHOLD, htmt_matrix
from ._invariance import DELTA_CFI, invariance
from ._texts import verdict_row

LOADING_GOOD, LOADING_ACCEPTABLE = 0.70, 0.50


def construct_models(keyed: pd.DataFrame, instrument, varying: set[str]) -> dict[str, dict[str, list[str]]]:
    """Construct -> {scale: items}: the scales with two or more varying items (three when the
    construct has one scale), in instrument order."""
    models: dict[str, dict[str, list[str]]] = {}
    for row in instrument.scales.itertuples():
        items = [i for i in instrument.items_of(row.scale) if i in keyed.columns and i in varying]
        models.setdefault(row.construct, {})[row.scale] = items
    result = {}
    for construct, factors in models.items():
        usable = {s: items for s, items in factors.items() if len(items) >= 2}
        if len(usable) == 1 and len(next(iter(usable.values()))) < 3:
            usable = {}
        result[construct] = usable or {s: [] for s in factors}
    return result


def _fit_verdict(fit) -> dict:
    if fit.problem.startswith("n = "):
        needed = max(50, 2 * sum(len(v) for v in fit.factors.values()))
        return verdict_row("not_estimable", "cfa", "not_estimable_n", n=fit.n, needed=needed)
    if fit.problem:
        return verdict_row("not_estimable", "cfa", "not_estimable_fit")
    if fit.df == 0:
        return verdict_row("not_estimable", "cfa", "just_identified")
    good = fit.cfi >= 0.95 and fit.tli >= 0.95 and fit.rmsea <= 0.06 and fit.srmr <= 0.08
    acceptable = fit.cfi >= 0.90 and fit.tli >= 0.90 and fit.rmsea <= 0.08 and fit.srmr <= 0.10
    verdict = "good" if good else "acceptable" if acceptable else "weak"
    return verdict_row(verdict, "cfa", verdict, cfi=fit.cfi, rmsea=fit.rmsea, srmr=fit.srmr)


def cfa_tables(keyed: pd.DataFrame, models: dict, missing: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Fit per construct, standardized loadings, factor correlations."""
    fits, loadings, correlations = [], [], []
    for construct, factors in models.items():
        base = {"construct": construct, "scales": ", ".join(factors)}
        if not any(factors.values()):
            fits.append({**base, "n_items": 0, "n": 0, **verdict_row("not_estimable", "cfa", "not_estimable_items")})
            continue
        fit = fit_cfa(keyed, factors, missing)
        row = {**base, "n_items": sum(len(v) for v in factors.values()), "n": fit.n, "chi2": fit.chi2, "df": fit.df}
        row.update(cfi=fit.cfi, tli=fit.tli, rmsea=fit.rmsea, rmsea_lower=fit.rmsea_lower)
        row.update(rmsea_upper=fit.rmsea_upper, srmr=fit.srmr)
        fits.append({**row, **_fit_verdict(fit)})
        for record in fit.loadings.to_dict("records"):
            value = record["loading"]
            verdict = "good" if value >= LOADING_GOOD else "acceptable" if value >= LOADING_ACCEPTABLE else "weak"
            key = "loading_negative" if value < 0 else f"loading_{verdict}"
            loadings.append(
                {"construct": construct, "scale": record["factor"], "item": record["item"], "loading": value}
                | verdict_row(verdict, "cfa", key, loading=value)
            )
        matrix = fit.factor_correlations
        for a, first in enumerate(matrix.index):
            for second in matrix.index[a + 1 :]:
                r = float(matrix.loc[first, second])
                verdict, key = ("weak", "correlation_high") if abs(r) > THRESHOLD else ("good", "correlation_ok")
                row = {"construct": construct, "scale": first, "other": second, "r": r}
                correlations.append(row | verdict_row(verdict, "cfa", key, r=r))
    order = [i for factors in models.values() for items in factors.values() for i in items]
    loadings_frame = pd.DataFrame(loadings)
    if len(loadings_frame):
        loadings_frame = loadings_frame.set_index("item").loc[[i for i in order if i in set(loadings_frame["item"])]]
        loadings_frame = loadings_frame.reset_index()[["construct", "scale", "item", *loadings_frame.columns[2:]]]
    return pd.DataFrame(fits), loadings_frame, pd.DataFrame(correlations)


def invariance_table(keyed: pd.DataFrame, models: dict, language: pd.Series | None, missing: str) -> pd.DataFrame:
    """Configural and metric fit per construct across the respondents' languages."""
    languages = [] if language is None else sorted(language.dropna().astype(str).unique())
    if language is None or len(languages) < 2:
        return pd.DataFrame([{"construct": "", **verdict_row("not_estimable", "invariance", "no_languages")}])
    shown = " / ".join(languages)
    rows = []
    for construct, factors in models.items():
        base = {"construct": construct, "languages": shown}
        base.update({f"n_{lang}": int((language == lang).sum()) for lang in languages})
        result = invariance(factors, keyed[language.notna().to_numpy()], language.dropna().astype(str), missing)
        if not any(factors.values()) or result is None:
            rows.append({**base, **verdict_row("not_estimable", "invariance", "not_estimable")})
            continue
        configural, metric = result
        delta = configural.cfi - metric.cfi
        verdict, key = ("warning", "warning") if delta > DELTA_CFI else ("good", "good")
        rows.append(
            {
                **base,
                "cfi_configural": configural.cfi,
                "cfi_metric": metric.cfi,
                "delta_cfi": delta,
                "chi2_configural": configural.chi2,
                "df_configural": configural.df,
                "chi2_metric": metric.chi2,
                "df_metric": metric.df,
                **verdict_row(
                    verdict,
                    "invariance",
                    key,
                    languages=shown,
                    configural=configural.cfi,
                    metric=metric.cfi,
                    delta=delta,
                ),
            }
        )
    return pd.DataFrame(rows)


def htmt_table(keyed: pd.DataFrame, instrument, scales: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The HTMT matrix and one row per pair of scales, highest first."""
    items = [i for s in scales for i in instrument.items_of(s) if i in keyed.columns]
    scale_of = instrument.items.set_index("item").loc[items, "scale"].tolist()
    correlation = keyed[items].corr().to_numpy()
    matrix = htmt_matrix(correlation, scale_of, scales)
    rows = []
    values = matrix.to_numpy()
    for a, first in enumerate(scales):
        for b in range(a + 1, len(scales)):
            second, value = scales[b], float(values[a, b])
            if not np.isfinite(value):
                rows.append(
                    {
                        "scale": first,
                        "other": second,
                        "htmt": value,
                        **verdict_row("not_estimable", "htmt", "not_estimable"),
                    }
                )
                continue
            verdict = "weak" if value > THRESHOLD else "good"
            rows.append(
                {"scale": first, "other": second, "htmt": value, **verdict_row(verdict, "htmt", verdict, value=value)}
            )
    table = pd.DataFrame(rows)
    if len(table):
        table = table.sort_values("htmt", ascending=False, na_position="last", kind="stable").reset_index(drop=True)
    return matrix, table


__all__ = ["cfa_tables", "construct_models", "htmt_table", "invariance_table"]
