"""The diagnosis texts (titles, evidence templates, recommendations) from ``texts.yaml``."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

LANGUAGES = ("nl", "en")


@cache
def texts() -> dict:
    raw = resources.files("kompasmetrics.diagnose").joinpath("texts.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(raw)


def flag_text(flag: str, part: str, language: str, **values: object) -> str:
    """A flag's title, evidence or recommendation in one language, filled with ``values``."""
    return texts()["flags"][flag][part][language].format(**values)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
