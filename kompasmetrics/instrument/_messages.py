"""Structure problems of an instrument file, said in the words of ``instruments/README.md``.

pydantic reports "Input should be a valid dictionary" and "Field required" with the parent mapping
as the value; an analyst writing a YAML file needs to read which field of which scale is missing,
and what to write there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..texts import LANGUAGES

MISSING = object()
"""The value of a problem about a field that is absent (nothing to show)."""

TEXT_FIELDS = {"title", "description", "label", "text"}

WHAT_TO_WRITE = {
    "id": "a name of letters, digits and underscores that starts with a letter (id: my_scale)",
    "version": 'the version of the wording, quoted (version: "1.0")',
    "title": "the questionnaire's title in every language",
    "response_scales": "the answer scales: a list whose entries start with '- id: ...'",
    "scales": "the scales: a list whose entries start with '- id: ...'",
    "values": "the scores of the answer options, lowest first (values: [1, 2, 3, 4, 5])",
    "labels": "the answer texts per language, as many as values (labels: {nl: [...], en: [...]})",
    "construct": "the group of related scales, one lowercase word (construct: trust)",
    "label": "a short name in every language, at most 30 characters",
    "ring": "the Kijkglas ring: ambition, interests or context (ring: context)",
    "items": "the statements of the scale, at least two, each starting with '- id: ...'",
    "text": "the statement in every language",
    "reverse": "true when agreeing means less of the construct, otherwise false (reverse: false)",
}

FIELDS = {
    "instrument": (
        "id, version, title, description, languages, default_response_scale, response_scales, scales, partner_ratings"
    ),
    "response_scales": "id, values, labels, label_variants, missing",
    "scales": "id, construct, label, description, ring, phase, facet, role, items",
    "items": "id, text, reverse, response_scale",
    "partner_ratings": "description, items",
    "partner_items": "id, role, facet, text, reverse, response_scale",
}


def text_example(languages: list[str]) -> str:
    return "{" + ", ".join(f"{code}: ..." for code in languages) + "}"


def located(loc: tuple, raw: dict) -> str:
    """``scales[0] (trust).items[1] (trust_2)``: the path of a field, with the ids of its parents."""
    location = ""
    node: Any = raw
    for part in loc:
        if isinstance(part, int):
            location += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                location += f" ({node['id']})"
        else:
            location += f".{part}" if location else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return location


def readable(error: Mapping[str, Any], raw: dict) -> tuple[str, object, str]:
    """One pydantic error as (where, value, what to write)."""
    loc = tuple(error["loc"])
    kind, field = error["type"], next((p for p in reversed(loc) if isinstance(p, str)), "")
    languages = [code for code in raw.get("languages") or LANGUAGES if isinstance(code, str)]
    parent = located(loc[:-1], raw) or "the file"
    if kind == "missing":
        hint = WHAT_TO_WRITE.get(field, "see instruments/README.md")
        if field in TEXT_FIELDS:
            hint += f": {field}: {text_example(languages)}"
        return parent, MISSING, f"'{field}' is missing; write {hint}"
    where, value = located(loc, raw), error.get("input")
    if kind == "extra_forbidden":
        section = next((p for p in reversed(loc[:-1]) if isinstance(p, str)), "instrument")
        if loc[0] == "partner_ratings" and section == "items":
            section = "partner_items"
        return (
            parent,
            MISSING,
            f"unknown field '{field}'; the fields here are {FIELDS.get(section, FIELDS['instrument'])}",
        )
    if field in TEXT_FIELDS or (len(loc) >= 2 and loc[-2] in TEXT_FIELDS and kind == "string_type"):
        return where, value, f"write the text in every language: {field}: {text_example(languages)}"
    if kind == "string_pattern_mismatch":
        return (
            where,
            value,
            "an id is letters, digits and underscores and starts with a letter (^[A-Za-z][A-Za-z0-9_]*$)",
        )
    if kind == "literal_error" and field == "ring":
        return where, value, "the ring is one of ambition, interests, context"
    if kind == "literal_error":
        return (
            where,
            value,
            f"allowed are {error.get('ctx', {}).get('expected', 'the values in instruments/README.md')}",
        )
    if kind == "bool_type":
        return where, value, "write true or false"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return where, value, "write a whole number"
    if kind == "too_short" and field == "items":
        return where, _count(value), "a scale needs at least two items"
    if kind == "too_short":
        return where, _count(value), f"give at least {error.get('ctx', {}).get('min_length', 1)}"
    if kind in ("greater_than_equal", "less_than_equal") and field == "phase":
        return where, value, "a phase is a whole number from 1 to 5"
    if kind == "list_type":
        return where, _brief(value), f"write a list: each entry on its own line, starting with '- ' ({field})"
    if kind in ("dict_type", "model_type"):
        return where, _brief(value), f"write a mapping of fields (see {field or 'the file'} in instruments/README.md)"
    return where, value, error["msg"]


def _count(value: object) -> object:
    return f"{len(value)} given" if isinstance(value, list | dict) else value


def _brief(value: Any) -> object:
    return type(value).__name__ if isinstance(value, dict | list) else value
