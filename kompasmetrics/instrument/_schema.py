"""The instrument file format as pydantic models (structure), plus the cross-field rules.

Structure (types, required fields, allowed values, unknown fields) is checked by pydantic; the rules
that span fields (unique ids, label counts, every text in every language, references between
response scales and items) are checked in :func:`cross_field_problems`. Both report every problem,
so an analyst fixes a file in one pass.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, field_validator

from ..texts import LANGUAGES
from ._roles import SINGLE_ROLES

IDENTIFIER = r"^[A-Za-z][A-Za-z0-9_]*$"
RINGS = ("ambition", "interests", "context")
ROLE_NAMES = tuple(SINGLE_ROLES)

Text = dict[str, str]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ResponseScaleModel(_Strict):
    id: str = Field(pattern=IDENTIFIER)
    values: list[StrictInt] = Field(min_length=2)
    labels: dict[str, list[str]]
    label_variants: dict[str, dict[int, list[str]]] = Field(default_factory=dict)
    missing: dict[str, list[str]] = Field(default_factory=dict)

    @field_validator("values")
    @classmethod
    def _ascending(cls, values: list[int]) -> list[int]:
        if any(b <= a for a, b in pairwise(values)):
            raise ValueError("values must be strictly ascending, lowest answer first")
        return values


class ItemModel(_Strict):
    id: str = Field(pattern=IDENTIFIER)
    text: Text
    reverse: StrictBool
    response_scale: str | None = None
    former_texts: list[Text] = Field(default_factory=list)  # earlier wordings, still matched on import


class ScaleModel(_Strict):
    id: str = Field(pattern=IDENTIFIER)
    construct_: str = Field(alias="construct", min_length=1)  # BaseModel has a .construct()
    label: Text
    description: Text | None = None
    ring: Literal["ambition", "interests", "context"]
    phase: StrictInt | None = Field(default=None, ge=1, le=5)
    facet: str | None = None
    role: Literal[ROLE_NAMES] | None = None  # type: ignore[valid-type]
    items: list[ItemModel] = Field(min_length=2)


class PartnerItemModel(_Strict):
    """An item of the ``partner_ratings`` block (see :mod:`._partners`)."""

    id: str = Field(pattern=IDENTIFIER)
    role: Literal["trust", "value", "influence", "frequency"]
    facet: str | None = None
    text: Text
    reverse: StrictBool
    response_scale: str | None = None
    former_texts: list[Text] = Field(default_factory=list)


class PartnerBlockModel(_Strict):
    description: Text | None = None
    items: list[PartnerItemModel] = Field(min_length=1)


class ProcessItemModel(_Strict):
    """An item of the ``process_questions`` block (see :mod:`._process`)."""

    id: str = Field(pattern=IDENTIFIER)
    role: Literal["phase_status", "joined"]
    phase: StrictInt | None = Field(default=None, ge=1, le=5)
    text: Text
    response_scale: str | None = None


class ProcessBlockModel(_Strict):
    description: Text | None = None
    status_codes: dict[Literal["done", "partly", "skipped", "not_yet"], StrictInt] | None = None
    items: list[ProcessItemModel] = Field(min_length=1)


class InstrumentModel(_Strict):
    id: str = Field(pattern=IDENTIFIER)
    version: str | StrictInt | float
    title: Text
    description: Text | None = None
    languages: list[str] = Field(default_factory=lambda: list(LANGUAGES), min_length=1)
    default_response_scale: str | None = None
    response_scales: list[ResponseScaleModel] = Field(min_length=1)
    scales: list[ScaleModel] = Field(min_length=1)
    partner_ratings: PartnerBlockModel | None = None
    process_questions: ProcessBlockModel | None = None


Problem = tuple[str, object, str]
"""(field path, offending value, reason)."""


_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        # invisible marks that survey tools leave in answers and headers (direction marks,
        # zero-width spaces and joiners, word joiner, byte-order mark): removed
        **dict.fromkeys(["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff"], None),
        **dict.fromkeys([chr(c) for c in range(0x202A, 0x202F)], None),
    }
)


def _normalise(label: str) -> str:
    """Fold case, straighten curly quotes, treat a non-breaking space as a space, drop invisible
    marks (U+200E and the like), collapse spaces."""
    return " ".join(label.translate(_QUOTES).casefold().split())


def _text_problems(path: str, text: object, languages: list[str]) -> list[Problem]:
    if not isinstance(text, dict):
        return []  # absent (optional) or of the wrong type (reported by the structure check)
    problems: list[Problem] = []
    for language in languages:
        if not str(text.get(language) or "").strip():
            problems.append((f"{path}.{language}", text.get(language), f"text in '{language}' is missing or empty"))
    for language in text:
        if language not in languages:
            problems.append(
                (f"{path}.{language}", text[language], f"language '{language}' is not in languages {languages}")
            )
    return problems


def _duplicates(ids: list[object]) -> list[object]:
    return [value for value, count in Counter(ids).items() if count > 1]


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _strings(value: object) -> list[str]:
    return [v for v in _list(value) if isinstance(v, str)]


LISTS = {
    "response_scales": "- id: agree5\n      values: [1, 2, 3, 4, 5]",
    "scales": "- id: my_scale\n      construct: trust",
}
"""The top-level fields that are lists of entries with an ``id``, with the start of a correct one."""


def _mapping_instead_of_list(raw: dict) -> list[Problem]:
    """A list of entries written as a mapping by id (``response_scales: {agree5: {values: ...}}``),
    the form a newcomer writes first: one problem that shows the form to write instead."""
    problems: list[Problem] = []
    for name, example in LISTS.items():
        given = raw.get(name)
        if isinstance(given, dict):
            first = next(iter(given), "...")
            problems.append(
                (
                    name,
                    f"{{{first}: ...}}",
                    f"write a list, one entry per {name[:-1].replace('_', ' ')}, each starting with '- id:' "
                    f"(not a mapping by id), for example:\n    {name}:\n    {example}",
                )
            )
    return problems


def cross_field_problems(raw: dict) -> list[Problem]:
    """Every rule that spans fields, as a list of problems (empty when the file is valid).

    Works on the parsed YAML rather than the validated model, so that these problems are reported
    together with the structural ones: a wrongly typed part is skipped here (the structure check
    names it) and the rest is still checked.
    """
    languages = _strings(raw.get("languages")) or list(LANGUAGES)
    problems: list[Problem] = _text_problems("title", raw.get("title"), languages)
    problems += _text_problems("description", raw.get("description"), languages)

    problems += _mapping_instead_of_list(raw)
    response_scales = [rs for rs in _list(raw.get("response_scales")) if isinstance(rs, dict)]
    if isinstance(raw.get("response_scales"), dict):  # reported above; its ids still count below
        response_scales = [{**v, "id": k} for k, v in raw["response_scales"].items() if isinstance(v, dict)]
    scale_ids = [rs.get("id") for rs in response_scales]
    for duplicate in _duplicates(scale_ids):
        problems.append(("response_scales[].id", duplicate, "response scale id is used more than once"))
    for i, rs in enumerate(response_scales):
        where = f"response_scales[{i}]"
        values = _list(rs.get("values"))
        labels = _dict(rs.get("labels"))
        for language in languages:
            given = labels.get(language)
            if given is None:
                problems.append((f"{where}.labels.{language}", None, f"labels in '{language}' are missing"))
            elif isinstance(given, list) and len(given) != len(values):
                problems.append(
                    (
                        f"{where}.labels.{language}",
                        given,
                        f"{len(given)} labels for {len(values)} values; give one label per value, in order",
                    )
                )
        answer_labels = {_normalise(label) for given in labels.values() for label in _strings(given)}
        for language, variants in _dict(rs.get("label_variants")).items():
            for value, given in _dict(variants).items():
                if value not in values:
                    problems.append(
                        (f"{where}.label_variants.{language}.{value}", value, f"not one of the values {values}")
                    )
                answer_labels |= {_normalise(label) for label in _strings(given)}
        for language, given in _dict(rs.get("missing")).items():
            for label in _strings(given):
                if _normalise(label) in answer_labels:
                    problems.append(
                        (
                            f"{where}.missing.{language}",
                            label,
                            "a missing label is also an answer label; an answer cannot be both",
                        )
                    )

    known_scales = {i for i in scale_ids if isinstance(i, str)}
    default = raw.get("default_response_scale")
    if default is not None and default not in known_scales:
        problems.append(
            ("default_response_scale", default, f"no response scale with this id; known: {sorted(known_scales)}")
        )

    scales = [scale for scale in _list(raw.get("scales")) if isinstance(scale, dict)]
    for duplicate in _duplicates([scale.get("id") for scale in scales]):
        problems.append(("scales[].id", duplicate, "scale id is used more than once"))
    items_of = [[item for item in _list(scale.get("items")) if isinstance(item, dict)] for scale in scales]
    for duplicate in _duplicates([scale.get("role") for scale in scales if scale.get("role") is not None]):
        problems.append(("scales[].role", duplicate, "role is given to more than one scale; give each role once"))
    for duplicate in _duplicates([scale.get("phase") for scale in scales if isinstance(scale.get("phase"), int)]):
        problems.append(
            ("scales[].phase", duplicate, "phase is given to more than one scale; one scale measures each phase")
        )
    for duplicate in _duplicates([item.get("id") for items in items_of for item in items]):
        problems.append(("scales[].items[].id", duplicate, "item id is used more than once in the instrument"))

    for i, (scale, items) in enumerate(zip(scales, items_of, strict=True)):
        where = f"scales[{i}]" + (f" ({scale['id']})" if isinstance(scale.get("id"), str) else "")
        problems += _text_problems(f"{where}.label", scale.get("label"), languages)
        problems += _text_problems(f"{where}.description", scale.get("description"), languages)
        for j, item in enumerate(items):
            item_where = f"{where}.items[{j}]" + (f" ({item['id']})" if isinstance(item.get("id"), str) else "")
            problems += _text_problems(f"{item_where}.text", item.get("text"), languages)
            response_scale = item.get("response_scale") or default
            if response_scale is None:
                problems.append(
                    (
                        f"{item_where}.response_scale",
                        None,
                        "no response_scale and no default_response_scale; set one of them",
                    )
                )
            elif response_scale not in known_scales:
                problems.append(
                    (
                        f"{item_where}.response_scale",
                        response_scale,
                        f"no response scale with this id; known: {sorted(known_scales)}",
                    )
                )
    from ._partners import partner_problems

    item_ids = [item.get("id") for items in items_of for item in items]
    problems += partner_problems(raw, languages, known_scales, default, item_ids)
    from ._process import process_problems

    partner_ids = [
        item.get("id") for item in _list(_dict(raw.get("partner_ratings")).get("items")) if isinstance(item, dict)
    ]
    problems += process_problems(raw, languages, response_scales, default, item_ids + partner_ids)
    return problems
