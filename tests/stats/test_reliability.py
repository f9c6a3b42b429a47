"""Tests of kompasmetrics.stats reliability: cronbach_alpha, item_total_statistics, mcdonald_omega.

Each expected value names its source: a published table, R's psych package (values computed with
psych 2.2.9 on R 4.2.2, Debian bookworm), pingouin 0.7, or a closed-form truth.
"""

from __future__ import annotations

import io
import warnings

import numpy as np
import pandas as pd
import pingouin as pg
import pytest

from kompasmetrics import stats
from kompasmetrics.errors import DegenerateStatisticWarning, KompasValueError
from kompasmetrics.stats import cronbach_alpha, item_total_statistics, mcdonald_omega
from kompasmetrics.stats._reliability import _omega_total_from_correlation

# Shrout & Fleiss (1979), Table 2: 6 targets (rows) rated by 4 judges (columns).
SHROUT_FLEISS = np.array(
    [
        [9, 2, 5, 8],
        [6, 1, 3, 2],
        [8, 4, 6, 8],
        [7, 1, 2, 6],
        [10, 5, 6, 9],
        [6, 2, 4, 7],
    ],
    dtype=float,
)

# 30 respondents x 5 items of a 1-5 scale with missing answers ("."), used for the psych
# reference values below.
PSYCH_ITEMS_TEXT = """\
4 4 . 5 3
5 . 3 5 3
4 3 2 4 2
3 4 2 1 3
2 2 2 3 4
. 2 3 4 3
3 . 3 3 3
5 3 4 4 3
4 4 5 4 4
4 5 3 3 3
3 4 4 4 3
3 2 2 3 3
2 1 2 3 .
4 5 5 4 4
2 3 1 3 3
3 5 1 3 3
2 1 1 1 2
3 3 2 3 3
2 . 1 1 3
1 2 . 2 3
4 3 4 1 3
1 1 2 2 3
3 4 4 1 .
3 3 3 4 4
1 3 2 4 3
3 5 4 3 3
5 4 4 3 3
4 . 4 4 2
2 . 3 4 3
2 4 3 2 1
"""


def psych_items() -> pd.DataFrame:
    frame = pd.read_csv(io.StringIO(PSYCH_ITEMS_TEXT), sep=" ", header=None, na_values=".")
    frame.columns = [f"q{i}" for i in range(1, 6)]
    return frame


def exact_correlation_data(correlation: np.ndarray, n_rows: int = 250, seed: int = 0):
    """Data whose sample correlation matrix equals ``correlation`` to rounding error."""
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal((n_rows, correlation.shape[0]))
    noise -= noise.mean(axis=0)
    whitening = np.linalg.inv(np.linalg.cholesky(np.cov(noise, rowvar=False)))
    return noise @ whitening.T @ np.linalg.cholesky(correlation).T


def one_factor_correlation(loadings: np.ndarray) -> np.ndarray:
    correlation = np.outer(loadings, loadings)
    np.fill_diagonal(correlation, 1.0)
    return correlation


def random_likert(seed: int, n_rows: int = 150, n_items: int = 6, missing: float = 0.1):
    rng = np.random.default_rng(seed)
    factor = rng.standard_normal(n_rows)
    loadings = rng.uniform(0.3, 1.0, n_items)
    values = np.round(3 + factor[:, None] * loadings + rng.standard_normal((n_rows, n_items)))
    values = np.clip(values, 1, 5)
    values[rng.random(values.shape) < missing] = np.nan
    return pd.DataFrame(values, columns=[f"item{i}" for i in range(n_items)])


# ----------------------------------------------------------------------------------------------
# Cronbach's alpha
# ----------------------------------------------------------------------------------------------


def test_alpha_equals_published_icc3k_of_shrout_fleiss():
    """Shrout & Fleiss (1979) Table 4: ICC(3,k) = .91; alpha is the consistency ICC(3,k).

    From their Table 3 mean squares, (BMS - EMS)/BMS = (11.24 - 1.02)/11.24 = .909.
    """
    alpha = cronbach_alpha(SHROUT_FLEISS)
    assert round(alpha, 2) == 0.91
    assert alpha == pytest.approx((11.24 - 1.02) / 11.24, abs=1e-3)
    assert alpha == pytest.approx(0.909315542377069, abs=1e-12)  # psych::alpha, same data


def test_alpha_matches_psych_with_pairwise_missing_data():
    """psych::alpha(x) on PSYCH_ITEMS_TEXT (use = "pairwise"): raw .7236, std .7106."""
    items = psych_items()
    assert cronbach_alpha(items) == pytest.approx(0.723641716727426, abs=1e-12)
    assert cronbach_alpha(items, standardized=True) == pytest.approx(0.710622134471556, abs=1e-12)


def test_alpha_listwise_matches_psych_on_complete_cases():
    """psych::alpha(na.omit(x)) = .7384 on PSYCH_ITEMS_TEXT."""
    items = psych_items()
    assert cronbach_alpha(items, nan_policy="listwise") == pytest.approx(0.738364891169704, 1e-12)
    assert cronbach_alpha(items, nan_policy="listwise") == pytest.approx(cronbach_alpha(items.dropna()))


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
@pytest.mark.parametrize("nan_policy", ["pairwise", "listwise"])
def test_alpha_matches_pingouin(seed, nan_policy):
    """pingouin.cronbach_alpha (0.7) implements the same pairwise/listwise covariance alpha."""
    items = random_likert(seed)
    expected, _ = pg.cronbach_alpha(data=items, nan_policy=nan_policy)
    assert cronbach_alpha(items, nan_policy=nan_policy) == pytest.approx(expected, abs=1e-12)


def test_standardized_alpha_is_spearman_brown_of_mean_correlation():
    """Standardized alpha = k rbar / (1 + (k - 1) rbar), rbar the mean inter-item correlation."""
    items = random_likert(7, missing=0.0)
    correlation = items.corr().to_numpy()
    k = correlation.shape[0]
    rbar = correlation[~np.eye(k, dtype=bool)].mean()
    expected = k * rbar / (1 + (k - 1) * rbar)
    assert cronbach_alpha(items, standardized=True) == pytest.approx(expected, abs=1e-12)


def test_alpha_accepts_arrays_and_nullable_integers():
    items = psych_items()
    nullable = items.astype("Int64")
    assert cronbach_alpha(nullable) == pytest.approx(cronbach_alpha(items))
    assert cronbach_alpha(items.to_numpy()) == pytest.approx(cronbach_alpha(items))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_alpha_and_omega_do_not_depend_on_item_order(seed):
    items = random_likert(seed)
    order = np.random.default_rng(seed).permutation(items.columns)
    assert cronbach_alpha(items[order]) == pytest.approx(cronbach_alpha(items), abs=1e-12)
    assert cronbach_alpha(items[order], standardized=True) == pytest.approx(
        cronbach_alpha(items, standardized=True), abs=1e-12
    )
    assert mcdonald_omega(items[order]) == pytest.approx(mcdonald_omega(items), abs=1e-8)


# ----------------------------------------------------------------------------------------------
# item-total statistics
# ----------------------------------------------------------------------------------------------


def test_item_total_statistics_match_psych():
    """psych::alpha(x)$item.stats (n, mean, sd, r.drop) and $alpha.drop$raw_alpha."""
    result = item_total_statistics(psych_items())
    assert list(result.columns) == [
        "n",
        "mean",
        "sd",
        "corrected_item_total_r",
        "alpha_if_deleted",
    ]
    assert list(result.index) == ["q1", "q2", "q3", "q4", "q5"]
    assert result["n"].tolist() == [29, 25, 28, 30, 28]
    np.testing.assert_allclose(result["mean"], [3.0, 3.2, 2.82142857142857, 3.03333333333333, 2.96428571428571])
    np.testing.assert_allclose(
        result["sd"],
        [
            1.164964745021435,
            1.258305739211792,
            1.188013325420074,
            1.188546876720022,
            0.637247719560185,
        ],
    )
    np.testing.assert_allclose(
        result["corrected_item_total_r"],
        [
            0.654125082075205,
            0.512117312318019,
            0.629254615016642,
            0.395879951319906,
            0.238351010605037,
        ],
        atol=1e-12,
    )
    np.testing.assert_allclose(
        result["alpha_if_deleted"],
        [
            0.602418586603800,
            0.666211924948431,
            0.612719833483161,
            0.713280412392612,
            0.748688131122048,
        ],
        atol=1e-12,
    )


def test_item_total_statistics_definitions_on_complete_data():
    """Definitions: r with the sum of the other items; alpha of the other items."""
    items = random_likert(11, missing=0.0)
    result = item_total_statistics(items)
    for name in items.columns:
        rest = items.drop(columns=name)
        expected_r = np.corrcoef(items[name], rest.sum(axis=1))[0, 1]
        assert result.loc[name, "corrected_item_total_r"] == pytest.approx(expected_r, abs=1e-12)
        assert result.loc[name, "alpha_if_deleted"] == pytest.approx(cronbach_alpha(rest), 1e-12)


# ----------------------------------------------------------------------------------------------
# McDonald's omega
# ----------------------------------------------------------------------------------------------


def test_omega_matches_psych_with_pairwise_missing_data():
    """psych::omega(x, nfactors = 1)$omega.tot = .731348453 on PSYCH_ITEMS_TEXT.

    psych's L-BFGS-B stops at its default tolerance, so agreement is to about 1e-7.
    """
    assert mcdonald_omega(psych_items()) == pytest.approx(0.731348453125213, abs=1e-6)


@pytest.mark.parametrize(
    "loadings",
    [
        [0.8, 0.7, 0.6, 0.5, 0.4],
        [0.9, 0.3, 0.3, 0.6],
        [0.45, 0.55, 0.65],
        [0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7],
    ],
)
def test_omega_of_an_exact_one_factor_model(loadings):
    """Closed form for R = ll' + diag(1 - l^2): omega = (sum l)^2 / ((sum l)^2 + sum(1 - l^2))."""
    loadings = np.asarray(loadings)
    correlation = one_factor_correlation(loadings)
    truth = loadings.sum() ** 2 / (loadings.sum() ** 2 + np.sum(1 - loadings**2))
    omega, fitted, heywood = _omega_total_from_correlation(correlation)
    assert omega == pytest.approx(truth, abs=1e-10)
    np.testing.assert_allclose(fitted, loadings, atol=1e-8)
    assert not heywood.any()
    data = exact_correlation_data(correlation)
    assert mcdonald_omega(data) == pytest.approx(truth, abs=1e-10)


def test_omega_with_equal_loadings_equals_standardized_alpha():
    """Tau-equivalent standardized items: omega total = standardized alpha (McDonald, 1999)."""
    data = exact_correlation_data(one_factor_correlation(np.full(6, 0.6)))
    assert mcdonald_omega(data) == pytest.approx(cronbach_alpha(data, standardized=True), abs=1e-10)


def test_omega_reverses_negatively_loading_items_as_psych_flip():
    """psych::omega (flip = TRUE) reverses items with negative loadings before summing R."""
    loadings = np.array([0.8, 0.7, 0.6, 0.5])
    data = exact_correlation_data(one_factor_correlation(loadings))
    flipped = data.copy()
    flipped[:, 1] = -flipped[:, 1]
    assert mcdonald_omega(flipped) == pytest.approx(mcdonald_omega(data), abs=1e-10)


def test_omega_heywood_case_is_bounded_and_warned():
    """r12 r13 / r23 = 1.28 > 1: a Heywood case. psych warns of an ultra-Heywood case and keeps
    the improper solution (x1 loads 1.025, uniqueness -.051), giving omega.tot = .8825 on these
    data (tests/stats/r/reference.R); kompasmetrics bounds the uniqueness at zero and warns, so
    agreement is to 1e-3."""
    correlation = np.array([[1.0, 0.8, 0.8], [0.8, 1.0, 0.5], [0.8, 0.5, 1.0]])
    data = exact_correlation_data(correlation, n_rows=300)
    with pytest.warns(DegenerateStatisticWarning, match="Heywood"):
        omega = mcdonald_omega(data)
    assert omega == pytest.approx(0.88253477399485, abs=1e-3)


# ----------------------------------------------------------------------------------------------
# degenerate input: NaN with a DegenerateStatisticWarning
# ----------------------------------------------------------------------------------------------


DEGENERATE = {
    "one item": pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0]}),
    "zero variance": pd.DataFrame({"a": [3.0] * 5, "b": [3.0] * 5, "c": [3.0] * 5}),
    "all missing": pd.DataFrame({"a": [np.nan] * 4, "b": [np.nan] * 4, "c": [np.nan] * 4}),
    "no rows": pd.DataFrame({"a": [], "b": [], "c": []}, dtype=float),
    "never answered together": pd.DataFrame(
        {
            "a": [1, 2, 3, np.nan, np.nan, np.nan],
            "b": [np.nan, np.nan, np.nan, 1, 2, 4],
            "c": [1, 3, 2, 4, 1, 2],
        }
    ),
}


@pytest.mark.parametrize("case", list(DEGENERATE))
@pytest.mark.parametrize("function", [cronbach_alpha, mcdonald_omega])
def test_degenerate_input_gives_nan_and_warns(case, function):
    with pytest.warns(DegenerateStatisticWarning, match=function.__name__):
        result = function(DEGENERATE[case])
    assert np.isnan(result)


def test_alpha_of_a_constant_total_is_nan():
    """Item b = 6 - a: the total score is constant, so alpha is undefined (not 0)."""
    a = np.array([1.0, 2.0, 4.0, 5.0, 3.0])
    with pytest.warns(DegenerateStatisticWarning, match="no variance"):
        assert np.isnan(cronbach_alpha(np.column_stack([a, 6 - a])))


def test_listwise_without_complete_rows_is_nan():
    items = pd.DataFrame({"a": [1.0, np.nan, 3.0], "b": [np.nan, 2.0, np.nan]})
    with pytest.warns(DegenerateStatisticWarning, match="listwise"):
        assert np.isnan(cronbach_alpha(items, nan_policy="listwise"))


def test_constant_item_is_dropped_with_a_warning_as_psych_does():
    """psych::alpha deletes items without variance ("had no variance and was deleted")."""
    items = psych_items()
    with_constant = items.assign(flat=3.0)
    with pytest.warns(DegenerateStatisticWarning, match="flat"):
        assert cronbach_alpha(with_constant) == pytest.approx(cronbach_alpha(items))
    with pytest.warns(DegenerateStatisticWarning, match="flat"):
        table = item_total_statistics(with_constant)
    assert np.isnan(table.loc["flat", "corrected_item_total_r"])
    assert table.loc["flat", "sd"] == 0.0
    pd.testing.assert_frame_equal(table.drop(index="flat"), item_total_statistics(items))


def test_omega_with_two_items_is_not_identified():
    with pytest.warns(DegenerateStatisticWarning, match="at least 3 items"):
        assert np.isnan(mcdonald_omega(psych_items()[["q1", "q2"]]))


def test_item_total_statistics_with_two_items_warns_for_alpha_if_deleted():
    items = psych_items()[["q1", "q3"]]
    with pytest.warns(DegenerateStatisticWarning, match="alpha_if_deleted"):
        table = item_total_statistics(items)
    assert table["alpha_if_deleted"].isna().all()
    # with two items r.drop is their (pairwise-covariance) correlation, as in psych
    covariance = items.cov().to_numpy()
    expected = covariance[0, 1] / np.sqrt(covariance[0, 0] * covariance[1, 1])
    np.testing.assert_allclose(table["corrected_item_total_r"], [expected, expected])


def test_item_total_statistics_of_all_missing_items():
    with pytest.warns(DegenerateStatisticWarning, match="no answers"):
        table = item_total_statistics(DEGENERATE["all missing"])
    assert table["n"].tolist() == [0, 0, 0]
    assert table[["corrected_item_total_r", "alpha_if_deleted"]].isna().all().all()


def test_regular_input_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cronbach_alpha(psych_items())
        mcdonald_omega(psych_items())
        item_total_statistics(psych_items())


# ----------------------------------------------------------------------------------------------
# bad arguments: KompasValueError naming the parameter, the value and what is allowed
# ----------------------------------------------------------------------------------------------


BAD_ARGUMENTS = [
    (
        cronbach_alpha,
        (psych_items(),),
        {"nan_policy": "complete"},
        r"'nan_policy' must be one of 'pairwise', 'listwise'; got 'complete'",
    ),
    (mcdonald_omega, (psych_items(),), {"nan_policy": "pair"}, r"nan_policy.*'pair'"),
    (item_total_statistics, (psych_items(),), {"nan_policy": None}, r"nan_policy.*None"),
    (cronbach_alpha, (np.arange(5.0),), {}, r"'items' must be two-dimensional.*shape \(5,\)"),
    (
        cronbach_alpha,
        (pd.DataFrame({"a": ["x", "y"], "b": [1, 2]}),),
        {},
        r"'items' must hold numeric answers.*\ba\b",
    ),
]


@pytest.mark.parametrize(("function", "args", "kwargs", "message"), BAD_ARGUMENTS)
def test_bad_arguments_raise(function, args, kwargs, message):
    with pytest.raises(KompasValueError, match=message):
        function(*args, **kwargs)


def test_public_names_are_exported():
    for name in ("cronbach_alpha", "mcdonald_omega", "item_total_statistics"):
        assert name in stats.__all__
        assert getattr(stats, name).__doc__


def test_alpha_above_one_from_pairwise_answers_is_explained():
    """Notebook 04's openness answers: with one answer missing, the pairwise covariances imply a
    correlation above 1 and alpha exceeds 1. The value is psych's (alpha from
    ``cov(x, use = "pairwise")``, computed here with pandas' pairwise ``DataFrame.cov``); the
    warning says why, so the Reliability table's note explains the 1.01 a reader sees."""
    answers = [4, 5, 4, 2, 3, 4, 4, 1]
    items = pd.DataFrame({"open_1": [4, 5, 4, 2, 3, 4, np.nan, 2], "open_2": answers, "open_3": answers})
    covariance = items.cov().to_numpy()
    k = covariance.shape[0]
    expected = k / (k - 1) * (1 - np.trace(covariance) / covariance.sum())
    with pytest.warns(DegenerateStatisticWarning, match=r"correlations up to 1\.\d\d, above 1, so alpha can exceed 1"):
        value = cronbach_alpha(items)
    assert value > 1 and value == pytest.approx(expected, abs=1e-12)
