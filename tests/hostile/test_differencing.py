"""A small organisation cannot be recovered by combining what is published (differencing).

The attack of the hostile-input issue, tried on the Python results, the workbook and the figures:
one hidden one-person organisation next to two shown ones (its scores follow from K x partnership
score - the shown organisations), and two small organisations pooled as "Overig / Other" (both
follow from the partnership score and the pool when the pool is averaged differently from the
partnership). The hidden organisations answer at the top of the scale and the others low, so a
leak would be exact and a non-leak far off.
"""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest

import kompasmetrics as km
from kompasmetrics.report import write_excel
from kompasmetrics.scoring import POOLED_LABEL

SCALE = "trust_reliability"
ITEMS = ["trust_reliability_1", "trust_reliability_2", "trust_reliability_3"]


def respondents(partnership: str, organisation: str, n: int, answer: int) -> list[dict]:
    return [
        {
            "respondent_id": f"{partnership}-{organisation}-{i}",
            "partnership": partnership,
            "organisation": organisation,
            **dict.fromkeys(ITEMS, answer),
        }
        for i in range(n)
    ]


@pytest.fixture(scope="module")
def study():
    rows = (
        respondents("One hidden", "A", 4, 2)
        + respondents("One hidden", "B", 5, 1)
        + respondents("One hidden", "Hidden", 1, 5)
        + respondents("Two pooled", "A", 5, 1)
        + respondents("Two pooled", "Hidden 1", 1, 5)
        + respondents("Two pooled", "Hidden 2", 2, 1)
    )
    frame = pd.DataFrame(rows)
    frame.loc[frame["organisation"] == "Hidden 2", ITEMS] = [2, 1, 2]  # not the same as A
    survey = km.Survey(frame, km.load_instrument())
    means = km.score(survey).respondents.groupby(["partnership", "organisation"])[SCALE].mean()
    truth = {
        key: means[key] for key in [("One hidden", "Hidden"), ("Two pooled", "Hidden 1"), ("Two pooled", "Hidden 2")]
    }
    return survey, truth


def attack(partnerships: pd.Series, organisations: pd.DataFrame, n_organisations: pd.Series) -> dict:
    """The attacker's estimate of every hidden organisation that the published numbers determine."""
    found = {}
    for partnership, score in partnerships.items():
        rows = organisations[organisations["partnership"] == partnership]
        shown = rows[~rows["pooled"]]
        pool = rows[rows["pooled"]]
        hidden_total = n_organisations[partnership] * score - shown[SCALE].sum()
        n_hidden = n_organisations[partnership] - len(shown)
        if n_hidden == 1:
            found[(partnership, "one")] = hidden_total
        elif n_hidden == 2 and len(pool):
            # the pool as a respondent mean of sizes 1 and 2 (the worst case: the sizes are known)
            a = np.array([[1.0, 1.0], [1 / 3, 2 / 3]])
            b = np.array([hidden_total, pool[SCALE].iloc[0]])
            if abs(np.linalg.det(a)) > 1e-9 and not np.allclose(a[0] / 3, a[1]):
                x = np.linalg.solve(a, b)
                if abs((x[0] + 2 * x[1]) / 3 - pool[SCALE].iloc[0]) < 0.5 and abs(x.sum() - hidden_total) < 0.5:
                    found[(partnership, "first")], found[(partnership, "second")] = x
    return found


def recovered(found: dict, truth: dict) -> list:
    values = list(truth.values())
    return [key for key, estimate in found.items() if any(abs(estimate - v) <= 5 for v in values)]


def test_the_python_results_do_not_give_a_hidden_organisation_away(study):
    survey, truth = study
    scores = km.score(survey, min_group_size=3)
    organisations = scores.organisations
    assert "Hidden" not in set(organisations["organisation"]) and POOLED_LABEL in set(organisations["organisation"])
    partnerships = scores.partnerships
    assert not recovered(attack(partnerships[SCALE], organisations, partnerships["n_organisations"]), truth)
    one = organisations[organisations["partnership"] == "One hidden"]
    assert len(one[~one["pooled"]]) == 1  # the smallest shown organisation was hidden with it (complement)


def test_the_workbook_does_not_give_a_hidden_organisation_away(study, tmp_path):
    survey, truth = study
    scores = km.score(survey)
    path = write_excel(tmp_path / "scores.xlsx", scores, language="en")
    book = openpyxl.load_workbook(path)
    sheet = pd.DataFrame(book["Partnerships"].values)
    sheet.columns = sheet.iloc[0]
    partnerships = sheet.iloc[1:].set_index("Partnership")
    label = scores.instrument.scale_label(SCALE, "en")
    orgs = pd.DataFrame(book["Organisations"].values)
    orgs.columns = orgs.iloc[0]
    orgs = orgs.iloc[1:].rename(columns={"Partnership": "partnership", label: SCALE})
    orgs["pooled"] = orgs["Organisation"] == POOLED_LABEL
    found = attack(partnerships[label].astype(float), orgs, partnerships["Organisations"].astype(int))
    assert not recovered(found, truth)


def test_the_radar_by_organisation_does_not_either(study):
    survey, _ = study
    scores = km.score(survey)
    for partnership in ("One hidden", "Two pooled"):
        figure = km.plot_radar(scores, partnership, ring="context", by="organisation")
        names = [trace.name for trace in figure.data]
        assert not any("Hidden" in str(name) for name in names)


def test_the_old_pooling_would_have_leaked(study):
    """The attack works on what was published before the fix: a pool averaged over respondents."""
    survey, truth = study
    scores = km.score(survey)
    partnerships = scores.partnerships
    respondents = scores.respondents
    means = respondents.groupby(["partnership", "organisation"])[SCALE].mean()
    small = respondents[respondents["organisation"].str.startswith("Hidden ")]
    old = pd.DataFrame(
        [
            {"partnership": "One hidden", "organisation": "A", "pooled": False, SCALE: means["One hidden", "A"]},
            {"partnership": "One hidden", "organisation": "B", "pooled": False, SCALE: means["One hidden", "B"]},
            {"partnership": "Two pooled", "organisation": "A", "pooled": False, SCALE: means["Two pooled", "A"]},
            {"partnership": "Two pooled", "organisation": POOLED_LABEL, "pooled": True, SCALE: small[SCALE].mean()},
        ]
    )
    assert len(recovered(attack(partnerships[SCALE], old, partnerships["n_organisations"]), truth)) == 3


def test_the_html_report_does_not_either(study, tmp_path):
    """The report (its figure data and tables) names no hidden organisation, only the pool; its
    numbers come from the same suppressed table the other tests attack. Writing it also covers a
    survey that answered no phase scale (the Kompas figures say so instead of failing)."""
    from kompasmetrics.report import write_html

    survey, _ = study
    scores = km.score(survey)
    text = write_html(tmp_path / "report.html", scores, language="en").read_text(encoding="utf-8")
    for name in ('"Hidden"', ">Hidden<", "Hidden 1", "Hidden 2"):  # (plotly.js itself has "isHidden")
        assert name not in text
    assert '"name":"Other (pooled) (n=5)"' in text  # the figure data is plain JSON in the page, and has the pool
