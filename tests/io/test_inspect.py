"""inspect_export: the layout and the columns of an export, as read_survey reads them."""

from __future__ import annotations

import pytest

import kompasmetrics as km

SAMPLES = {
    "qualtrics_choice_text.xlsx": ("qualtrics", 2, "A"),
    "msforms_nl.xlsx": ("msforms", 1, "A"),
    "google_forms.csv": ("google", 1, "1"),
    "surveymonkey.xlsx": ("surveymonkey", 2, "A"),
    "limesurvey.csv": ("limesurvey", 1, "1"),
}


@pytest.mark.parametrize("name", SAMPLES)
def test_layout_and_columns_agree_with_read_survey(name, sample_folder, make_samples, instrument):
    platform, n_header, first_column = SAMPLES[name]
    info = km.io.inspect_export(sample_folder / name)
    assert info.platform == platform and info.header_rows == n_header
    assert info.file == name and info.columns["column"].iloc[0] == first_column
    assert info.names == info.columns["name"].tolist() and all(info.names)
    survey = km.read_survey(sample_folder / name, instrument=instrument, **make_samples.SAMPLES[name]["read"])
    # every column read_survey matched is one inspect_export lists, under the same name
    assert set(survey.questions["column"].dropna()) <= set(info.names)
    read = survey.report.iloc[0]["action"]
    assert f"{info.n_rows} data rows read" in read
    assert repr(info).startswith(f"<ExportInfo {name}")


def test_named_platform_and_unknown_platform(sample_folder):
    info = km.io.inspect_export(sample_folder / "google_forms.csv", platform="generic")
    assert info.platform == "generic" and "Partnership" in info.names
    with pytest.raises(km.io.ExportError, match="platform='qualtrix'"):
        km.io.inspect_export(sample_folder / "google_forms.csv", platform="qualtrix")


def test_missing_file_is_an_export_error(tmp_path):
    with pytest.raises(km.io.ExportError, match=r"nothing\.xlsx"):
        km.io.inspect_export(tmp_path / "nothing.xlsx")
