"""One export file -> the kept rows, their coded answers, the report, questions and quality.

The stages, in order, each in its own module:

1. read the cells (:mod:`._read`) and **detect** the layout and headers (:mod:`._detect`);
2. **match** the columns to roles and items (:mod:`._match`), check the headers (:mod:`._headers`);
3. **code** the answers (:mod:`._code`);
4. compute the response **quality** indices (:mod:`._quality`);
5. the **row policy** decides which rows are kept (:mod:`._rows`, shared with ``km.Survey``);
6. **assemble** ids, the report, the kept responses and the questions (:mod:`._assemble`).

Every problem found up to stage 6 is raised together, as one :class:`ExportError`.
"""

from __future__ import annotations

from ._assemble import (
    Imported,
    RoleValues,
    column_notes,
    kept_responses,
    questions_table,
    respondent_ids,
    role_values,
)
from ._cells import Columns, present
from ._code import CodedAnswers, code_export
from ._detect import Layout, detect, layout_notes
from ._errors import raise_problems
from ._headers import header_problems
from ._match import Matching, match_export, no_items_problem
from ._options import Options, PathLike
from ._quality import QualityFlags, completion_seconds, quality_indices, quality_table
from ._read import read_cells
from ._report import noted, report_frame
from ._rows import Exclusion, RowDecisions, RowEvidence, decide_rows, kept_but_flagged, platform_exclusions


def import_file(path: PathLike, options: Options) -> Imported:
    """Import one file (or the sheet ``options.sheet`` of a workbook) through the six stages."""
    instrument = options.instrument
    layout = detect(read_cells(path, options.sheet), options.platform)
    data = Columns(layout.raw.cells, layout.n_header)
    report = layout_notes(layout)

    matching = match_export(layout, options, data)
    problems = [*matching.problems, *header_problems(layout, matching, data, report)]
    if not matching.items:
        problems.append(no_items_problem(layout, instrument))

    answers = code_export(layout, matching, data, instrument, options.answer_map, report)
    problems += answers.problems

    quality = quality_indices(answers.values, completion_seconds(matching.roles, data), options.rules)
    roles = role_values(matching, data, options.partnership_name, options.organisation_name)
    for role, name in (("partnership", options.partnership_name), ("organisation", options.organisation_name)):
        if name is not None:
            report.append(_given_for_the_file(role, name))
    decisions = _decide_rows(layout, matching, data, answers, roles, quality.flags, options)
    report += decisions.report(layout.rows)
    report += kept_but_flagged(decisions, quality.flags.any, quality.flags.reasons, layout.rows)

    ids, id_notes, id_problems = respondent_ids(layout, matching, roles.ids, decisions.kept, options.keep_personal_ids)
    report += id_notes
    problems += id_problems
    report += column_notes(layout, matching, instrument)
    file, sheet = layout.raw.file, layout.raw.sheet
    raise_problems(problems, file, sheet)

    responses, nonsubstantive = kept_responses(
        layout, matching, data, roles, ids, answers, decisions.kept, instrument, report
    )
    questions = questions_table(layout.columns, matching, instrument, layout.excel, options.language)
    questions.insert(0, "file", file)
    return Imported(
        file=file,
        sheet=sheet,
        frame=responses,
        nonsubstantive=nonsubstantive,
        report=report_frame(report, file, sheet),
        questions=questions,
        quality=quality_table(quality, file, sheet, layout.rows, ids, decisions.kept, decisions.reason),
    )


def _decide_rows(
    layout: Layout,
    matching: Matching,
    data: Columns,
    answers: CodedAnswers,
    roles: RoleValues,
    flags: QualityFlags,
    options: Options,
) -> RowDecisions:
    """Stage 5: the row policy of :mod:`._rows` on what this file says about each row."""
    evidence = RowEvidence(
        answered=answers.answered() if matching.items else None,
        marked=answers.marked(),
        partnership=None if roles.partnership is None else present(roles.partnership),
        organisation=None if roles.organisation is None else present(roles.organisation),
        partnership_column=layout.name(matching.roles.get("partnership")),
        organisation_column=layout.name(matching.roles.get("organisation")),
        platform=platform_exclusions(layout, matching, data, options),
        careless=Exclusion(flags.any, flags.reasons) if options.exclude_careless else None,
    )
    return decide_rows(evidence, layout.n_rows)


def _given_for_the_file(role: str, name: str) -> dict:
    return noted(None, None, name, f"{role}_given", name=name)
