r"""Measurement invariance across the languages of a study: configural and metric models.

For each construct model (see :mod:`._cfa`), with :math:`G` language groups of :math:`N_g`
respondents:

* configural: the same factors and items in every group, all parameters free per group. The
  model separates into the groups, so it is semopy's fit of each group, and
  :math:`\chi^2 = \sum_g N_g F_g`, :math:`d = \sum_g d_g`;
* metric (weak) invariance: the loadings equal across groups (the marker loading fixed to 1 in
  every group), factor (co)variances and residual variances free per group, as lavaan's
  ``group.equal = "loadings"``. The discrepancy :math:`\sum_g N_g F_g(\theta_g)` is minimised over
  one vector holding the shared loadings and each group's own parameters, with semopy's Wishart
  objective and gradient per group (one semopy model per group, its parameters labelled so that
  the groups share the loadings) and SciPy's L-BFGS-B, started from the configural estimates.

The indices use lavaan's multi-group formulas: baseline :math:`\chi^2_0 = \sum_g N_g
(\log|\operatorname{diag}S_g| - \log|S_g|)` on :math:`d_0 = G p(p-1)/2`, and
:math:`\mathrm{RMSEA} = \sqrt{G}\sqrt{\max((\chi^2 - d)/(N d), 0)}`. Metric invariance is taken to
fail when CFI drops by more than 0.01 from the configural model (Cheung & Rensvold, 2002): then
the scales' loadings differ between the languages and their scores are not comparable across them.

References
----------
Cheung, G. W., & Rensvold, R. B. (2002). Evaluating goodness-of-fit indexes for testing measurement
invariance. Structural Equation Modeling, 9, 233-255.
Vandenberg, R. J., & Lance, C. E. (2000). A review and synthesis of the measurement invariance
literature. Organizational Research Methods, 3, 4-70.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize

from ._cfa import MIN_RESPONDENTS, sample_covariance

DELTA_CFI = 0.01


@dataclass
class InvarianceFit:
    """Fit of one model in every group: ``chi2``, ``df``, ``cfi``, ``tli``, ``rmsea``."""

    chi2: float
    df: int
    cfi: float
    tli: float
    rmsea: float


def _labelled(factors: dict[str, list[str]]) -> str:
    lines = []
    for factor, items in factors.items():
        terms = [items[0]] + [f"load_{item}*{item}" for item in items[1:]]
        lines.append(f"{factor} =~ {' + '.join(terms)}")
    return "\n".join(lines)


def _indices(chi2: float, df: int, chi2_base: float, df_base: int, n: int, groups: int) -> InvarianceFit:
    denominator = max(chi2_base - df_base, chi2 - df, 0.0)
    cfi = 1.0 - max(chi2 - df, 0.0) / denominator if denominator > 0 else 1.0
    tli = (chi2_base / df_base - chi2 / df) / (chi2_base / df_base - 1.0) if df > 0 else np.nan
    rmsea = np.sqrt(groups) * np.sqrt(max((chi2 - df) / (n * df), 0.0)) if df > 0 else np.nan
    return InvarianceFit(chi2=float(chi2), df=int(df), cfi=float(cfi), tli=float(tli), rmsea=float(rmsea))


def _group_models(factors: dict[str, list[str]], data: pd.DataFrame, group: pd.Series, missing: str):
    import semopy

    items = [item for block in factors.values() for item in block]
    models = []
    for _, rows in data[items].groupby(group.to_numpy(), sort=True):
        s, n = sample_covariance(rows, missing)
        if n < max(MIN_RESPONDENTS, 2 * len(items)) or not np.all(np.isfinite(s)):
            return None
        if np.linalg.eigvalsh(s).min() <= 1e-10:
            return None
        model = semopy.Model(_labelled(factors))
        with np.errstate(all="ignore"):
            outcome = model.fit(
                cov=pd.DataFrame(s, index=items, columns=items), n_samples=n, options={"ftol": 1e-12, "maxiter": 10000}
            )
        if not getattr(outcome, "success", False):
            return None
        models.append((model, s, n))
    return models


def _active(model) -> list[str]:
    return [name for name, parameter in model.parameters.items() if parameter.active]


def _metric(models) -> float | None:
    """Minimum of sum_g N_g F_g with the loadings shared; None when the optimiser fails."""
    names = [_active(model) for model, _, _ in models]
    shared = sorted({name for group in names for name in group if name.startswith("load_")})
    index = {name: i for i, name in enumerate(shared)}
    positions = []
    for g, group in enumerate(names):
        keys = [name if name in shared else f"{g}:{name}" for name in group]
        positions.append([index.setdefault(key, len(index)) for key in keys])
    start = np.zeros(len(index))
    weight = np.zeros(len(index))
    bounds: list[tuple[float | None, float | None]] = [(None, None)] * len(index)
    for (model, _, _), where in zip(models, positions, strict=True):
        np.add.at(start, where, model.param_vals)
        np.add.at(weight, where, 1.0)
        for position, bound in zip(where, model.get_bounds(), strict=True):
            bounds[position] = bound
    start /= weight

    def objective(x: np.ndarray) -> tuple[float, np.ndarray]:
        total, gradient = 0.0, np.zeros_like(x)
        for (model, _, n), where in zip(models, positions, strict=True):
            value = model.obj_mlw(x[where])
            if not np.isfinite(value):
                return np.inf, gradient
            total += n * value
            np.add.at(gradient, where, n * model.grad_mlw(x[where]))
        return total, gradient

    with np.errstate(all="ignore"):
        result = optimize.minimize(
            objective, start, jac=True, method="L-BFGS-B", bounds=bounds, options={"ftol": 1e-15, "gtol": 1e-9}
        )
    return float(result.fun) if np.isfinite(result.fun) else None


def invariance(factors: dict[str, list[str]], data: pd.DataFrame, group: pd.Series, missing: str = "pairwise"):
    """Configural and metric fit of the model ``factors`` across the groups of ``group``; None when
    a group is too small or a model cannot be estimated."""
    semopy_log = logging.getLogger("semopy")
    level = semopy_log.level
    semopy_log.setLevel(logging.ERROR)
    try:
        models = _group_models(factors, data, group, missing)
        if models is None or len(models) < 2:
            return None
        metric_chi2 = _metric(models)
    finally:
        semopy_log.setLevel(level)
    if metric_chi2 is None:
        return None
    p = len(models[0][1])
    n = sum(size for _, _, size in models)
    chi2 = sum(size * model.last_result.fun for model, _, size in models)
    chi2_base = sum(size * float(np.sum(np.log(np.diag(s))) - np.linalg.slogdet(s)[1]) for _, s, size in models)
    free = [len(model.param_vals) for model, _, _ in models]
    moments = p * (p + 1) // 2
    df = sum(moments - k for k in free)
    n_loadings = sum(len(items) - 1 for items in factors.values())
    df_metric = df + n_loadings * (len(models) - 1)
    df_base, groups = len(models) * p * (p - 1) // 2, len(models)
    configural = _indices(chi2, df, chi2_base, df_base, n, groups)
    metric = _indices(min(max(metric_chi2, chi2), np.inf), df_metric, chi2_base, df_base, n, groups)
    return configural, metric


__all__ = ["DELTA_CFI", "InvarianceFit", "invariance"]
