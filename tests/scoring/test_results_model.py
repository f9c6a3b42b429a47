"""The results model: Scores.table, Scores.at, the one wave selector, caching and immutability."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import kompasmetrics as km
from kompasmetrics.errors import KompasValueError
from kompasmetrics.scoring import _model, select_wave
from kompasmetrics.scoring._model import STATISTICS


@pytest.fixture(scope="module")
def waves():
    return km.score(km.simulate(n_partnerships=12, n_waves=2, random_state=3).survey)


@pytest.fixture(scope="module")
def single():
    return km.score(km.simulate(n_partnerships=8, random_state=3).survey)


@pytest.mark.parametrize("statistic", list(STATISTICS))
def test_table_is_wide_indexed_like_partnerships(waves, statistic):
    table = waves.table(statistic)
    assert list(table.index.names) == ["partnership", "wave"]
    assert table.index.equals(waves.partnerships.index)
    assert list(table.columns) == waves.scales and table.columns.name == "scale"


def test_table_values_are_those_of_the_long_tables(waves):
    long = waves.intervals.set_index(["partnership", "wave", "scale"])
    wide = waves.table("lower").stack().rename("lower")
    pd.testing.assert_series_equal(wide, long["lower"].reindex(wide.index), check_names=False)
    rwg = waves.agreement.partnerships.set_index(["partnership", "wave", "scale"])["rwg_j"]
    assert np.allclose(waves.table("rwg_j").stack(), rwg.reindex(waves.table("rwg_j").stack().index), equal_nan=True)
    pd.testing.assert_frame_equal(waves.table("mean"), waves.partnerships[waves.scales].rename_axis(columns="scale"))
    counts = waves.respondents.groupby(["partnership", "wave"])[waves.scales].count()
    assert (waves.table("n").to_numpy() == counts.to_numpy()).all()


def test_table_without_waves_is_indexed_by_partnership(single):
    assert list(single.table("rwg_j").index.names) == ["partnership"]


def test_unknown_statistic_names_the_known_ones(single):
    with pytest.raises(KompasValueError, match="'rwg_j'"):
        single.table("rwg")


def test_latest_is_each_partnerships_own_latest_wave():
    study = km.simulate(n_partnerships=10, n_waves=2, random_state=5)
    responses = study.survey.responses
    # P001 is measured in wave 1 only: its latest is wave 1 while the others' is wave 2
    dropped = responses[~((responses["partnership"] == "P001") & (responses["wave"] == 2))]
    survey = km.Survey(dropped, instrument=study.survey.instrument, attributes=list(study.survey.attributes))
    scores = km.score(survey)
    latest = scores.at(wave="latest")
    waves = latest.partnerships.reset_index().set_index("partnership")["wave"]
    assert waves["P001"] == 1 and (waves.drop("P001") == 2).all()
    assert set(latest.organisations["wave"][latest.organisations["partnership"] == "P001"]) <= {1}
    assert set(zip(latest.intervals["partnership"], latest.intervals["wave"], strict=True)) == set(waves.items())
    assert len(latest.respondents) == sum(
        ((dropped["partnership"] == p) & (dropped["wave"] == w)).sum() for p, w in waves.items()
    )
    pd.testing.assert_frame_equal(latest.partnerships.droplevel("wave"), km.scoring.latest_wave(scores.partnerships))


def test_at_a_wave_label_and_unknown_waves(waves, single):
    first = waves.at(wave=1)
    assert set(first.partnerships.index.get_level_values("wave")) == {1}
    assert set(first.respondents["wave"]) == {1}
    with pytest.raises(KompasValueError, match="wave=7"):
        waves.at(wave=7)
    with pytest.raises(KompasValueError, match="no waves"):
        single.at(wave=1)
    pd.testing.assert_frame_equal(single.at().partnerships, single.partnerships)


def test_accessors_compute_once(monkeypatch):
    scores = km.score(km.simulate(n_partnerships=6, n_waves=2, random_state=1).survey)
    calls = {"table": 0, "at": 0}
    wide, restricted = _model.wide_table, _model.restricted_frames

    def counting_table(*args):
        calls["table"] += 1
        return wide(*args)

    def counting_at(*args):
        calls["at"] += 1
        return restricted(*args)

    monkeypatch.setattr("kompasmetrics.scoring._results.wide_table", counting_table)
    monkeypatch.setattr("kompasmetrics.scoring._results.restricted_frames", counting_at)
    for _ in range(3):
        scores.table("rwg_j")
        scores.at("latest")
        scores.at("latest").table("rwg_j")
    assert calls == {"table": 2, "at": 1}  # one table of the study, one of its latest wave


def test_callers_cannot_change_the_cache(waves):
    table = waves.table("mean")
    table.iloc[:, :] = -1.0
    table["extra"] = 0
    assert (waves.table("mean").to_numpy() >= 0).all() and "extra" not in waves.table("mean")
    latest = waves.at()
    latest.partnerships.iloc[0, latest.partnerships.columns.get_loc(waves.scales[0])] = -5.0
    latest.organisations.loc[:, "n"] = 0
    again = waves.at()
    assert again.partnerships[waves.scales[0]].iloc[0] != -5.0 and (again.organisations["n"] > 0).all()


def test_select_wave_by_a_measurement_table(waves):
    organisations = waves.organisations
    chosen = select_wave(organisations, by=waves.partnerships)
    latest = waves.at().partnerships.index
    assert set(zip(chosen["partnership"], chosen["wave"], strict=True)) <= set(latest)


PLOTS = Path(km.__file__).parent / "plots"


def test_no_plot_module_imports_private_names_of_another():
    plot_modules = {path.stem for path in PLOTS.glob("_*.py")}
    offences = []
    for path in PLOTS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module in plot_modules:
                offences += [f"{path.name}: {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
    assert offences == []
    assert not (PLOTS / "_batch.py").exists()
