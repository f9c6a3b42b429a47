"""The widget dashboards in Python: controls update the figures in place, privacy holds in every view."""

from __future__ import annotations

import html
from datetime import UTC

import pytest

import kompasmetrics as km
from kompasmetrics.scoring import POOLED_LABEL


def trace_names(figure) -> set[str]:
    return {trace.name for trace in figure.data if trace.name}


def test_partnership_controls_update_in_place(scores, dx, study):
    board = km.dashboard(scores, dx, survey=study.survey)
    radar, phases = board.radar, board.phases
    first = board.partnership.value
    assert radar.layout.title.text.startswith(first)
    before_flags = board.flags.value
    other = next(
        p
        for p in board.partnership.options
        if set(dx.flags.loc[dx.flags["partnership"] == p, "flag"])
        != set(dx.flags.loc[dx.flags["partnership"] == first, "flag"])
    )
    board.partnership.value = other
    # Each redraw is a new widget carrying its whole state (a browser that missed Plotly's delta
    # messages kept the first figure); the previous widget is closed, so the kernel keeps none.
    assert board.radar is not radar and board.phases is not phases
    assert radar.comm is None and phases.comm is None
    assert board.radar.layout.title.text.startswith(other)
    assert board._radar.box.children == (board.radar,)
    assert board.flags.value != before_flags
    agenda = dx.agenda[dx.agenda["partnership"] == other].sort_values("rank")
    assert 1 <= len(agenda) <= 3
    assert board.next_step.value.count("<li") == len(agenda)
    assert all(html.escape(a) in board.next_step.value for a in agenda["action_nl"])
    board.ring.value = "context"
    drawn = [t for t in board.radar.data if t.meta and t.meta.get("role") == "partnership"]
    context = scores.instrument.scales.query("ring == 'context'")["scale"]
    assert sum(len(t.theta) - 1 for t in drawn) == len(context)  # every context scale, in its panel


def test_language_switch(scores, dx):
    board = km.dashboard(scores, dx)
    board.language.value = "en"
    assert "ring" in board.radar.layout.title.text.lower()
    assert [label for label, _ in board.ring.options] == ["Ambition", "Interests", "Context"]
    assert "Flags" in board.flags_heading.value


def test_small_organisations_never_alone(scores, dx, study):
    board = km.dashboard(scores, dx, survey=study.survey)
    board.by.value = "organisation"
    minimum = scores.settings["min_group_size"]
    sizes = study.survey.responses.groupby(["partnership", "organisation"]).size()
    for partnership in board.partnership.options:
        board.partnership.value = partnership
        small = {org for (p, org), n in sizes.items() if p == partnership and n < minimum}
        names = " ".join(trace_names(board.radar))
        assert not any(org in names for org in small), (partnership, small, names)
    shown = scores.partnerships[~scores.partnerships["suppressed"]].index
    assert set(board.partnership.options) == set(shown)


def test_suppressed_partnerships_are_not_offered():
    study = km.simulate(n_partnerships=12, organisations=(1, 2), respondents=(1, 2), random_state=3)
    scores = km.score(study.survey)
    board = km.dashboard(scores)
    suppressed = set(scores.partnerships.index[scores.partnerships["suppressed"]])
    assert suppressed and not suppressed & set(board.partnership.options)
    assert "niet getoond" in board.notice.value


def test_portfolio_filters_sliders_and_opening(scores, dx, cl, study):
    board = km.portfolio_dashboard(scores, dx, cl, survey=study.survey)
    total = len(board.selected())
    board.flag.value = "low_trust"
    flagged = set(dx.flags.loc[dx.flags["flag"] == "low_trust", "partnership"])
    assert set(board.selected()) == flagged & set(board.selected())
    assert len(board.selected()) < total
    assert len(board.heatmap.data[0].y) == len(board.selected())
    board.flag.value = "__all__"
    before = len(board.dx.flagged("weak_leadership"))
    board.thresholds["weak_leadership"].value = 70
    assert len(board.dx.flagged("weak_leadership")) > before
    board.choose.value = board.choose.options[3]
    assert board.detail.partnership.value == board.choose.options[3]
    assert board.detail.radar.layout.title.text.startswith(board.choose.options[3])
    assert "<table" in board.table.value


def test_clicking_the_cluster_map_opens_the_partnership(scores, dx, cl):
    board = km.portfolio_dashboard(scores, dx, cl)
    trace = next(t for t in board.cluster_map.data if t.customdata is not None and len(t.customdata))

    class Points:
        point_inds = (0,)

    board._on_click(trace, Points(), None)
    assert board.detail.partnership.value == str(trace.customdata[0])


def test_portfolio_organisation_type_filter(scores, dx, cl, study):
    board = km.portfolio_dashboard(scores, dx, cl, survey=study.survey)
    board.organisation_type.value = "police"
    having = set(study.survey.responses.loc[study.survey.responses["organisation_type"] == "police", "partnership"])
    assert set(board.selected()) <= having


def test_pooled_label_is_the_only_group_below_the_organisation_level(scores):
    assert (scores.organisations.loc[scores.organisations["pooled"], "organisation"] == POOLED_LABEL).all()


@pytest.mark.parametrize(
    "call", [lambda s: km.dashboard(s, language="fr"), lambda s: km.portfolio_dashboard(s, language="de")]
)
def test_language_checked(scores, call):
    with pytest.raises(km.KompasValueError, match="language="):
        call(scores)


def test_import_dashboard_from_upload_to_portfolio():
    from datetime import datetime
    from pathlib import Path

    sample = Path(__file__).resolve().parents[2] / "sample_data" / "msforms_nl.xlsx"
    board = km.import_dashboard(language="nl")
    assert board.go.disabled
    board.upload.value = (
        {
            "name": sample.name,
            "type": "",
            "size": sample.stat().st_size,
            "content": memoryview(sample.read_bytes()),
            "last_modified": datetime.now(UTC),
        },
    )
    assert "msforms" in board.detected.value
    assert board.organisation_column.value == "Organisatie"
    assert board.partnership_column.value == "Samenwerkingsverband"
    assert not board.go.disabled
    board.go.click()
    assert board.scores is not None and len(board.scores.partnerships) == 12
    assert isinstance(board.output.children[0], km.dashboards.PortfolioDashboard)


def test_import_dashboard_reports_a_bad_file():
    board = km.import_dashboard(language="en")
    board.load("notes.xlsx", b"PK\x03\x04 a damaged workbook")
    assert "did not work" in board.detected.value and "notes.xlsx" in board.detected.value
    assert board.go.disabled


@pytest.mark.parametrize("name", ["..", "", ".", "folder/"])
def test_import_dashboard_refuses_names_that_are_no_file(name):
    board = km.import_dashboard(language="en")
    board.load(name, b"respondent_id\nr1\n")
    assert "is not the file name of an export" in board.detected.value
    assert board.go.disabled and board.path is None


def test_the_ring_and_by_redraw_the_radar_only(scores, dx, study):
    """A ring or by change draws one figure, not three: the phase bars and the Likert bars stay the
    widgets they were (a third of the time of a partnership change; #18)."""
    board = km.dashboard(scores, dx, survey=study.survey)
    phases, likert, radar = board.phases, board.likert, board.radar
    board.ring.value = "interests"
    board.by.value = "partnership"
    assert board.phases is phases and board.likert is likert and board.radar is not radar
    board.partnership.value = board.partnership.options[1]
    assert board.phases is not phases and board.likert is not likert


def test_the_portfolio_panel_follows_the_language_toggle(scores, dx, cl):
    board = km.portfolio_dashboard(scores, dx, cl)
    board.detail.language.value = "en"
    assert board.language == "en" and board.sort_by.description == "Sort by"
    assert board.thresholds["complete"].description == "Phase complete from"
    assert dict(board.flag.options)["Low trust"] == "low_trust"
    assert "partnerships" in board.count.value


def test_a_partnership_measured_once_offers_its_own_wave():
    """The wave menu offered the study's waves to every partnership; one measured only in the
    first wave was then asked for the second."""
    study = km.simulate(n_partnerships=12, n_waves=2, random_state=3)
    responses = study.survey.responses
    last = responses["wave"].max()
    once = responses[~((responses["partnership"] == "P002") & (responses["wave"] == last))].reset_index(drop=True)
    scores = km.score(km.Survey(once, attributes=["organisation_type", "months_running"]))
    board = km.dashboard(scores)
    assert board.wave.value == last
    board.partnership.value = "P002"
    assert list(board.wave.options) == [responses["wave"].min()] and board.wave.value == responses["wave"].min()
    assert board.radar.layout.title.text.startswith("P002")
    board.partnership.value = "P003"
    assert list(board.wave.options) == sorted(responses["wave"].unique())
