"""The Survey hooks the importer uses: extra report columns, coded nonsubstantive marks, quality."""

from __future__ import annotations

import numpy as np
import pandas as pd

import kompasmetrics as km


def test_survey_keeps_importer_report_columns_and_nonsubstantive_marks(instrument):
    items = instrument.items_of("trust_openness")
    frame = pd.DataFrame(
        {
            "respondent_id": ["a", "b"],
            "partnership": ["P1", "P1"],
            "organisation": ["X", "Y"],
            **{item: [4.0, np.nan] for item in items},
        },
        index=pd.Index([5, 6], name="row"),
    )
    frame.loc[6, items[0]] = 3.0
    marks = pd.DataFrame({item: [False, item != items[0]] for item in items}, index=frame.index)
    report = pd.DataFrame(
        [
            {
                "row": None,
                "column": "Email",
                "value": None,
                "problem": "personal data",
                "action": "column dropped on import",
                "file": "x.csv",
                "sheet": None,
            }
        ]
    )
    quality = pd.DataFrame({"row": [5, 6], "kept": [True, True]})
    survey = km.Survey(frame, instrument, report=report, nonsubstantive=marks, quality=quality)
    assert list(survey.report.columns) == [
        "row",
        "column",
        "value",
        "problem",
        "action",
        "file",
        "sheet",
        "code",
        "details",
    ]
    assert survey.report["file"].tolist() == ["x.csv"]
    assert survey.nonsubstantive[items].to_numpy().tolist() == [[False] * 3, [False, True, True]]
    assert survey.quality.equals(quality)
    assert km.Survey(frame, instrument).quality is None
