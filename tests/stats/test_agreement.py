"""Tests of kompasmetrics.stats agreement: rwg, rwg_j, icc1, icc2 and the vectorised internals.

Each expected value names its source: a published table, R's multilevel package (values computed
with multilevel 2.7 on R 4.2.2, Debian bookworm), pingouin 0.7, a hand computation, or an
independent reference implementation in this file.
"""

from __future__ import annotations

import io
import warnings

import numpy as np
import pandas as pd
import pingouin as pg
import pytest

from kompasmetrics.errors import DegenerateStatisticWarning, KompasValueError
from kompasmetrics.stats import (
    grouped_item_moments,
    grouped_rwg_j,
    icc1,
    icc2,
    oneway_icc,
    rwg,
    rwg_j,
    uniform_null_variance,
)
from kompasmetrics.stats._agreement import _oneway_anova

# Shrout & Fleiss (1979), Table 2: 6 targets x 4 judges, as long data (targets are the groups).
SHROUT_FLEISS = np.array(
    [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]],
    dtype=float,
)
SF_VALUES = SHROUT_FLEISS.ravel()
SF_TARGETS = np.repeat(np.arange(1, 7), 4)

# 45 raters in 10 groups (groups 8 and 9 have one rater): group, one item v ("." = missing),
# and three items i1-i3 of a 1-5 scale; used for the multilevel reference values below.
MULTILEVEL_TEXT = """\
0 2 3 3 2
0 2 2 5 3
0 2 3 4 3
0 3 3 5 4
0 . 2 3 2
1 1 2 4 3
1 3 2 2 3
1 2 2 3 3
1 3 2 5 3
1 3 2 1 2
1 3 1 3 3
1 3 3 2 2
1 1 2 4 3
2 3 4 5 4
2 4 4 3 3
2 5 4 3 3
2 3 5 2 2
3 . 3 4 2
3 4 3 4 2
3 1 3 2 2
3 2 2 3 4
3 2 3 2 2
4 2 2 2 3
4 2 1 1 4
4 3 3 3 1
4 3 3 3 1
4 5 1 3 1
5 5 4 3 4
5 3 4 5 2
5 4 2 3 5
5 4 4 2 4
5 5 3 4 2
5 3 4 5 2
5 4 3 4 3
6 2 2 4 2
6 4 3 3 3
6 1 3 1 1
6 3 3 3 4
6 1 2 3 1
6 3 3 4 2
6 3 3 4 4
7 2 3 3 1
7 2 1 2 1
8 5 4 3 2
9 4 4 3 3
"""


def multilevel_data() -> pd.DataFrame:
    return pd.read_csv(
        io.StringIO(MULTILEVEL_TEXT),
        sep=" ",
        header=None,
        names=["group", "v", "i1", "i2", "i3"],
        na_values=".",
    )


def random_grouped(seed: int, n_rows: int = 300, n_items: int = 7, n_groups: int = 25):
    """Unequal groups (some empty, some singletons), answers 1-5 with 15% missing."""
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, n_groups - 3, n_rows)
    codes[:2] = [n_groups - 3, n_groups - 2]  # two singleton groups; the last group is empty
    shift = rng.standard_normal(n_groups)[codes]
    x = np.clip(np.round(3 + shift[:, None] + rng.standard_normal((n_rows, n_items))), 1, 5)
    x[rng.random(x.shape) < 0.15] = np.nan
    return x, codes


def reference_rwg_j(x: np.ndarray, null_variance: np.ndarray) -> float:
    """Plain transcription of the definition for one group and one scale (test oracle)."""
    ratios = []
    for column, sigma in zip(x.T, null_variance, strict=True):
        answered = column[~np.isnan(column)]
        if answered.size >= 2:
            ratios.append(np.var(answered, ddof=1) / sigma)
    if not ratios:
        return np.nan
    j, ratio = len(ratios), float(np.mean(ratios))
    if ratio >= 1:
        return 0.0
    return j * (1 - ratio) / (j * (1 - ratio) + ratio)


# ----------------------------------------------------------------------------------------------
# ICC(1), ICC(2)
# ----------------------------------------------------------------------------------------------


def test_icc_reproduces_shrout_fleiss_published_values():
    """Shrout & Fleiss (1979), Table 4: ICC(1,1) = .17 and ICC(1,4) = .44 for targets as groups.

    Their Table 3 gives BMS = 11.24 and WMS = 6.26; (11.24 - 6.26)/(11.24 + 3 * 6.26) = .166.
    """
    value1, value2 = icc1(SF_VALUES, SF_TARGETS), icc2(SF_VALUES, SF_TARGETS)
    assert round(value1, 2) == 0.17
    assert round(value2, 2) == 0.44
    assert value1 == pytest.approx((11.24 - 6.26) / (11.24 + 3 * 6.26), abs=5e-4)
    assert value2 == pytest.approx((11.24 - 6.26) / 11.24, abs=5e-4)
    # multilevel::ICC1 / ICC2 of aov(v ~ as.factor(target)) on the same data
    assert value1 == pytest.approx(0.165741768405475, abs=1e-12)
    assert value2 == pytest.approx(0.442797133679268, abs=1e-12)


def test_oneway_anova_mean_squares_match_shrout_fleiss_table_3():
    """Shrout & Fleiss (1979), Table 3: between-targets MS 11.24, within-target MS 6.26."""
    anova = _oneway_anova(SF_VALUES, SF_TARGETS, "icc1")
    assert anova["msb"] == pytest.approx(11.24, abs=5e-3)
    assert anova["msw"] == pytest.approx(6.26, abs=5e-3)
    assert anova["msb"] == pytest.approx(56.2083333333 / 5, abs=1e-9)  # R: summary(aov(...))
    assert anova["msw"] == pytest.approx(112.75 / 18, abs=1e-9)


def test_icc_matches_multilevel_with_unequal_groups_singletons_and_missing():
    """multilevel::ICC1 / ICC2 of aov(v ~ as.factor(group)) on MULTILEVEL_TEXT: .31418 / .66328.

    Groups are unequal (1 to 8 members), two values are NA (dropped by aov), and ICC1 uses the
    mean group size N/J = 43/10.
    """
    data = multilevel_data()
    assert icc1(data["v"], data["group"]) == pytest.approx(0.314179459419278, abs=1e-12)
    assert icc2(data["v"], data["group"]) == pytest.approx(0.663283993740201, abs=1e-12)


# pingouin 0.7 calls DataFrame.dropna(inplace=True), which pandas 3 deprecates
@pytest.mark.filterwarnings("ignore:The inplace keyword:Warning")
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_icc_matches_pingouin_one_way_with_balanced_groups(seed):
    """pingouin.intraclass_corr ICC1 (= ICC(1,1)) and ICC1k (= ICC(1,k)) for balanced groups;
    pingouin drops targets with a missing rating, so the same targets are dropped here."""
    rng = np.random.default_rng(seed)
    n_targets, k = 40, 5
    ratings = rng.standard_normal((n_targets, 1)) * 0.8 + rng.standard_normal((n_targets, k))
    ratings[rng.random(ratings.shape) < 0.03] = np.nan
    long = pd.DataFrame(
        {
            "target": np.repeat(np.arange(n_targets), k),
            "rater": np.tile(np.arange(k), n_targets),
            "rating": ratings.ravel(),
        }
    )
    table = pg.intraclass_corr(long, "target", "rater", "rating", nan_policy="omit")
    table = table.set_index("Type")["ICC"]
    complete = long[long.groupby("target")["rating"].transform(lambda s: s.notna().all())]
    assert icc1(complete["rating"], complete["target"]) == pytest.approx(table["ICC(1,1)"], abs=1e-10)
    assert icc2(complete["rating"], complete["target"]) == pytest.approx(table["ICC(1,k)"], abs=1e-10)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_oneway_icc_equals_icc1_and_icc2_per_column(seed):
    x, codes = random_grouped(seed)
    n_groups = 25
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the internal does not warn
        result1, result2 = oneway_icc(x, codes, n_groups)
    for column in range(x.shape[1]):
        assert result1[column] == pytest.approx(icc1(x[:, column], codes), abs=1e-12)
        assert result2[column] == pytest.approx(icc2(x[:, column], codes), abs=1e-12)


def test_oneway_icc_is_nan_where_undefined_without_warning():
    codes = np.array([0, 0, 1, 1, 2])
    values = np.column_stack(
        [
            [1.0, 2.0, 3.0, 5.0, 4.0],  # regular
            [3.0, 3.0, 3.0, 3.0, 3.0],  # zero variance
            [1.0, 2.0, np.nan, np.nan, np.nan],  # one group
            [np.nan] * 5,  # all missing
            [1.0, np.nan, 2.0, np.nan, 3.0],  # singletons only
            [1.0, 3.0, 3.0, 1.0, 2.0],  # equal group means: ICC(2) undefined
        ]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result1, result2 = oneway_icc(values, codes, 3)
    assert np.isfinite(result1[0]) and np.isfinite(result2[0])
    assert np.isnan(result1[1:5]).all() and np.isnan(result2[1:]).all()
    assert result1[5] < 0  # MSB = 0 < MSW: a negative ICC(1), as multilevel returns


# ----------------------------------------------------------------------------------------------
# rwg
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("n_options", "published"), [(5, 2.0), (7, 4.0), (9, 6.67)])
def test_uniform_null_variance_matches_published_values(n_options, published):
    """James, Demaree & Wolf (1984); LeBreton & Senter (2008), Table 2: 2.00, 4.00, 6.67."""
    assert uniform_null_variance(n_options) == pytest.approx(published, abs=5e-3)
    assert uniform_null_variance(n_options) == (n_options**2 - 1) / 12


def test_rwg_hand_computed():
    """Ratings 4 5 5 4 3: s^2 = 2.8/4 = 0.7, rwg = 1 - 0.7/2 = .65."""
    assert rwg([4, 5, 5, 4, 3]) == pytest.approx(0.65, abs=1e-12)
    assert rwg([4, 5, 5, 4, 3], n_options=7) == pytest.approx(1 - 0.7 / 4, abs=1e-12)
    assert rwg([3, 3, 3]) == 1.0


def test_rwg_is_truncated_at_zero_as_multilevel():
    """multilevel::rwg sets a variance above ranvar to ranvar: rwg = 0, never negative."""
    assert rwg([1, 5, 1, 5]) == 0.0  # s^2 = 5.33 > 2


def test_rwg_matches_multilevel_by_group():
    """multilevel::rwg(v, group, ranvar = 2) on MULTILEVEL_TEXT; groups of size 1 give NA."""
    data = multilevel_data()
    with pytest.warns(DegenerateStatisticWarning, match="2 of 10 group"):
        result = rwg(data["v"], groups=data["group"])
    assert isinstance(result, pd.Series)
    assert result.name == "rwg"
    assert list(result.index) == list(range(10))
    expected = [
        0.875,
        0.580357142857143,
        0.541666666666667,
        0.208333333333333,
        0.25,
        0.666666666666667,
        0.357142857142857,
        1.0,
        np.nan,
        np.nan,
    ]
    np.testing.assert_allclose(result.to_numpy(), expected, atol=1e-12)


def test_rwg_of_a_single_rater_is_nan():
    with pytest.warns(DegenerateStatisticWarning, match="rwg is NaN.*at least 2"):
        assert np.isnan(rwg([4.0, np.nan]))


def test_rwg_j_hand_computed():
    """2 raters x 3 items, each item variance 0.5: x = 0.25, rwg(3) = 3(.75)/(3(.75)+.25) = .9."""
    assert rwg_j([[3, 4, 2], [4, 3, 3]]) == pytest.approx(0.9, abs=1e-12)


@pytest.mark.parametrize(
    "items",
    [
        [[1, 5], [5, 1]],  # mean variance 8 > 2: the formula would give 3 (> 1)
        [[1, 1], [3, 3], [4, 4]],  # mean variance 2.33 > 2: the formula would give -0.4
    ],
)
def test_rwg_j_is_zero_when_mean_variance_exceeds_null_as_multilevel(items):
    """multilevel::rwg.j sets the mean variance to ranvar when it is larger: rwg(j) = 0."""
    assert rwg_j(items) == 0.0


def test_rwg_j_with_one_item_equals_rwg():
    ratings = np.array([4.0, 5.0, 5.0, 4.0, 3.0])
    assert rwg_j(ratings[:, None]) == pytest.approx(rwg(ratings), abs=1e-12)


def test_rwg_j_matches_multilevel_by_group():
    """multilevel::rwg.j(items, group, ranvar = 2) on MULTILEVEL_TEXT (complete items)."""
    data = multilevel_data()
    with pytest.warns(DegenerateStatisticWarning, match="rwg_j is NaN"):
        result = rwg_j(data[["i1", "i2", "i3"]], groups=data["group"])
    assert result.name == "rwg_j"
    expected = [
        0.857142857142857,
        0.836842105263158,
        0.807692307692308,
        0.857142857142857,
        0.634615384615385,
        0.705882352941176,
        0.75,
        0.807692307692308,
        np.nan,
        np.nan,
    ]
    np.testing.assert_allclose(result.to_numpy(), expected, atol=1e-12)


def test_rwg_j_uses_every_available_answer():
    """Documented difference from multilevel (listwise): a missing answer drops one cell only."""
    items = np.array([[3.0, 4.0, 2.0], [4.0, 3.0, 3.0], [np.nan, 5.0, 2.0]])
    assert rwg_j(items) == pytest.approx(reference_rwg_j(items, np.full(3, 2.0)), abs=1e-12)


# ----------------------------------------------------------------------------------------------
# vectorised internals
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_grouped_item_moments_equal_pandas_groupby(seed):
    x, codes = random_grouped(seed)
    original = x.copy()
    n_groups = 25
    count, mean, variance = grouped_item_moments(x, codes, n_groups)
    np.testing.assert_array_equal(x, original)  # the input is not modified
    grouped = pd.DataFrame(x).groupby(codes)
    index = pd.RangeIndex(n_groups)
    np.testing.assert_array_equal(count, grouped.count().reindex(index, fill_value=0))
    np.testing.assert_allclose(mean, grouped.mean().reindex(index), atol=1e-12)
    np.testing.assert_allclose(variance, grouped.var().reindex(index), atol=1e-12)
    assert count.dtype == np.int64
    assert np.isnan(mean[-1]).all() and np.isnan(variance[-1]).all()  # empty group


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_grouped_rwg_j_equals_rwg_j_per_group(seed):
    x, codes = random_grouped(seed)
    n_groups = 25
    membership = np.zeros((7, 3), dtype=bool)
    membership[[0, 1, 2], 0] = True
    membership[[3, 4, 5], 1] = True
    membership[6, 2] = True  # single-item scale: rwg
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = grouped_rwg_j(x, codes, n_groups, membership, np.full(7, 2.0))
    assert result.shape == (n_groups, 3)
    for group in range(n_groups):
        rows = x[codes == group]
        for scale in range(3):
            columns = rows[:, membership[:, scale]]
            undefined = not (np.sum(~np.isnan(columns), axis=0) >= 2).any()
            if undefined:
                assert np.isnan(result[group, scale])
                continue
            assert result[group, scale] == pytest.approx(rwg_j(columns), abs=1e-12)
        if np.sum(~np.isnan(rows[:, 6])) >= 2:
            assert result[group, 2] == pytest.approx(rwg(rows[:, 6]), abs=1e-12)


def test_grouped_rwg_j_with_mixed_response_scales():
    """Items with 5 and 7 options: the mean of variance/null-variance ratios (reference above)."""
    x, codes = random_grouped(5, n_items=4)
    null_variance = np.array([2.0, 2.0, 4.0, 4.0])
    membership = np.ones((4, 1), dtype=bool)
    result = grouped_rwg_j(x, codes, 25, membership, null_variance)
    for group in range(25):
        expected = reference_rwg_j(x[codes == group], null_variance)
        np.testing.assert_allclose(result[group, 0], expected, atol=1e-12)


# ----------------------------------------------------------------------------------------------
# degenerate input and bad arguments
# ----------------------------------------------------------------------------------------------


ICC_DEGENERATE = {
    "one group": ([1.0, 2.0, 3.0], ["a", "a", "a"], "at least 2 groups"),
    "all missing": ([np.nan, np.nan, np.nan], ["a", "b", "b"], "missing"),
    "single members": ([1.0, 2.0, 3.0], ["a", "b", "c"], "single member"),
    "zero variance": ([2.0, 2.0, 2.0, 2.0], ["a", "a", "b", "b"], "zero total variance"),
}


@pytest.mark.parametrize("case", list(ICC_DEGENERATE))
@pytest.mark.parametrize("function", [icc1, icc2])
def test_icc_degenerate_input_gives_nan_and_warns(case, function):
    values, groups, reason = ICC_DEGENERATE[case]
    with pytest.warns(DegenerateStatisticWarning, match=f"{function.__name__} is NaN.*{reason}"):
        assert np.isnan(function(values, groups))


def test_icc2_with_equal_group_means_is_nan():
    values, groups = [1.0, 3.0, 3.0, 1.0], ["a", "a", "b", "b"]
    with pytest.warns(DegenerateStatisticWarning, match="icc2 is NaN.*group means"):
        assert np.isnan(icc2(values, groups))
    assert icc1(values, groups) == pytest.approx(-1.0)  # (0 - MSW)/(0 + (2 - 1) MSW)


def test_rwg_j_without_any_variance_estimate_is_nan():
    with pytest.warns(DegenerateStatisticWarning, match="rwg_j is NaN"):
        assert np.isnan(rwg_j([[3.0, np.nan], [np.nan, 2.0]]))


BAD_ARGUMENTS = [
    (uniform_null_variance, (1,), {}, r"n_options.*got 1\b.*at least 2|at least 2.*got 1\b"),
    (uniform_null_variance, (2.5,), {}, r"n_options.*2\.5"),
    (uniform_null_variance, (True,), {}, r"n_options.*True"),
    (rwg, ([1, 2, 3],), {"n_options": 0}, r"n_options.*got 0"),
    (rwg_j, ([[1, 2], [2, 3]],), {"n_options": "5"}, r"n_options.*'5'"),
    (rwg, ([1, 2, 3],), {"groups": ["a", "b"]}, r"'groups'.*3 rows.*2 labels"),
    (rwg_j, ([[1, 2], [2, 3]],), {"groups": ["a"]}, r"'groups'.*2 rows.*1 labels"),
    (icc1, ([1.0, 2.0, 3.0], ["a", "b"]), {}, r"'groups'.*'values' has 3 rows.*2 labels"),
    (icc2, ([1.0, 2.0], ["a", "b", "c"]), {}, r"'groups'.*'values' has 2 rows.*3 labels"),
    (rwg, ([[1, 2], [3, 4]],), {}, r"'ratings' must be one-dimensional"),
    (icc1, (["x", "y"], ["a", "b"]), {}, r"'values' must be numeric"),
]


@pytest.mark.parametrize(("function", "args", "kwargs", "message"), BAD_ARGUMENTS)
def test_bad_arguments_raise(function, args, kwargs, message):
    with pytest.raises(KompasValueError, match=message):
        function(*args, **kwargs)
