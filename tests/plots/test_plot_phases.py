"""The Kompas figure: phases in order, current phase, skipped phases, the sorted heat map."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from plot_helpers import plain, role

import kompasmetrics as km

PHASES = ["phase1_explore", "phase2_share", "phase3_agree", "phase4_design", "phase5_execute"]


def bars(figure) -> pd.Series:
    """Completion per phase label, read from the status traces."""
    values = {}
    for trace in role(figure, "status"):
        values.update(dict(zip(map(plain, trace.x), trace.y, strict=True)))
    return pd.Series(values)


def test_one_partnership_shows_the_five_phases_in_order(small_scores, small_dx):
    figure = km.plot_phases(small_dx, partnership="P004", scores=small_scores)
    labels = [f"{i}. {small_scores.instrument.scale_label(s, 'nl')}" for i, s in enumerate(PHASES, start=1)]
    assert [plain(x) for x in figure.layout.xaxis.categoryarray] == labels
    values = bars(figure).reindex(labels)
    np.testing.assert_allclose(values, small_dx.phases.loc["P004", PHASES].to_numpy(float))
    statuses = {t.meta["status"] for t in role(figure, "status")}
    assert statuses <= {"complete", "under_way", "incomplete", "skipped"}
    (current,) = role(figure, "current")
    assert current.meta["phase"] == small_dx.phases.at["P004", "current_phase"]
    assert plain(current.x[0]) == labels[current.meta["phase"] - 1]
    (following,) = role(figure, "next")
    assert following.meta["phase"] == small_dx.phases.at["P004", "next_phase"]
    assert {s.y0 for s in figure.layout.shapes} == {
        small_dx.rules.complete,
        small_dx.rules.incomplete,
    }


def test_error_bars_are_the_intervals(small_scores, small_dx):
    """The error bars are the posterior intervals the verdicts rest on, so bar, bar colour and verdict
    never disagree."""
    figure = km.plot_phases(small_dx, partnership="P004", scores=small_scores)
    intervals = small_dx.verdicts.query("partnership == 'P004'").set_index("scale")
    for trace in role(figure, "status"):
        for scale, y, plus, minus in zip(
            trace.meta["phases"],
            trace.y,
            trace.error_y.array,
            trace.error_y.arrayminus,
            strict=True,
        ):
            assert y + plus == pytest.approx(intervals.at[scale, "upper"])
            assert y - minus == pytest.approx(intervals.at[scale, "lower"])
    without = km.plot_phases(small_dx, partnership="P004")
    assert [t.error_y.array for t in role(without, "status")] == [t.error_y.array for t in role(figure, "status")]
    statuses = {s: t.meta["status"] for t in role(figure, "status") for s in t.meta["phases"]}
    for scale, verdict in intervals["verdict"].items():
        assert (statuses[scale] == "complete") == (verdict == "complete")


def test_skipped_phases_are_highlighted_only_when_flagged(small_scores, small_dx):
    flagged = small_dx.flagged("skipped_phase")
    assert len(flagged), "the simulated study plants skipped phases"
    partnership = flagged[0]
    figure = km.plot_phases(small_dx, partnership=partnership)
    (skipped,) = [t for t in role(figure, "status") if t.meta["status"] == "skipped"]
    rules = small_dx.rules
    row = small_dx.phases.loc[partnership, PHASES]
    for scale in skipped.meta["phases"]:
        later = row[PHASES[PHASES.index(scale) + 1 :]]
        assert row[scale] < rules.incomplete
        assert ((later >= rules.under_way) & (later - row[scale] >= rules.skipped_gap)).any()
    clean = [p for p in small_dx.summary.index if p not in set(flagged)]
    for partnership in clean[:10]:
        figure = km.plot_phases(small_dx, partnership=partnership)
        assert not [t for t in role(figure, "status") if t.meta["status"] == "skipped"]


def test_scores_still_run_the_default_diagnosis_with_a_deprecation_warning(small_scores, small_dx):
    with pytest.warns(DeprecationWarning, match="pass the Diagnosis"):
        from_scores = km.plot_phases(small_scores, partnership="P007")
    from_dx = km.plot_phases(small_dx, partnership="P007", scores=small_scores)
    pd.testing.assert_series_equal(bars(from_scores).sort_index(), bars(from_dx).sort_index())
    assert len(from_scores.data) == len(from_dx.data)


def test_heat_map_is_sorted_by_current_phase(small_dx):
    figure = km.plot_phases(small_dx)
    (heatmap,) = role(figure, "heatmap")
    order = heatmap.meta["partnerships"]
    assert sorted(order) == sorted(small_dx.phases.index)
    current = small_dx.phases.loc[order, "current_phase"].astype(float).to_numpy()
    known = current[~np.isnan(current)]
    assert (np.diff(known) >= 0).all()
    assert np.isnan(current[len(known) :]).all()
    np.testing.assert_allclose(np.asarray(heatmap.z, float), small_dx.phases.loc[order, PHASES].to_numpy(float))
    assert figure.layout.yaxis.range == (len(order) - 0.5, -0.5)  # first row on top
    (dots,) = role(figure, "current")
    assert len(dots.x) == len(known)
    columns = np.rint(np.asarray(dots.x, float)).astype(int)
    np.testing.assert_array_equal(columns + 1, known.astype(int))


def test_heat_map_marks_skipped_phases_of_flagged_partnerships(small_dx):
    figure = km.plot_phases(small_dx)
    order = role(figure, "heatmap")[0].meta["partnerships"]
    (crosses,) = role(figure, "skipped")
    marked = {order[int(i)] for i in crosses.y}
    assert marked == set(small_dx.flagged("skipped_phase"))


def test_heat_map_hover_names_the_partnership(small_dx):
    figure = km.plot_phases(small_dx, language="en")
    heatmap = role(figure, "heatmap")[0]
    order = heatmap.meta["partnerships"]
    for i, partnership in enumerate(order):
        assert all(cell[0] == partnership for cell in heatmap.customdata[i])
    assert "%{customdata[0]}" in heatmap.hovertemplate
    assert "Current phase" in heatmap.customdata[0][0][1]
    assert figure.layout.title.text.startswith("Where do the partnerships stand?")


def test_the_bars_show_the_diagnosis_own_statuses(small_scores, small_dx):
    statuses = small_dx.phase_statuses()
    for partnership in list(small_dx.phases.index)[:15]:
        figure = km.plot_phases(small_dx, partnership=partnership, scores=small_scores)
        shown = {scale: trace.meta["status"] for trace in role(figure, "status") for scale in trace.meta["phases"]}
        assert shown == statuses.loc[partnership].to_dict()


def test_skipped_phase_status_follows_the_flag_phase_number_not_its_position(small_dx):
    statuses = small_dx.phase_statuses()
    flags = small_dx.flags[small_dx.flags["flag"] == "skipped_phase"]
    scale_of = dict(small_dx.verdicts[["phase", "scale"]].drop_duplicates().itertuples(index=False))
    assert len(flags)
    for partnership, phase in zip(flags["partnership"], flags["phase"], strict=True):
        assert statuses.at[partnership, scale_of[int(phase)]] == "skipped"


def test_phase_statuses_are_computed_once_and_cannot_be_changed_by_the_caller(small_dx):
    first = small_dx.phase_statuses()
    first.iloc[:, :] = "changed"
    assert not (small_dx.phase_statuses() == "changed").any().any()
