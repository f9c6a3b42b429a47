"""The partnership and organisation questions are found in their usual wordings, in Dutch and
English, when read_survey is not told which they are (the README's `kompasmetrics report
sample_data/` failed on the Dutch Microsoft Forms export, which asks 'Samenwerkingsverband')."""

from __future__ import annotations

import pandas as pd
import pytest

import kompasmetrics as km


def _export(tmp_path, partnership_header: str, organisation_header: str, extra: dict | None = None):
    instrument = km.load_instrument()
    items = instrument.item_ids[:6]
    frame = pd.DataFrame(
        {
            partnership_header: ["Noord", "Noord", "Noord", "Zuid", "Zuid", "Zuid"],
            organisation_header: ["Gemeente", "Zorg", "Gemeente", "Gemeente", "Zorg", "Zorg"],
            **{item: [1, 2, 3, 4, 5, 3] for item in items},
            **(extra or {}),
        }
    )
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize(
    ("partnership", "organisation"),
    [
        ("Samenwerkingsverband", "Organisatie"),
        ("Welk samenwerkingsverband?", "Bij welke organisatie werkt u?"),
        ("Partnership name", "Your organisation:"),
    ],
)
def test_usual_wordings_are_found(tmp_path, partnership, organisation):
    survey = km.read_survey(_export(tmp_path, partnership, organisation))
    assert sorted(survey.responses["partnership"].unique()) == ["Noord", "Zuid"]
    assert set(survey.responses["organisation"]) == {"Gemeente", "Zorg"}
    assert "role: partnership (its usual wording)" in set(survey.questions["how"])


def test_two_columns_in_a_usual_wording_are_one_error_naming_both(tmp_path):
    path = _export(tmp_path, "Samenwerking", "Organisatie", extra={"Samenwerkingsverband": ["a"] * 6})
    with pytest.raises(km.ExportError, match=r"partnership='Partnership' matches 2 columns"):
        km.read_survey(path)


def test_a_named_question_is_taken_as_given(tmp_path):
    path = _export(tmp_path, "Samenwerkingsverband", "Organisatie", extra={"Team": ["x", "y"] * 3})
    survey = km.read_survey(path, partnership="Team")
    assert set(survey.responses["partnership"]) == {"x", "y"}
