"""``read_survey``'s options, checked once and resolved: the instrument loaded, ``answer_map`` split
by scope, the quality thresholds filled in from :data:`DEFAULT_RULES`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import KompasError
from ..instrument import Instrument, load_instrument
from ._errors import ExportError
from ._platforms import norm
from ._quality import DEFAULT_RULES

PathLike = str | os.PathLike


@dataclass(frozen=True)
class AnswerMaps:
    """The analyst's ``answer_map``: for every column, per response scale id, per column."""

    everywhere: Mapping[str, float | None] = field(default_factory=dict)
    by_scale: Mapping[str, Mapping[str, float | None]] = field(default_factory=dict)
    by_column: Mapping[str, Mapping[str, float | None]] = field(default_factory=dict)


@dataclass(frozen=True)
class Options:
    """The options of one file's import (see :func:`kompasmetrics.read_survey`)."""

    instrument: Instrument
    platform: str
    partnership: str
    organisation: str
    column_map: Mapping[str, str | None] | None
    sheet: str | int | None
    language: str | None
    exclude_careless: bool
    include_incomplete: bool
    answer_map: AnswerMaps
    rules: Mapping[str, float]
    partnership_name: str | None = None
    organisation_name: str | None = None
    include_test: bool = False
    keep_personal_ids: bool = False


def answer_maps(answer_map: Mapping[str, Any], instrument: Instrument) -> AnswerMaps:
    """``answer_map`` split into the global map, the maps per response scale and per column, each
    with normalised answers."""

    def normalised(entries: Mapping[Any, Any], where: str) -> dict[str, float | None]:
        out: dict[str, float | None] = {}
        for raw, value in entries.items():
            try:
                out[norm(raw)] = None if value is None else float(value)
            except (TypeError, ValueError) as err:
                raise ExportError(f"{where}[{raw!r}] = {value!r} is not a number or None.") from err
        return out

    plain = {k: v for k, v in answer_map.items() if not isinstance(v, Mapping)}
    scales: dict[str, dict[str, float | None]] = {}
    columns: dict[str, dict[str, float | None]] = {}
    for key_, entries in answer_map.items():
        if isinstance(entries, Mapping):
            target = scales if key_ in instrument.response_scales else columns
            target[key_] = normalised(entries, f"answer_map[{key_!r}]")
    return AnswerMaps(normalised(plain, "answer_map"), scales, columns)


def make_options(
    instrument: Instrument | str,
    platform: str,
    partnership: str,
    organisation: str,
    column_map: Mapping[str, str | None] | None,
    sheet: str | int | None,
    language: str | None,
    exclude_careless: bool,
    include_incomplete: bool,
    answer_map: Mapping[str, Any] | None,
    careless_rules: Mapping[str, float] | None,
    partnership_name: str | None = None,
    organisation_name: str | None = None,
    include_test: bool = False,
    keep_personal_ids: bool = False,
) -> Options:
    """Check every option at once (one :class:`ExportError` lists all problems) and resolve them."""
    problems: list[str] = []
    try:
        instrument = instrument if isinstance(instrument, Instrument) else load_instrument(instrument)
    except KompasError as err:
        raise ExportError(f"instrument={instrument!r} cannot be loaded: {err}") from err
    if language is not None and language not in instrument.languages:
        problems.append(
            f"language={language!r} is not a language of instrument '{instrument.id}'; "
            f"give one of {list(instrument.languages)} or None for all."
        )
    for name, value in (("partnership", partnership), ("organisation", organisation)):
        if not isinstance(value, str) or not value.strip():
            problems.append(
                f"{name}={value!r}: give the question text or export tag of the {name} question as a non-empty string."
            )
    for name, given in (("partnership_name", partnership_name), ("organisation_name", organisation_name)):
        if given is not None and (not isinstance(given, str) or not given.strip()):
            problems.append(f"{name}={given!r}: give the name as a non-empty string, or None to read it from the file.")
    if column_map is not None and not isinstance(column_map, Mapping):
        problems.append(
            f"column_map must be a mapping of column -> item id, role or None; got {type(column_map).__name__}."
        )
    if answer_map is not None and not isinstance(answer_map, Mapping):
        problems.append(f"answer_map must be a mapping of answer -> value or None; got {type(answer_map).__name__}.")
    rules = dict(DEFAULT_RULES)
    if careless_rules is not None:
        if not isinstance(careless_rules, Mapping):
            problems.append("careless_rules must be a mapping; see kompasmetrics.io.DEFAULT_RULES.")
        else:
            bad = sorted(set(careless_rules) - set(DEFAULT_RULES))
            if bad:
                problems.append(f"careless_rules has unknown key(s) {bad}; known: {sorted(DEFAULT_RULES)}.")
            rules.update({k: float(v) for k, v in careless_rules.items() if k in DEFAULT_RULES})
    if not isinstance(platform, str):
        problems.append(f"platform={platform!r}: give a layout name or 'auto'.")
    if problems:
        raise ExportError(
            "read_survey cannot use these options:\n" + "\n".join(f"  - {p}" for p in problems),
            problems=problems,
        )
    mapped = answer_maps(answer_map or {}, instrument)
    return Options(
        instrument,
        platform,
        partnership,
        organisation,
        column_map,
        sheet,
        language,
        bool(exclude_careless),
        bool(include_incomplete),
        mapped,
        rules,
        partnership_name.strip() if isinstance(partnership_name, str) else None,
        organisation_name.strip() if isinstance(organisation_name, str) else None,
        bool(include_test),
        bool(keep_personal_ids),
    )
