"""The instrument is the source of truth: rules, figures and reports find scales by their roles.

Two instruments made from the bundled one: every scale and item id renamed (the results must be
the same, with the columns renamed the same way), and one without the power and negotiation scales
(the rules and figures that need them say "not measured", nothing crashes).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import kompasmetrics as km
from kompasmetrics.cli import main
from kompasmetrics.errors import InstrumentError
from kompasmetrics.report import write_excel, write_html

ROOT = Path(__file__).resolve().parents[2]
KOMPAS = ROOT / "instruments" / "kompas.yaml"


def bundled() -> dict:
    return yaml.safe_load(KOMPAS.read_text(encoding="utf-8"))


def write(raw: dict, path: Path) -> Path:
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def renamed(tmp_path_factory):
    """The bundled instrument with scales ``s01``.. and items ``v001``..; the maps old -> new, in
    reversed file order so that no new id hints at the old one."""
    raw = bundled()
    scales, items = {}, {}
    for number, scale in enumerate(reversed(raw["scales"]), start=1):
        scales[scale["id"]] = f"s{number:02d}"
    for number, item in enumerate((i for s in raw["scales"] for i in s["items"]), start=1):
        items[item["id"]] = f"v{number:03d}"
    for scale in raw["scales"]:
        scale["id"] = scales[scale["id"]]
        for item in scale["items"]:
            item["id"] = items[item["id"]]
    path = write(raw, tmp_path_factory.mktemp("renamed") / "renamed.yaml")
    return km.load_instrument(path), scales, items


@pytest.fixture(scope="module")
def study():
    return km.simulate(n_partnerships=40, random_state=11)


@pytest.fixture(scope="module")
def both(study, renamed):
    """(scores, dx) on the bundled instrument and on the renamed one, from the same answers."""
    instrument, _, items = renamed
    original = study.survey
    frame = original.responses.rename(columns=items)
    twin = km.Survey(frame, instrument=instrument, attributes=original.attributes)
    results = []
    for survey in (original, twin):
        scores = km.score(survey)
        results.append((survey, scores, km.diagnose(scores)))
    return results


def test_no_scale_id_of_the_bundled_instrument_in_the_package_code():
    """Outside the instrument file (and the simulator, which writes answers to it), code names
    roles, never scale ids. Role names that equal a scale id (``leadership``) are allowed only as
    roles, which the renamed-instrument tests below check in behaviour."""
    roles = set(km.instrument.SINGLE_ROLES) | set(km.instrument.GROUP_ROLES)
    ids = {scale["id"] for scale in bundled()["scales"]} - roles
    pattern = re.compile(r"\b(" + "|".join(sorted(ids)) + r")\b")
    found = []
    for path in (ROOT / "kompasmetrics").rglob("*.py"):
        if "simulate" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line) and "``" not in line:  # docstring examples quote ids in ``...``
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def test_renamed_instrument_gives_the_same_diagnosis(both, renamed):
    _, scales, _ = renamed
    (_, scores, dx), (_, scores2, dx2) = both
    assert len(dx.flags) > 30 and dx.not_measured.empty and dx2.not_measured.empty
    pd.testing.assert_frame_equal(dx.flags.assign(facet=dx.flags["facet"].replace(scales)), dx2.flags)
    pd.testing.assert_frame_equal(dx.agenda.assign(facet=dx.agenda["facet"].replace(scales)), dx2.agenda)
    pd.testing.assert_frame_equal(dx.verdicts.assign(scale=dx.verdicts["scale"].replace(scales)), dx2.verdicts)
    pd.testing.assert_frame_equal(dx.summary, dx2.summary)
    pd.testing.assert_frame_equal(dx.negotiation, dx2.negotiation)
    pd.testing.assert_frame_equal(dx.phases.rename(columns=scales), dx2.phases)
    pd.testing.assert_frame_equal(scores.partnerships.rename(columns=scales), scores2.partnerships)


def figure_data(figure) -> list:
    """Every trace's data and the title, with nothing that depends on scale ids (there is none)."""
    data = []
    for trace in figure.data:
        record = {}
        for key in ("name", "x", "y", "r", "theta", "z", "text"):
            value = getattr(trace, key, None)
            if value is not None:
                record[key] = np.asarray(value, dtype=object).tolist()
        data.append(record)
    return [figure.layout.title.text, data]


FIGURES = {
    "radar": lambda s, d, v, p: km.plot_radar(s, p, ring="context", by="organisation"),
    "kijkglas": lambda s, d, v, p: km.plot_kijkglas(s, p),
    "phases": lambda s, d, v, p: km.plot_phases(d, partnership=p, scores=s),
    "phase map": lambda s, d, v, p: km.plot_phases(d, scores=s),
    "trust": lambda s, d, v, p: km.plot_trust(s, partnership=p),
    "power": lambda s, d, v, p: km.plot_power(s, partnership=p),
    "negotiation": lambda s, d, v, p: km.plot_negotiation(d, partnership=p),
    "agreement": lambda s, d, v, p: km.plot_agreement(s),
}


@pytest.mark.parametrize("name", FIGURES)
def test_renamed_instrument_gives_the_same_figures(both, name):
    (_, scores, dx), (_, scores2, dx2) = both
    partnership = dx.flagged("power_imbalance")[0]
    make = FIGURES[name]
    first = make(scores, dx, None, partnership)
    second = make(scores2, dx2, None, partnership)
    assert "not_measured" not in (first.layout.meta or {})
    assert figure_data(first) == figure_data(second)


def test_renamed_instrument_gives_the_same_workbook(both, renamed, tmp_path):
    _, scales, items = renamed
    names = {**scales, **items}
    sheets = []
    for number, (survey, scores, dx) in enumerate(both):
        path = write_excel(tmp_path / f"w{number}.xlsx", scores, dx=dx, survey=survey, language="en")
        sheets.append(pd.read_excel(path, sheet_name=None, header=None, engine="calamine"))
    assert sheets[0].keys() == sheets[1].keys()
    for name in sheets[0]:
        if name.lower().startswith(("about", "over")):
            continue  # names the instrument file and the time of writing
        first = sheets[0][name].replace(names)
        pd.testing.assert_frame_equal(first, sheets[1][name], obj=name)


@pytest.fixture(scope="module")
def without_power(tmp_path_factory, study):
    raw = bundled()
    raw["scales"] = [s for s in raw["scales"] if s.get("role") not in ("power_asymmetry", "power_restraint")]
    raw["scales"] = [s for s in raw["scales"] if s.get("role") not in ("own_gain", "partners_gain")]
    folder = tmp_path_factory.mktemp("nopower")
    instrument = km.load_instrument(write(raw, folder / "nopower.yaml"))
    kept = [c for c in study.survey.responses.columns if c not in set(study.survey.items) - set(instrument.item_ids)]
    survey = km.Survey(study.survey.responses[kept], instrument=instrument, attributes=study.survey.attributes)
    scores = km.score(survey)
    return folder, instrument, survey, scores, km.diagnose(scores)


def test_rules_without_their_roles_are_reported_not_measured(without_power):
    _, _, _, _, dx = without_power
    unmeasured = dx.not_measured.set_index("flag")
    assert set(unmeasured.index) == {"power_imbalance", "lose_lose", "win_lose", "lose_win"}
    assert unmeasured.at["power_imbalance", "needs"] == "power_asymmetry, power_restraint"
    assert unmeasured.at["power_imbalance", "reason_en"] == (
        "Not measured by this instrument; it needs: power asymmetry, restraint of the strongest."
    )
    assert "Niet gemeten met deze vragenlijst" in unmeasured.at["win_lose", "reason_nl"]
    assert not set(dx.flags["flag"]) & set(unmeasured.index)
    assert {"skipped_phase", "low_trust"} <= set(dx.flags["flag"])  # the others still judge
    assert "not_measured=['power_imbalance', 'lose_lose', 'win_lose', 'lose_win']" in repr(dx)
    assert "negotiation" not in dx.summary.columns


@pytest.mark.parametrize("language, words", [("en", "Not measured by this instrument"), ("nl", "Niet gemeten")])
def test_figures_without_their_roles_say_so(without_power, language, words):
    _, _, _, scores, dx = without_power
    for figure in (km.plot_power(scores, language=language), km.plot_negotiation(dx, language=language)):
        assert figure.layout.meta["not_measured"]
        assert words in figure.layout.annotations[0].text
        assert not figure.data


def test_reports_without_power_scales_are_written(without_power, tmp_path):
    folder, _, survey, scores, dx = without_power
    write_excel(tmp_path / "scores.xlsx", scores, dx=dx, survey=survey)
    page = write_html(tmp_path / "report.html", scores, dx=dx, survey=survey, language="en").read_text(encoding="utf-8")
    assert "Not judged, because the questionnaire does not measure it:" in page
    assert "<strong>Power imbalance</strong>: Not measured by this instrument; it needs: power asymmetry" in page
    export = tmp_path / "export.csv"
    survey.responses.to_csv(export, index=False)
    instrument = str(folder / "nopower.yaml")
    assert main(["report", str(export), "--instrument", instrument, "--out", str(tmp_path / "r")]) == 0
    assert (tmp_path / "r" / "report.html").exists()


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda raw: raw["scales"][0].update(role="leadership"), "role is given to more than one scale"),
        (lambda raw: raw["scales"][1].update(phase=1), "phase is given to more than one scale"),
        (lambda raw: raw["scales"][0].update(role="macht"), "role"),
    ],
)
def test_roles_are_checked(tmp_path, change, message):
    raw = bundled()
    change(raw)
    with pytest.raises(InstrumentError, match=message):
        km.load_instrument(write(raw, tmp_path / "bad.yaml"))


def test_roles_of_the_bundled_instrument(instrument):
    roles = instrument.roles
    assert list(roles.phases) == [1, 2, 3, 4, 5]
    assert len(roles.scales("trust")) == 3 and len(roles.scales("ambition")) == 4
    assert set(roles.single) == set(km.instrument.SINGLE_ROLES)
    assert roles.missing(["phases", "trust", "own_gain", "phase_4|phase_5"]) == []
