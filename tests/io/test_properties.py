"""Property-based tests: mangled exports never crash with anything but the package's own error."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kompasmetrics as km
from kompasmetrics.io._samples import write_export

PLATFORMS = ["qualtrics", "msforms", "google", "surveymonkey", "limesurvey", "generic"]
SETTINGS = settings(
    max_examples=int(os.environ.get("KOMPAS_HYPOTHESIS_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory, instrument):
    """One small valid export per platform, as bytes (csv) and as cells (for structured damage)."""
    study = km.simulate(n_partnerships=2, organisations=(2, 2), respondents=(1, 2), random_state=5)
    folder = tmp_path_factory.mktemp("seeds")
    result = {}
    for platform in PLATFORMS:
        csv = write_export(study.responses, folder / f"{platform}.csv", platform, instrument=instrument)
        xlsx = write_export(study.responses, folder / f"{platform}.xlsx", platform, instrument=instrument)
        cells = pd.read_csv(csv, header=None, dtype=object, keep_default_na=False)
        result[platform] = (csv.read_bytes(), xlsx.read_bytes(), cells)
    return result


def _read(path: Path, instrument, **options):
    try:
        survey = km.read_survey(path, instrument=instrument, **options)
    except km.KompasError:
        return None
    # whatever was read is consistent: rows read = rows kept + rows left out
    left_out = (survey.report["action"] == "row left out").sum()
    assert len(survey.quality) == len(survey.responses) + left_out
    assert set(survey.responses.columns) <= {
        "respondent_id",
        "partnership",
        "organisation",
        "wave",
        "submitted_at",
        *survey.items,
    }
    return survey


@SETTINGS
@given(platform=st.sampled_from(PLATFORMS), data=st.data())
def test_damaged_bytes(seeds, instrument, platform, data):
    csv, xlsx, _ = seeds[platform]
    raw = data.draw(st.sampled_from([csv, xlsx]))
    action = data.draw(st.sampled_from(["truncate", "flip", "insert", "delete"]))
    position = data.draw(st.integers(0, len(raw) - 1))
    if action == "truncate":
        raw = raw[:position]
    elif action == "flip":
        raw = raw[:position] + bytes([raw[position] ^ data.draw(st.integers(1, 255))]) + raw[position + 1 :]
    elif action == "insert":
        raw = raw[:position] + data.draw(st.binary(min_size=1, max_size=40)) + raw[position:]
    else:
        raw = raw[:position] + raw[position + data.draw(st.integers(1, 200)) :]
    suffix = data.draw(st.sampled_from([".csv", ".xlsx", ".tsv", ".xls"]))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export{suffix}"
        path.write_bytes(raw)
        _read(path, instrument, platform=data.draw(st.sampled_from(["auto", platform])))


cell_values = st.one_of(
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
    st.sampled_from(
        [
            "",
            "-99",
            "Agree",
            "A3",
            "5 - Strongly agree",
            "Weet niet",
            "Survey Preview",
            "False",
            "0",
            "7",
        ]
    ),
    st.integers(-5, 10).map(str),
)


@SETTINGS
@given(platform=st.sampled_from(PLATFORMS), data=st.data())
def test_damaged_cells(seeds, instrument, platform, data):
    _, _, cells = seeds[platform]
    cells = cells.copy()
    for _ in range(data.draw(st.integers(1, 6))):
        action = data.draw(
            st.sampled_from(["cell", "drop_row", "drop_column", "duplicate_column", "blank_row", "swap_columns"])
        )
        n_rows, n_columns = cells.shape
        if n_rows == 0 or n_columns == 0:
            break
        row, column = (
            data.draw(st.integers(0, n_rows - 1)),
            data.draw(st.integers(0, n_columns - 1)),
        )
        if action == "cell":
            cells.iat[row, column] = data.draw(cell_values)
        elif action == "drop_row":
            cells = cells.drop(index=cells.index[row]).reset_index(drop=True)
        elif action == "drop_column":
            cells = cells.drop(columns=cells.columns[column])
        elif action == "duplicate_column":
            cells = pd.concat([cells.iloc[:, [column]], cells], axis=1)
        elif action == "blank_row":
            cells.iloc[row] = ""
        else:
            order = list(range(n_columns))
            other = data.draw(st.integers(0, n_columns - 1))
            order[column], order[other] = order[other], order[column]
            cells = cells.iloc[:, order]
    cells.columns = range(cells.shape[1])
    excel = data.draw(st.booleans())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("export.xlsx" if excel else "export.csv")
        if excel:
            cells.replace("", np.nan).to_excel(path, header=False, index=False)
        else:
            cells.to_csv(path, header=False, index=False, sep=data.draw(st.sampled_from([",", ";", "\t"])))
        _read(
            path,
            instrument,
            exclude_careless=data.draw(st.booleans()),
            include_incomplete=data.draw(st.booleans()),
        )
