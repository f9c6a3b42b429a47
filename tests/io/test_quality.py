"""Response quality: longstring and IRV checked against the R package careless; flags; exclusion."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import kompasmetrics as km
from kompasmetrics.io import irv, longstring

NA = np.nan
# careless 1.2 (github.com/ryentes/careless): R/longstring.R (max(rle(x)$lengths)) and R/irv.R
# (apply(x, 1, sd, na.rm = TRUE)). The package is not installable here (no CRAN access, no Debian
# package), so its two function definitions were run verbatim in R 4 on these matrices.
CURRAN_2016 = np.array([[3] * 10, [1, 2, 3, 4, 5] * 2, [1] * 5 + [5] * 5], dtype=float)  # test-irv.R
CURRAN_LONGSTRING = [10, 1, 5]
CURRAN_IRV = [0.0, 1.490711984999860, 2.108185106778920]
WITH_MISSING = np.array(
    [
        [1, 1, 2, 2, 2, NA, 5, 5],
        [NA, NA, NA, 4, 4, 1, 1, 1],
        [3, 3, 3, 3, 3, 3, 3, 3],
        [2, NA, 2, 2, 5, 4, NA, 1],
        [5, 4, 3, 2, 1, 2, 3, 4],
    ]
)
WITH_MISSING_LONGSTRING = [3, 3, 8, 2, 1]
WITH_MISSING_IRV = [1.718249385968449, 1.643167672515498, 0.0, 1.505545305418162, 1.309307341415954]


def test_longstring_and_irv_match_careless_on_curran_2016():
    np.testing.assert_array_equal(longstring(CURRAN_2016), CURRAN_LONGSTRING)
    np.testing.assert_allclose(irv(CURRAN_2016), CURRAN_IRV, rtol=1e-13, atol=1e-15)


def test_longstring_and_irv_match_careless_with_missing_answers():
    np.testing.assert_array_equal(longstring(WITH_MISSING), WITH_MISSING_LONGSTRING)
    np.testing.assert_allclose(irv(WITH_MISSING), WITH_MISSING_IRV, rtol=1e-13, atol=1e-15)


def test_longstring_matches_careless_own_test_data():
    # careless inst/testdata/lonstring-test-data.csv: row i starts with 10 * i ones, then 0/1
    # alternate; the last row alternates blocks of ten. tests/testthat/test-longstring.R expects
    # c(1:9 * 10, 10).
    rows = []
    for i in range(1, 10):
        rows.append([1] * (10 * i) + [0, 1] * ((100 - 10 * i) // 2))
    rows.append(([1] * 10 + [0] * 10) * 5)
    np.testing.assert_array_equal(longstring(np.array(rows, dtype=float)), [*range(10, 100, 10), 10])


def test_irv_needs_two_answers_and_longstring_is_vectorised():
    assert np.isnan(irv(np.array([[4, NA, NA]]))).all()
    rng = np.random.default_rng(0)
    answers = rng.integers(1, 6, (500, 30)).astype(float)
    answers[rng.random(answers.shape) < 0.1] = NA
    by_row = [max(len(run) for run in _runs(row)) for row in answers]
    np.testing.assert_array_equal(longstring(answers), by_row)


def _runs(row):
    runs, current = [], [row[0]]
    for value in row[1:]:
        if value == current[-1]:  # NaN never equals: a missing answer starts a new run
            current.append(value)
        else:
            runs.append(current)
            current = [value]
    return [*runs, current]


@pytest.fixture
def straightliners(tiny_study, instrument):
    responses = tiny_study.responses.copy()
    items = instrument.item_ids
    responses.loc[0, items] = 4.0  # every answer "Agree"
    responses.loc[1, items] = 2.0
    return responses


def test_careless_responses_are_flagged_and_kept_by_default(export, straightliners):
    path = export("straight.xlsx", "qualtrics", responses=straightliners, extra_rows=False)
    survey = km.read_survey(path)
    quality = survey.quality
    assert quality["careless"].sum() == 2
    flagged = quality[quality["careless"]]
    n_items = len(km.load_instrument().item_ids)
    assert (flagged["longstring"] == n_items).all() and (flagged["irv"] == 0).all()
    assert flagged["kept"].all()
    notes = survey.report[survey.report["problem"].str.contains("possibly careless", na=False)]
    assert len(notes) == 2 and notes["action"].str.contains("kept").all()
    assert f"longest run of identical answers {n_items} of {n_items}" in notes["problem"].iloc[0]
    assert len(survey.responses) == len(straightliners)


def test_exclude_careless_leaves_them_out_with_their_reason(export, straightliners):
    path = export("straight.xlsx", "qualtrics", responses=straightliners, extra_rows=False)
    survey = km.read_survey(path, exclude_careless=True)
    assert len(survey.responses) == len(straightliners) - 2
    left_out = survey.report[survey.report["action"] == "row left out"]
    careless = left_out[left_out["problem"].str.contains("possibly careless")]
    assert sorted(careless["row"].tolist()) == [3, 4]  # after two header rows
    assert survey.quality.loc[~survey.quality["kept"], "left_out_because"].notna().all()


def test_completion_time_from_qualtrics_duration_and_forms_start_end(export, tiny_study):
    qualtrics = km.read_survey(export("q.csv", "qualtrics"))
    assert qualtrics.quality["duration_seconds"].between(100, 5000).all()
    forms = km.read_survey(export("f.xlsx", "msforms"))
    assert forms.quality["duration_seconds"].between(100, 5000).all()
    google = km.read_survey(export("g.csv", "google"))
    assert google.quality["duration_seconds"].isna().all()  # Google Forms records no start time


def test_too_fast_is_flagged_with_the_index_values(export, tiny_study):
    path = export("fast.xlsx", "qualtrics", extra_rows=False)
    cells = pd.read_excel(path, header=None, dtype=object, engine="calamine")
    cells.iloc[2, 5] = 60  # Duration (in seconds) of the first response: 60 s for 84 items
    cells.to_excel(path, header=False, index=False)
    survey = km.read_survey(path)
    assert survey.quality["too_fast"].tolist()[0] and survey.quality["too_fast"].sum() == 1
    note = survey.report[survey.report["problem"].str.contains("too fast", na=False)]
    assert "60 s for" in note["problem"].iloc[0] and note["row"].iloc[0] == 3
    assert len(km.read_survey(path, exclude_careless=True).responses) == len(tiny_study.responses) - 1
    relaxed = km.read_survey(path, careless_rules={"seconds_per_item": 0.5})
    assert not relaxed.quality["too_fast"].any()
