"""Write simulated responses as a survey tool would export them (for sample data, tests, bench).

:func:`write_export` takes the wide table of :func:`kompasmetrics.simulate` (``study.responses``)
and writes it in the header layout of a platform (see ``platforms.yaml``), with metadata and
personal-data columns filled with made-up values (IP addresses from the documentation range
192.0.2.0/24, e-mail addresses at example.org).
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from ..instrument import Instrument, load_instrument
from ._sample_cells import ANSWER_STYLES, answer_cells
from ._sample_layouts import BUILDERS


def write_export(
    responses: pd.DataFrame,
    path: str | Path,
    platform: str,
    *,
    instrument: Instrument | str = "kompas",
    language: str = "en",
    answers: str = "label",
    separator: str = ",",
    encoding: str = "utf-8",
    extra_rows: bool = True,
    random_state: int = 0,
) -> Path:
    """Write ``responses`` as an export of ``platform`` to ``path`` (.xlsx or .csv/.tsv).

    Parameters
    ----------
    responses : DataFrame
        ``respondent_id``, ``partnership``, ``organisation``, ``submitted_at`` and item columns
        (numbers, NaN, missing labels such as "Weet niet"), as ``SimulatedStudy.responses``.
    path : path-like
    platform : {"qualtrics", "msforms", "google", "surveymonkey", "limesurvey", "generic"}
    instrument : Instrument or str
    language : {"nl", "en"}
        Language of the statements and answer labels.
    answers : {"label", "number", "number_label", "code"}
        Answers as labels ("Agree"), numbers (4), "4 - Agree", or answer codes ("A4").
    separator, encoding : str
        For text files.
    extra_rows : bool
        Add the rows a real export has besides the responses: a survey-preview response
        (Qualtrics), an unfinished response (LimeSurvey). They are left out on import.
    random_state : int
        Seed of the made-up metadata.
    """
    instrument = instrument if isinstance(instrument, Instrument) else load_instrument(instrument)
    rng = np.random.default_rng(random_state)
    path = Path(path)
    builder = BUILDERS[platform]
    excel = path.suffix.lower() in (".xlsx", ".xlsm")
    header, body = builder(responses, instrument, language, answers, rng, excel, extra_rows)
    if excel:
        _write_xlsx(
            path,
            header,
            body,
            sheet={"qualtrics": "Sheet0", "msforms": "Sheet1", "surveymonkey": "Sheet"}.get(platform, "Sheet1"),
        )
    else:
        with open(path, "w", encoding=encoding, newline="") as handle:
            writer = csv.writer(handle, delimiter=separator, quoting=csv.QUOTE_MINIMAL)
            writer.writerows(header)
            writer.writerows(body.tolist() if isinstance(body, np.ndarray) else body)
    return path


def _write_xlsx(path: Path, header: list[list], body: np.ndarray, sheet: str) -> None:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    workbook.properties.creator = "kompasmetrics"
    workbook.properties.created = datetime(2026, 1, 1)
    worksheet = workbook.create_sheet(sheet)
    for row in header:
        worksheet.append(row)
    for row in body.tolist():
        worksheet.append([None if cell == "" else cell for cell in row])
    workbook.save(path)


__all__ = ["ANSWER_STYLES", "answer_cells", "write_export"]
