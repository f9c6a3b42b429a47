"""The figures' strings in Dutch and English, read from ``texts.yaml``."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

from ..errors import KompasValueError

LANGUAGES = ("nl", "en")


@cache
def _texts() -> dict:
    raw = resources.files("kompasmetrics.plots").joinpath("texts.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(raw)


def check_language(language: object) -> str:
    """``language`` itself, or a :class:`KompasValueError` naming the parameter."""
    if language not in LANGUAGES:
        raise KompasValueError(
            f"Parameter language={language!r} is not available; the figures speak "
            f"{' or '.join(map(repr, LANGUAGES))}. Pass language='nl' or language='en'."
        )
    return str(language)


def text(path: str, language: str, **values: object) -> str:
    """The string at ``path`` ("radar.title") in ``language``, filled with ``values``."""
    node = _texts()
    for part in path.split("."):
        node = node[part]
    return node[language].format(**values) if values else node[language]
