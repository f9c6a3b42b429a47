"""The diagnosis texts (titles, evidence templates, recommendations) from ``texts.yaml``."""

from __future__ import annotations

from .._resources import package_yaml

LANGUAGES = ("nl", "en")


def texts() -> dict:
    return package_yaml("kompasmetrics.diagnose", "texts.yaml")


def flag_text(flag: str, part: str, language: str, **values: object) -> str:
    """A flag's title, evidence or recommendation in one language, filled with ``values``."""
    return texts()["flags"][flag][part][language].format(**values)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
