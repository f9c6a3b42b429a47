r"""Polychoric correlations and ordinal alpha, as R's ``psych::polychoric`` and ``psych::alpha``.

An ordinal item :math:`x` with categories :math:`1..C` is read as a cut normal variable: :math:`x = c`
when :math:`\tau_{c-1} < z \le \tau_c`. The thresholds come from each item's own marginal
proportions, :math:`\tau_c = \Phi^{-1}(P(x \le c))` (psych's ``global = TRUE``), and the correlation
:math:`\rho` of two items maximises the likelihood of their cross table with the thresholds fixed
(the two-step estimator of Olsson, 1979):

.. math:: \ell(\rho) = \sum_{a,b} n_{ab} \log \bigl[\Phi_2(\tau_a, \tau_b; \rho) - \Phi_2(\tau_{a-1}, \tau_b; \rho)
          - \Phi_2(\tau_a, \tau_{b-1}; \rho) + \Phi_2(\tau_{a-1}, \tau_{b-1}; \rho)\bigr].

With global thresholds psych applies no continuity correction (its ``correct`` acts only when
``global = FALSE``), so empty cells add nothing to the likelihood, here as there. psych maximises with
R's ``optimize`` at its default tolerance (about 1e-4 in :math:`\rho`); the maximum here is found to 1e-9.
Ordinal alpha (Zumbo, Gadermann & Zeisser, 2007) is alpha of the polychoric matrix,
:math:`\frac{k}{k-1}(1 - k / \mathbf 1' R \mathbf 1)`: the reliability of a sum of the underlying
continuous responses, not of the observed codes.

References
----------
Olsson, U. (1979). Maximum likelihood estimation of the polychoric correlation coefficient.
Psychometrika, 44, 443-460.
Zumbo, B. D., Gadermann, A. M., & Zeisser, C. (2007). Ordinal versions of coefficients alpha and
theta for Likert rating scales. Journal of Modern Applied Statistical Methods, 6, 21-29.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize, special

_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(40)
_INFINITE = 8.5
"""A threshold standing for +-infinity: Phi(8.5) differs from 1 by 1e-17."""


def _phi(x: np.ndarray) -> np.ndarray:
    return 0.5 * special.erfc(-x / np.sqrt(2.0))


def bivariate_normal_cdf(h: np.ndarray, k: np.ndarray, rho: float) -> np.ndarray:
    r""":math:`\Phi_2(h, k; \rho)` by Sheppard's formula on a 40-point Gauss-Legendre rule,

    .. math:: \Phi_2 = \Phi(h)\Phi(k) + \frac1{2\pi}\int_0^{\arcsin\rho}
              \exp\Bigl(-\frac{h^2 + k^2 - 2hk\sin\theta}{2\cos^2\theta}\Bigr)\,d\theta,

    whose integrand is smooth in :math:`\theta` (accurate to about 1e-13 for :math:`|\rho| \le 0.999`).
    """
    h, k = np.asarray(h, float)[..., None], np.asarray(k, float)[..., None]
    top = np.arcsin(rho)
    theta = 0.5 * top * (_NODES + 1.0)
    sine, cosine2 = np.sin(theta), np.cos(theta) ** 2
    integrand = np.exp(-(h * h + k * k - 2.0 * h * k * sine) / (2.0 * cosine2))
    integral = 0.5 * top * (integrand @ _WEIGHTS)
    return _phi(h[..., 0]) * _phi(k[..., 0]) + integral / (2.0 * np.pi)


def thresholds(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The categories an item used and the thresholds between them, from its answers (NaN left out)."""
    answered = values[~np.isnan(values)]
    categories, counts = np.unique(answered, return_counts=True)
    cumulative = np.cumsum(counts)[:-1] / counts.sum()
    cuts = np.clip(special.ndtri(cumulative), -_INFINITE, _INFINITE)
    return categories, np.concatenate([[-_INFINITE], cuts, [_INFINITE]])


def _cross_table(x: np.ndarray, y: np.ndarray, cx: np.ndarray, cy: np.ndarray) -> np.ndarray:
    both = ~np.isnan(x) & ~np.isnan(y)
    rows = np.searchsorted(cx, x[both])
    columns = np.searchsorted(cy, y[both])
    return np.bincount(rows * len(cy) + columns, minlength=len(cx) * len(cy)).reshape(len(cx), len(cy)).astype(float)


def polychoric_pair(table: np.ndarray, tau_x: np.ndarray, tau_y: np.ndarray) -> float:
    """The polychoric correlation of one cross table (counts) with fixed thresholds (length C + 1)."""
    proportions = table / table.sum()
    h, k = np.meshgrid(tau_x, tau_y, indexing="ij")

    def negative_loglik(rho: float) -> float:
        cdf = bivariate_normal_cdf(h, k, rho)
        cells = cdf[1:, 1:] - cdf[:-1, 1:] - cdf[1:, :-1] + cdf[:-1, :-1]
        return -float(np.sum(proportions * np.log(np.maximum(cells, 1e-300))))

    result = optimize.minimize_scalar(
        negative_loglik, bounds=(-0.9999, 0.9999), method="bounded", options={"xatol": 1e-9}
    )
    return float(result.x)


def polychoric_matrix(values: np.ndarray) -> np.ndarray:
    """The polychoric correlation matrix of the columns of ``values`` (respondents x items, NaN missing).

    Pairwise: each pair uses the respondents who answered both; thresholds use every answer of the
    item (psych's ``global = TRUE``). An item with fewer than two categories gives NaN entries.
    """
    k = values.shape[1]
    marginals = [thresholds(values[:, j]) for j in range(k)]
    matrix = np.eye(k)
    for i in range(k):
        for j in range(i + 1, k):
            (cx, tx), (cy, ty) = marginals[i], marginals[j]
            if len(cx) < 2 or len(cy) < 2:
                matrix[i, j] = matrix[j, i] = np.nan
                continue
            table = _cross_table(values[:, i], values[:, j], cx, cy)
            matrix[i, j] = matrix[j, i] = polychoric_pair(table, tx, ty) if table.sum() >= 2 else np.nan
    return matrix


def alpha_from_correlation(correlation: np.ndarray) -> float:
    r"""Alpha of a correlation matrix, :math:`\frac{k}{k-1}(1 - k / \mathbf 1'R\mathbf 1)`
    (psych's ``alpha`` given a correlation matrix; ordinal alpha when it is polychoric)."""
    k = correlation.shape[0]
    total = correlation.sum()
    if k < 2 or not np.isfinite(total) or total <= 0:
        return float("nan")
    return float(k / (k - 1) * (1.0 - k / total))


__all__ = ["alpha_from_correlation", "bivariate_normal_cdf", "polychoric_matrix", "thresholds"]
