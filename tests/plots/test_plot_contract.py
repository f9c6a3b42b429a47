"""The contract every figure keeps: data first, keyword-only options, ``language`` checked, a Figure
returned and never shown, errors people can act on; computation modules never import Plotly."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import plotly.graph_objects as go
import plotly.io
import pytest

import kompasmetrics as km

PACKAGE = Path(km.__file__).parent
FUNCTIONS = [
    "plot_radar",
    "plot_kijkglas",
    "plot_phases",
    "plot_likert",
    "plot_trust",
    "plot_power",
    "plot_negotiation",
    "plot_clusters",
    "plot_profiles",
    "plot_agreement",
]


@pytest.fixture(scope="module")
def calls(small_study, small_scores, small_dx, small_clusters):
    """One call per function: (function, positional arguments, keyword arguments)."""
    return {
        "plot_radar": ((small_scores, "P004"), {"by": "organisation"}),
        "plot_kijkglas": ((small_scores, "P004"), {}),
        "plot_phases": ((small_dx,), {"partnership": "P004"}),
        "plot_likert": ((small_study.survey,), {"scale": "leadership"}),
        "plot_trust": ((small_scores,), {}),
        "plot_power": ((small_scores,), {}),
        "plot_negotiation": ((small_dx,), {}),
        "plot_clusters": ((small_clusters,), {"dx": small_dx}),
        "plot_profiles": ((small_clusters,), {}),
        "plot_agreement": ((small_scores,), {}),
    }


@pytest.mark.parametrize("name", FUNCTIONS)
def test_public_and_signature(name):
    assert name in km.__all__ and name in km.plots.__all__
    function = getattr(km, name)
    parameters = list(inspect.signature(function).parameters.values())
    positional = [p for p in parameters if p.kind is p.POSITIONAL_OR_KEYWORD]
    assert 1 <= len(positional) <= 2  # the data (and, for radars, the partnership)
    assert all(p.kind is p.KEYWORD_ONLY for p in parameters[len(positional) :])
    language = inspect.signature(function).parameters["language"]
    assert language.kind is language.KEYWORD_ONLY and language.default is None  # the instrument's first
    doc = inspect.getdoc(function)
    assert "Returns\n-------\nplotly.graph_objects.Figure" in doc and "Raises" in doc


@pytest.mark.parametrize("name", FUNCTIONS)
def test_returns_a_figure_and_never_shows_it(name, calls, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a plot function showed its figure")

    monkeypatch.setattr(go.Figure, "show", refuse)
    monkeypatch.setattr(plotly.io, "show", refuse)
    args, kwargs = calls[name]
    figure = getattr(km, name)(*args, **kwargs)
    assert isinstance(figure, go.Figure)
    assert figure.layout.title.text and figure.layout.height
    assert figure.layout.template.layout.font.family.startswith("Inter")
    figure.to_json()  # serialisable: it renders in a browser and an HTML report


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("language", ["de", "NL", 1])
def test_unknown_language_names_the_parameter(name, language, calls):
    args, kwargs = calls[name]
    with pytest.raises(km.KompasValueError, match=r"language=.*'nl' or 'en'"):
        getattr(km, name)(*args, **kwargs, language=language)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_titles_switch_with_the_language(name, calls):
    args, kwargs = calls[name]
    dutch = getattr(km, name)(*args, **kwargs, language="nl")
    english = getattr(km, name)(*args, **kwargs, language="en")
    assert dutch.layout.title.text != english.layout.title.text


ERRORS = {
    "unknown partnership": (
        lambda d: km.plot_radar(d.scores, "P0001"),
        km.KompasKeyError,
        r"no partnership 'P0001'.*40 are known.*Did you mean 'P001'\?",
    ),
    "unknown ring": (
        lambda d: km.plot_radar(d.scores, "P001", ring="ambitie"),
        km.KompasValueError,
        r"ring='ambitie'.*'ambition', 'interests', 'context'.*Did you mean 'ambition'\?",
    ),
    "unknown by": (
        lambda d: km.plot_radar(d.scores, "P001", by="organisations"),
        km.KompasValueError,
        r"by='organisations'.*Did you mean 'organisation'\?",
    ),
    "kijkglas partnership": (
        lambda d: km.plot_kijkglas(d.scores, "p004"),
        km.KompasKeyError,
        r"Did you mean 'P004'\?",
    ),
    "phases partnership": (
        lambda d: km.plot_phases(d.dx, partnership="P4"),
        km.KompasKeyError,
        r"no partnership 'P4'",
    ),
    "phases input": (
        lambda d: km.plot_phases(d.scores.partnerships),
        km.KompasValueError,
        r"Scores of km.score\(\) or the Diagnosis",
    ),
    "phases wave": (
        lambda d: km.plot_phases(d.wave_dx, wave=3),
        km.KompasValueError,
        r"wave=3 is not a wave.*'latest' or one of 1, 2",
    ),
    "likert scale": (
        lambda d: km.plot_likert(d.survey, scale="trust_open"),
        km.KompasKeyError,
        r"scale='trust_open'.*Did you mean 'trust_openness'\?",
    ),
    "likert partnership": (
        lambda d: km.plot_likert(d.survey, scale="leadership", partnership="P0004"),
        km.KompasKeyError,
        r"Did you mean 'P004'\?",
    ),
    "trust partnership": (
        lambda d: km.plot_trust(d.scores, partnership="X"),
        km.KompasKeyError,
        r"no partnership 'X'",
    ),
    "power partnership": (
        lambda d: km.plot_power(d.scores, partnership="P1000"),
        km.KompasKeyError,
        r"no partnership 'P1000'",
    ),
    "negotiation input": (
        lambda d: km.plot_negotiation(d.scores),
        km.KompasValueError,
        r"needs the Diagnosis",
    ),
    "negotiation partnership": (
        lambda d: km.plot_negotiation(d.dx, partnership="P0040"),
        km.KompasKeyError,
        r"Did you mean 'P040'\?",
    ),
    "clusters input": (
        lambda d: km.plot_clusters(d.scores),
        km.KompasValueError,
        r"needs the Clustering",
    ),
    "profiles kind": (
        lambda d: km.plot_profiles(d.clusters, kind="bars"),
        km.KompasValueError,
        r"kind='bars'.*'heatmap', 'radar'",
    ),
    "agreement measure": (
        lambda d: km.plot_agreement(d.scores, measure="rwg"),
        km.KompasValueError,
        r"measure='rwg'.*Did you mean 'rwg_j'\?",
    ),
    "agreement partnerships": (
        lambda d: km.plot_agreement(d.scores, partnerships=["P001", "P0002"]),
        km.KompasKeyError,
        r"parameter partnerships.*Did you mean 'P002'\?",
    ),
}


@pytest.fixture(scope="module")
def results(small_study, small_scores, small_dx, small_clusters, wave_scores):
    from types import SimpleNamespace

    return SimpleNamespace(
        survey=small_study.survey,
        scores=small_scores,
        dx=small_dx,
        clusters=small_clusters,
        wave_dx=km.diagnose(wave_scores),
    )


@pytest.mark.parametrize("case", list(ERRORS))
def test_error_messages(case, results):
    call, error, message = ERRORS[case]
    with pytest.raises(error, match=message):
        call(results)


def test_suppressed_partnership_is_refused(small_study):
    responses = small_study.survey.responses
    keep = ~((responses["partnership"] == "P003") & (responses.groupby("partnership").cumcount() >= 2))
    survey = km.Survey(
        responses[keep],
        small_study.survey.instrument,
        attributes=small_study.survey.attributes,
        nonsubstantive=small_study.survey.nonsubstantive[keep],
    )
    scores = km.score(survey)
    assert scores.partnerships.at["P003", "suppressed"]
    for call in (
        lambda: km.plot_radar(scores, "P003"),
        lambda: km.plot_trust(scores, partnership="P003"),
        lambda: km.plot_power(scores, partnership="P003"),
    ):
        with pytest.raises(km.KompasValueError, match=r"P003' has 2 respondents.*suppressed"):
            call()
    assert "P003" not in km.plot_power(scores).data[0].text


COMPUTATION = (
    "instrument",
    "survey.py",
    "io",
    "scoring",
    "stats",
    "simulate",
    "diagnose",
    "compare",
    "errors.py",
)


def test_computation_never_imports_plotly():
    paths = [p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] in COMPUTATION]
    assert len(paths) > 20
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n.split(".")[0] == "plotly" or ".plots" in f".{n}" for n in names), path
