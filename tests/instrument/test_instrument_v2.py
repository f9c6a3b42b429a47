"""Instrument 2.0: reverse keying in every scale, 1.0 exports still read, "not applicable" is
missing, and the process questions (phase status, joined) from the file to the diagnosis."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import kompasmetrics as km
from kompasmetrics._resources import instruments_folder
from kompasmetrics.errors import InstrumentError

V1_EXPORT = Path(__file__).parent / "v1_exports" / "msforms_nl.xlsx"
DUTCH_ROLES = {"partnership": "Samenwerkingsverband", "organisation": "Organisatie"}
STATUS = ["status_phase1", "status_phase2", "status_phase3", "status_phase4", "status_phase5"]


def bundled_yaml() -> dict:
    return yaml.safe_load((instruments_folder() / "kompas.yaml").read_text(encoding="utf-8"))


def write(tmp_path, raw: dict, name: str = "own.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_version_and_a_reverse_keyed_item_in_every_scale(instrument):
    assert instrument.version == "2.0"
    assert (instrument.scales["n_reverse"] >= 1).all(), instrument.scales.loc[instrument.scales["n_reverse"] == 0]
    assert (instrument.scales["n_reverse"] < instrument.scales["n_items"]).all()


def test_no_false_friends_or_motives_left_in_the_items(instrument):
    english = " ".join(instrument.items["text_en"]).lower()
    dutch = " ".join(instrument.items["text_nl"]).lower()
    for word in ("covenant", "stage", "sincere", "genuine", "suits them", "losing face"):
        assert word not in english, word
    for word in ("oprecht", "gezichtsverlies", "het hun uitkomt"):
        assert word not in dutch, word


def test_a_1_0_export_still_reads_by_its_old_statements(instrument):
    survey = km.read_survey(V1_EXPORT, **DUTCH_ROLES)
    new_items = [i for i in instrument.item_ids if i.endswith("_4") and i not in survey.items]
    assert len(survey.items) == 84 and len(new_items) == 12
    missing = survey.report[survey.report["problem"].str.contains("are not in the export", na=False)]
    assert len(missing) == 1 and missing["action"].iloc[0] == "scored without them"
    reworded = [i for i in instrument.former_texts if i in instrument.item_ids]
    assert len(reworded) >= 15 and set(reworded) <= set(survey.items)
    assert km.score(survey).partnerships[instrument.scale_ids].notna().all().all()


def test_not_applicable_power_answer_is_missing_never_a_value(instrument):
    scale = instrument.response_scales["agree5_power"]
    lookup = scale.label_lookup()
    for label in (
        "Not applicable: the partners are about equally strong",
        "Niet van toepassing: de partners zijn ongeveer even sterk",
    ):
        assert np.isnan(lookup[" ".join(label.casefold().split())])
    study = km.simulate(n_partnerships=6, random_state=3, process_questions=False)
    frame = study.responses.copy()
    restraint = instrument.items_of("power_restraint")
    frame[restraint] = frame[restraint].astype(object)
    first = frame["partnership"] == frame["partnership"].iloc[0]
    frame.loc[first, restraint] = "Not applicable: the partners are about equally strong"
    survey = km.Survey(frame, instrument, attributes=["organisation_type", "months_running"])
    assert survey.responses.loc[first.to_numpy(), restraint].isna().all().all()
    assert survey.nonsubstantive.loc[first.to_numpy(), restraint].all().all()
    scores = km.score(survey)
    assert np.isnan(scores.partnerships.at[frame["partnership"].iloc[0], "power_restraint"])
    assert scores.partnerships["power_restraint"].notna().sum() == 5


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            lambda b: b["items"].append({**copy.deepcopy(b["items"][1]), "id": "status_again"}),
            "give each phase one status item",
        ),
        (lambda b: b.pop("status_codes"), "name the answer code of done, partly, skipped, not_yet"),
        (lambda b: b["status_codes"].update(skipped=9), "not among the values"),
        (lambda b: b["items"][1].pop("phase"), "names its phase"),
        (lambda b: b["items"][0].update(response_scale="agree5_power", phase=2), "the joined item has no phase"),
        (lambda b: b["items"][1].update(id="phase1_explore_1"), "item id is used more than once"),
    ],
)
def test_process_block_problems_are_reported(tmp_path, change, reason):
    raw = bundled_yaml()
    change(raw["process_questions"])
    with pytest.raises(InstrumentError, match=reason):
        km.load_instrument(write(tmp_path, raw))


def test_joined_answers_must_be_phase_numbers(tmp_path):
    raw = bundled_yaml()
    next(rs for rs in raw["response_scales"] if rs["id"] == "joined5")["values"] = [0, 1, 2, 3, 4]
    with pytest.raises(InstrumentError, match="phase numbers 1-5"):
        km.load_instrument(write(tmp_path, raw))


def small_frame():
    """Two organisations of three respondents who were all there from the start."""
    study = km.simulate(
        n_partnerships=12, archetypes=["healthy"], organisations=(2, 2), respondents=(3, 3), random_state=5
    )
    return study, study.responses.copy()


def test_survey_codes_labels_and_scores_count_witnesses(instrument):
    _, frame = small_frame()
    unit = frame["partnership"] == "P001"
    rows = frame.index[unit]
    frame["joined_phase"] = frame["joined_phase"].astype(object)
    frame.loc[rows, "joined_phase"] = [1, 1, "Bij het vormgeven (fase 4)", 4, "Weet niet", np.nan]
    frame.loc[rows, "status_phase1"] = ["Overgeslagen", "Skipped", "Done", "Weet niet", 3, np.nan]
    survey = km.Survey(frame, instrument, attributes=["organisation_type", "months_running"])
    assert set(STATUS) | {"joined_phase"} <= set(survey.attributes)
    assert survey.responses.loc[rows, "status_phase1"].tolist()[:3] == [3.0, 3.0, 1.0]
    scores = km.score(survey)
    reports = scores.phase_reports.loc["P001"]
    # joined in phase 4: no witnesses of phase 1; "don't know" and blank joined count as there,
    # and a blank status of someone who was there is unknown, not a witness
    assert reports["later_1"] == 2 and reports["witnesses_1"] == 3 and reports["skipped_1"] == 3
    assert reports["done_1"] == 0 and reports["unknown_1"] == 1
    assert reports["later_4"] == 0
    assert "joined_phase" not in scores.attributes.columns


def diagnosed_with(frame, instrument=None):
    survey = km.Survey(frame, instrument or km.load_instrument(), attributes=["organisation_type", "months_running"])
    return km.diagnose(km.score(survey))


def test_a_skipped_phase_reported_by_witnesses_is_flagged_where_scores_say_complete():
    """Healthy scores everywhere; witnesses of P001 all report exploring skipped. The scores alone
    would never flag it; the reports do, and the evidence says who reported it."""
    _, frame = small_frame()
    unit = frame["partnership"] == "P001"
    frame.loc[unit, "joined_phase"] = 1.0
    frame.loc[unit, "status_phase1"] = "Skipped"
    dx = diagnosed_with(frame)
    flags = dx.flags[dx.flags["flag"] == "skipped_phase"]
    assert list(flags["partnership"]) == ["P001"]
    row = flags.iloc[0]
    assert row["phase"] == 1 and row["confidence"] >= 0.8
    assert row["evidence_en"].startswith("6 of the 6 respondents who were there at the time report that exploring")
    assert row["evidence_nl"].startswith("6 van de 6 respondenten die er toen al bij waren, melden dat verkennen")
    assert dx.phases.at["P001", "next_phase"] == 1
    assert dx.phase_statuses().at["P001", "phase1_explore"] == "skipped"


@pytest.mark.parametrize("why", ["joined later", "don't know"])
def test_newcomers_and_dont_know_are_no_evidence(why):
    _, frame = small_frame()
    unit = frame["partnership"] == "P001"
    if why == "joined later":
        frame.loc[unit, "joined_phase"] = 3.0
        frame.loc[unit, "status_phase1"] = "Skipped"
    else:
        frame.loc[unit, "joined_phase"] = 1.0
        frame.loc[unit, "status_phase1"] = "Weet niet"
    dx = diagnosed_with(frame)
    assert "P001" not in set(dx.flagged("skipped_phase"))
    assert dx.phase_statuses().at["P001", "phase1_explore"] != "skipped"


def test_without_process_questions_the_diagnosis_rests_on_the_scores(tmp_path):
    """Older data (no process columns) and an instrument without the block give the same diagnosis,
    and the simulator's scale answers are the same with or without the process questions."""
    with_block = km.simulate(n_partnerships=60, random_state=8)
    without = km.simulate(n_partnerships=60, random_state=8, process_questions=False)
    items = with_block.survey.items
    pd.testing.assert_frame_equal(with_block.survey.responses[items], without.survey.responses[items])
    raw = bundled_yaml()
    raw.pop("process_questions")
    older = km.load_instrument(write(tmp_path, raw, "no_block.yaml"))
    attributes = ["organisation_type", "months_running"]
    old_data = km.diagnose(km.score(without.survey))
    no_block = km.diagnose(km.score(km.Survey(without.responses, older, attributes=attributes)))
    assert without.survey.responses.columns.intersection(STATUS).empty
    pd.testing.assert_frame_equal(old_data.flags, no_block.flags)
    pd.testing.assert_frame_equal(old_data.phases, no_block.phases)


def test_an_own_instrument_carries_the_process_questions_by_role(tmp_path):
    """Other ids and other answer codes: the diagnosis finds the questions by role and reads the
    codes from status_codes."""
    raw = bundled_yaml()
    status = next(rs for rs in raw["response_scales"] if rs["id"] == "status4")
    status.pop("label_variants")
    status["labels"] = {language: labels[::-1] for language, labels in status["labels"].items()}
    block = raw["process_questions"]
    block["status_codes"] = {"done": 4, "partly": 3, "skipped": 2, "not_yet": 1}
    renamed = {item["id"]: f"stand_{n}" for n, item in enumerate(block["items"])}
    for item in block["items"]:
        item["id"] = renamed[item["id"]]
    own = km.load_instrument(write(tmp_path, raw, "own_process.yaml"))
    _, frame = small_frame()
    frame = frame.rename(columns=renamed)
    unit = frame["partnership"] == "P001"
    for column in renamed.values():
        frame[column] = pd.Series(np.nan, index=frame.index, dtype=object)
    frame.loc[unit, renamed["joined_phase"]] = "From the start: while exploring (phase 1)"
    frame.loc[unit, renamed["status_phase2"]] = "Skipped"
    dx = diagnosed_with(frame, own)
    assert list(dx.flagged("skipped_phase")) == ["P001"]
    assert dx.flags.set_index("flag").at["skipped_phase", "phase"] == 2


def test_an_export_file_with_the_process_questions_by_their_text(tmp_path):
    """A survey-tool export whose headers are the process questions' texts and whose answers are
    labels gives the same witness counts as the simulated survey."""
    study = km.simulate(n_partnerships=10, random_state=4)
    instrument = study.survey.instrument
    frame = study.responses.drop(columns=["organisation_type", "months_running", "submitted_at"])
    frame = frame.rename(columns={"partnership": "Partnership", "organisation": "Organisation"})
    labels = instrument.response_scales["status4"].labels["en"]
    for item in instrument.process.status_items.values():
        frame[item] = frame[item].map(lambda v: labels[int(v) - 1] if isinstance(v, float) and v == v else v)
    frame = frame.rename(columns=dict(instrument.process.items.set_index("item")["text_en"]))
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False)
    survey = km.read_survey(path)
    assert set(instrument.process.item_ids) <= set(survey.attributes)
    assert (survey.questions["how"] == "process question").sum() == 6
    pd.testing.assert_frame_equal(km.score(survey).phase_reports, km.score(study.survey).phase_reports)
