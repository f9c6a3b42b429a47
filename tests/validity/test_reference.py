"""km.validity's statistics against R on the same data (tests/validity/r/validity_items.csv).

The values are those printed by tests/validity/r/reference.R (R 4.2.2, lavaan 0.6.14, psych
2.2.9, multilevel 2.7) into reference_output.txt, and by htmt.R (semTools 0.5.6) into
htmt_output.txt; each test names its source."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kompasmetrics.stats import cronbach_alpha, mcdonald_omega
from kompasmetrics.validity._cfa import fit_cfa
from kompasmetrics.validity._intervals import feldt_interval
from kompasmetrics.validity._invariance import invariance
from kompasmetrics.validity._multilevel import scale_scores, two_level
from kompasmetrics.validity._polychoric import alpha_from_correlation, polychoric_matrix

DATA = pd.read_csv(Path(__file__).parent / "r" / "validity_items.csv")
TRUST = ["trust_interest", "trust_openness", "trust_reliability"]


def items_of(scale: str) -> list[str]:
    return [c for c in DATA.columns if c.startswith(f"{scale}_")]


def model(scales: list[str]) -> dict[str, list[str]]:
    return {s: items_of(s) for s in scales}


def one_factor() -> dict[str, list[str]]:
    return {"trust": [i for s in TRUST for i in items_of(s)]}


def test_cfa_fit_and_loadings_match_lavaan_on_a_misspecified_model():
    """lavaan::cfa('trust =~ <9 items>', estimator = 'ML'): fitMeasures and standardizedSolution
    (std.all), block cfa_trust_one_factor of reference_output.txt."""
    fit = fit_cfa(DATA, one_factor())
    assert fit.n == 451 and fit.df == 27
    assert fit.chi2 == pytest.approx(244.597742702527, rel=1e-6)
    assert fit.cfi == pytest.approx(0.85744314161405, abs=1e-6)
    assert fit.tli == pytest.approx(0.809924188818734, abs=1e-6)
    assert fit.rmsea == pytest.approx(0.133677107543745, abs=1e-6)
    assert fit.rmsea_lower == pytest.approx(0.11859720529193, abs=1e-6)
    assert fit.rmsea_upper == pytest.approx(0.149290676676921, abs=1e-6)
    assert fit.srmr == pytest.approx(0.0704306393668029, abs=1e-6)
    lavaan = [0.608643063458809, 0.649309698842235, 0.697243989396592, 0.689225598555855, 0.683782521276407]
    lavaan += [0.688392245715747, 0.614875819834281, 0.569946083006085, 0.627560644438947]
    np.testing.assert_allclose(fit.loadings["loading"], lavaan, atol=2e-4)


def test_cfa_of_three_correlated_factors_matches_lavaan():
    """lavaan::cfa(trust_interest/openness/reliability, estimator = 'ML'), block cfa_trust."""
    fit = fit_cfa(DATA, model(TRUST))
    assert fit.df == 24
    assert fit.chi2 == pytest.approx(23.9622318940721, rel=1e-6)
    assert fit.tli == pytest.approx(1.00003711506237, abs=1e-6)
    assert fit.cfi == 1.0 and fit.rmsea == 0.0 and fit.rmsea_lower == 0.0
    assert fit.rmsea_upper == pytest.approx(0.0380764120794184, abs=1e-6)
    assert fit.srmr == pytest.approx(0.020158006448184, abs=1e-6)
    np.testing.assert_allclose(
        fit.loadings["loading"].head(3), [0.708402138880652, 0.737342914534068, 0.776749807627547], atol=1e-4
    )
    r = fit.factor_correlations
    assert r.loc["trust_interest", "trust_openness"] == pytest.approx(0.730498117729932, abs=1e-4)
    assert r.loc["trust_openness", "trust_reliability"] == pytest.approx(0.677114551037243, abs=1e-4)


@pytest.mark.parametrize(
    ("scales", "chi2", "df", "upper", "srmr", "first_loading"),
    [
        (["phase1_explore", "phase2_share", "phase3_agree", "phase4_design", "phase5_execute"],
         67.3995436229643, 80, 0.01592998921806, 0.0210923165434045, 0.841856670266867),
        (["power_asymmetry", "power_restraint"], 6.40268300580953, 8, 0.0474977391942053, 0.0167389802544201,
         0.755097046263953),
    ],
    ids=["phase", "power"],
)  # fmt: skip
def test_cfa_of_other_constructs_matches_lavaan(scales, chi2, df, upper, srmr, first_loading):
    """lavaan::cfa, blocks cfa_phase and cfa_power of reference_output.txt."""
    fit = fit_cfa(DATA, model(scales))
    assert fit.df == df and fit.chi2 == pytest.approx(chi2, rel=1e-6)
    assert fit.rmsea_upper == pytest.approx(upper, abs=1e-6) and fit.srmr == pytest.approx(srmr, abs=1e-6)
    assert fit.loadings["loading"].iloc[0] == pytest.approx(first_loading, abs=1e-4)


@pytest.mark.parametrize(
    ("factors", "configural", "metric"),
    [
        (one_factor(), (259.429746550461, 54, 0.86623465564428, 0.821646207525706, 0.129885751703419),
         (274.23970361189, 62, 0.861800359897603, 0.839510095364958, 0.123209500634307)),
        (model(TRUST), (43.8009485528147, 48, 1.0, 1.00410131131614, 0.0),
         (50.667216194748, 54, 1.0, 1.00289351781397, 0.0)),
    ],
    ids=["one_factor", "three_factors"],
)  # fmt: skip
def test_configural_and_metric_models_match_lavaan_multigroup(factors, configural, metric):
    """lavaan::cfa(..., group = 'language') and group.equal = 'loadings': chisq, df, cfi, tli,
    rmsea, blocks invariance_trust[_one_factor]_configural/_metric of reference_output.txt."""
    fits = invariance(factors, DATA, DATA["language"])
    for fit, expected in zip(fits, (configural, metric), strict=True):
        assert fit.chi2 == pytest.approx(expected[0], rel=1e-6)
        assert fit.df == expected[1]
        np.testing.assert_allclose([fit.cfi, fit.tli, fit.rmsea], expected[2:], atol=1e-6)


def test_polychoric_and_ordinal_alpha_match_psych():
    """psych::polychoric(x)$rho and psych::alpha(rho)$total$raw_alpha for the trust_interest items.
    psych stops R's optimize() at about 1e-4, so the same likelihood maximised to 1e-10 (psych's
    polyF, printed as 'rho at tol 1e-10') is matched to 1e-6 and psych's own rho to 1e-4."""
    rho = polychoric_matrix(DATA[items_of("trust_interest")].to_numpy(float))
    ours = [rho[0, 1], rho[0, 2], rho[1, 2]]
    np.testing.assert_allclose(ours, [0.598113618480043, 0.595842152418487, 0.599195858971947], atol=1e-6)
    np.testing.assert_allclose(ours, [0.598118395833167, 0.59584614507454, 0.599200772958993], atol=1e-4)
    assert alpha_from_correlation(rho) == pytest.approx(0.816766762201154, abs=1e-4)


@pytest.mark.parametrize(
    ("scale", "alpha", "lower", "upper", "omega"),
    [
        ("trust_interest", 0.786229089905077, 0.749631785920143, 0.818266176599527, 0.786329387686741),
        ("phase3_agree", 0.833657962869832, 0.805180420740162, 0.858587052904131, 0.834099690184409),
    ],
)
def test_alpha_feldt_interval_and_omega_match_psych(scale, alpha, lower, upper, omega):
    """psych::alpha(x)$total$raw_alpha, psych::alpha.ci(alpha, nrow(x), k) (Feldt) and
    psych::omega(x, nfactors = 1)$omega.tot, blocks alpha_<scale> of reference_output.txt."""
    x = DATA[items_of(scale)]
    assert cronbach_alpha(x) == pytest.approx(alpha, abs=1e-12)
    assert feldt_interval(alpha, len(x), 3) == pytest.approx((lower, upper), abs=1e-12)
    assert mcdonald_omega(x) == pytest.approx(omega, abs=1e-6)


def test_icc_of_scale_means_by_partnership_matches_multilevel():
    """multilevel::ICC1 and ICC2 of aov(rowMeans(trust_interest items) ~ partnership), block
    multilevel_trust_interest of reference_output.txt."""
    scores = scale_scores(DATA[items_of("trust_interest")].to_numpy(float), ["trust_interest"] * 3, ["trust_interest"])
    table = two_level(scores, DATA["partnership"], ["trust_interest"])
    assert table.loc[0, "icc1"] == pytest.approx(0.496405650714244, abs=1e-12)
    assert table.loc[0, "icc2"] == pytest.approx(0.881084998123283, abs=1e-12)


def test_htmt_matches_semtools():
    """HTMT of every pair of the 9 scales against semTools 0.5.6 ``htmt(htmt2 = FALSE, absolute =
    FALSE)`` (tests/validity/r/htmt.R, printed into htmt_output.txt): Henseler, Ringle & Sarstedt's
    (2015) ratio of the mean between-scale to the geometric mean of the mean within-scale
    correlations, on the correlations as they are."""
    import re

    from kompasmetrics.validity._discriminant import htmt_matrix

    items = [c for c in DATA.columns if c not in ("partnership", "language")]
    scale_of = [re.sub(r"_\d+$", "", c) for c in items]
    matrix = htmt_matrix(DATA[items].corr().to_numpy(), scale_of, list(dict.fromkeys(scale_of)))
    reference = {}
    for line in (Path(__file__).parent / "r" / "htmt_output.txt").read_text().splitlines():
        if line.startswith("REF | htmt |"):
            _, _, pair, value = (part.strip() for part in line.split("|"))
            reference[tuple(pair.split("~~"))] = float(value)
    assert len(reference) == 45
    for (scale, other), value in reference.items():
        assert matrix.loc[scale, other] == pytest.approx(value, abs=1e-12), (scale, other)
    assert reference[("phase1_explore", "phase2_share")] == pytest.approx(0.605582824942957, abs=1e-15)
