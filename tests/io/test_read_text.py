"""Text exports: small files in object columns, large ones in categorical columns, same answers."""

from __future__ import annotations

import pandas as pd
import pytest

import kompasmetrics as km


@pytest.mark.parametrize("name", ["google_forms.csv", "limesurvey.csv"])
def test_large_text_files_read_as_categories_give_the_same_survey(
    name, sample_folder, make_samples, instrument, monkeypatch
):
    """Above _OBJECT_CELLS a text file is read into categorical columns: the same answers."""
    import kompasmetrics.io._read as reader
    import kompasmetrics.io._read_text as text_reader

    options = make_samples.SAMPLES[name]["read"]
    as_objects = km.read_survey(sample_folder / name, instrument=instrument, **options)
    monkeypatch.setattr(text_reader, "_OBJECT_CELLS", 0)
    assert isinstance(reader.read_cells(sample_folder / name).cells.dtypes.iloc[0], pd.CategoricalDtype)
    as_categories = km.read_survey(sample_folder / name, instrument=instrument, **options)
    pd.testing.assert_frame_equal(as_categories.responses, as_objects.responses)
    pd.testing.assert_frame_equal(as_categories.report, as_objects.report)
