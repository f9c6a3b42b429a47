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


def test_ragged_csv_with_invalid_utf8_after_the_sample_is_read(tmp_path):
    """Bytes that are not UTF-8 beyond the first 64 kB are repaired as Windows-1252, and a row with
    more fields than the header is then padded: both repairs on the same file."""
    from kompasmetrics.io._read import read_cells

    lines = ["a,b"] + [f"x{i},y{i}" for i in range(8000)] + ["ragged,row,extra"]
    data = ("\n".join(lines) + "\n").encode() + "caf\xe9,z\n".encode("cp1252")
    path = tmp_path / "ragged.csv"
    path.write_bytes(data)
    table = read_cells(path)
    assert table.cells.shape == (len(lines) + 1, 3)
    assert table.cells.iloc[-1].tolist()[:2] == ["café", "z"]
    assert any("not UTF-8" in n["problem"] for n in table.notes)
