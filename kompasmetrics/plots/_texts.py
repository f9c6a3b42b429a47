"""The figures' strings in Dutch and English, read from ``texts.yaml``."""

from __future__ import annotations

from functools import cache

from .._resources import package_yaml
from ..errors import KompasValueError

LANGUAGES = ("nl", "en")


def _texts() -> dict:
    return package_yaml("kompasmetrics.plots", "texts.yaml")


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
    template = _entry(path)[language]
    return template.format(**values) if values else template


@cache
def _entry(path: str) -> dict:
    node = _texts()
    for part in path.split("."):
        node = node[part]
    return node
