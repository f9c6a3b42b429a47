r"""Confidence intervals for alpha (Feldt) and omega (percentile bootstrap).

Alpha: Feldt, Woodruff & Salih (1987). With :math:`n` respondents and :math:`k` items,
:math:`(1 - \alpha)/(1 - \hat\alpha)` follows an :math:`F(n - 1, (n - 1)(k - 1))` distribution, so the
:math:`1 - \gamma` interval is

.. math:: \bigl[\,1 - (1 - \hat\alpha) F_{1-\gamma/2},\; 1 - (1 - \hat\alpha) F_{\gamma/2}\,\bigr],

as ``psych::alpha.ci`` computes it (psych prints it as "Feldt" confidence boundaries).

Omega: no closed form is accurate for a minres omega (Kelley & Pornprasertmanit, 2016, recommend
the bootstrap). Respondents are resampled with replacement ``n_boot`` times; each replicate's
pairwise correlation matrix is computed from multinomial weights (one matrix product for every pair
of items) and its one-factor minres solution found by iterated principal axes, run on all replicates
at once. Off the boundary that fixed point is the minres solution of
:func:`kompasmetrics.stats.mcdonald_omega`; on the boundary (a Heywood case) uniquenesses are clipped
to psych's bound 0.005. The interval is the 2.5th and 97.5th percentile of the replicates.

References
----------
Feldt, L. S., Woodruff, D. J., & Salih, F. A. (1987). Statistical inference for coefficient alpha.
Applied Psychological Measurement, 11, 93-103.
Kelley, K., & Pornprasertmanit, S. (2016). Confidence intervals for population reliability
coefficients: Evaluation of methods, recommendations, and software for composite measures.
Psychological Methods, 21, 69-92.
McDonald, R. P. (1999). Test theory: A unified treatment. Erlbaum.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

_MIN_UNIQUENESS = 0.005


def feldt_interval(alpha: float, n: int, k: int, level: float = 0.95) -> tuple[float, float]:
    """Feldt's interval for coefficient alpha from ``n`` respondents and ``k`` items."""
    if not (np.isfinite(alpha) and n >= 2 and k >= 2):
        return float("nan"), float("nan")
    tail = (1.0 - level) / 2.0
    df1, df2 = n - 1, (n - 1) * (k - 1)
    lower = 1.0 - (1.0 - alpha) * stats.f.ppf(1.0 - tail, df1, df2)
    upper = 1.0 - (1.0 - alpha) * stats.f.ppf(tail, df1, df2)
    return float(lower), float(upper)


def bootstrap_weights(n: int, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """How often each respondent is drawn in each replicate (n_boot x n multinomial counts)."""
    return rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot).astype(float)


def weighted_correlations(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Pairwise correlation matrices (n_boot x k x k) of ``values`` under each row of ``weights``:
    each pair from the respondents who answered both, as ``cor(use = "pairwise")``."""
    k = values.shape[1]
    answered = ~np.isnan(values)
    filled = np.where(answered, values, 0.0)
    pairs = [(i, j) for i in range(k) for j in range(i + 1, k)]
    columns = []
    for i, j in pairs:
        both = (answered[:, i] & answered[:, j]).astype(float)
        x, y = filled[:, i] * both, filled[:, j] * both
        columns += [both, x, y, x * filled[:, i], y * filled[:, j], x * filled[:, j]]
    sums = (weights @ np.column_stack(columns)).reshape(len(weights), len(pairs), 6)
    count, sx, sy, sxx, syy, sxy = np.moveaxis(sums, 2, 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        covariance = sxy - sx * sy / count
        r = covariance / np.sqrt((sxx - sx**2 / count) * (syy - sy**2 / count))
    matrices = np.repeat(np.eye(k)[None], len(weights), axis=0)
    for p, (i, j) in enumerate(pairs):
        matrices[:, i, j] = matrices[:, j, i] = r[:, p]
    return matrices


def batched_omega(correlations: np.ndarray, max_iter: int = 300, tol: float = 1e-7) -> np.ndarray:
    r"""Omega total of each correlation matrix (b x k x k) under one minres factor, by iterated
    principal axes: :math:`u \leftarrow \operatorname{clip}(1 - \lambda^2, 0.005, 1)` with
    :math:`\lambda` the first principal axis of :math:`R - \operatorname{diag}(u)`; then
    :math:`\omega = (V_t - \sum u)/V_t`, :math:`V_t = s'Rs` with :math:`s` the signs of the loadings
    (psych's ``flip``). Matrices with a missing entry give NaN. The tolerance on the uniquenesses
    (1e-7) is far below the spread of the replicates, which is all an interval needs."""
    valid = np.isfinite(correlations).all(axis=(1, 2))
    omega = np.full(len(correlations), np.nan)
    if not valid.any():
        return omega
    r = correlations[valid]
    k = r.shape[1]
    identity = np.eye(k)
    inverse = np.linalg.pinv(r, hermitian=True)
    uniqueness = np.clip(1.0 / np.diagonal(inverse, axis1=1, axis2=2), _MIN_UNIQUENESS, 1.0)
    for _ in range(max_iter):
        values, vectors = np.linalg.eigh(r - uniqueness[:, :, None] * identity)
        loadings = vectors[:, :, -1] * np.sqrt(np.maximum(values[:, -1], 0.0))[:, None]
        updated = np.clip(1.0 - loadings**2, _MIN_UNIQUENESS, 1.0)
        done = np.max(np.abs(updated - uniqueness)) < tol
        uniqueness = updated
        if done:
            break
    signs = np.where(loadings < 0, -1.0, 1.0)
    signs *= np.where(loadings.sum(axis=1) < 0, -1.0, 1.0)[:, None]
    total = np.einsum("bi,bij,bj->b", signs, r, signs)
    unique = np.sum(1.0 - loadings**2, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        omega[valid] = np.where(total > 0, (total - unique) / total, np.nan)
    return omega


def omega_interval(values: np.ndarray, weights: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of omega total for the items in ``values`` (NaN if < 3 items)."""
    if values.shape[1] < 3 or len(weights) < 20:
        return float("nan"), float("nan")
    omegas = batched_omega(weighted_correlations(values, weights))
    omegas = omegas[np.isfinite(omegas)]
    if len(omegas) < 0.9 * len(weights):
        return float("nan"), float("nan")
    tail = (1.0 - level) / 2.0
    lower, upper = np.quantile(omegas, [tail, 1.0 - tail])
    return float(lower), float(upper)


__all__ = ["batched_omega", "bootstrap_weights", "feldt_interval", "omega_interval", "weighted_correlations"]
