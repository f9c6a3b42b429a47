"""``read_survey`` and ``read_surveys``: survey-tool exports in, a validated :class:`Survey` out."""

from __future__ import annotations

import inspect
import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import pandas as pd

from .._checks import expect_path
from ..errors import SurveyError
from ..instrument import Instrument
from ..survey import Survey
from ._assemble import Imported
from ._errors import ExportError
from ._file import import_file
from ._match import ROLES
from ._options import Options, PathLike, make_options
from ._report import noted


def read_survey(
    path: PathLike,
    *,
    instrument: Instrument | str = "kompas",
    platform: str = "auto",
    partnership: str = "Partnership",
    organisation: str = "Organisation",
    column_map: Mapping[str, str | None] | None = None,
    sheet: str | int | None = None,
    language: str | None = None,
    exclude_careless: bool = False,
    include_incomplete: bool = False,
    answer_map: Mapping[str, float | None] | None = None,
    careless_rules: Mapping[str, float] | None = None,
    partnership_name: str | None = None,
    organisation_name: str | None = None,
    include_test: bool = False,
    keep_personal_ids: bool = False,
) -> Survey:
    """Read a survey-tool export (xlsx or csv) into a :class:`~kompasmetrics.Survey`.

    The export's layout is detected from its headers (Qualtrics, Microsoft Forms, Google Forms,
    SurveyMonkey, LimeSurvey, or one header row of item ids or texts); its columns are matched to
    the instrument's items, its answers coded, personal data dropped, and every decision is
    written to :attr:`Survey.report`. Nothing is left out silently: the rows read equal the rows
    kept plus the rows reported as left out.

    Parameters
    ----------
    path : str or path-like
        ``.xlsx``/``.xlsm``/``.xls``/``.ods`` workbook, ``.csv``/``.tsv``/``.txt`` text (UTF-8
        with or without BOM, UTF-16, or Windows-1252; separated by ``,``, ``;`` or tabs), or an
        SPSS ``.sav``/``.zsav`` file (value labels decoded by label, see ``docs/IMPORT.md``).
    instrument : Instrument or str, default "kompas"
        The instrument, or the name/path to load it from.
    platform : {"auto", "qualtrics", "qualtrics_legacy", "msforms", "google", "surveymonkey", "limesurvey", \
"typeform", "kobotoolbox", "generic"}
        The export layout; "auto" detects it from the first header row (``docs/IMPORT.md`` lists
        each layout's metadata and personal-data columns).
    partnership, organisation : str, default "Partnership", "Organisation"
        The question (its export tag, header or text) whose answers name the partnership and the
        respondent's organisation. Case, spaces and a trailing ``?`` or ``:`` do not matter.
    column_map : mapping of str to str or None, optional
        Source column (header, export tag or statement) -> item id, a role (``respondent_id``,
        ``partnership``, ``organisation``, ``wave``, ``submitted_at``), or None to leave it out.
        Applied before any automatic matching.
    sheet : str or int, optional
        Sheet name or 0-based position; by default the first sheet.
    language : str, optional
        Match statements against the item texts in this language only (default: every language
        of the instrument). Answer labels are recognised in every language regardless.
    exclude_careless : bool, default False
        Leave out responses flagged as careless or too fast (each reported with its reason).
        By default they are kept and flagged in the report.
    include_incomplete : bool, default False
        Keep responses the platform marks as not finished (Qualtrics ``Finished`` false,
        LimeSurvey without ``submitdate``). By default they are left out and reported.
    answer_map : mapping, optional
        Extra answers -> value (None for "no answer"), e.g. ``{"Agre": 4, "A6": None}``, for
        every column; or per column (header, export tag or Excel letter) or per response scale of
        the instrument: ``{"Q2": {"6": 4}}``, ``{"agree5": {"6": 4, "7": 5}}`` (a column's map wins
        over its scale's, which wins over the global one). A global map that would change an
        answer already valid on a column's response scale (``"6"`` on a 7-point item) is an error
        naming the columns: say which columns it is for.
    careless_rules : mapping, optional
        Thresholds for the quality flags; keys and defaults as in
        ``kompasmetrics.io.DEFAULT_RULES``: ``longstring_share`` 0.5, ``longstring_min`` 10,
        ``irv_below`` 0.25, ``irv_min_answers`` 10, ``seconds_per_item`` 2.0.
    partnership_name, organisation_name : str, optional
        For a file that belongs to one partnership (or one organisation), as when a consultant
        surveys one partnership and has no question asking for it: every row gets this name and no
        column is sought for the role (``partnership`` / ``organisation`` are then not used). The
        report says so. For one file per partnership, see ``read_surveys(partnership_from=...)``.
    keep_personal_ids : bool, default False
        Respondent ids that are e-mail addresses, phone numbers or citizen service numbers are
        replaced by stable pseudonyms (a keyed hash; ``docs/PRIVACY.md``) and reported; True keeps
        them. Columns whose values are mostly such data are dropped whatever their header.
    include_test : bool, default False
        Keep the responses the platform marks as test responses (Qualtrics "Survey Test"), for a
        file generated to try the survey. By default they are left out and reported, as are
        previews and spam always.

    Returns
    -------
    Survey
        With these importer tables besides ``responses`` (index: the row number in the file, as a
        spreadsheet program shows it, header rows included) and ``nonsubstantive``:

        ``questions``
            One row per source column: ``column`` (header), ``position`` (1-based),
            ``excel_column`` (letter, workbooks only), ``code`` (export tag or code),
            ``question`` (full question text), ``statement``, ``item`` (matched item id or
            missing), ``how`` (``column_map``, ``item id``, ``statement text (nl)``, ``role: ...``,
            ``personal data: dropped``, ``metadata: not used``, ``unused``), ``suggestion``
            (closest item of an unused column, never applied); then one row per instrument item
            not found (``how`` = ``not in export``).
        ``report``
            ``row``, ``column``, ``value``, ``problem``, ``action``, ``file``, ``sheet``: every
            decision and every row left out (``action`` = ``row left out``) with its reason.
        ``quality``
            One row per data row read: ``file``, ``sheet``, ``row``, ``respondent_id``,
            ``n_items``, ``n_answered``, ``share_answered``, ``longstring`` (longest run of
            identical answers), ``irv`` (standard deviation of the answers), ``duration_seconds``
            (completion time where the export has one), ``seconds_per_item``, ``careless``,
            ``too_fast``, ``kept``, ``left_out_because``.

    Raises
    ------
    ExportError
        One error listing every problem: not a spreadsheet or corrupt, password protected, empty
        sheet or header only, no partnership/organisation question, duplicated or merged headers,
        formulas without values, answers that are no label or value of the response scale
        (naming column, answer and count), duplicated respondent ids, a file too large for memory.

    Notes
    -----
    Response quality follows the R package careless: ``longstring`` is
    ``careless::longstring`` and ``irv`` is ``careless::irv(na.rm = TRUE)``, computed on the raw
    answers in the order of the export's columns.

    Examples
    --------
    >>> import kompasmetrics as km
    >>> survey = km.read_survey("sample_data/qualtrics_choice_text.xlsx")  # doctest: +SKIP
    >>> survey.questions[["column", "item", "how"]].head()  # doctest: +SKIP
    """
    expect_path(path, "read_survey")
    options = make_options(
        instrument,
        platform,
        partnership,
        organisation,
        column_map,
        sheet,
        language,
        exclude_careless,
        include_incomplete,
        answer_map,
        careless_rules,
        partnership_name,
        organisation_name,
        include_test,
        keep_personal_ids,
    )
    part = import_file(path, options)
    return _survey([part], options.instrument, source=part.file)


def read_surveys(
    paths: Sequence[PathLike],
    *,
    instrument: Instrument | str = "kompas",
    progress: bool = True,
    partnership_from: str | None = None,
    organisation_from: str | None = None,
    file_options: Mapping[PathLike, Mapping[str, object]] | None = None,
    **options: object,
) -> Survey:
    """Read several exports (for example one per partnership) into one :class:`Survey`.

    Every file is read with :func:`read_survey` and the same options (over which ``file_options``
    puts a file's own); the problems of all files
    are collected and raised together. Each file's report, questions and quality rows are kept,
    with its name in the ``file`` column; the responses are indexed by (``file``, ``row``).
    Respondent ids used in more than one file are prefixed with the file name (reported).

    Parameters
    ----------
    paths : sequence of path-like
    instrument : Instrument or str, default "kompas"
    progress : bool, default True
        Show a progress bar (``tqdm.auto``: a widget in notebooks, text in terminals).
    partnership_from : {None, "file", "folder"}, optional
        Take each file's partnership from its file name (without extension) or from the name of
        its folder, for exports sent one per partnership; every row of the file gets it (as
        ``read_survey(partnership_name=...)``). None (default): from the partnership question.
    organisation_from : {None, "file", "sheet"}, optional
        Likewise for the organisation: the file name, or, for a workbook with one sheet per
        organisation, every sheet that holds responses, each with its sheet name.
    file_options : mapping, optional
        Options of :func:`read_survey` for single files, where files differ: a file's name, or its
        path as given in ``paths``, to its keywords, for example
        ``{"msforms_nl.xlsx": {"partnership": "Samenwerkingsverband"}}``. They replace the shared
        ``options`` for that file only. A name that is no file of ``paths`` is an error (a typing
        slip would otherwise pass unnoticed), as is a name that fits several files.
    **options
        Any keyword of :func:`read_survey`.

    Returns
    -------
    Survey
    """
    if isinstance(paths, (str, os.PathLike)) or not isinstance(paths, Sequence) or not paths:
        raise ExportError(
            f"read_surveys needs a non-empty list of files; got {paths!r}. For one file use km.read_survey(path)."
        )
    unknown = set(options) - set(_READ_OPTIONS)
    if unknown:
        raise ExportError(
            f"read_surveys got unknown option(s) {sorted(unknown)}; it takes the keywords of read_survey."
        )
    sources = {"partnership_from": (partnership_from, (None, "file", "folder")),
               "organisation_from": (organisation_from, (None, "file", "sheet"))}  # fmt: skip
    for name, (value, allowed) in sources.items():
        if value not in allowed:
            raise ExportError(f"read_surveys({name}={value!r}): give one of {list(allowed)}.")
        role = name.split("_")[0]
        if value is not None and options.get(f"{role}_name") is not None:
            raise ExportError(f"read_surveys: give {name} or {role}_name, not both.")
    own = _own_options(paths, file_options or {})
    resolved = make_options(instrument, **{**_READ_OPTIONS, **options})
    from tqdm.auto import tqdm

    parts, failures = [], []
    for i, path in enumerate(tqdm(list(paths), desc="Reading exports", unit="file", disable=not progress)):
        try:
            mine = make_options(instrument, **{**_READ_OPTIONS, **options, **own[i]}) if own[i] else resolved
            for part_options in _per_file(Path(path), mine, partnership_from, organisation_from):
                parts.append(import_file(path, part_options))
        except ExportError as err:
            failures.append(err)
    if failures:
        problems = [f"{Path(str(getattr(err, 'file', '') or '?')).name}: {p}" for err in failures for p in err.problems]
        raise ExportError(
            f"{len(failures)} of {len(paths)} files cannot be imported:\n" + "\n".join(f"  - {p}" for p in problems),
            problems=problems,
        )
    return _survey(parts, resolved.instrument, source=f"{len(parts)} files")


def _own_options(paths: Sequence[PathLike], file_options: Mapping[PathLike, Mapping[str, object]]) -> list[dict]:
    """Per path, the ``file_options`` given for it (by its name or its path as given)."""
    own: list[dict] = [{} for _ in paths]
    for key, given in file_options.items():
        fits = [i for i, p in enumerate(paths) if str(key) in (str(p), Path(p).name)]
        if len(fits) != 1:
            names = ", ".join(sorted({Path(p).name for p in paths}))
            how = "is none" if not fits else f"fits {len(fits)}"
            raise ExportError(
                f"read_surveys(file_options=...): {str(key)!r} {how} of the files ({names}). Give a "
                "file's name or its path as in paths."
            )
        unknown = set(given) - set(_READ_OPTIONS)
        if unknown:
            raise ExportError(
                f"read_surveys(file_options=...): unknown option(s) {sorted(unknown)} for {str(key)!r}; "
                "give keywords of read_survey."
            )
        own[fits[0]].update(given)
    return own


def _per_file(
    path: Path, options: Options, partnership_from: str | None, organisation_from: str | None
) -> list[Options]:
    """The options of each part of one file: its partnership and organisation names from the file
    name, folder or sheets, as ``read_surveys`` was asked."""
    partnership_name = options.partnership_name
    if partnership_from is not None:
        partnership_name = path.stem if partnership_from == "file" else path.resolve().parent.name
    organisation_name = path.stem if organisation_from == "file" else options.organisation_name
    if organisation_from != "sheet":
        return [replace(options, partnership_name=partnership_name, organisation_name=organisation_name)]
    from ._read_excel import sheets_with_data

    sheets = sheets_with_data(path)
    if not sheets:
        raise ExportError(
            f"{path.name}: organisation_from='sheet' needs a workbook with one sheet per organisation; "
            "this file has no sheet with data. Use organisation_from='file' or the organisation question.",
            file=path.name,
        )
    return [replace(options, sheet=s, organisation_name=s, partnership_name=partnership_name) for s in sheets]


# read_survey's options and their defaults, which read_surveys passes on to every file
_READ_OPTIONS = {
    name: parameter.default
    for name, parameter in inspect.signature(read_survey).parameters.items()
    if parameter.kind is inspect.Parameter.KEYWORD_ONLY and name != "instrument"
}


# ------------------------------------------------------------------------------------------------
# one Survey from one or more files
# ------------------------------------------------------------------------------------------------


def _survey(parts: list[Imported], instrument: Instrument, source: str) -> Survey:
    """The Survey of the imported parts, built through ``km.Survey`` (which checks the whole)."""
    whole = parts[0] if len(parts) == 1 else _combined(parts, instrument, source)
    try:
        survey = Survey(
            whole.frame,
            instrument,
            report=whole.report,
            questions=whole.questions,
            source=source,
            nonsubstantive=whole.nonsubstantive.fillna(False).astype(bool),
            quality=whole.quality,
            keep_personal_ids=True,  # the importer has already decided (keep_personal_ids of read_survey)
        )
    except SurveyError as err:
        raise ExportError(str(err)) from err
    return survey.replace(report=_file_report(survey.report, parts))


def _combined(parts: list[Imported], instrument: Instrument, source: str) -> Imported:
    """Several parts as one, indexed by (``file``, ``row``); a respondent id used in more than one
    file is prefixed with its file's name (reported)."""
    keys = [p.file for p in parts]
    if len(set(keys)) < len(keys):
        keys = [f"{p.file}#{i + 1}" for i, p in enumerate(parts)]
    owner = pd.concat(
        [pd.Series(k, index=p.frame["respondent_id"].to_numpy()) for k, p in zip(keys, parts, strict=True)]
    )
    shared = set(owner.index[owner.index.duplicated(keep=False)])
    report_parts: list[pd.DataFrame] = []
    frames = []
    for name, part in zip(keys, parts, strict=True):
        frame = part.frame
        clash = frame["respondent_id"].isin(shared).to_numpy()
        report_parts.append(part.report)
        if clash.any():
            frame = frame.copy()
            frame.loc[clash, "respondent_id"] = (name + ":" + frame.loc[clash, "respondent_id"]).to_numpy()
            note = {
                **noted(None, "respondent_id", None, "ids_elsewhere", n=int(clash.sum()), prefix=f"{name}:"),
                "file": part.file,
            }
            report_parts.append(pd.DataFrame([{**note, "sheet": part.sheet}]))
        frames.append(frame)
    responses = pd.concat(frames, keys=keys, names=["file", "row"])
    nonsubstantive = pd.concat([p.nonsubstantive for p in parts], keys=keys, names=["file", "row"])
    nonsubstantive = nonsubstantive.reindex(
        columns=responses.columns.intersection(instrument.item_ids), fill_value=False
    )
    role_columns = [c for c in ROLES if c in responses.columns]
    process = instrument.process.item_ids if instrument.process is not None else []
    responses = responses[role_columns + [i for i in [*instrument.item_ids, *process] if i in responses.columns]]
    return Imported(
        file=source,
        sheet=None,
        frame=responses,
        nonsubstantive=nonsubstantive,
        report=pd.concat(report_parts, ignore_index=True),
        questions=pd.concat([p.questions for p in parts], ignore_index=True),
        quality=pd.concat([p.quality for p in parts], ignore_index=True),
    )


def _file_report(report: pd.DataFrame, parts: list[Imported]) -> pd.DataFrame:
    """The Survey's report as the importer shows it: row numbers as nullable integers, and, for one
    file, its name on the rows the Survey added (the notes about the whole survey)."""
    report = report.copy()
    if len(parts) == 1:
        report[["file", "sheet"]] = report[["file", "sheet"]].astype(object)
        report.loc[report["file"].isna(), "file"] = parts[0].file
    report["row"] = pd.array(report["row"].to_numpy(dtype=object), dtype="Int64")
    return report
