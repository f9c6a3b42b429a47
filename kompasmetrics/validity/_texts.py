"""The verdict texts of :func:`kompasmetrics.validity`, in Dutch and English (``texts.yaml``)."""

from __future__ import annotations

from .._resources import package_yaml

LANGUAGES = ("nl", "en")
VERDICTS = ("good", "acceptable", "weak", "not_estimable", "warning")


def catalogue() -> dict:
    return package_yaml("kompasmetrics.validity", "texts.yaml")


def verdict_label(verdict: str, language: str) -> str:
    return catalogue()["verdict"][verdict][language]


def say(section: str, key: str, **values: object) -> dict[str, str]:
    """``{"advice_nl": ..., "advice_en": ...}`` of one text with its placeholders filled in."""
    text = catalogue()[section][key]
    return {f"advice_{language}": text[language].format(**values) for language in LANGUAGES}


def verdict_row(verdict: str, section: str, key: str, **values: object) -> dict[str, str]:
    """The verdict (its id and its label per language) and the advice, ready to add to a table row."""
    row = {"verdict": verdict, **{f"verdict_{lang}": verdict_label(verdict, lang) for lang in LANGUAGES}}
    row.update(say(section, key, **values))
    return row


__all__ = ["LANGUAGES", "VERDICTS", "catalogue", "say", "verdict_label", "verdict_row"]
