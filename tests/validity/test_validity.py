"""km.validity on simulated data with a known structure, planted errors and degenerate input."""

from __future__ import annotations

import hashlib
import warnings

import numpy as np
import pandas as pd
import pytest

import kompasmetrics as km
from kompasmetrics.io._samples import write_export
from kompasmetrics.simulate import archetype_catalogue
from kompasmetrics.validity._texts import LANGUAGES, catalogue
from kompasmetrics.validity._validity import TABLES

REVERSED = "own_trust_openness_2"


@pytest.fixture(scope="module")
def report(structured):
    return km.validity(structured.survey, n_boot=50)


def test_default_simulation_is_unchanged_by_the_new_options():
    """The responses of a seed are byte for byte those of the code before latent_correlation and
    reversed_columns existed (hash computed on commit a572775; recomputed for instrument 2.0,
    whose 96 items and process questions change every draw, and checked against the run with the
    new options given as their defaults)."""
    responses = km.simulate(30, random_state=7).responses
    digest = hashlib.sha256(responses.to_csv(index=False).encode()).hexdigest()
    assert digest == "1218303d73f9f974f17fee23e244138ae66916370ac698ca036d9ba6d4b09f75"
    same = km.simulate(30, random_state=7, latent_correlation=None, reversed_columns=()).responses
    assert hashlib.sha256(same.to_csv(index=False).encode()).hexdigest() == digest


def test_loadings_and_factor_correlations_recover_the_planted_structure(report):
    """Planted: respondent deviations correlate .6 within a construct and .2 across. With only the
    healthy archetype, the latent correlation of two scales is .6 * 14^2 / (14^2 + 6^2 + 5^2) = .46
    within and .15 across (clipping at the scale ends lowers both a little); the expected
    standardized loading is about .6 (latent SD 0.64 points, item noise 0.8, rounding 1/12)."""
    within = report.factor_correlations["r"]
    assert within.between(0.25, 0.6).all() and len(within) == 4  # 3 trust pairs, 1 power pair
    assert report.loadings["loading"].between(0.45, 0.8).all()
    constructs = report.settings["constructs"]
    across = report.htmt[report.htmt["scale"].map(constructs) != report.htmt["other"].map(constructs)]
    assert across["htmt"].mean() < within.mean() - 0.15
    assert across["htmt"].between(0.0, 0.4).all()
    assert (report.cfa.dropna(subset=["cfi"])["cfi"] > 0.95).all()


def test_without_a_latent_structure_the_factors_do_not_correlate(own_instrument):
    study = km.simulate(40, archetypes=["healthy"], respondents=(2, 5), instrument=own_instrument, random_state=12)
    report = km.validity(study.survey, n_boot=20)
    assert report.factor_correlations["r"].abs().max() < 0.15


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_planted_reversed_column_is_found_after_an_export_round_trip(tmp_path, own_instrument, suffix):
    study = km.simulate(25, respondents=(2, 5), instrument=own_instrument, reversed_columns=[REVERSED], random_state=5)
    path = tmp_path / f"export{suffix}"
    if suffix == ".xlsx":
        study.responses.to_excel(path, index=False)
    else:
        write_export(study.responses, path, "generic", instrument=own_instrument)
    survey = km.read_survey(path, instrument=own_instrument)
    report = km.validity(survey, n_boot=20)
    items = report.items.set_index("item")
    worst = items.loc[items["scale"] == "own_trust_openness", "item_rest_r"].idxmin()
    assert worst == REVERSED and items.loc[REVERSED, "negative"]
    assert items.loc[REVERSED, "item_rest_r"] < -0.2
    assert "answer_map" in items.loc[REVERSED, "advice_en"] and "answer_map" in items.loc[REVERSED, "advice_nl"]
    row = report.scales.set_index("scale").loc["own_trust_openness"]
    assert row["verdict"] == "weak" and row["negative_items"].split(", ")[0] == REVERSED
    loading = report.loadings.set_index("item").loc[REVERSED]
    assert loading["loading"] < 0 and "reverse" in loading["advice_en"]
    clean = report.items[report.items["scale"] != "own_trust_openness"]
    assert not clean["negative"].any()


def test_every_row_has_a_verdict_and_advice_in_both_languages(report):
    for name, table in report.tables().items():
        assert len(table), name
        for language in LANGUAGES:
            assert table[f"advice_{language}"].str.len().gt(20).all(), (name, language)
            assert table[f"verdict_{language}"].notna().all(), (name, language)
    frame = report.to_frame("nl")
    assert list(frame["scale"]) == list(report.scales["scale"])
    assert set(frame["reliability"]) <= {"goed", "voldoende", "zwak", "niet te schatten"}
    assert "<table" in report._repr_html_() and "Validity(scales=7" in repr(report)


def test_the_text_catalogue_has_both_languages_for_every_text():
    for section, texts in catalogue().items():
        for key, text in texts.items():
            assert set(text) == set(LANGUAGES), (section, key)
            fields = [sorted(f for f in _fields(text[lang])) for lang in LANGUAGES]
            assert fields[0] == fields[1], (section, key)


def _fields(text: str) -> set[str]:
    import string

    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_two_level_reliability_is_spearman_brown_of_icc1_at_the_harmonic_group_size(report, structured):
    row = report.two_level.iloc[0]
    sizes = structured.survey.responses.groupby("partnership").size()
    assert row["harmonic_group_size"] == pytest.approx(len(sizes) / (1 / sizes).sum(), rel=0.05)
    n, icc = row["harmonic_group_size"], row["icc1"]
    assert row["reliability_at_harmonic_n"] == pytest.approx(n * icc / (1 + (n - 1) * icc))
    needed = row["respondents_needed"]
    assert needed * icc / (1 + (needed - 1) * icc) >= 0.7 > (needed - 1) * icc / (1 + (needed - 2) * icc)


def _with_language(study, languages: np.ndarray, instrument) -> km.Survey:
    frame = study.responses.assign(language=languages)
    return km.Survey(frame, instrument, attributes=["organisation_type", "months_running", "language"])


def test_language_invariance_warns_when_the_loadings_differ(own_instrument):
    study = km.simulate(60, respondents=(2, 6), instrument=own_instrument, random_state=3)
    rng = np.random.default_rng(0)
    languages = np.where(rng.random(len(study.responses)) < 0.5, "en", "nl")
    same = km.validity(_with_language(study, languages, own_instrument), n_boot=20).invariance.set_index("construct")
    assert (same["verdict"] == "good").all() and (same["delta_cfi"] < 0.01).all()
    responses = study.responses.copy()
    english = languages == "en"
    for item in ("own_trust_interest_1", "own_trust_openness_1", "own_trust_reliability_1"):
        responses.loc[english, item] = rng.integers(1, 6, english.sum()).astype(float)  # translated badly
    study = type(study)(study.survey, responses, study.truth, study.latent)
    changed = km.validity(_with_language(study, languages, own_instrument), n_boot=20).invariance
    trust = changed.set_index("construct").loc["trust"]
    assert trust["verdict"] == "warning" and trust["delta_cfi"] > 0.01
    assert "translation" in trust["advice_en"] and "vertaling" in trust["advice_nl"]


def test_small_samples_few_items_and_constant_answers_say_not_estimable(own_instrument):
    study = km.simulate(3, organisations=(2, 2), respondents=(2, 3), instrument=own_instrument, random_state=1)
    responses = study.responses.drop(columns=["own_power_asymmetry_2", "own_power_asymmetry_3"])
    dependence = [c for c in responses.columns if c.startswith("own_dependence_")]
    responses[dependence[:-1]] = 3.0  # one item left that varies
    survey = km.Survey(responses, own_instrument, attributes=["organisation_type", "months_running"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report = km.validity(survey, n_boot=20)
    scales = report.scales.set_index("scale")
    assert (scales["verdict"] == "not_estimable").all()
    assert "2 are needed" in scales.loc["own_power_asymmetry", "advice_en"]
    assert "1 item whose" in scales.loc["own_dependence", "advice_en"]
    assert "respondents answered" in scales.loc["own_trust_interest", "advice_en"]
    assert (report.cfa["verdict"] == "not_estimable").all()
    assert (report.two_level["verdict"] == "not_estimable").all()
    assert report.invariance["verdict"].tolist() == ["not_estimable"]


def test_a_scale_with_two_items_is_judged_on_alpha_and_says_so(structured, own_instrument):
    responses = structured.responses.drop(columns=["own_leadership_3", "own_leadership_4"])
    survey = km.Survey(responses, own_instrument, attributes=["organisation_type", "months_running"])
    row = km.validity(survey, n_boot=20).scales.set_index("scale").loc["own_leadership"]
    assert np.isnan(row["omega"]) and np.isfinite(row["alpha"]) and np.isfinite(row["alpha_lower"])
    assert "omega needs at least 3" in row["advice_en"] and "omega vraagt er minstens 3" in row["advice_nl"]


def test_tables_are_those_listed_and_intervals_enclose_the_estimates(report):
    assert tuple(report.tables()) == TABLES
    scales = report.scales.dropna(subset=["omega"])
    assert (scales["alpha_lower"] < scales["alpha"]).all() and (scales["alpha"] < scales["alpha_upper"]).all()
    assert (scales["omega_lower"] < scales["omega"]).all() and (scales["omega"] < scales["omega_upper"]).all()
    assert (scales["ordinal_alpha"] > scales["alpha"]).all()  # polychoric r exceed Pearson r of 5-point codes
    assert archetype_catalogue()["respondent_sd"] == 14  # the docstring arithmetic above assumes it


def test_refuses_what_is_not_a_survey():
    with pytest.raises(km.KompasValueError, match="needs a Survey"):
        km.validity(pd.DataFrame())
