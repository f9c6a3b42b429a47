"""Instrument files as a newcomer writes them: the README's minimal example with the response
scales as a mapping by id, and item ids that are the export's own codes (with capitals)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

import kompasmetrics as km

README = Path(__file__).resolve().parents[2] / "instruments" / "README.md"


def minimal() -> dict:
    text = README.read_text(encoding="utf-8")
    block = text[text.index("# my_instrument.yaml") :]
    return yaml.safe_load(block[: block.index("```")])


def test_response_scales_as_a_mapping_say_what_to_write(tmp_path):
    raw = minimal()
    scale = raw["response_scales"][0]
    raw["response_scales"] = {scale.pop("id"): scale}
    path = tmp_path / "mini.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(km.InstrumentError) as caught:
        km.load_instrument(path)
    message = str(caught.value)
    assert "has 1 problem:" in message  # no follow-on errors about unknown response scales
    assert "write a list" in message and "- id: agree5" in message and "valid list" not in message


def test_item_ids_with_capitals_match_the_export_tags(tmp_path):
    raw = minimal()
    raw["scales"][0]["items"][0]["id"] = "Q4_1"
    raw["scales"][0]["items"][1]["id"] = "medSkept_1"
    path = tmp_path / "mini.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    instrument = km.load_instrument(path)
    assert {"Q4_1", "medSkept_1"} <= set(instrument.item_ids)
    export = tmp_path / "export.csv"
    with export.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["respondent_id", "q4_1", "MEDSKEPT_1"], ["r1", 4, 2], ["r2", 5, 1]])
    survey = km.read_survey(export, instrument=instrument, partnership_name="P", organisation_name="O")
    assert survey.responses["Q4_1"].tolist() == [4, 5] and survey.responses["medSkept_1"].tolist() == [2, 1]
