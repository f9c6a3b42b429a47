"""Radars: the values drawn are the scores, small groups never appear, labels switch language."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from plot_helpers import plain, role

import kompasmetrics as km
from kompasmetrics.plots._ring_panels import ring_panels


def ring_scales(scores, ring):
    table = scores.instrument.scales
    return table.loc[table["ring"] == ring, "scale"].tolist()


@pytest.mark.parametrize("ring", ["ambition", "interests", "context"])
def test_partnership_polygon_is_the_scores(small_scores, ring):
    figure = km.plot_radar(small_scores, "P004", ring=ring)
    scales = ring_scales(small_scores, ring)
    traces = role(figure, "partnership")
    drawn = [r for trace in traces for r in trace.r[:-1]]
    expected = small_scores.partnerships.loc["P004", scales].to_numpy(float)
    np.testing.assert_allclose(drawn, expected)
    labels = [small_scores.instrument.scale_label(s, "nl") for s in scales]
    assert [plain(t) for trace in traces for t in trace.theta[:-1]] == labels
    for trace in traces:
        assert trace.r[-1] == trace.r[0] and len(trace.theta) == len(trace.r)
        assert figure.layout[trace.subplot or "polar"].radialaxis.range == (0, 100)


def test_a_ring_of_many_scales_is_drawn_in_panels_of_its_constructs(small_scores):
    """The context ring's 17 scales in four radars a person can read, grouped by construct."""
    figure = km.plot_radar(small_scores, "P004", ring="context", by="organisation")
    traces = role(figure, "partnership")
    assert [t.subplot for t in traces] == ["polar", "polar2", "polar3", "polar4"]
    assert [len(t.r) - 1 for t in traces] == [5, 3, 5, 3]
    assert [a.text for a in figure.layout.annotations] == [
        "<b>Kompas-fasen</b>",
        "<b>Vertrouwen</b>",
        "<b>Macht · Leiderschap · Conflict · Netwerklogica</b>",
        "<b>Spelers, proces en omgeving</b>",
    ]
    construct = small_scores.instrument.scales.set_index("scale")["construct"]
    label = {small_scores.instrument.scale_label(s, "nl"): s for s in construct.index}
    groups = [{construct[label[plain(t)]] for t in trace.theta[:-1]} for trace in traces]
    assert groups == [{"phase"}, {"trust"}, {"power", "leadership", "conflict", "logic"}, {"context"}]
    shown = [t for t in figure.data if t.showlegend is not False]
    assert {t.subplot or "polar" for t in shown} == {"polar"}
    domains = [figure.layout[name].domain.x[1] for name in ("polar", "polar2", "polar3", "polar4")]
    assert max(domains) <= 0.72  # the legend keeps its column on the right
    english = km.plot_radar(small_scores, "P004", ring="context", language="en")
    assert english.layout.annotations[1].text == "<b>Trust</b>"


def _instrument(constructs):
    scales = pd.DataFrame({"scale": [f"s{i}" for i in range(len(constructs))], "construct": constructs})
    return SimpleNamespace(scales=scales, scale_label=lambda scale, language: scale.upper())


@pytest.mark.parametrize(
    ("constructs", "sizes"),
    [
        (["a"] * 8, [8]),
        (["a"] * 5 + ["b"] * 3 + ["c"] * 2 + ["d"] + ["e"] + ["f"] + ["g"] * 3, [5, 3, 5, 3]),
        (["a"] * 10, [5, 5]),
        (["a"] * 4 + ["b"] * 5 + ["c"], [4, 6]),
        (["a"] * 2 + ["b"] * 8, [2, 8]),
        (["a"] * 3 + ["b", "c"] * 1 + ["d"] * 4, [5, 4]),
    ],
)
def test_panels_keep_constructs_together_with_three_to_eight_axes(constructs, sizes):
    instrument = _instrument(constructs)
    scales = instrument.scales["scale"].tolist()
    panels = ring_panels(instrument, "context", scales)
    assert [len(p.scales) for p in panels] == sizes
    assert [s for p in panels for s in p.scales] == scales
    for panel in panels:
        mine = {c for s, c in zip(scales, constructs, strict=True) if s in panel.scales}
        assert mine == set(panel.constructs) or (len(panels) == 1 and not panel.constructs)


def test_band_is_the_portfolio_quartiles(small_scores):
    figure = km.plot_radar(small_scores, "P010", ring="interests")
    scales = ring_scales(small_scores, "interests")
    reference = km.benchmark(small_scores, "P010", scales=scales).reindex(scales)
    (band,) = role(figure, "band")
    n = len(scales) + 1
    np.testing.assert_allclose(band.r[: n - 1], reference["p75"])
    np.testing.assert_allclose(band.r[n:][::-1][:-1], reference["p25"])
    assert band.fill == "toself"
    assert [t.meta["role"] for t in figure.data] == ["band", "band_edge", "partnership"]
    assert len(km.plot_radar(small_scores, "P010", benchmark=False).data) == 1


def test_organisation_overlay_comes_from_the_organisation_table(small_scores):
    figure = km.plot_radar(small_scores, "P004", ring="ambition", by="organisation", benchmark=False)
    table = small_scores.organisations[small_scores.organisations["partnership"] == "P004"].set_index("organisation")
    traces = role(figure, "organisation")
    assert [t.meta["organisation"] for t in traces] == table.index.tolist()
    assert len(figure.data) == len(table) + 1
    scales = ring_scales(small_scores, "ambition")
    for trace in traces:
        np.testing.assert_allclose(trace.r[:-1], table.loc[trace.meta["organisation"], scales].to_numpy(float))
        assert trace.name.endswith(f"(n={table.at[trace.meta['organisation'], 'n']})")


def test_small_organisations_are_pooled_never_shown_alone(tiny_groups):
    _, scores = tiny_groups
    minimum = scores.settings["min_group_size"]
    sizes = scores.respondents[scores.respondents["partnership"] == "P001"]["organisation"].value_counts()
    small = set(sizes[sizes < minimum].index)
    assert {"Klein X", "Klein Y"} <= small
    for figure in (
        km.plot_radar(scores, "P001", ring="context", by="organisation"),
        km.plot_kijkglas(scores, "P001", by="organisation", language="en"),
        km.plot_trust(scores, partnership="P001"),
        km.plot_power(scores, partnership="P001"),
    ):
        organisations = [t.meta["organisation"] for t in role(figure, "organisation")]
        assert not small & set(organisations)
        assert all(t.meta["n"] >= minimum for t in role(figure, "organisation"))
        assert all(name not in str(t.name) for t in figure.data for name in small)
        assert "Overig / Other" in organisations


def test_kijkglas_shows_the_rings_inner_first_and_the_context_ring_in_panels(small_scores):
    figure = km.plot_kijkglas(small_scores, "P004", by="organisation")
    subplots = sorted((name for name in figure.layout if name.startswith("polar")), key=lambda n: int(n[5:] or 1))
    assert subplots == ["polar", "polar2", "polar3", "polar4", "polar5", "polar6"]
    rings = [t.meta["ring"] for t in role(figure, "partnership")]
    assert rings == ["ambition", "interests"] + ["context"] * 4
    assert [t.subplot or "polar" for t in role(figure, "partnership")] == subplots
    rows = [figure.layout[name].domain.y[0] for name in subplots]
    assert rows == sorted(rows, reverse=True)  # two to a row, top to bottom
    n_organisations = (small_scores.organisations["partnership"] == "P004").sum()
    assert len(figure.data) == 6 * (2 + n_organisations + 1)
    shown = [t for t in figure.data if t.showlegend is not False]
    assert {t.meta["ring"] for t in shown} == {"ambition"}
    assert [a.text for a in figure.layout.annotations][:3] == [
        "<b>Ambitie</b>",
        "<b>Belangen</b>",
        "<b>Context</b>: Kompas-fasen",
    ]


def test_kijkglas_of_small_rings_stands_side_by_side(small_scores):
    """An instrument whose rings all fit one radar keeps the three rings in one row."""
    from kompasmetrics.plots import _kijkglas

    panels = _kijkglas.kijkglas_panels(small_scores)
    few = [p for p in panels if p.ring != "context"] + [
        type(panels[0])("context", tuple(s for p in panels if p.ring == "context" for s in p.scales)[:6])
    ]
    figure = _kijkglas._side_by_side(
        small_scores, "P004", few, by="partnership", band=False, wave="latest", language="nl"
    )
    domains = [figure.layout[name].domain.y for name in ("polar", "polar2", "polar3")]
    assert len(set(domains)) == 1
    assert [a.text for a in figure.layout.annotations] == ["<b>Ambitie</b>", "<b>Belangen</b>", "<b>Context</b>"]


def test_labels_switch_with_the_language(small_scores):
    dutch = km.plot_radar(small_scores, "P004", ring="context", language="nl")
    english = km.plot_radar(small_scores, "P004", ring="context", language="en")
    assert "ring context" in dutch.layout.title.text and "context ring" in english.layout.title.text
    assert plain(role(dutch, "partnership")[0].theta[0]) == "Verkennen"
    assert plain(role(english, "partnership")[0].theta[0]) == "Exploring"
    assert role(dutch, "band")[0].name == "Portefeuille (p25-p75)"
    assert role(english, "band")[0].name == "Portfolio (p25-p75)"


def test_latest_wave_by_default(wave_scores):
    figure = km.plot_radar(wave_scores, "P001", benchmark=False)
    scales = ring_scales(wave_scores, "ambition")
    latest = wave_scores.partnerships.loc[("P001", 2), scales].to_numpy(float)
    np.testing.assert_allclose(role(figure, "partnership")[0].r[:-1], latest)
    first = km.plot_radar(wave_scores, "P001", benchmark=False, wave=1)
    np.testing.assert_allclose(
        role(first, "partnership")[0].r[:-1],
        wave_scores.partnerships.loc[("P001", 1), scales].to_numpy(float),
    )


def test_legend_below_gives_the_radar_the_full_width(small_scores):
    right = km.plot_radar(small_scores, "P004", by="organisation")
    below = km.plot_radar(small_scores, "P004", by="organisation", legend="below")
    assert right.layout.polar.domain.x == (0.0, 0.72) and right.layout.legend.x == 0.80
    assert below.layout.polar.domain.x == (0.0, 1.0)
    assert below.layout.legend.orientation == "h" and below.layout.legend.y < 0
    assert [t.r for t in below.data] == [t.r for t in right.data]  # the same traces
    with pytest.raises(km.KompasValueError, match="legend='left'"):
        km.plot_radar(small_scores, "P004", legend="left")
