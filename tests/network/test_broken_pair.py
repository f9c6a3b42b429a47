"""The broken_pair flag: found where planted, silent elsewhere, not measured without the block."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import kompasmetrics as km
from kompasmetrics.instrument._schema import _normalise


@pytest.fixture(scope="module")
def judged():
    """Partnerships of 3-6 organisations of 2-5 respondents each, a quarter with a broken pair."""
    study = km.simulate(
        n_partnerships=240, organisations=(3, 6), respondents=(2, 5), partner_ratings=True, random_state=2026
    )
    dx = km.diagnose(km.score(study.survey), network=km.network(study.partner_ratings))
    return study, dx


def test_broken_pairs_are_found_with_few_false_alarms(judged):
    study, dx = judged
    truth = study.partner_truth.set_index("partnership")
    flags = dx.flags[dx.flags["flag"] == "broken_pair"].set_index("partnership")
    planted = truth[truth["pattern"] == "broken_pair"]
    named = flags["party"].reindex(planted.index)
    found = sum(name == " & ".join(pair) for name, pair in zip(named, planted["broken_pair"], strict=True))
    others = truth.index[truth["pattern"] != "broken_pair"]
    false_alarms = flags.index.isin(others).sum()
    recall, false_positive_rate = found / len(planted), false_alarms / len(others)
    assert len(planted) >= 50 and recall >= 0.9, recall
    assert false_positive_rate <= 0.05, false_positive_rate
    hard = truth.index[truth["pattern"].isin(["distrusted_party", "unreciprocated_pair"])]
    assert flags.index.isin(hard).sum() / len(hard) <= 0.05


def test_the_flag_names_the_pair_prints_only_shown_dyads_and_feeds_the_agenda(judged):
    study, dx = judged
    net = km.network(study.partner_ratings)
    dyads = net.dyads.set_index(["partnership", "organisation_a", "organisation_b"])
    flagged = dx.flags[dx.flags["flag"] == "broken_pair"]
    for row in flagged.to_dict("records"):
        first, second = row["party"].split(" & ")
        for language in ("nl", "en"):
            assert first in row[f"evidence_{language}"] and second in row[f"recommendation_{language}"]
        dyad = dyads.loc[(row["partnership"], first, second)]
        if dyad["suppressed"]:
            assert "stay hidden" in row["evidence_en"] and "mutual trust" not in row["evidence_en"]
        else:
            assert f"mutual trust {dyad['trust']:.0f} ({dyad['n_raters']} raters)" in row["evidence_en"]
    agenda = dx.agenda[dx.agenda["flag"] == "broken_pair"]
    assert len(agenda) and agenda["action_en"].str.contains(" & ").all()
    assert set(dx.flags.loc[dx.flags["flag"] == "broken_pair", "severity"]) <= {"medium", "high"}


def test_without_a_network_the_rule_does_not_run():
    study = km.simulate(n_partnerships=30, organisations=(3, 4), respondents=(3, 4), random_state=1)
    dx = km.diagnose(km.score(study.survey))
    assert "broken_pair" not in set(dx.flags["flag"]) and dx.not_measured.empty


def test_an_instrument_without_the_block_lists_the_rule_as_not_measured(tmp_path: Path):
    raw = yaml.safe_load(Path(km.load_instrument().source).read_text(encoding="utf-8"))
    del raw["partner_ratings"]
    path = tmp_path / "no_partners.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    instrument = km.load_instrument(path)
    study = km.simulate(n_partnerships=12, instrument=instrument, random_state=2)
    dx = km.diagnose(km.score(study.survey))
    row = dx.not_measured.set_index("flag").loc["broken_pair"]
    assert row["needs"] == "partner_ratings" and "partner_ratings" in row["reason_en"]
    assert _normalise(row["reason_nl"]).startswith("niet gemeten")


def test_a_network_must_be_a_network(judged):
    study, _ = judged
    with pytest.raises(km.KompasValueError, match="diagnose\\(\\) needs a Network as network"):
        km.diagnose(km.score(study.survey), network=study.partner_ratings)
