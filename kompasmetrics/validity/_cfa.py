r"""Confirmatory factor analysis of an instrument's structure, estimated with semopy.

One model per construct: one factor per scale of the construct, measured by the scale's items
(the first loading fixed to 1, as lavaan's ``cfa()`` does), the factors of one construct
correlating freely. Scales of different constructs are separate models, so a construct's fit is
not blurred by another's, small studies can still estimate each model, and how scales of
different constructs relate is left to the discriminant check (HTMT), which makes no claim that
they are unrelated. A construct of one scale is a one-factor model (just identified with three
items: loadings but no test of fit).

Estimation is maximum likelihood (semopy's ``MLW``, the Wishart discrepancy
:math:`F = \operatorname{tr}(S\Sigma^{-1}) - p + \log|\Sigma| - \log|S|`) on the covariance matrix
:math:`S` with divisor :math:`N`, lavaan's ``estimator = "ML"``. With answers missing, ``S`` is
pairwise (every answer used) and :math:`N` the smallest number of respondents behind any of its
entries; ``missing="listwise"`` uses only respondents who answered every item of the model (lavaan's
default). The fit indices are computed here from :math:`S`, :math:`\hat\Sigma` and
:math:`\chi^2 = N F_{\min}`, with lavaan's formulas, so that they agree with lavaan:

.. math::
    \mathrm{CFI} = 1 - \frac{\max(\chi^2 - d, 0)}{\max(\chi^2_0 - d_0, \chi^2 - d, 0)},\quad
    \mathrm{TLI} = \frac{\chi^2_0/d_0 - \chi^2/d}{\chi^2_0/d_0 - 1},\quad
    \mathrm{RMSEA} = \sqrt{\max\Bigl(\frac{\chi^2 - d}{N d}, 0\Bigr)},

with the independence model :math:`\chi^2_0 = N(\log|\operatorname{diag}S| - \log|S|)`,
:math:`d_0 = p(p-1)/2`; the RMSEA interval from the noncentral :math:`\chi^2` (Steiger, 1990:
:math:`\lambda` with :math:`P(\chi^2_{d,\lambda} \le \chi^2) = 0.95` and 0.05, RMSEA
:math:`= \sqrt{\lambda/(N d)}`); SRMR (Bentler) the root mean square of
:math:`(s_{ij} - \hat\sigma_{ij})/\sqrt{s_{ii}s_{jj}}` over :math:`i \le j`. Standardized loadings
are lavaan's ``std.all``: :math:`\lambda_{ij}\sqrt{\psi_{jj}/\hat\sigma_{ii}}`.

Cut-offs (Hu & Bentler, 1999): CFI and TLI at least .95, RMSEA at most .06, SRMR at most .08 is a
good fit; CFI/TLI at least .90 and RMSEA at most .08 acceptable.

References
----------
Hu, L., & Bentler, P. M. (1999). Cutoff criteria for fit indexes in covariance structure analysis.
Structural Equation Modeling, 6, 1-55.
Steiger, J. H. (1990). Structural model evaluation and modification: An interval estimation
approach. Multivariate Behavioral Research, 25, 173-180.
Igolkina, A. A., & Meshcheryakov, G. (2020). semopy: A Python package for structural equation
modeling. Structural Equation Modeling, 27, 952-963.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, stats

MIN_RESPONDENTS = 50


@dataclass
class CfaFit:
    """One fitted model: ``n``, ``chi2``, ``df``, fit indices, standardized loadings and factor
    correlations; ``problem`` says why a model could not be estimated (then the rest is NaN)."""

    factors: dict[str, list[str]]
    n: int = 0
    chi2: float = np.nan
    df: int = 0
    cfi: float = np.nan
    tli: float = np.nan
    rmsea: float = np.nan
    rmsea_lower: float = np.nan
    rmsea_upper: float = np.nan
    srmr: float = np.nan
    loadings: pd.DataFrame = field(default_factory=pd.DataFrame)
    factor_correlations: pd.DataFrame = field(default_factory=pd.DataFrame)
    problem: str = ""


def description(factors: dict[str, list[str]]) -> str:
    """semopy/lavaan model syntax: one ``factor =~ item + item`` line per factor."""
    return "\n".join(f"{factor} =~ {' + '.join(items)}" for factor, items in factors.items())


def sample_covariance(data: pd.DataFrame, missing: str = "pairwise") -> tuple[np.ndarray, int]:
    """The covariance matrix with divisor N and the N it rests on (see the module docstring)."""
    if missing == "listwise":
        data = data.dropna()
    values = data.to_numpy(float)
    answered = (~np.isnan(values)).astype(float)
    counts = answered.T @ answered
    n = int(counts.min()) if counts.size else 0
    if n < 2:
        return np.full((values.shape[1],) * 2, np.nan), n
    covariance = data.cov().to_numpy() * (counts - 1) / counts
    return covariance, n


def fit_indices(s: np.ndarray, sigma: np.ndarray, n: int, df: int) -> dict[str, float]:
    """CFI, TLI, RMSEA with its 90% interval and SRMR of a fitted model (formulas above)."""
    p = len(s)
    f_min = float(np.trace(s @ np.linalg.inv(sigma)) - p + np.linalg.slogdet(sigma)[1] - np.linalg.slogdet(s)[1])
    chi2 = n * max(f_min, 0.0)
    chi2_base = n * float(np.sum(np.log(np.diag(s))) - np.linalg.slogdet(s)[1])
    df_base = p * (p - 1) // 2
    scale = 1.0 / np.sqrt(np.diag(s))
    residual = (s - sigma) * np.outer(scale, scale)
    srmr = float(np.sqrt(np.mean(residual[np.tril_indices(p)] ** 2)))
    result = {"chi2": chi2, "srmr": srmr, "cfi": np.nan, "tli": np.nan, "rmsea": np.nan}
    result.update(rmsea_lower=np.nan, rmsea_upper=np.nan)
    if df <= 0:
        return result
    denominator = max(chi2_base - df_base, chi2 - df, 0.0)
    result["cfi"] = 1.0 - max(chi2 - df, 0.0) / denominator if denominator > 0 else 1.0
    result["tli"] = (chi2_base / df_base - chi2 / df) / (chi2_base / df_base - 1.0)
    result["rmsea"] = float(np.sqrt(max((chi2 - df) / (n * df), 0.0)))
    result["rmsea_lower"], result["rmsea_upper"] = _rmsea_interval(chi2, df, n)
    return result


def _rmsea_interval(chi2: float, df: int, n: int, level: float = 0.90) -> tuple[float, float]:
    def noncentrality(probability: float) -> float:
        if stats.chi2.cdf(chi2, df) < probability:
            return 0.0
        high = max(chi2, 1.0)
        while stats.ncx2.cdf(chi2, df, high) > probability:
            high *= 2.0
        return optimize.brentq(lambda lam: stats.ncx2.cdf(chi2, df, lam) - probability, 1e-12, high, xtol=1e-12)

    tail = (1.0 - level) / 2.0
    return float(np.sqrt(noncentrality(1.0 - tail) / (n * df))), float(np.sqrt(noncentrality(tail) / (n * df)))


def fit_cfa(data: pd.DataFrame, factors: dict[str, list[str]], missing: str = "pairwise") -> CfaFit:
    """Fit the model ``factors`` (factor -> items) to ``data`` (respondents x items) with semopy."""
    items = [item for block in factors.values() for item in block]
    result = CfaFit(factors=factors)
    s, n = sample_covariance(data[items], missing)
    result.n = n
    needed = max(MIN_RESPONDENTS, 2 * len(items))
    if n < needed:
        result.problem = f"n = {n}"
        return result
    if not np.all(np.isfinite(s)) or np.linalg.eigvalsh(s).min() <= 1e-10:
        result.problem = "singular"
        return result
    fitted = _semopy_fit(factors, s, n)
    if fitted is None:
        result.problem = "no convergence"
        return result
    model, sigma, df = fitted
    for name, value in fit_indices(s, sigma, n, df).items():
        setattr(result, name, value)
    result.df = df
    result.loadings, result.factor_correlations = _standardized(model, sigma)
    return result


def _semopy_fit(factors: dict[str, list[str]], s: np.ndarray, n: int):
    import semopy

    items = [item for block in factors.values() for item in block]
    model = semopy.Model(description(factors))
    semopy_log = logging.getLogger("semopy")
    level = semopy_log.level
    semopy_log.setLevel(logging.ERROR)
    try:
        with np.errstate(all="ignore"):
            outcome = model.fit(
                cov=pd.DataFrame(s, index=items, columns=items), n_samples=n, options={"ftol": 1e-12, "maxiter": 10000}
            )
        sigma = model.calc_sigma()[0]
    except (np.linalg.LinAlgError, ValueError):
        return None
    finally:
        semopy_log.setLevel(level)
    if not getattr(outcome, "success", False) or not np.all(np.isfinite(sigma)):
        return None
    order = [model.vars["observed"].index(item) for item in items]
    sigma = sigma[np.ix_(order, order)]
    p = len(items)
    return model, sigma, p * (p + 1) // 2 - len(model.param_vals)


def _standardized(model, sigma: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    lamb, psi = model.matrices[1], model.matrices[2]
    observed, latent = model.names_lambda
    implied_sd = np.sqrt(np.diag(model.calc_sigma()[0]))
    factor_sd = np.sqrt(np.clip(np.diag(psi), 0.0, None))
    standardized = lamb * factor_sd[None, :] / implied_sd[:, None]
    rows = [
        {"factor": f, "item": item, "loading": float(standardized[i, j])}
        for j, f in enumerate(latent)
        for i, item in enumerate(observed)
        if lamb[i, j] != 0
    ]
    with np.errstate(divide="ignore", invalid="ignore"):
        correlation = psi / np.outer(factor_sd, factor_sd)
    return pd.DataFrame(rows), pd.DataFrame(correlation, index=latent, columns=latent)


__all__ = ["CfaFit", "description", "fit_cfa", "fit_indices", "sample_covariance"]
