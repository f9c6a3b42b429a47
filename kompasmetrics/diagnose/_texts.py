"""The diagnosis texts (titles, evidence templates, recommendations), from the catalogue's
``diagnosis.yaml`` (:mod:`kompasmetrics.texts`)."""

from __future__ import annotations

from typing import Any

from ..texts import LANGUAGES, entry, number, t

__all__ = ["LANGUAGES", "confidence_phrase", "flag_text", "lower_first", "number", "t", "texts"]


def texts() -> Any:
    """The whole of ``diagnosis.yaml`` (read-only)."""
    return entry("diagnosis")


def flag_text(flag: str, part: str, language: str, **values: object) -> str:
    """A flag's title, evidence or recommendation in one language, filled with ``values``."""
    return t(f"diagnosis.flags.{flag}.{part}", language, **values)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def confidence_level(probability: float) -> str:
    """The word for a flag's confidence: ``almost_certain`` (0.95 and up), ``likely`` (0.8 and
    up) or ``possible``."""
    return "almost_certain" if probability >= 0.95 else "likely" if probability >= 0.8 else "possible"


def confidence_phrase(probability: float, language: str) -> str:
    """The sentence that ends a flag's evidence: "This is likely (87% probability)."."""
    if probability != probability:  # no probability for this flag
        return ""
    phrase = texts()["confidence"]
    level = phrase["levels"][confidence_level(probability)][language]
    return t("diagnosis.confidence.sentence", language, level=level, percent=f"{min(probability, 0.99) * 100:.0f}%")
