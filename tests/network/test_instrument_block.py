"""The optional partner_ratings block of an instrument file (instruments/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import kompasmetrics as km

MINI = """
id: mini
version: "0.1"
title: {nl: "Korte scan", en: "Short scan"}
default_response_scale: agree5
response_scales:
  - id: agree5
    values: [1, 2, 3, 4, 5]
    labels:
      nl: [Helemaal oneens, Oneens, Neutraal, Eens, Helemaal eens]
      en: [Strongly disagree, Disagree, Neutral, Agree, Strongly agree]
scales:
  - id: trust_reliability
    construct: trust
    label: {nl: "Betrouwbaarheid", en: "Reliability"}
    ring: context
    facet: reliability
    items:
      - id: trust_reliability_1
        text: {nl: "Partners doen wat ze afspreken.", en: "Partners do what they agree."}
        reverse: false
      - id: trust_reliability_2
        text: {nl: "Partners komen terug op afspraken.", en: "Partners go back on agreements."}
        reverse: true
"""

BLOCK = {
    "items": [
        {
            "id": "p_reliable",
            "role": "trust",
            "facet": "reliability",
            "text": {"nl": "{partner} doet wat het belooft.", "en": "{partner} does what it promises."},
            "reverse": False,
        },
        {
            "id": "p_say",
            "role": "influence",
            "text": {"nl": "{partner} bepaalt veel.", "en": "{partner} decides a lot."},
            "reverse": False,
        },
    ]
}


def write(tmp_path: Path, block: dict | None) -> Path:
    raw = yaml.safe_load(MINI)
    if block is not None:
        raw["partner_ratings"] = block
    path = tmp_path / "mini.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_the_bundled_instrument_asks_each_partner_about_trust_value_influence_and_frequency():
    block = km.load_instrument().partner_ratings
    items = block.items.set_index("item")
    assert sorted(items["role"].unique()) == ["frequency", "influence", "trust", "value"]
    assert sorted(items.loc[items["role"] == "trust", "facet"]) == ["interest", "openness", "reliability"]
    assert items.loc[block.items_of("frequency")[0], "response_scale"] == "frequency5"
    assert "Gemeente Zwolle" in block.item_text(block.items_of("value")[0], "en", "Gemeente Zwolle")


def test_an_instrument_without_the_block_has_none_and_scores_as_before(tmp_path):
    instrument = km.load_instrument(write(tmp_path, None))
    assert instrument.partner_ratings is None
    assert instrument.item_ids == ["trust_reliability_1", "trust_reliability_2"]


def test_partner_items_are_not_scale_items(tmp_path):
    instrument = km.load_instrument(write(tmp_path, BLOCK))
    assert instrument.partner_ratings.items_of("trust") == ["p_reliable"]
    assert "p_reliable" not in instrument.item_ids


def _with(change) -> dict:
    block = yaml.safe_load(yaml.safe_dump(BLOCK))
    change(block)
    return block


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (_with(lambda b: b["items"][0]["text"].update(en="It does what it promises.")), "write {partner} where"),
        (_with(lambda b: b["items"][1].update(role="power")), "allowed are"),
        (_with(lambda b: b["items"][0].pop("facet")), "a trust item names its facet"),
        (_with(lambda b: b["items"][0].update(role="influence", facet=None)), "give this role to one partner item"),
        (_with(lambda b: b["items"][1].update(id="trust_reliability_1")), "item id is used more than once"),
        (_with(lambda b: b["items"][1].update(response_scale="often5")), "no response scale with this id"),
        (_with(lambda b: b["items"][0]["text"].pop("nl")), "text in 'nl' is missing"),
        (
            _with(lambda b: b["items"][0].update(weight=2)),
            "unknown field 'weight'; the fields here are id, role, facet",
        ),
    ],
)
def test_every_problem_of_the_block_is_named(tmp_path, block, message):
    with pytest.raises(km.InstrumentError) as caught:
        km.load_instrument(write(tmp_path, block))
    assert message in str(caught.value)
    assert "partner_ratings" in str(caught.value)
