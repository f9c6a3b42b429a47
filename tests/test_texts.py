"""The text catalogue (kompasmetrics.texts): every text in every language, with the same fields,
numbers written the way each language writes them, plurals, and no second catalogue beside it."""

from __future__ import annotations

import ast
import string
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

import kompasmetrics as km
from kompasmetrics.texts import LANGUAGES, catalogue_files, entry, number, t, t_markup

PACKAGE = Path(km.__file__).parent


def _texts(node: object, key: str) -> Iterator[tuple[str, Mapping]]:
    """Every text below ``node``: a mapping whose keys are language codes."""
    if not isinstance(node, Mapping):
        return
    codes = [k for k in node if k in LANGUAGES]
    if codes:
        yield key, node
        return
    for name, child in node.items():
        yield from _texts(child, f"{key}.{name}")


def _fields(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def _forms(text: object) -> list[str]:
    return list(text.values()) if isinstance(text, Mapping) else [text]


@pytest.mark.parametrize("name", catalogue_files())
def test_every_key_exists_in_every_language_with_the_same_fields(name):
    found = list(_texts(entry(name), name))
    assert found, name
    for key, text in found:
        assert set(text) == set(LANGUAGES), f"{key}: has {sorted(text)}, needs {list(LANGUAGES)}"
        fields = None
        for language in LANGUAGES:
            forms = _forms(text[language])
            if isinstance(text[language], Mapping):
                assert set(text[language]) == {"one", "other"}, key
            for form in forms:
                assert isinstance(form, str) and form.strip(), f"{key}.{language} is empty"
                fields = _fields(form) if fields is None else fields
                assert _fields(form) == fields, f"{key}.{language}: fields {_fields(form)} != {fields}"


def test_the_catalogue_holds_the_product_texts():
    assert {"plots", "diagnosis", "workbook", "html", "dashboards", "cli", "clusters"} <= set(catalogue_files())
    assert sum(len(list(_texts(entry(name), name))) for name in catalogue_files()) > 400


def test_dutch_numbers_have_a_decimal_comma_and_a_grouping_point():
    assert t("plots.common.n_summary", "nl", n_respondents=1234, n_organisations=3).startswith("1234 ")
    assert number(0.684, "nl", 2) == "0,68" and number(0.684, "en", 2) == "0.68"
    template_value = t("diagnosis.confidence.sentence", "nl", level="waarschijnlijk", percent="87%")
    assert template_value == "Dit is waarschijnlijk (87% kans)."
    assert t("cli.done", "nl", seconds=2.345) == "Klaar in 2,3 s."
    assert t("cli.done", "en", seconds=2.345) == "Done in 2.3 s."


def test_plural_forms_follow_the_count():
    assert t("cli.left_out", "nl", n=1).startswith("1 rij ")
    assert t("cli.left_out", "nl", n=3).startswith("3 rijen ")
    assert t("cli.left_out", "en", n=1).startswith("1 row ")


def test_escape_reaches_the_values_and_not_the_numbers():
    import html

    text = t_markup("html.overview.median_respondents", "nl", html.escape, n=4.5, minimum="<3>")
    assert "4,5" in text and "&lt;3&gt;" in text


def test_languages_are_defined_once():
    """No module spells out the list of languages: they come from texts/languages.yaml."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Tuple | ast.List | ast.Set) and {
                elt.value for elt in node.elts if isinstance(elt, ast.Constant)
            } == {"nl", "en"}:
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not offenders, offenders


def test_no_text_file_outside_the_catalogue():
    stray = [p for p in PACKAGE.rglob("*texts*.yaml") if p.parent.name != "texts"]
    assert not stray, stray


def test_a_count_in_a_sentence_takes_the_word_that_fits():
    one = t(
        "diagnosis.flags.insufficient_data.evidence",
        "nl",
        respondents=1,
        organisations=1,
        min_respondents=3,
        min_organisations=1,
    )
    assert one.startswith("1 respondent uit 1 organisatie;") and "minstens 3 respondenten uit 1 organisatie." in one
    many = t(
        "diagnosis.flags.insufficient_data.evidence",
        "en",
        respondents=2,
        organisations=2,
        min_respondents=3,
        min_organisations=2,
    )
    assert many.startswith("2 respondents from 2 organisations;")


def test_no_text_hedges_a_plural_with_brackets():
    """ "1 rijen" and "rij(en)" read badly: every count has its forms."""
    hedged = [
        f"{key}.{language}"
        for name in catalogue_files()
        for key, text in _texts(entry(name), name)
        for language in LANGUAGES
        for form in _forms(text[language])
        if any(mark in form for mark in ("(en)", "(s)", "(e)"))
    ]
    assert not hedged, hedged


def test_one_template_for_every_setting_error_with_its_problems():
    from kompasmetrics.compare import PartnershipClustering

    cases = [
        (lambda: km.Rules(complete=120, low_trust="x"), "Rules cannot use these settings:", 2),
        (lambda: km.simulate(n_partnerships=0, missing_rate=0.9), "simulate() cannot use these settings:", 2),
        (lambda: PartnershipClustering(method="magic", n_clusters=1).fit([[0.0]] * 20), "PartnershipClustering", 2),
        (
            lambda: km.plot_agreement(km.score(km.simulate(n_partnerships=3, random_state=1).survey), language="fr"),
            "cannot use this setting:\n  - language='fr': not available; choose 'nl' or 'en'",
            1,
        ),
    ]
    for call, start, n in cases:
        with pytest.raises(km.KompasValueError) as caught:
            call()
        assert start in str(caught.value)
        assert len(caught.value.problems) == n, caught.value.problems
        assert all(line in str(caught.value) for line in caught.value.problems)


@pytest.mark.parametrize("name", catalogue_files())
def test_every_catalogue_file_reads_with_any_yaml_parser(name):
    """libyaml accepts a '?' in an unquoted flow mapping that PyYAML's own parser (and editors
    built on it) refuse: every file must read with both."""
    import yaml

    path = PACKAGE / "texts" / f"{name}.yaml"
    assert yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
