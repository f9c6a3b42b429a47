"""Names from the data are drawn as written: Plotly reads a subset of HTML in every text, so the plot
functions escape ``<``, ``>`` and ``&`` in partnership and organisation names."""

from __future__ import annotations

from html import escape

import pytest
from figure_text import drawn_strings

import kompasmetrics as km
from kompasmetrics.plots._kijkglas import kijkglas_figures
from kompasmetrics.plots._phases import phase_figures

PARTNERSHIP = "Zorg & Welzijn <b>Noord</b>"
ORGANISATION = '<a href="https://example.org">Gemeente</a>'


@pytest.fixture(scope="module")
def hostile(small_study):
    responses = small_study.survey.responses.copy()
    first = responses["partnership"] == "P001"
    organisation = responses.loc[first, "organisation"].value_counts().index[0]
    responses.loc[first & (responses["organisation"] == organisation), "organisation"] = ORGANISATION
    responses.loc[first, "partnership"] = PARTNERSHIP
    survey = km.Survey(
        responses,
        small_study.survey.instrument,
        attributes=small_study.survey.attributes,
        nonsubstantive=small_study.survey.nonsubstantive,
    )
    scores = km.score(survey)
    dx = km.diagnose(scores)
    cl = km.cluster_partnerships(scores, n_clusters=3, random_state=0, n_bootstrap=0)
    return survey, scores, dx, cl


def figures(hostile):
    survey, scores, dx, cl = hostile
    yield "kijkglas", km.plot_kijkglas(scores, PARTNERSHIP, by="organisation")
    yield "radar", km.plot_radar(scores, PARTNERSHIP, by="organisation")
    yield "phases", km.plot_phases(dx, partnership=PARTNERSHIP, scores=scores)
    yield "phase map", km.plot_phases(dx, scores=scores)
    yield "trust", km.plot_trust(scores, partnership=PARTNERSHIP)
    yield "trust portfolio", km.plot_trust(scores)
    yield "power", km.plot_power(scores, partnership=PARTNERSHIP)
    yield "negotiation", km.plot_negotiation(dx, partnership=PARTNERSHIP)
    yield "negotiation portfolio", km.plot_negotiation(dx)
    yield "agreement", km.plot_agreement(scores)
    yield "clusters", km.plot_clusters(cl, dx=dx, scores=scores)
    yield "likert", km.plot_likert(survey, scale="trust_openness", partnership=PARTNERSHIP)


def test_names_are_escaped_in_every_drawn_text(hostile):
    for label, figure in figures(hostile):
        texts = list(drawn_strings(figure.to_plotly_json()))
        joined = "\n".join(texts)
        assert PARTNERSHIP not in joined and ORGANISATION not in joined, label
        assert "<b>Noord" not in joined and "<a href" not in joined, label
        if label not in ("trust portfolio", "likert"):  # these name no partnership in a drawn text
            assert escape(PARTNERSHIP, quote=False) in joined, label


def test_batch_figures_escape_names_as_the_plot_functions_do(hostile):
    _, scores, dx, _ = hostile
    kijkglas = kijkglas_figures(scores, [PARTNERSHIP], by="organisation")[PARTNERSHIP]
    phases = phase_figures(dx, [PARTNERSHIP], scores=scores)[PARTNERSHIP]
    for figure in (kijkglas, phases):
        joined = "\n".join(drawn_strings(figure))
        assert PARTNERSHIP not in joined and "<b>Noord" not in joined
        assert escape(PARTNERSHIP, quote=False) in joined
    names = [trace["name"] for trace in kijkglas["data"]]
    assert any(name.startswith(escape(ORGANISATION, quote=False) + " (n=") for name in names)


def test_names_keep_their_raw_form_where_code_reads_them(hostile):
    """meta and the cluster map's customdata carry the names as they are, for look-ups."""
    _, scores, _, cl = hostile
    figure = km.plot_kijkglas(scores, PARTNERSHIP, by="organisation")
    assert PARTNERSHIP in {trace.meta.get("partnership") for trace in figure.data}
    clusters = km.plot_clusters(cl)
    assert PARTNERSHIP in {name for trace in clusters.data for name in trace.customdata}
