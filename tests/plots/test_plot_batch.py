"""The batch figures for reports equal the plot functions' figures, trace for trace."""

from __future__ import annotations

import math

import pytest

import kompasmetrics as km
from kompasmetrics.errors import KompasKeyError, KompasValueError
from kompasmetrics.plots._kijkglas import kijkglas_figures
from kompasmetrics.plots._phases import phase_figures
from kompasmetrics.scoring import POOLED_LABEL


def assert_same(batch: object, plotted: object, path: str = "figure") -> None:
    """Equal structures; floats equal too, NaN equal to NaN."""
    if isinstance(plotted, dict):
        assert isinstance(batch, dict), path
        assert set(batch) == set(plotted), (path, set(batch) ^ set(plotted))
        for key in plotted:
            assert_same(batch[key], plotted[key], f"{path}.{key}")
    elif isinstance(plotted, (list, tuple)):
        assert isinstance(batch, (list, tuple)) and len(batch) == len(plotted), path
        for i, (b, p) in enumerate(zip(batch, plotted, strict=True)):
            assert_same(b, p, f"{path}[{i}]")
    elif isinstance(plotted, float) and math.isnan(plotted):
        assert isinstance(batch, float) and math.isnan(batch), path
    else:
        assert batch == plotted, (path, batch, plotted)


def chosen(names, k=4):
    names = list(names)
    return [names[0], names[1], names[len(names) // 2], names[-1]][:k]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_kijkglas_batch_equals_plot_kijkglas(small_scores, language):
    figures = kijkglas_figures(small_scores, language=language)
    assert len(figures) == int((~small_scores.partnerships["suppressed"]).sum())
    for partnership in chosen(figures):
        plotted = km.plot_kijkglas(small_scores, partnership, by="organisation", language=language).to_plotly_json()
        assert_same(figures[partnership], plotted)


def test_kijkglas_batch_values_and_names(small_scores):
    """Spelled out: the partnership's r values and every organisation's trace name."""
    figures = kijkglas_figures(small_scores)
    for partnership in chosen(figures):
        data = figures[partnership]["data"]
        organisations = small_scores.organisations
        shown = organisations[organisations["partnership"] == partnership]
        shown = shown.sort_values("pooled", kind="stable")  # the pooled row last
        first_ring = [t for t in data if t["meta"]["ring"] == "ambition"]
        names = [t["name"] for t in first_ring if t["meta"]["role"] == "organisation"]
        pooled = "Overig (samengevoegd)"
        assert names == [
            f"{pooled if o == POOLED_LABEL else o} (n={n})"
            for o, n in zip(shown["organisation"], shown["n"], strict=True)
        ]
        partnership_trace = next(t for t in first_ring if t["meta"]["role"] == "partnership")
        scales = [s for s in small_scores.instrument.scales.query("ring == 'ambition'")["scale"]]
        expected = small_scores.partnerships.loc[partnership, scales].tolist()
        assert partnership_trace["r"][:-1] == pytest.approx(expected)


def test_kijkglas_batch_without_band_and_by_partnership(small_scores):
    partnership = "P003"
    figure = kijkglas_figures(small_scores, [partnership], by="partnership", benchmark=False)
    plotted = km.plot_kijkglas(small_scores, partnership, benchmark=False).to_plotly_json()
    assert_same(figure[partnership], plotted)


def test_kijkglas_batch_with_small_organisations(tiny_groups):
    _, scores = tiny_groups
    figure = kijkglas_figures(scores, ["P001"])["P001"]
    assert_same(figure, km.plot_kijkglas(scores, "P001", by="organisation").to_plotly_json())
    names = [t["name"] for t in figure["data"]]
    assert not any("Klein" in name for name in names)


def test_kijkglas_batch_with_waves(wave_scores):
    figures = kijkglas_figures(wave_scores)
    for partnership in chosen(figures, 2):
        plotted = km.plot_kijkglas(wave_scores, partnership, by="organisation").to_plotly_json()
        assert_same(figures[partnership], plotted)


def test_kijkglas_batch_shares_what_is_equal(small_scores):
    """Layout parts, labels and the band are the same objects in every figure (and so are
    written once in a report)."""
    first, second = list(kijkglas_figures(small_scores).values())[:2]
    assert first["layout"]["template"] is second["layout"]["template"]
    assert first["layout"]["title"]["text"] != second["layout"]["title"]["text"]
    assert first["data"][0] is second["data"][0]  # the band
    assert first["data"][-1]["theta"] is second["data"][-1]["theta"]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_phase_batch_equals_plot_phases(small_scores, small_dx, language):
    figures = phase_figures(small_dx, scores=small_scores, language=language)
    assert set(figures) == set(small_dx.phases.index)
    for partnership in chosen(figures):
        plotted = km.plot_phases(
            small_dx, partnership=partnership, scores=small_scores, language=language
        ).to_plotly_json()
        assert_same(figures[partnership], plotted)


def test_phase_batch_every_status_and_no_scores(small_scores, small_dx):
    """Every partnership, so that skipped phases, complete partnerships and missing data occur;
    and without scores (no error bars)."""
    with_scores = phase_figures(small_dx, scores=small_scores)
    without = phase_figures(small_dx)
    statuses = set()
    for partnership in small_dx.phases.index:
        plotted = km.plot_phases(small_dx, partnership=partnership, scores=small_scores)
        assert_same(with_scores[partnership], plotted.to_plotly_json())
        statuses |= {t["meta"].get("status") for t in with_scores[partnership]["data"]}
    assert {"complete", "incomplete", "skipped"} <= statuses
    for partnership in chosen(without):
        plotted = km.plot_phases(small_dx, partnership=partnership).to_plotly_json()
        assert_same(without[partnership], plotted)


def test_phase_batch_with_waves(wave_scores):
    dx = km.diagnose(wave_scores)
    figures = phase_figures(dx, scores=wave_scores)
    for partnership in chosen(figures, 3):
        plotted = km.plot_phases(dx, partnership=partnership, scores=wave_scores)
        assert_same(figures[partnership], plotted.to_plotly_json())


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda s, d: kijkglas_figures(s, ["P999"]), KompasKeyError, "no partnership 'P999'"),
        (lambda s, d: kijkglas_figures(s, language="fr"), KompasValueError, "language='fr'"),
        (lambda s, d: kijkglas_figures(s, by="wave"), KompasValueError, "by='wave'"),
        (lambda s, d: phase_figures(d, ["P999"]), KompasKeyError, "no partnership 'P999'"),
        (lambda s, d: phase_figures(s.partnerships), KompasValueError, "not DataFrame"),
    ],
)
def test_batch_errors(small_scores, small_dx, call, error, message):
    with pytest.raises(error, match=message):
        call(small_scores, small_dx)
