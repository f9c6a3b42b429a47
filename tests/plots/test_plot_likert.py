"""Likert bars: counts are the answers, options nobody chose stay (with zero), neutral is centred,
don't-know and blanks are apart, reverse-keyed items are marked."""

from __future__ import annotations

import numpy as np
import pytest
from plot_helpers import role

import kompasmetrics as km


def options(figure):
    return role(figure, "option")


def test_counts_are_the_answers(small_study):
    survey = small_study.survey
    figure = km.plot_likert(survey, scale="trust_openness")
    items = survey.instrument.items_of("trust_openness")
    for trace in options(figure):
        expected = [(survey.responses[item] == trace.meta["value"]).sum() for item in items]
        assert trace.meta["counts"] == expected
        assert [int(c) for c in np.asarray(trace.customdata)[:, 1]] == expected
    dont_know, missing = role(figure, "dont_know")[0], role(figure, "missing")[0]
    flagged = survey.nonsubstantive[items]
    assert dont_know.meta["counts"] == flagged.sum().tolist()
    assert missing.meta["counts"] == (survey.responses[items].isna() & ~flagged).sum().tolist()
    assert dont_know.xaxis == "x2" and missing.xaxis == "x2"


def test_trace_structure_and_centred_neutral(small_study):
    figure = km.plot_likert(small_study.survey, scale="leadership")
    values = [t.meta["value"] for t in options(figure)]
    assert sorted(set(values)) == [1, 2, 3, 4, 5]
    assert len(figure.data) == 6 + 2  # five options, the neutral one in two halves, don't know, missing
    halves = [t for t in options(figure) if t.meta["half"]]
    assert [t.meta["half"] for t in halves] == ["left", "right"]
    np.testing.assert_allclose(halves[0].x, -np.asarray(halves[1].x))
    assert sum(t.showlegend is not False for t in halves) == 1
    total = np.zeros(len(figure.data[0].x))
    for trace in options(figure):
        x = np.asarray(trace.x, float)
        if trace.meta["value"] < 3 or trace.meta["half"] == "left":
            assert (x <= 0).all()
        else:
            assert (x >= 0).all()
        total += np.abs(x)
    np.testing.assert_allclose(total, 100)
    assert figure.layout.barmode == "relative"


def test_robust_to_an_option_nobody_chose(small_study):
    responses = small_study.survey.responses.copy()
    items = small_study.survey.instrument.items_of("trust_reliability")
    responses[items] = responses[items].replace({1.0: 2.0, 5.0: 4.0})
    survey = km.Survey(
        responses,
        small_study.survey.instrument,
        attributes=small_study.survey.attributes,
        nonsubstantive=small_study.survey.nonsubstantive,
    )
    counts = km.plots.answer_counts(survey, "trust_reliability")
    assert (counts[1] == 0).all() and (counts[5] == 0).all()
    figure = km.plot_likert(survey, scale="trust_reliability", language="en")
    by_value = {t.meta["value"]: t for t in options(figure) if t.meta["half"] is None}
    for value in (1, 5):
        assert by_value[value].meta["counts"] == [0] * len(items)
        assert np.allclose(by_value[value].x, 0)
    names = [t.name for t in sorted(options(figure), key=lambda t: t.legendrank) if t.showlegend is not False]
    assert names == list(survey.instrument.response_scales["agree5"].labels["en"])


def test_reverse_keyed_items_are_marked(small_study):
    survey = small_study.survey
    figure = km.plot_likert(survey, scale="leadership")
    items = survey.instrument.items.query("scale == 'leadership'")
    labels = list(figure.data[0].y)
    assert [label.endswith("↺") for label in labels] == items["reverse"].tolist()
    assert items["reverse"].any()
    assert "↺" in figure.layout.title.subtitle.text


def test_one_partnership_and_language(small_study):
    survey = small_study.survey
    dutch = km.plot_likert(survey, scale="leadership", partnership="P004")
    english = km.plot_likert(survey, scale="leadership", partnership="P004", language="en")
    n = int((survey.responses["partnership"] == "P004").sum())
    assert sum(role(dutch, "dont_know")[0].meta["counts"]) <= n
    assert str(n) in dutch.layout.title.subtitle.text
    assert dutch.layout.title.text.startswith("P004: antwoorden op 'Verbindend leiderschap'")
    assert english.layout.title.text.startswith("P004: answers on 'Connective leadership'")
    assert options(dutch)[0].name == "Neutraal" and options(english)[0].name == "Neither agree nor disagree"
    assert english.data[0].y[0].startswith("1. There is someone")


def test_small_partnership_is_not_shown(tiny_groups, small_study):
    responses = small_study.survey.responses
    keep = ~((responses["partnership"] == "P002") & (responses.groupby("partnership").cumcount() >= 2))
    survey = km.Survey(
        responses[keep],
        small_study.survey.instrument,
        attributes=small_study.survey.attributes,
        nonsubstantive=small_study.survey.nonsubstantive[keep],
    )
    with pytest.raises(km.KompasValueError, match="fewer than min_group_size=3"):
        km.plot_likert(survey, scale="leadership", partnership="P002")


def test_the_two_axes_keep_their_end_labels_apart(small_study):
    """'100%' at the end of the answers' axis and '0%' at the start of the non-response axis
    read as "100%0%" when the panels sit 9% of the width apart (seen at 800 px)."""
    figure = km.plot_likert(small_study.survey, scale="phase1_explore")
    gap = figure.layout.xaxis2.domain[0] - figure.layout.xaxis.domain[1]
    assert gap >= 0.15
