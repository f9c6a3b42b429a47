"""Internal consistency of a set of items: Cronbach's alpha, McDonald's omega total, item-total
statistics.

The definitions follow R's psych package (Revelle), checked against its sources ``R/alpha.R``
(``alpha``), ``R/omega.R`` (``omegah``), ``R/schmid.R`` and ``R/fa.R`` (``fa`` with
``fm = "minres"``); every choice is stated in the Notes of the function that makes it.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import optimize

from ..errors import DegenerateStatisticWarning, KompasValueError

NanPolicy = Literal["pairwise", "listwise"]
_NAN_POLICIES: tuple[str, ...] = ("pairwise", "listwise")

# psych::fa (fm = "minres") searches the uniquenesses within [0.005, 1]: a communality is capped
# at 0.995, which is how psych keeps a Heywood case finite.
_MIN_UNIQUENESS = 0.005


# ----------------------------------------------------------------------------------------------
# shared helpers (also used by _agreement)
# ----------------------------------------------------------------------------------------------


def _warn_degenerate(statistic: str, reason: str, fix: str, *, is_nan: bool = True, stacklevel: int = 3) -> None:
    """Warn that ``statistic`` is NaN (or, ``is_nan=False``, qualified) because of ``reason``."""
    outcome = " is NaN" if is_nan else ""
    warnings.warn(
        f"{statistic}{outcome}: {reason}. {fix}.",
        DegenerateStatisticWarning,
        stacklevel=stacklevel,
    )


def _check_nan_policy(nan_policy: object) -> str:
    if nan_policy not in _NAN_POLICIES:
        raise KompasValueError(
            f"Parameter 'nan_policy' must be one of {', '.join(map(repr, _NAN_POLICIES))}; "
            f"got {nan_policy!r}. Use 'pairwise' to use every available answer (as psych::alpha "
            "does) or 'listwise' to drop respondents with any missing item first."
        )
    return str(nan_policy)


def _item_matrix(items: pd.DataFrame | np.ndarray, parameter: str = "items") -> tuple[np.ndarray, pd.Index]:
    """Return ``(values, names)``: a float (n_rows, n_items) array with NaN for missing answers."""
    if isinstance(items, pd.DataFrame):
        frame = items
    else:
        array = np.asarray(items)
        if array.ndim != 2:
            raise KompasValueError(
                f"Parameter {parameter!r} must be two-dimensional (respondents in rows, items in "
                f"columns); got an array with {array.ndim} dimension(s) and shape {array.shape}. "
                "Pass a DataFrame or a 2-D array; for a single item use a one-column array."
            )
        frame = pd.DataFrame(array)
    try:
        values = frame.to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        non_numeric = [str(name) for name in frame.columns if not pd.api.types.is_numeric_dtype(frame[name].dtype)]
        raise KompasValueError(
            f"Parameter {parameter!r} must hold numeric answers; column(s) "
            f"{', '.join(non_numeric) or '(unknown)'} are not numeric. Convert the answers to "
            "numbers (for example 1-5) and leave missing answers empty (NaN)."
        ) from None
    return values, pd.Index(frame.columns)


def _describe_items(names: Sequence[object], limit: int = 5) -> str:
    shown = ", ".join(repr(name) for name in list(names)[:limit])
    extra = len(names) - limit
    return shown + (f" and {extra} more" if extra > 0 else "")


def _listwise(values: np.ndarray) -> np.ndarray:
    return values[~np.isnan(values).any(axis=1)]


def _constant_items(values: np.ndarray) -> np.ndarray:
    """Mask of items without variance: constant or fewer than 2 answers (psych drops them)."""
    missing = np.isnan(values)
    counts = (~missing).sum(axis=0)
    highest = np.max(np.where(missing, -np.inf, values), axis=0, initial=-np.inf)
    lowest = np.min(np.where(missing, np.inf, values), axis=0, initial=np.inf)
    return (counts < 2) | ~(highest - lowest > 0)


def _drop_constant_items(
    values: np.ndarray, names: pd.Index, statistic: str, *, stacklevel: int
) -> tuple[np.ndarray, pd.Index]:
    constant = _constant_items(values)
    if constant.any() and values.shape[0] > 0:
        kept = names[~constant]
        _warn_degenerate(
            statistic,
            f"item(s) {_describe_items(list(names[constant]))} have no variance (all answers "
            "equal, or fewer than 2 answers) and were left out, as psych does",
            f"The statistic uses the remaining {len(kept)} item(s); remove constant items from "
            "the scale or collect more answers",
            is_nan=False,
            stacklevel=stacklevel,
        )
    return values[:, ~constant], names[~constant]


def _answered_items(
    items: pd.DataFrame | np.ndarray, nan_policy: object, statistic: str
) -> tuple[np.ndarray, pd.Index] | None:
    """The items as an array with their names, constant items left out (warned); None, with a
    warning, when there are no answers at all. Called from a public statistic (stack levels)."""
    values, names = _prepare(items, nan_policy)
    if _no_answers(values):
        _warn_degenerate(
            statistic,
            "there are no answers (all values missing, or no complete respondent with nan_policy='listwise')",
            "Pass answered items, or use nan_policy='pairwise'",
            stacklevel=4,
        )
        return None
    return _drop_constant_items(values, names, statistic, stacklevel=5)


def _pairwise_covariance(values: np.ndarray) -> np.ndarray:
    """R's ``cov(x, use = "pairwise")``: each entry from the rows where both items are answered."""
    return pd.DataFrame(values).cov().to_numpy()


def _pairwise_correlation(values: np.ndarray) -> np.ndarray:
    """R's ``cor(x, use = "pairwise")``: means and SDs of each pair from its common rows."""
    return pd.DataFrame(values).corr().to_numpy()


def _first_missing_pair(matrix: np.ndarray, names: pd.Index) -> str:
    rows, columns = np.nonzero(np.isnan(matrix))
    return f"{names[rows[0]]!r} and {names[columns[0]]!r}"


def _alpha_from_covariance(covariance: np.ndarray) -> float:
    k = covariance.shape[0]
    return k / (k - 1) * (1.0 - np.trace(covariance) / covariance.sum())


def _prepare(items: pd.DataFrame | np.ndarray, nan_policy: object) -> tuple[np.ndarray, pd.Index]:
    policy = _check_nan_policy(nan_policy)
    values, names = _item_matrix(items)
    if policy == "listwise":
        values = _listwise(values)
    return values, names


def _no_answers(values: np.ndarray) -> bool:
    return values.size == 0 or bool(np.isnan(values).all())


# ----------------------------------------------------------------------------------------------
# Cronbach's alpha
# ----------------------------------------------------------------------------------------------


def cronbach_alpha(
    items: pd.DataFrame | np.ndarray,
    *,
    nan_policy: NanPolicy = "pairwise",
    standardized: bool = False,
) -> float:
    r"""Cronbach's coefficient alpha of a set of items, as ``psych::alpha`` computes it.

    Parameters
    ----------
    items : pandas.DataFrame or numpy.ndarray
        Answers, respondents in rows and items in columns (already reverse-keyed where needed);
        NaN marks a missing answer.
    nan_policy : {"pairwise", "listwise"}, default "pairwise"
        ``"pairwise"`` computes each covariance from the respondents who answered both items
        (psych's default ``use = "pairwise"``); ``"listwise"`` first drops every respondent
        with a missing answer.
    standardized : bool, default False
        Return standardized alpha (from the correlation matrix) instead of raw alpha.

    Returns
    -------
    float
        Alpha; NaN (with a :class:`~kompasmetrics.errors.DegenerateStatisticWarning`) when it is
        undefined: fewer than 2 items with variance, zero total variance, no answers, or two
        items never answered together.

    Notes
    -----
    With :math:`C` the (pairwise) covariance matrix of the :math:`k` items,

    .. math::

        \alpha = \frac{k}{k-1}\Bigl(1 - \frac{\operatorname{tr} C}{\mathbf 1'C\mathbf 1}\Bigr),

    and with :math:`R` = ``cov2cor(C)`` and :math:`\bar r` its mean off-diagonal element,
    standardized alpha is :math:`\frac{k}{k-1}(1 - k/\mathbf 1'R\mathbf 1)
    = k\bar r / (1 + (k-1)\bar r)`.

    Checked against psych's ``R/alpha.R`` (function ``alpha``, inner ``alpha.1``): raw alpha
    from ``cov(x, use = "pairwise")``, standardized alpha from ``cov2cor`` of that same matrix
    (not from separately computed pairwise correlations), and items whose standard deviation is
    zero or undefined are dropped with a warning before anything is computed; this function
    does the same. Items are not reversed automatically (psych only warns about negatively
    correlated items unless ``check.keys = TRUE``). The pairwise result equals
    ``pingouin.cronbach_alpha(nan_policy="pairwise")``; with complete data it also equals
    ICC(3,k) of Shrout & Fleiss (1979), which the tests use as a published check.

    With answers missing pairwise, each covariance rests on other respondents, the matrix need not
    be positive semidefinite, and the correlations it implies can exceed 1; then either alpha can
    exceed 1 (as psych's can), and a :class:`DegenerateStatisticWarning` says why.

    References
    ----------
    Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
    Psychometrika, 16, 297-334.
    """
    statistic = "standardized cronbach_alpha" if standardized else "cronbach_alpha"
    answered = _answered_items(items, nan_policy, statistic)
    if answered is None:
        return float("nan")
    values, names = answered
    if len(names) < 2:
        _warn_degenerate(
            statistic,
            f"alpha needs at least 2 items with variance, got {len(names)}",
            "Pass 2 or more items that respondents answered differently",
        )
        return float("nan")
    covariance = _pairwise_covariance(values)
    if np.isnan(covariance).any():
        _warn_degenerate(
            statistic,
            f"items {_first_missing_pair(covariance, names)} were answered together by fewer "
            "than 2 respondents, so their covariance is undefined",
            "Collect more complete answers, or drop one of these items",
        )
        return float("nan")
    scale = np.sqrt(np.diag(covariance))
    correlation = covariance / np.outer(scale, scale)
    largest = np.abs(correlation[~np.eye(len(names), dtype=bool)]).max()
    if largest > 1 + 1e-12:
        _warn_degenerate(
            statistic,
            f"with answers missing pairwise, the pairwise covariances imply correlations up to "
            f"{largest:.2f}, above 1, so alpha can exceed 1 (psych computes it the same way)",
            "Collect more complete answers, or use nan_policy='listwise' (respondents who answered every item)",
            is_nan=False,
        )
    if standardized:
        covariance = correlation
    total = covariance.sum()
    if not total > 1e-12 * np.trace(covariance):
        _warn_degenerate(
            statistic,
            f"the total score has no variance (sum of the covariance matrix = {total:.3g})",
            "Check the item keying: items that cancel each other out (one reversed copy of "
            "another) give a constant total",
        )
        return float("nan")
    return float(_alpha_from_covariance(covariance))


# ----------------------------------------------------------------------------------------------
# item-total statistics
# ----------------------------------------------------------------------------------------------


def item_total_statistics(items: pd.DataFrame | np.ndarray, *, nan_policy: NanPolicy = "pairwise") -> pd.DataFrame:
    r"""Per-item statistics of a scale: n, mean, SD, corrected item-total r, alpha if deleted.

    Parameters
    ----------
    items : pandas.DataFrame or numpy.ndarray
        Answers, respondents in rows and items in columns; NaN marks a missing answer.
    nan_policy : {"pairwise", "listwise"}, default "pairwise"
        As in :func:`cronbach_alpha`.

    Returns
    -------
    pandas.DataFrame
        Indexed by item name (the column labels, or 0..k-1 for an array) with columns

        ``n``
            number of answers to the item;
        ``mean``, ``sd``
            item mean and standard deviation (ddof = 1) over its answers;
        ``corrected_item_total_r``
            correlation of the item with the sum of the other items (psych's ``r.drop``);
        ``alpha_if_deleted``
            raw alpha of the other items (psych's ``alpha.drop$raw_alpha``).

    Notes
    -----
    From the (pairwise) covariance matrix :math:`C`, with :math:`c_i = \sum_{j\ne i} C_{ij}`
    and :math:`V_{-i} = \sum_{j,l\ne i} C_{jl}`:

    .. math:: r_{\text{drop},i} = c_i / \sqrt{C_{ii} V_{-i}}, \qquad
              \alpha_{-i} = \frac{k-1}{k-2}\Bigl(1 - \frac{\operatorname{tr} C - C_{ii}}
              {V_{-i}}\Bigr).

    Checked against psych's ``R/alpha.R``: ``r.drop`` is computed from the covariance matrix in
    exactly this way (so with missing data it uses the pairwise covariances, not a correlation
    with an observed rest score), ``n`` is ``colSums(!is.na(x))``, and ``mean``/``sd`` use every
    answer of the item. Items without variance get NaN in the last two columns and are left
    out of the other items' statistics (psych drops them); a warning says so. With 2 items the
    alpha of the single remaining item is undefined: NaN with a warning (psych reports
    cov12 / var of the remaining item there instead).
    """
    values, names = _prepare(items, nan_policy)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN items: NaN mean and SD
        n = (~np.isnan(values)).sum(axis=0)
        mean = np.nanmean(values, axis=0) if values.shape[0] else np.full(len(names), np.nan)
        sd = np.nanstd(values, axis=0, ddof=1) if values.shape[0] else np.full(len(names), np.nan)
    sd = np.where(n >= 2, sd, np.nan)
    result = pd.DataFrame(
        {
            "n": n.astype(np.int64),
            "mean": mean,
            "sd": sd,
            "corrected_item_total_r": np.nan,
            "alpha_if_deleted": np.nan,
        },
        index=names,
    )
    statistic = "item_total_statistics (corrected_item_total_r, alpha_if_deleted)"
    if _no_answers(values):
        _warn_degenerate(
            statistic,
            "there are no answers",
            "Pass answered items, or use nan_policy='pairwise'",
        )
        return result
    valid = ~_constant_items(values)
    kept, kept_names = _drop_constant_items(values, names, statistic, stacklevel=4)
    k = len(kept_names)
    if k < 2:
        _warn_degenerate(
            statistic,
            f"these need at least 2 items with variance, got {k}",
            "Pass 2 or more items that respondents answered differently",
        )
        return result
    covariance = _pairwise_covariance(kept)
    if np.isnan(covariance).any():
        _warn_degenerate(
            statistic,
            f"items {_first_missing_pair(covariance, kept_names)} were answered together by "
            "fewer than 2 respondents, so their covariance is undefined",
            "Collect more complete answers, or drop one of these items",
        )
        return result
    diagonal = np.diag(covariance)
    column_sums = covariance.sum(axis=0)
    rest_covariance = column_sums - diagonal
    rest_variance = covariance.sum() - 2.0 * column_sums + diagonal
    with np.errstate(divide="ignore", invalid="ignore"):
        r_drop = rest_covariance / np.sqrt(diagonal * rest_variance)
        if k >= 3:
            alpha_drop = (k - 1) / (k - 2) * (1.0 - (np.trace(covariance) - diagonal) / rest_variance)
        else:
            alpha_drop = np.full(k, np.nan)
    degenerate_rest = ~(rest_variance > 1e-12 * (np.trace(covariance) - diagonal))
    r_drop = np.where(degenerate_rest, np.nan, r_drop)
    alpha_drop = np.where(degenerate_rest, np.nan, alpha_drop)
    if k == 2:
        _warn_degenerate(
            statistic,
            "alpha_if_deleted is NaN: with 2 items, deleting one leaves a single item, whose alpha is undefined",
            "Use a scale of 3 or more items to judge alpha if deleted",
            is_nan=False,
        )
    elif degenerate_rest.any():
        _warn_degenerate(
            statistic,
            "the sum of the other items has no variance when deleting item(s) "
            f"{_describe_items(list(kept_names[degenerate_rest]))}, so their corrected "
            "item-total r and alpha if deleted are NaN",
            "Check the item keying (items cancelling each other out give a constant total)",
            is_nan=False,
        )
    result.loc[valid, "corrected_item_total_r"] = r_drop
    result.loc[valid, "alpha_if_deleted"] = alpha_drop
    return result


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
    statistic = "mcdonald_omega"
    answered = _answered_items(items, nan_policy, statistic)
    if answered is None:
        return float("nan")
    values, names = answered
    if len(names) < 3:
        _warn_degenerate(
            statistic,
            f"a one-factor model needs at least 3 items with variance to be identified, got {len(names)}",
            "Use cronbach_alpha for 2-item scales, or add items",
        )
        return float("nan")
    correlation = _pairwise_correlation(values)
    if np.isnan(correlation).any():
        _warn_degenerate(
            statistic,
            f"items {_first_missing_pair(correlation, names)} were answered together by fewer "
            "than 2 respondents (or did not vary among them), so their correlation is undefined",
            "Collect more complete answers, or drop one of these items",
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
        )
    if not np.isfinite(omega):
        _warn_degenerate(
            statistic,
            "the total of the standardized items has no variance (the sum of the correlation matrix is not positive)",
            "Check the item keying",
        )
        return float("nan")
    return float(omega)


__all__ = ["cronbach_alpha", "item_total_statistics", "mcdonald_omega"]
