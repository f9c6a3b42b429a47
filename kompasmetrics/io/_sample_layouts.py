"""The header layout and metadata of each platform's export (see ``platforms.yaml``), for
:func:`kompasmetrics.io._samples.write_export`: each builder returns the header rows and the body
(respondents x columns, object array)."""

from __future__ import annotations

import json
import string

import numpy as np

from ._sample_cells import (
    answer_cells,
    item_questions,
    item_statements,
    repeated_cells,
    response_times,
    text_cells,
    with_answers,
)

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
    start, end, seconds = response_times(responses, rng)
    fmt = "%Y-%m-%d %H:%M:%S"
    ids = ["R_" + "".join(rng.choice(list(string.ascii_letters + string.digits), 15)) for _ in range(n)]
    meta = [
        text_cells(start.dt.strftime(fmt)),
        text_cells(end.dt.strftime(fmt)),
        repeated_cells("IP Address", n),
        text_cells([f"192.0.2.{i % 250 + 1}" for i in range(n)]),
        repeated_cells("100", n),
        text_cells(seconds),
        repeated_cells("True", n),
        text_cells(end.dt.strftime(fmt)),
        np.array(ids, dtype=object),
        repeated_cells("", n),
        repeated_cells("", n),
        repeated_cells("", n),
        repeated_cells("", n),
        text_cells(np.round(52 + rng.random(n), 4)),
        text_cells(np.round(4 + rng.random(n), 4)),
        repeated_cells("anonymous", n),
        repeated_cells(language.upper(), n),
        text_cells(responses["partnership"]),
        text_cells(responses["organisation"]),
    ]
    answers = answer_cells(responses, instrument, language, style)
    scale_index = {s: i + 3 for i, s in enumerate(instrument.scale_ids)}
    tags, texts, import_ids = [], [], []
    for row, question, statement in zip(
        instrument.items.to_dict("records"),
        item_questions(instrument, language),
        item_statements(instrument, language),
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
    body = with_answers(meta, answers)
    if extra_rows:
        preview = body[0].copy()
        preview[2] = "Survey Preview"
        preview[8] = "R_preview0000001"
        body = np.vstack([preview[None, :], body])
    return header, body


def _msforms(responses, instrument, language, style, rng, excel, extra_rows):
    n = len(responses)
    start, end, _ = response_times(responses, rng)
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
    when = (
        (lambda s: list(s.dt.to_pydatetime())) if excel else (lambda s: text_cells(s.dt.strftime("%m/%d/%y %H:%M:%S")))
    )
    meta = [
        np.arange(1, n + 1).astype(object),
        repeated_cells(when(start), n),
        repeated_cells(when(end), n),
        text_cells([f"respondent{i}@example.org" for i in range(1, n + 1)]),
        text_cells([f"Respondent {i}" for i in range(1, n + 1)]),
        repeated_cells("", n),
        text_cells(responses["partnership"]),
        text_cells(responses["organisation"]),
    ]
    header = [names + item_statements(instrument, language)]
    return header, with_answers(meta, answer_cells(responses, instrument, language, style))


def _google(responses, instrument, language, style, rng, excel, extra_rows):
    n = len(responses)
    _, end, _ = response_times(responses, rng)
    names = {
        "nl": ["Tijdstempel", "E-mailadres", "Samenwerkingsverband", "Organisatie"],
        "en": ["Timestamp", "Email Address", "Partnership", "Organisation"],
    }[language]
    meta = [
        text_cells(end.dt.strftime("%Y/%m/%d %H:%M:%S")),
        text_cells([f"respondent{i}@example.org" for i in range(1, n + 1)]),
        text_cells(responses["partnership"]),
        text_cells(responses["organisation"]),
    ]
    grid = [
        f"{q} [{s}]"
        for q, s in zip(item_questions(instrument, language), item_statements(instrument, language), strict=True)
    ]
    return [names + grid], with_answers(meta, answer_cells(responses, instrument, language, style))


def _surveymonkey(responses, instrument, language, style, rng, excel, extra_rows):
    n = len(responses)
    start, end, _ = response_times(responses, rng)
    fmt = "%m/%d/%Y %I:%M:%S %p"
    meta = [
        text_cells(11_000_000_000 + rng.choice(900_000_000, n, replace=False)),
        repeated_cells("412345678", n),
        text_cells(start.dt.strftime(fmt)),
        text_cells(end.dt.strftime(fmt)),
        text_cells([f"192.0.2.{i % 250 + 1}" for i in range(n)]),
        repeated_cells("", n),
        repeated_cells("", n),
        repeated_cells("", n),
        repeated_cells("", n),
        text_cells(responses["partnership"]),
        text_cells(responses["organisation"]),
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
        item_questions(instrument, language), item_statements(instrument, language), strict=True
    ):
        top.append(question if question != previous else "")
        second.append(statement)
        previous = question
    return [top, second], with_answers(meta, answer_cells(responses, instrument, language, style))


def _limesurvey(responses, instrument, language, style, rng, excel, extra_rows):
    n = len(responses)
    start, end, seconds = response_times(responses, rng)
    fmt = "%Y-%m-%d %H:%M:%S"
    meta = [
        np.arange(1, n + 1).astype(object),
        text_cells(end.dt.strftime(fmt)),
        repeated_cells("3", n),
        repeated_cells(language, n),
        text_cells(rng.integers(10**8, 10**9, n)),
        text_cells(start.dt.strftime(fmt)),
        text_cells(end.dt.strftime(fmt)),
        text_cells(seconds),
        text_cells(responses["partnership"]),
        text_cells(responses["organisation"]),
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
        item_questions(instrument, language),
        item_statements(instrument, language),
        strict=True,
    ):
        names.append(f"G{group[row['scale']]:02d}Q01[SQ{row['position']:03d}]. {question} [{statement}]")
    body = with_answers(meta, answer_cells(responses, instrument, language, style))
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
        text_cells(responses["respondent_id"]),
        text_cells(responses["partnership"]),
        text_cells(responses["organisation"]),
    ]
    return (
        [["respondent_id", "partnership", "organisation", *instrument.item_ids]],
        with_answers(meta, answer_cells(responses, instrument, language, style)),
    )


BUILDERS = {
    "qualtrics": _qualtrics,
    "msforms": _msforms,
    "google": _google,
    "surveymonkey": _surveymonkey,
    "limesurvey": _limesurvey,
    "generic": _generic,
}
