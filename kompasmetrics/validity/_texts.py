"""The verdict texts of :func:`kompasmetrics.validity`, from the catalogue's ``validity.yaml``
(:mod:`kompasmetrics.texts`)."""

from __future__ import annotations

from typing import Any

from ..texts import LANGUAGES, entry, t

VERDICTS = ("good", "acceptable", "weak", "not_estimable", "warning")


def catalogue() -> Any:
    """The whole of ``validity.yaml`` (read-only)."""
    return entry("validity")


def verdict_label(verdict: str, language: str) -> str:
    return t(f"validity.verdict.{verdict}", language)


def say(section: str, key: str, **values: object) -> dict[str, str]:
    """``{"advice_nl": ..., "advice_en": ...}`` of one text with its placeholders filled in."""
    return {f"advice_{language}": t(f"validity.{section}.{key}", language, **values) for language in LANGUAGES}


def verdict_row(verdict: str, section: str, key: str, **values: object) -> dict[str, str]:
    """The verdict (its id and its label per language) and the advice, ready to add to a table row."""
    row = {"verdict": verdict, **{f"verdict_{lang}": verdict_label(verdict, lang) for lang in LANGUAGES}}
    row.update(say(section, key, **values))
    return row


__all__ = ["LANGUAGES", "VERDICTS", "catalogue", "say", "verdict_label", "verdict_row"]
