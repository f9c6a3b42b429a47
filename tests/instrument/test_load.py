"""Loading and validating instrument files: one error listing every problem."""

from __future__ import annotations

import textwrap

import pytest

import kompasmetrics as km
from kompasmetrics.errors import InstrumentError

VALID = """
id: mini
version: "0.1"
title: {nl: Mini, en: Mini}
default_response_scale: agree5
response_scales:
  - id: agree5
    values: [1, 2, 3, 4, 5]
    labels:
      nl: [Helemaal oneens, Oneens, Neutraal, Eens, Helemaal eens]
      en: [Strongly disagree, Disagree, Neutral, Agree, Strongly agree]
    missing: {nl: [Weet niet], en: ["Don't know"]}
scales:
  - id: trust
    construct: trust
    label: {nl: Vertrouwen, en: Trust}
    ring: context
    items:
      - {id: t1, text: {nl: We doen wat we zeggen., en: We do what we say.}, reverse: false}
      - {id: t2, text: {nl: Afspraken worden vergeten., en: Agreements are forgotten.}, reverse: true}
"""


def write(tmp_path, text: str):
    path = tmp_path / "mini.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_user_instrument_loads(tmp_path):
    inst = km.load_instrument(write(tmp_path, VALID))
    assert inst.id == "mini"
    assert inst.items["item"].tolist() == ["t1", "t2"]
    assert inst.items["reverse"].tolist() == [False, True]
    assert inst.items["min"].tolist() == [1, 1] and inst.items["max"].tolist() == [5, 5]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("ring: context", "ring: middle"), ["(trust).ring", "'middle'", "one of ambition, interests"]),
        (("id: t2", "id: t1"), ["'t1'", "item id is used more than once"]),
        (("Strongly agree]", "Strongly agree, Extra]"), ["labels.en", "6 labels for 5 values"]),
        (("en: We do what we say.", "fr: Nous faisons."), ["text.en", "missing or empty", "text.fr"]),
        (("reverse: false", "reverse: nee"), ["reverse", "'nee'", "write true or false"]),
        (("values: [1, 2, 3, 4, 5]", "values: [1, 3, 2, 4, 5]"), ["values", "ascending"]),
        (("default_response_scale: agree5", "default_response_scale: agree7"), ["default_response_scale", "agree7"]),
        (("missing: {nl: [Weet niet]", "missing: {nl: [Neutraal]"), ["missing.nl", "Neutraal", "also an answer label"]),
        (("    ring: context", "    ring: context\n    colour: red"), ["field 'colour'", "are id, construct"]),
        (("    ring: context", "    ring: context\n    phase: 6"), ["phase", "a phase is a whole number from 1 to 5"]),
    ],
)
def test_each_problem_is_named(tmp_path, change, expected):
    """In the words of instruments/README.md, never pydantic's ("Field required", "Input should be")."""
    old, new = change
    assert old in VALID
    with pytest.raises(InstrumentError) as caught:
        km.load_instrument(write(tmp_path, VALID.replace(old, new)))
    message = str(caught.value)
    assert "mini.yaml" in message
    for fragment in expected:
        assert fragment in message
    assert "Field required" not in message and "Input should be" not in message


def test_a_missing_field_and_a_text_without_languages_say_what_to_write(tmp_path):
    text = VALID.replace("title: {nl: Mini, en: Mini}", "title: Mini").replace("    construct: trust\n", "")
    with pytest.raises(InstrumentError) as caught:
        km.load_instrument(write(tmp_path, text))
    message = str(caught.value)
    assert "title = 'Mini': write the text in every language: title: {nl: ..., en: ...}" in message
    assert "scales[0] (trust): 'construct' is missing; write the group of related scales" in message
    assert "{'id': 'trust'" not in message  # the parent mapping is not printed as the value


def test_all_problems_reported_together(tmp_path):
    broken = VALID.replace("id: t2", "id: t1").replace("Strongly agree]", "Strongly agree, Extra]")
    broken = broken.replace("en: Trust}", "fr: Trust}")
    with pytest.raises(InstrumentError) as caught:
        km.load_instrument(write(tmp_path, broken))
    message = str(caught.value)
    assert "has 4 problems" in message
    assert "more than once" in message and "6 labels" in message and "label.en" in message


def test_structure_errors_are_all_listed(tmp_path):
    broken = VALID.replace("ring: context", "ring: middle").replace("reverse: false", "reverse: maybe")
    with pytest.raises(InstrumentError) as caught:
        km.load_instrument(write(tmp_path, broken))
    assert "has 2 problems" in str(caught.value)


def test_structure_and_cross_field_problems_together(tmp_path):
    broken = VALID.replace("ring: context", "ring: middle").replace("id: t2", "id: t1")
    with pytest.raises(InstrumentError) as caught:
        km.load_instrument(write(tmp_path, broken))
    message = str(caught.value)
    assert "has 2 problems" in message and "ring" in message and "more than once" in message


def test_yaml_syntax_error_gives_line(tmp_path):
    with pytest.raises(InstrumentError, match=r"not valid YAML at line \d+"):
        km.load_instrument(write(tmp_path, VALID.replace("title: {nl: Mini, en: Mini}", "title: {nl: Mini, en: [")))


def test_unknown_bundled_name_and_missing_file(tmp_path):
    with pytest.raises(InstrumentError, match=r"no bundled instrument named 'kompass'.*kompas"):
        km.load_instrument("kompass")
    with pytest.raises(InstrumentError, match="does not exist"):
        km.load_instrument(tmp_path / "absent.yaml")


def test_instrument_error_is_a_value_error(tmp_path):
    with pytest.raises(ValueError):
        km.load_instrument(write(tmp_path, "just text"))


def test_a_key_given_twice_is_an_error_not_silently_the_last(tmp_path):
    doubled = VALID.replace("title: {nl: Mini, en: Mini}", "title: {nl: Mini, en: Mini, nl: Klein}")
    assert doubled != VALID
    with pytest.raises(InstrumentError, match=r"not valid YAML at line \d+.*duplicate key 'nl'"):
        km.load_instrument(write(tmp_path, doubled))
