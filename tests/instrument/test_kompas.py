"""The bundled Kompas instrument: the contract later analyses and analysts rely on."""

from __future__ import annotations

import pytest

PHASES = ["phase1_explore", "phase2_share", "phase3_agree", "phase4_design", "phase5_execute"]
CONTRACT = [
    *PHASES,
    "trust_interest",
    "trust_openness",
    "trust_reliability",
    "power_asymmetry",
    "power_restraint",
    "dependence",
    "leadership",
    "conflict_use",
    "value_creation",
    "network_logic",
    "ambition_issue",
    "ambition_solution",
    "ambition_opportunity",
    "ambition_form",
    "interest_societal",
    "interest_organisational",
    "interest_personal",
    "context_players",
    "context_process",
    "context_environment",
    "gain_own",
    "gain_partners",
]


def test_contract_scales_present(instrument):
    assert set(CONTRACT) <= set(instrument.scale_ids)


@pytest.mark.parametrize("scale", CONTRACT)
def test_every_contract_scale_has_two_to_four_items(instrument, scale):
    assert 2 <= len(instrument.items_of(scale)) <= 4


def test_at_least_ten_reverse_keyed_items(instrument):
    assert instrument.items["reverse"].sum() >= 10


def test_phase_scales_carry_their_phase_number(instrument):
    scales = instrument.scales.set_index("scale")
    assert [int(scales.at[s, "phase"]) for s in PHASES] == [1, 2, 3, 4, 5]
    assert set(scales.loc[PHASES, "construct"]) == {"phase"}
    assert scales.drop(index=PHASES)["phase"].isna().all()


def test_trust_constructs_and_facets(instrument):
    scales = instrument.scales.set_index("scale")
    trust = ["trust_interest", "trust_openness", "trust_reliability"]
    assert set(scales.loc[trust, "construct"]) == {"trust"}


def test_every_ring_has_at_least_three_scales(instrument):
    counts = instrument.scales["ring"].value_counts()
    assert set(counts.index) == {"ambition", "interests", "context"}
    assert (counts >= 3).all()


def test_every_text_is_bilingual_and_items_are_unique(instrument):
    assert instrument.languages == ("nl", "en")
    for column in ["text_nl", "text_en"]:
        assert instrument.items[column].str.strip().str.len().gt(0).all()
    assert instrument.items["item"].is_unique
    assert not (instrument.items["text_nl"] == instrument.items["text_en"]).any()


def test_missing_labels_are_not_answers(instrument):
    scale = instrument.response_scales["agree5"]
    lookup = scale.label_lookup()
    assert lookup["weet niet"] != lookup["weet niet"]  # NaN: missing, never 0
    assert lookup["don't know"] != lookup["don't know"]
    assert lookup["helemaal eens"] == 5.0


def test_repr_html_lists_scales(instrument):
    html = instrument._repr_html_()
    assert "phase3_agree" in html and "scales per ring" in html
