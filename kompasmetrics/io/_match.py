"""Which source column is which: roles, personal data, metadata and instrument items.

Items are matched in this order, and the first rule that applies wins:

1. ``column_map``: the analyst's own mapping of column -> item id (or role, or None to ignore);
2. the item id equals the column's export tag or code (``trust_openness_2``);
3. the item text, in any language of the instrument (or only ``language``), equals the column's
   statement or header after normalising case, white space, non-breaking spaces, quotes and a
   trailing full stop; a header that *ends* in the item text after a question text and a
   separator (``"Question.Statement"``) also matches.

A column whose text is only *close* to an item text (difflib ratio >= 0.85) is never matched: the
closest item is suggested in :attr:`Survey.questions` and in the report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache

from .._messages import listing
from .._privacy import SHARE, personal_kinds
from .._resources import package_yaml
from ..errors import Problem
from ..instrument import Instrument
from ._cells import Columns, as_texts, present
from ._detect import Layout
from ._errors import column_letter
from ._match_items import item_texts, mark_unused, match_item_ids, match_item_texts
from ._matching import Matching, MatchingContext, column_keys, did_you_mean, find_columns
from ._options import Options
from ._platforms import Platform, SourceColumn, key, personal_patterns

ROLES = ("respondent_id", "partnership", "organisation", "wave", "submitted_at")


def match_export(layout: Layout, options: Options, data: Columns) -> Matching:
    """Stage 2 of a file's import: match its columns (:func:`match_columns`), then drop the unused
    columns whose values are personal data; a problem when no column is an item."""
    matching = match_columns(
        layout.columns,
        layout.platform,
        options.instrument,
        column_map=options.column_map,
        partnership=None if options.partnership_name is not None else options.partnership,
        organisation=None if options.organisation_name is not None else options.organisation,
        language=options.language,
        describe=layout.describe,
        where=layout.place,
    )
    _drop_personal_by_value(matching, data)
    return matching


def no_items_problem(layout: Layout, instrument: Instrument) -> str:
    """The problem of an export in which no column is an item, with the likeliest reason."""
    hint = ""
    if layout.platform.name == "qualtrics" and layout.n_header == 1:
        hint = Problem("match.qualtrics_tags_only")
    others = [s for s in layout.raw.sheet_names if s != layout.raw.sheet]
    if others:
        hint = Problem("match.other_sheets", n=len(others), sheets=", ".join(repr(s) for s in others), first=others[0])
    return Problem(
        "match.no_items",
        where=layout.place,
        instrument=instrument.id,
        hint=hint,
        examples=listing(instrument.item_ids, 3),
    )


def _drop_personal_by_value(matching: Matching, data: Columns) -> None:
    """Columns not used for an item or role whose values are mostly e-mail addresses, phone
    numbers or citizen service numbers are personal data, whatever their header: dropped and
    listed as such (``Contact``, ``Mail``, ``Your details``, ``BSN``)."""
    for position, how in list(matching.how.items()):
        if how not in ("unused", "metadata: not used"):
            continue
        values = as_texts(data[position])
        filled = values[present(values)]
        if not len(filled):
            continue
        sample = filled[:: max(1, len(filled) // 500)]
        kinds = personal_kinds(sample)
        if sum(kinds.values()) >= SHARE * len(set(sample.tolist())):
            matching.how[position] = f"personal data: dropped ({', '.join(kinds)})"
            matching.personal.append(position)
            matching.suggestion.pop(position, None)


def match_columns(
    columns: list[SourceColumn],
    platform: Platform,
    instrument: Instrument,
    *,
    column_map: Mapping[str, str | None] | None,
    partnership: str | None,
    organisation: str | None,
    language: str | None,
    describe: Callable[[int], str],
    where: str,
) -> Matching:
    """Match every column to a role, personal data, metadata, an item, or nothing.

    ``partnership`` or ``organisation`` None: the file gives that role for every row (the
    ``partnership_name`` / ``organisation_name`` of read_survey), so no column is sought for it.
    """
    result = Matching()
    context = MatchingContext(columns, describe, where)
    _apply_column_map(result, context, column_map or {}, instrument)
    for role, name in (("partnership", partnership), ("organisation", organisation)):
        _find_named_role(result, context, role, name)
    _find_platform_roles(result, columns, platform)
    _find_personal_and_metadata(result, columns, platform)
    match_item_ids(result, columns, instrument.item_ids)
    texts = item_texts(instrument, language)
    match_item_texts(result, context, texts)
    _match_process_questions(result, columns, instrument, language)
    mark_unused(result, columns, texts)
    return result


def _apply_column_map(
    result: Matching, context: MatchingContext, column_map: Mapping[str, str | None], instrument: Instrument
) -> None:
    """1. The analyst's column_map: column -> item id, role, or None to leave it out."""
    item_set = set(instrument.item_ids)
    describe, where = context.describe, context.where
    for source, target in column_map.items():
        positions = find_columns(context.columns, source)
        if not positions:
            names = [c.name for c in context.columns if c.name]
            result.problems.append(
                f"column_map names column {source!r}, which is not a column of "
                f"{where}.{did_you_mean(source, names)} "
                f"Use the column's header as shown in the file (its export tag or its text)."
            )
            continue
        if len(positions) > 1:
            result.problems.append(
                f"column_map key {source!r} matches {len(positions)} columns of {where} "
                f"({', '.join(describe(p) for p in positions)}); name one column by its Excel letter or "
                f"its position instead, e.g. column_map={{{column_letter(positions[1])!r}: ...}} or "
                f"{{{positions[1] + 1}: ...}}."
            )
            continue
        position = positions[0]
        if target is None:
            result.claim(position, "ignored (column_map)")
            result.ignored.append(position)
        elif target in item_set:
            if target in result.items:
                result.problems.append(
                    f"column_map maps two columns to item {target!r}: "
                    f"{describe(result.items[target])} and {describe(position)}."
                )
            else:
                result.claim(position, "column_map", item=target)
        elif target in ROLES:
            result.claim(position, f"role: {target} (column_map)", role=target)
        else:
            result.problems.append(
                f"column_map maps {source!r} to {target!r}, which is neither an item of instrument "
                f"'{instrument.id}' nor a role "
                f"({', '.join(ROLES)}).{did_you_mean(target, instrument.item_ids + list(ROLES))} "
                "Use an item id, a role name, or None to leave the column out."
            )


DEFAULT_QUESTION = {"partnership": "Partnership", "organisation": "Organisation"}
"""read_survey's defaults: when one is not found, the usual wordings of ``role_questions.yaml`` are."""


@cache
def usual_questions(role: str) -> frozenset[str]:
    """The usual wordings of the question for ``role``, as header keys."""
    return frozenset(key(text) for text in package_yaml("kompasmetrics.io", "role_questions.yaml")[role])


def _find_named_role(result: Matching, context: MatchingContext, role: str, name: str | None) -> None:
    """2. The partnership or organisation question, as the analyst named it (None: given for the
    whole file)."""
    describe, where = context.describe, context.where
    if name is None:
        if role in result.roles:
            result.problems.append(
                f"column_map maps {describe(result.roles[role])} to {role!r}, and {role}_name is given too: "
                f"give one of them (the column, or one {role} for the whole file)."
            )
        return
    if role in result.roles:
        return
    wanted = key(name)
    free = [c for c in context.columns if not result.taken(c.position)]
    positions = [c.position for c in free if wanted in column_keys(c)]
    how = f"role: {role}"
    if not positions and name == DEFAULT_QUESTION[role]:
        usual = usual_questions(role)
        positions = [c.position for c in free if usual.intersection(column_keys(c))]
        how = f"role: {role} (its usual wording)"
    if len(positions) == 1:
        result.claim(positions[0], how, role=role)
    elif len(positions) > 1:
        result.problems.append(
            Problem(
                "match.role_ambiguous",
                setting=f"{role}={name!r}",
                n=len(positions),
                where=where,
                columns=", ".join(describe(p) for p in positions),
                role=role,
            )
        )
    else:
        names = [c.header or c.name for c in free if c.header or c.name]
        result.problems.append(
            Problem(
                "match.role_missing",
                where=where,
                role=role,
                role_word=Problem(f"common.roles.{role}"),
                name=name,
                suggestion=did_you_mean(name, names),
                columns=listing(names, 8),
            )
        )


def _find_platform_roles(result: Matching, columns: list[SourceColumn], platform: Platform) -> None:
    """3. The platform's own columns: ids, dates, status. One column may serve two of these roles,
    e.g. Microsoft Forms' completion time is both the end time and the submission time."""
    platform_roles: set[int] = set()
    for role, tool_names in platform.columns.items():
        if role in result.roles:
            continue
        for name in tool_names:
            found = next(
                (
                    c.position
                    for c in columns
                    if (not result.taken(c.position) or c.position in platform_roles)
                    and name in (key(c.code), key(c.name))
                ),
                None,
            )
            if found is not None:
                if found in platform_roles:
                    result.roles[role] = found
                else:
                    result.claim(found, f"role: {role}", role=role)
                    platform_roles.add(found)
                break


def _find_personal_and_metadata(result: Matching, columns: list[SourceColumn], platform: Platform) -> None:
    """4. Personal data, by header (dropped), and 5. the platform's metadata (not used)."""
    patterns = personal_patterns()
    for column in columns:
        if result.taken(column.position):
            continue
        own = {key(column.code), key(column.name)} - {""}
        seen = own | {key(column.header)}
        if own & platform.personal or any(p.search(t) for p in patterns for t in seen if t):
            result.claim(column.position, "personal data: dropped")
            result.personal.append(column.position)
        elif own & platform.metadata:
            result.claim(column.position, "metadata: not used")


def _match_process_questions(
    result: Matching, columns: list[SourceColumn], instrument: Instrument, language: str | None
) -> None:
    """7b. The process questions (phase status, joined), by id or by text: kept beside the items
    and coded by :class:`~kompasmetrics.Survey`, never scored as items."""
    if instrument.process is None:
        return
    languages = [language] if language else list(instrument.languages)
    wanted: dict[str, str] = {}
    for row in instrument.process.items.to_dict("records"):
        wanted.setdefault(row["item"].casefold(), row["item"])
        for lang in languages:
            wanted.setdefault(key(row[f"text_{lang}"]), row["item"])
    for column in columns:
        if result.taken(column.position):
            continue
        for text in (column.code, column.name, column.statement, column.header):
            item = wanted.get((text or "").casefold()) or wanted.get(key(text))
            if item is not None and item not in result.process:
                result.claim(column.position, "process question")
                result.process[item] = column.position
                break


__all__ = ["ROLES", "Matching", "find_columns", "match_columns", "match_export", "no_items_problem", "usual_questions"]
