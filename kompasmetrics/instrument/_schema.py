"""The instrument file format as pydantic models (structure), plus the cross-field rules.

Structure (types, required fields, allowed values, unknown fields) is checked by pydantic; the rules
that span fields (unique ids, label counts, every text in every language, references between
response scales and items) are checked in :func:`cross_field_problems`. Both report every problem,
so an analyst fixes a file in one pass.
"""

from __future__ import annotations

from collections import Counter
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, field_validator

IDENTIFIER = r"^[A-Za-z][A-Za-z0-9_]*$"
RINGS = ("ambition", "interests", "context")

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
        if any(b <= a for a, b in zip(values, values[1:], strict=False)):
            raise ValueError("values must be strictly ascending, lowest answer first")
        return values


class ItemModel(_Strict):
    id: str = Field(pattern=IDENTIFIER)
    text: Text
    reverse: StrictBool
    response_scale: str | None = None


class ScaleModel(_Strict):
    id: str = Field(pattern=IDENTIFIER)
    construct_: str = Field(alias="construct", min_length=1)  # BaseModel has a .construct()
    label: Text
    description: Text | None = None
    ring: Literal["ambition", "interests", "context"]
    phase: StrictInt | None = Field(default=None, ge=1, le=5)
    facet: str | None = None
    items: list[ItemModel] = Field(min_length=2)


class InstrumentModel(_Strict):
    id: str = Field(pattern=IDENTIFIER)
    version: str | StrictInt | float
    title: Text
    description: Text | None = None
    languages: list[str] = Field(default_factory=lambda: ["nl", "en"], min_length=1)
    default_response_scale: str | None = None
    response_scales: list[ResponseScaleModel] = Field(min_length=1)
    scales: list[ScaleModel] = Field(min_length=1)


Problem = tuple[str, object, str]
"""(field path, offending value, reason)."""


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def _normalise(label: str) -> str:
    """Fold case, straighten curly quotes, treat a non-breaking space as a space, collapse spaces."""
    return " ".join(label.translate(_QUOTES).casefold().split())


def _text_problems(path: str, text: Text | None, languages: list[str]) -> list[Problem]:
    if text is None:
        return []
    problems: list[Problem] = []
    for language in languages:
        if not str(text.get(language, "")).strip():
            problems.append((f"{path}.{language}", text.get(language), f"text in '{language}' is missing or empty"))
    for language in text:
        if language not in languages:
            problems.append((f"{path}.{language}", text[language], f"language '{language}' is not in languages {languages}"))
    return problems


def _duplicates(ids: list[str]) -> list[str]:
    return [value for value, count in Counter(ids).items() if count > 1]


def cross_field_problems(model: InstrumentModel) -> list[Problem]:
    """Every rule that spans fields, as a list of problems (empty when the file is valid)."""
    languages = model.languages
    problems: list[Problem] = _text_problems("title", model.title, languages)
    problems += _text_problems("description", model.description, languages)

    scale_ids = [rs.id for rs in model.response_scales]
    for duplicate in _duplicates(scale_ids):
        problems.append(("response_scales[].id", duplicate, "response scale id is used more than once"))
    for i, rs in enumerate(model.response_scales):
        where = f"response_scales[{i}]"
        for language in languages:
            labels = rs.labels.get(language)
            if labels is None:
                problems.append((f"{where}.labels.{language}", None, f"labels in '{language}' are missing"))
            elif len(labels) != len(rs.values):
                problems.append((f"{where}.labels.{language}", labels,
                                 f"{len(labels)} labels for {len(rs.values)} values; give one label per value, in order"))
        answer_labels = {_normalise(label) for labels in rs.labels.values() for label in labels}
        for language, variants in rs.label_variants.items():
            for value, labels in variants.items():
                if value not in rs.values:
                    problems.append((f"{where}.label_variants.{language}.{value}", value,
                                     f"not one of the values {rs.values}"))
                answer_labels |= {_normalise(label) for label in labels}
        for language, labels in rs.missing.items():
            for label in labels:
                if _normalise(label) in answer_labels:
                    problems.append((f"{where}.missing.{language}", label,
                                     "a missing label is also an answer label; an answer cannot be both"))

    known_scales = set(scale_ids)
    if model.default_response_scale is not None and model.default_response_scale not in known_scales:
        problems.append(("default_response_scale", model.default_response_scale,
                         f"no response scale with this id; known: {sorted(known_scales)}"))

    for duplicate in _duplicates([scale.id for scale in model.scales]):
        problems.append(("scales[].id", duplicate, "scale id is used more than once"))
    item_ids = [item.id for scale in model.scales for item in scale.items]
    for duplicate in _duplicates(item_ids):
        problems.append(("scales[].items[].id", duplicate, "item id is used more than once in the instrument"))

    for i, scale in enumerate(model.scales):
        where = f"scales[{i}] ({scale.id})"
        problems += _text_problems(f"{where}.label", scale.label, languages)
        problems += _text_problems(f"{where}.description", scale.description, languages)
        for j, item in enumerate(scale.items):
            item_where = f"{where}.items[{j}] ({item.id})"
            problems += _text_problems(f"{item_where}.text", item.text, languages)
            response_scale = item.response_scale or model.default_response_scale
            if response_scale is None:
                problems.append((f"{item_where}.response_scale", None,
                                 "no response_scale and no default_response_scale; set one of them"))
            elif response_scale not in known_scales:
                problems.append((f"{item_where}.response_scale", response_scale,
                                 f"no response scale with this id; known: {sorted(known_scales)}"))
    return problems
