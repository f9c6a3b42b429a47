"""Compare the REF lines of reference_output.txt with the literals in the two test modules.

Run from the repository root:  python tests/stats/r/check.py
Tolerances are those the tests use (pytest.approx abs/rel; np.testing.assert_allclose with its
default rtol=1e-7 plus the test's atol).  The kompasmetrics value is shown for context.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

import warnings

from kompasmetrics.stats import cronbach_alpha, icc1, icc2, item_total_statistics, mcdonald_omega, rwg, rwg_j
from kompasmetrics.stats._agreement import _oneway_anova
from tests.stats import test_agreement as ta
from tests.stats import test_reliability as tr

warnings.simplefilter("ignore")

R = {}
for line in (HERE / "reference_output.txt").read_text().splitlines():
    if line.startswith("REF | "):
        _, test, stat, value = (s.strip() for s in line.split("|"))
        R[(test, stat)] = math.nan if value == "NA" else float(value)

items = tr.psych_items()
ml = ta.multilevel_data()
heywood = tr.exact_correlation_data(np.array([[1.0, 0.8, 0.8], [0.8, 1.0, 0.5], [0.8, 0.5, 1.0]]), n_rows=300)
its = item_total_statistics(items)
anova = _oneway_anova(ta.SF_VALUES, ta.SF_TARGETS, "icc1")
rwg_k = rwg(ml["v"], groups=ml["group"]).to_numpy()
rwgj_k = rwg_j(ml[["i1", "i2", "i3"]], groups=ml["group"]).to_numpy()


def approx_abs(tol):
    return lambda exp, got: abs(got - exp) <= tol, f"abs {tol:g}"


def approx_rel(tol):
    return lambda exp, got: abs(got - exp) <= max(tol * abs(exp), 1e-12), f"rel {tol:g}"


def allclose(atol=0.0, rtol=1e-7):
    def ok(exp, got):
        if math.isnan(exp) or math.isnan(got):
            return math.isnan(exp) and math.isnan(got)
        return abs(got - exp) <= atol + rtol * abs(exp)

    return ok, f"allclose rtol {rtol:g} atol {atol:g}"


def exact():
    return lambda exp, got: exp == got, "exact"


rows = []  # (test, R statistic, value in test, tolerance, kompasmetrics value)
T = "test_alpha_equals_published_icc3k_of_shrout_fleiss"
rows.append(
    (T, "psych::alpha(sf)$total$raw_alpha", 0.909315542377069, approx_abs(1e-12), cronbach_alpha(tr.SHROUT_FLEISS))
)
T = "test_alpha_matches_psych_with_pairwise_missing_data"
rows.append((T, "psych::alpha(x)$total$raw_alpha", 0.723641716727426, approx_abs(1e-12), cronbach_alpha(items)))
rows.append(
    (
        T,
        "psych::alpha(x)$total$std.alpha",
        0.710622134471556,
        approx_abs(1e-12),
        cronbach_alpha(items, standardized=True),
    )
)
T = "test_alpha_listwise_matches_psych_on_complete_cases"
rows.append(
    (
        T,
        "psych::alpha(na.omit(x))$total$raw_alpha",
        0.738364891169704,
        approx_rel(1e-12),
        cronbach_alpha(items, nan_policy="listwise"),
    )
)
T = "test_item_total_statistics_match_psych"
q = ["q1", "q2", "q3", "q4", "q5"]
test_vals = {
    "n": ([29, 25, 28, 30, 28], exact(), "n"),
    "mean": ([3.0, 3.2, 2.82142857142857, 3.03333333333333, 2.96428571428571], allclose(), "mean"),
    "sd": (
        [1.164964745021435, 1.258305739211792, 1.188013325420074, 1.188546876720022, 0.637247719560185],
        allclose(),
        "sd",
    ),
    "r.drop": (
        [0.654125082075205, 0.512117312318019, 0.629254615016642, 0.395879951319906, 0.238351010605037],
        allclose(1e-12),
        "corrected_item_total_r",
    ),
}
for stat, (vals, tol, col) in test_vals.items():
    for name, v in zip(q, vals, strict=True):
        rows.append((T, f"item.stats${stat}[{name}]", v, tol, float(its.loc[name, col])))
for name, v in zip(
    q, [0.602418586603800, 0.666211924948431, 0.612719833483161, 0.713280412392612, 0.748688131122048], strict=True
):
    rows.append((T, f"alpha.drop$raw_alpha[{name}]", v, allclose(1e-12), float(its.loc[name, "alpha_if_deleted"])))
T = "test_omega_matches_psych_with_pairwise_missing_data"
rows.append((T, "psych::omega(x, nfactors = 1)$omega.tot", 0.731348453125213, approx_abs(1e-6), mcdonald_omega(items)))
T = "test_omega_heywood_case_is_bounded_and_warned"
rows.append(
    (T, "psych::omega(heywood, nfactors = 1)$omega.tot", 0.88253477399485, approx_abs(1e-3), mcdonald_omega(heywood))
)
T = "test_icc_reproduces_shrout_fleiss_published_values"
rows.append((T, "multilevel::ICC1(aov)", 0.165741768405475, approx_abs(1e-12), icc1(ta.SF_VALUES, ta.SF_TARGETS)))
rows.append((T, "multilevel::ICC2(aov)", 0.442797133679268, approx_abs(1e-12), icc2(ta.SF_VALUES, ta.SF_TARGETS)))
T = "test_oneway_anova_mean_squares_match_shrout_fleiss_table_3"
rows.append(
    (T, "Sum Sq between", 56.2083333333, approx_abs(5e-9), anova["msb"] * 5)
)  # test: msb == 56.2083333333 / 5 (abs 1e-9)
rows.append((T, "Sum Sq within", 112.75, approx_abs(18e-9), anova["msw"] * 18))  # test: msw == 112.75 / 18 (abs 1e-9)
rows.append((T, "Mean Sq between (msb)", 56.2083333333 / 5, approx_abs(1e-9), anova["msb"]))
rows.append((T, "Mean Sq within (msw)", 112.75 / 18, approx_abs(1e-9), anova["msw"]))
T = "test_icc_matches_multilevel_with_unequal_groups_singletons_and_missing"
rows.append((T, "multilevel::ICC1(aov)", 0.314179459419278, approx_abs(1e-12), icc1(ml["v"], ml["group"])))
rows.append((T, "multilevel::ICC2(aov)", 0.663283993740201, approx_abs(1e-12), icc2(ml["v"], ml["group"])))
T = "test_rwg_matches_multilevel_by_group"
exp = [
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
for g, v in enumerate(exp):
    rows.append((T, f"multilevel::rwg(v, group, 2)$rwg[{g}]", v, allclose(1e-12), rwg_k[g]))
T = "test_rwg_j_matches_multilevel_by_group"
exp = [
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
for g, v in enumerate(exp):
    rows.append((T, f"multilevel::rwg.j(i1:i3, group, 2)$rwg.j[{g}]", v, allclose(1e-12), rwgj_k[g]))

n_bad = 0
print(
    f"{'test':<72} {'statistic':<46} {'value in test':>20} {'value from R':>20} {'|diff|':>9}  {'tolerance':<28} agree  {'kompasmetrics':>20}"
)
for test, stat, v, (ok, tol), k in rows:
    r = R[(test, stat)]
    agree = ok(v, r)
    n_bad += not agree
    diff = abs(r - v) if not (math.isnan(r) or math.isnan(v)) else float("nan")
    print(
        f"{test:<72} {stat:<46} {v:>20.15g} {r:>20.15g} {diff:>9.2g}  {tol:<28} {'yes' if agree else 'NO':<5}  {k:>20.15g}"
    )
missing = set(R) - {(t, s) for t, s, *_ in rows}
print(f"\n{len(rows)} compared, {len(rows) - n_bad} agree, {n_bad} disagree; R values not compared: {sorted(missing)}")
