"""McDonald's omega total of a set of items under one common factor, as ``psych::omega``.

Checked against psych's ``R/omega.R`` (``omegah``), ``R/schmid.R`` and ``R/fa.R`` (``fa`` with
``fm = "minres"``); every choice is stated in the Notes of :func:`mcdonald_omega`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import optimize

from ._items import ItemMoments, NanPolicy, _answered_items, _describe_items, _first_missing_pair, _warn_degenerate

# psych::fa (fm = "minres") searches the uniquenesses within [0.005, 1]: a communality is capped
# at 0.995, which is how psych keeps a Heywood case finite.
_MIN_UNIQUENESS = 0.005

# ----------------------------------------------------------------------------------------------
# McDonald's omega total
# ----------------------------------------------------------------------------------------------


def _squared_multiple_correlations(correlation: np.ndarray) -> np.ndarray:
    try:
        inverse = np.linalg.inv(correlation)
    except np.linalg.LinAlgError:
        inverse = np.linalg.pinv(correlation)
    with np.errstate(divide="ignore", invalid="ignore"):
        smc = 1.0 - 1.0 / np.diag(inverse)
    return np.clip(np.nan_to_num(smc, nan=0.0), 0.0, 1.0)


def _first_factor(reduced: np.ndarray) -> np.ndarray:
    eigenvalues, eigenvectors = np.linalg.eigh(reduced)
    return eigenvectors[:, -1] * np.sqrt(max(eigenvalues[-1], 0.0))


def _one_factor_minres(correlation: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Loadings and uniquenesses of one common factor fitted by unweighted least squares.

    Minimises ``0.5 * ||R - Psi - l l'||^2`` over the uniquenesses ``Psi`` in [0.005, 1], with
    ``l`` the first principal axis of ``R - Psi`` (psych::fa, fm = "minres"). Its gradient is
    minus the diagonal residual, so the interior solution reproduces the diagonal exactly and
    then equals the minimum-residual (off-diagonal) solution.
    """
    k = correlation.shape[0]
    identity = np.eye(k)

    def objective(uniqueness: np.ndarray) -> tuple[float, np.ndarray]:
        reduced = correlation - uniqueness * identity
        loadings = _first_factor(reduced)
        residual = reduced - np.outer(loadings, loadings)
        return 0.5 * float(np.sum(residual * residual)), -np.diag(residual).copy()

    start = np.clip(1.0 - _squared_multiple_correlations(correlation), _MIN_UNIQUENESS, 1.0)
    solution = optimize.minimize(
        objective,
        start,
        jac=True,
        method="L-BFGS-B",
        bounds=[(_MIN_UNIQUENESS, 1.0)] * k,
        options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 2000},
    )
    uniqueness = solution.x
    # Principal-axis polishing: L-BFGS-B stops on a relative objective change, which leaves the
    # uniquenesses accurate to about sqrt(ftol); the fixed point below is the same solution.
    polished = uniqueness
    for _ in range(500):
        loadings = _first_factor(correlation - polished * identity)
        updated = np.clip(np.diag(correlation) - loadings**2, _MIN_UNIQUENESS, 1.0)
        converged = np.max(np.abs(updated - polished)) < 1e-13
        polished = updated
        if converged:
            break
    if objective(polished)[0] <= objective(uniqueness)[0]:
        uniqueness = polished
    loadings = _first_factor(correlation - uniqueness * identity)
    if loadings.sum() < 0:
        loadings = -loadings
    return loadings, uniqueness


def _omega_total_from_correlation(correlation: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """Omega total of a one-factor model of ``correlation``, as psych::omegah computes it.

    Returns ``(omega_total, loadings, heywood)``; ``heywood`` marks items whose communality
    reached the bound 0.995 (uniqueness at psych's lower bound 0.005).
    """
    loadings, uniqueness = _one_factor_minres(correlation)
    communality = loadings**2
    # psych::omegah (flip = TRUE) reverses items with a negative general loading before summing
    signs = np.where(loadings < 0, -1.0, 1.0)
    total_variance = float(signs @ correlation @ signs)
    unique_variance = float(np.sum(np.diag(correlation) - communality))
    heywood = uniqueness <= _MIN_UNIQUENESS * (1 + 1e-9)
    if not total_variance > 0:
        return float("nan"), loadings, heywood
    return (total_variance - unique_variance) / total_variance, loadings, heywood


def mcdonald_omega(items: pd.DataFrame | np.ndarray, *, nan_policy: NanPolicy = "pairwise") -> float:
    r"""McDonald's omega total of a set of items under a one-factor model, as ``psych::omega``.

    Parameters
    ----------
    items : pandas.DataFrame or numpy.ndarray
        Answers, respondents in rows and items in columns; NaN marks a missing answer.
    nan_policy : {"pairwise", "listwise"}, default "pairwise"
        ``"pairwise"`` correlates each pair of items over the respondents who answered both
        (psych's ``cor(m, use = "pairwise")``); ``"listwise"`` drops incomplete respondents.

    Returns
    -------
    float
        Omega total; NaN with a :class:`~kompasmetrics.errors.DegenerateStatisticWarning` when
        fewer than 3 items have variance (one factor is not identified with 2 items), when
        two items were never answered together, or when there are no answers.

    Notes
    -----
    One common factor is fitted to the correlation matrix :math:`R` by minimum residual
    (unweighted least squares; psych's default ``fm = "minres"``), giving loadings
    :math:`\lambda_i`, communalities :math:`h_i^2 = \lambda_i^2` and uniquenesses
    :math:`u_i^2 = 1 - h_i^2`. Then

    .. math:: \omega_t = \frac{V_t - \sum_i u_i^2}{V_t}, \qquad V_t = \mathbf 1'R\mathbf 1,

    the *observed* total variance of the standardized items, not the model-implied
    :math:`(\sum\lambda_i)^2 + \sum u_i^2` (the two agree when one factor fits exactly;
    then :math:`\omega_t = (\sum\lambda)^2 / ((\sum\lambda)^2 + \sum(1-\lambda^2))`, and
    with equal loadings it equals standardized alpha; the tests check both).

    Checked against psych's ``R/omega.R`` (``omegah``: ``om.tot <- (Vt - uniq)/Vt`` with
    ``Vt <- sum(m)`` of the correlation matrix ``m``), ``R/schmid.R`` (one factor:
    ``u2 <- diag(model) - h2``) and ``R/fa.R`` (``fm = "minres"``: L-BFGS-B over the
    uniquenesses bounded to [0.005, 1]). Hence:

    * Heywood cases: the uniqueness is bounded below by 0.005, so a communality is capped at
      0.995 as in psych; a warning names the items concerned, because the value then rests on
      a boundary solution (psych warns only when a communality exceeds 1). On the bound the
      solutions can differ considerably: this function returns the bounded least-squares
      optimum, while psych's L-BFGS-B pairs the off-diagonal residual with the full-residual
      gradient and stops elsewhere on the boundary (in the test case .8827 here, .8825 in psych;
      on random data one case reached 0.40 here against 0.24 in psych). Off the boundary this
      solution has the lower minres criterion where the two differ (psych's optimiser stops
      early), and lavaan's ULS estimate of the same one-factor model confirms it to about 1e-6.
    * Items with a negative loading are reversed when summing :math:`R` (psych's default
      ``flip = TRUE``); alpha, in contrast, never reverses items.
    * Items without variance are dropped with a warning, as in :func:`cronbach_alpha`.

    The fit here minimises the unweighted least-squares discrepancy with the analytic
    gradient that psych also uses, then polishes by iterated principal axes, whose fixed point
    is the same solution; results agree with psych's to its optimiser tolerance.

    References
    ----------
    McDonald, R. P. (1999). Test theory: A unified treatment. Mahwah, NJ: Erlbaum.
    Revelle, W., & Zinbarg, R. E. (2009). Coefficients alpha, beta, omega, and the glb.
    Psychometrika, 74, 145-154.
    """
    return _mcdonald_omega(ItemMoments.of(items, nan_policy))


def _mcdonald_omega(moments: ItemMoments) -> float:
    """:func:`mcdonald_omega` from the moments of the items (warnings as there)."""
    statistic = "mcdonald_omega"
    keep = _answered_items(moments, statistic)
    if keep is None:
        return float("nan")
    names = moments.names[keep]
    if len(names) < 3:
        _warn_degenerate(
            statistic,
            f"a one-factor model needs at least 3 items with variance to be identified, got {len(names)}",
            "Use cronbach_alpha for 2-item scales, or add items",
            stacklevel=4,
        )
        return float("nan")
    correlation = moments.correlation[np.ix_(keep, keep)]
    if np.isnan(correlation).any():
        _warn_degenerate(
            statistic,
            f"items {_first_missing_pair(correlation, names)} were answered together by fewer "
            "than 2 respondents (or did not vary among them), so their correlation is undefined",
            "Collect more complete answers, or drop one of these items",
            stacklevel=4,
        )
        return float("nan")
    omega, _, heywood = _omega_total_from_correlation(correlation)
    if heywood.any():
        _warn_degenerate(
            statistic,
            f"Heywood case: the communality of item(s) {_describe_items(list(names[heywood]))} "
            "reached the bound 0.995 (uniqueness 0.005), so omega rests on a boundary "
            "solution, as psych::omega's would",
            "Look for near-duplicate items or too few respondents; with 3 items one factor is "
            "just identified and this happens easily",
            is_nan=False,
            stacklevel=4,
        )
    if not np.isfinite(omega):
        _warn_degenerate(
            statistic,
            "the total of the standardized items has no variance (the sum of the correlation matrix is not positive)",
            "Check the item keying",
            stacklevel=4,
        )
        return float("nan")
    return float(omega)


__all__ = ["mcdonald_omega"]
