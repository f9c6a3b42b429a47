"""Write simulated responses as a survey tool would export them (for sample data, tests, bench).

:func:`write_export` takes the wide table of :func:`kompasmetrics.simulate` (``study.responses``)
and writes it in the header layout of a platform (see ``platforms.yaml``), with metadata and
personal-data columns filled with made-up values (IP addresses from the documentation range
192.0.2.0/24, e-mail addresses at example.org).
"""

from __future__ import annotations

import csv
import json
import string
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from ..instrument import Instrument, load_instrument

ANSWER_STYLES = ("label", "number", "number_label", "code")
QUESTION = {
    "nl": "In hoeverre bent u het eens met de volgende stellingen over {scale}?",
    "en": "To what extent do you agree with the following statements about {scale}?",
}


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
    builder = {
        "qualtrics": _qualtrics,
        "msforms": _msforms,
        "google": _google,
        "surveymonkey": _surveymonkey,
        "limesurvey": _limesurvey,
        "generic": _generic,
    }[platform]
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


# ------------------------------------------------------------------------------------------------
# answers and shared columns
# ------------------------------------------------------------------------------------------------


def answer_cells(responses: pd.DataFrame, instrument: Instrument, language: str, style: str) -> np.ndarray:
    """The item answers as an object array (respondents x items, instrument order)."""
    items = instrument.items
    out = np.empty((len(responses), len(items)), dtype=object)
    for j, row in enumerate(items.to_dict("records")):
        scale = instrument.response_scales[row["response_scale"]]
        raw = responses[row["item"]].to_numpy(dtype=object)
        numbers = pd.to_numeric(pd.Series(raw), errors="coerce").to_numpy(dtype=float)
        in_scale = np.isin(numbers, scale.values)
        missing_labels = {m for labels in scale.missing.values() for m in labels}
        missing_label = np.array([isinstance(v, str) and v in missing_labels for v in raw], dtype=bool)
        verbatim = pd.notna(raw) & ~in_scale & ~missing_label  # answers a tool would not give: kept as they are
        positions = np.searchsorted(scale.values, np.where(in_scale, numbers, scale.values[0]))
        labels = np.array(scale.labels[language], dtype=object)
        if style == "label":
            cells = labels[positions]
        elif style == "number":
            cells = np.array(scale.values, dtype=object)[positions]
        elif style == "number_label":
            cells = np.array([f"{v} - {lab}" for v, lab in zip(scale.values, labels, strict=True)], dtype=object)[
                positions
            ]
        elif style == "code":
            cells = np.array([f"A{i + 1}" for i in range(len(scale.values))], dtype=object)[positions]
        else:
            raise ValueError(f"answers={style!r}; use one of {ANSWER_STYLES}")
        cells = cells.copy()
        cells[np.isnan(numbers)] = ""
        dont_know = scale.missing.get(language, ("",))[0] if style != "code" else ""
        cells[missing_label] = dont_know
        cells[verbatim] = [str(int(v)) if isinstance(v, float) and v.is_integer() else str(v) for v in raw[verbatim]]
        out[:, j] = cells
    return out


def _statement(instrument: Instrument, language: str) -> list[str]:
    return instrument.items[f"text_{language}"].tolist()


def _scale_questions(instrument: Instrument, language: str) -> list[str]:
    labels = instrument.scales.set_index("scale")[f"label_{language}"]
    return [QUESTION[language].format(scale=labels[s].lower()) for s in instrument.items["scale"]]


def _times(responses: pd.DataFrame, rng: np.random.Generator) -> tuple[pd.Series, pd.Series, np.ndarray]:
    end = pd.to_datetime(responses["submitted_at"]).reset_index(drop=True)
    seconds = np.round(rng.lognormal(np.log(700), 0.35, len(responses))).astype(int)
    start = end - pd.to_timedelta(seconds, unit="s")
    return start, end, seconds


def _strings(values: Sequence[object]) -> np.ndarray:
    return np.array(["" if pd.isna(v) else str(v) for v in values], dtype=object)


def _column(values, n: int) -> np.ndarray:
    array = np.empty(n, dtype=object)
    array[:] = values if not isinstance(values, (str, int, float)) else [values] * n
    return array


def _body(columns: list[np.ndarray], answers: np.ndarray) -> np.ndarray:
    return np.concatenate([np.column_stack(columns), answers], axis=1) if columns else answers


# ------------------------------------------------------------------------------------------------
# layouts
# ------------------------------------------------------------------------------------------------

_QUALTRICS_META = [
    ("StartDate", "Start Date", "startDate"),
    ("EndDate", "End Date", "endDate"),
    ("Status", "Response Type", "status"),
    ("IPAddress", "IP Address", "ipAddress"),
    ("Progress", "Progress", "progress"),
    ("Duration (in seconds)", "Duration (in seconds)", "duration"),
    ("Finished", "Finished", "finished"),
    ("RecordedDate", "Recorded Date", "recordedDate"),
    ("ResponseId", "Response ID", "_recordId"),
    ("RecipientLastName", "Recipient Last Name", "recipientLastName"),
    ("RecipientFirstName", "Recipient First Name", "recipientFirstName"),
    ("RecipientEmail", "Recipient Email", "recipientEmail"),
    ("ExternalReference", "External Data Reference", "externalDataReference"),
    ("LocationLatitude", "Location Latitude", "locationLatitude"),
    ("LocationLongitude", "Location Longitude", "locationLongitude"),
    ("DistributionChannel", "Distribution Channel", "distributionChannel"),
    ("UserLanguage", "User Language", "userLanguage"),
]


def _qualtrics(responses, instrument, language, style, rng, excel, extra_rows):
    n = len(responses)
    start, end, seconds = _times(responses, rng)
    fmt = "%Y-%m-%d %H:%M:%S"
    ids = ["R_" + "".join(rng.choice(list(string.ascii_letters + string.digits), 15)) for _ in range(n)]
    meta = [
        _strings(start.dt.strftime(fmt)),
        _strings(end.dt.strftime(fmt)),
        _column("IP Address", n),
        _strings([f"192.0.2.{i % 250 + 1}" for i in range(n)]),
        _column("100", n),
        _strings(seconds),
        _column("True", n),
        _strings(end.dt.strftime(fmt)),
        np.array(ids, dtype=object),
        _column("", n),
        _column("", n),
        _column("", n),
        _column("", n),
        _strings(np.round(52 + rng.random(n), 4)),
        _strings(np.round(4 + rng.random(n), 4)),
        _column("anonymous", n),
        _column(language.upper(), n),
        _strings(responses["partnership"]),
        _strings(responses["organisation"]),
    ]
    answers = answer_cells(responses, instrument, language, style)
    scale_index = {s: i + 3 for i, s in enumerate(instrument.scale_ids)}
    tags, texts, import_ids = [], [], []
    for row, question, statement in zip(
        instrument.items.to_dict("records"),
        _scale_questions(instrument, language),
        _statement(instrument, language),
        strict=True,
    ):
        q = scale_index[row["scale"]]
        tags.append(f"Q{q}_{row['position']}")
        texts.append(f"{question} - {statement}")
        import_ids.append(json.dumps({"ImportId": f"QID{q}_{row['position']}"}))
    partnership_text = {"nl": "Samenwerkingsverband", "en": "Partnership"}[language]
    organisation_text = {"nl": "Organisatie", "en": "Organisation"}[language]
    header = [
        [m[0] for m in _QUALTRICS_META] + ["Partnership", "Organisation"] + tags,
        [m[1] for m in _QUALTRICS_META] + [partnership_text, organisation_text] + texts,
    ]
    if not excel:
        header.append(
            [json.dumps({"ImportId": m[2]}) for m in _QUALTRICS_META]
            + [json.dumps({"ImportId": "QID1"}), json.dumps({"ImportId": "QID2"})]
            + import_ids
        )
    body = _body(meta, answers)
    if extra_rows:
        preview = body[0].copy()
        preview[2] = "Survey Preview"
        preview[8] = "R_preview0000001"
        body = np.vstack([preview[None, :], body])
    return header, body


def _msforms(responses, instrument, language, style, rng, excel, extra_rows):
    n = len(responses)
    start, end, _ = _times(responses, rng)
    names = {
        "nl": [
            "ID",
            "Begintijd",
            "Tijd van voltooien",
            "E-mail",
            "Naam",
            "Tijd van laatste wijziging",
            "Samenwerkingsverband",
            "Organisatie",
        ],
        "en": [
            "ID",
            "Start time",
            "Completion time",
            "Email",
            "Name",
            "Last modified time",
            "Partnership",
            "Organisation",
        ],
    }[language]
    when = (lambda s: list(s.dt.to_pydatetime())) if excel else (lambda s: _strings(s.dt.strftime("%m/%d/%y %H:%M:%S")))
    meta = [
        np.arange(1, n + 1).astype(object),
        _column(when(start), n),
        _column(when(end), n),
        _strings([f"respondent{i}@example.org" for i in range(1, n + 1)]),
        _strings([f"Respondent {i}" for i in range(1, n + 1)]),
        _column("", n),
        _strings(responses["partnership"]),
        _strings(responses["organisation"]),
    ]
    header = [names + _statement(instrument, language)]
    return header, _body(meta, answer_cells(responses, instrument, language, style))


def _google(responses, instrument, language, style, rng, excel, extra_rows):
    n = len(responses)
    _, end, _ = _times(responses, rng)
    names = {
        "nl": ["Tijdstempel", "E-mailadres", "Samenwerkingsverband", "Organisatie"],
        "en": ["Timestamp", "Email Address", "Partnership", "Organisation"],
    }[language]
    meta = [
        _strings(end.dt.strftime("%Y/%m/%d %H:%M:%S")),
        _strings([f"respondent{i}@example.org" for i in range(1, n + 1)]),
        _strings(responses["partnership"]),
        _strings(responses["organisation"]),
    ]
    grid = [
        f"{q} [{s}]"
        for q, s in zip(_scale_questions(instrument, language), _statement(instrument, language), strict=True)
    ]
    return [names + grid], _body(meta, answer_cells(responses, instrument, language, style))


def _surveymonkey(responses, instrument, language, style, rng, excel, extra_rows):
    n = len(responses)
    start, end, _ = _times(responses, rng)
    fmt = "%m/%d/%Y %I:%M:%S %p"
    meta = [
        _strings(11_000_000_000 + rng.choice(900_000_000, n, replace=False)),
        _column("412345678", n),
        _strings(start.dt.strftime(fmt)),
        _strings(end.dt.strftime(fmt)),
        _strings([f"192.0.2.{i % 250 + 1}" for i in range(n)]),
        _column("", n),
        _column("", n),
        _column("", n),
        _column("", n),
        _strings(responses["partnership"]),
        _strings(responses["organisation"]),
    ]
    top = [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
        {"nl": "Samenwerkingsverband", "en": "Partnership"}[language],
        {"nl": "Organisatie", "en": "Organisation"}[language],
    ]
    second = [""] * 9 + ["Response", "Response"]
    previous = None
    for question, statement in zip(
        _scale_questions(instrument, language), _statement(instrument, language), strict=True
    ):
        top.append(question if question != previous else "")
        second.append(statement)
        previous = question
    return [top, second], _body(meta, answer_cells(responses, instrument, language, style))


def _limesurvey(responses, instrument, language, style, rng, excel, extra_rows):
    n = len(responses)
    start, end, seconds = _times(responses, rng)
    fmt = "%Y-%m-%d %H:%M:%S"
    meta = [
        np.arange(1, n + 1).astype(object),
        _strings(end.dt.strftime(fmt)),
        _column("3", n),
        _column(language, n),
        _strings(rng.integers(10**8, 10**9, n)),
        _strings(start.dt.strftime(fmt)),
        _strings(end.dt.strftime(fmt)),
        _strings(seconds),
        _strings(responses["partnership"]),
        _strings(responses["organisation"]),
    ]
    names = [
        "id. Response ID",
        "submitdate. Date submitted",
        "lastpage. Last page",
        "startlanguage. Start language",
        "seed. Seed",
        "startdate. Date started",
        "datestamp. Date last action",
        "interviewtime. Total time",
        "partnership. " + {"nl": "Samenwerkingsverband", "en": "Partnership"}[language],
        "organisation. " + {"nl": "Organisatie", "en": "Organisation"}[language],
    ]
    group = {s: i + 1 for i, s in enumerate(instrument.scale_ids)}
    for row, question, statement in zip(
        instrument.items.to_dict("records"),
        _scale_questions(instrument, language),
        _statement(instrument, language),
        strict=True,
    ):
        names.append(f"G{group[row['scale']]:02d}Q01[SQ{row['position']:03d}]. {question} [{statement}]")
    body = _body(meta, answer_cells(responses, instrument, language, style))
    if extra_rows:
        unfinished = body[0].copy()
        unfinished[0] = n + 1
        unfinished[1] = ""
        unfinished[2] = "1"
        unfinished[len(meta) + 10 :] = ""
        body = np.vstack([body, unfinished[None, :]])
    return [names], body


def _generic(responses, instrument, language, style, rng, excel, extra_rows):
    meta = [
        _strings(responses["respondent_id"]),
        _strings(responses["partnership"]),
        _strings(responses["organisation"]),
    ]
    return (
        [["respondent_id", "partnership", "organisation", *instrument.item_ids]],
        _body(meta, answer_cells(responses, instrument, language, style)),
    )


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
