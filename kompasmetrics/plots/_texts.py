"""The figures' strings in Dutch and English, read from ``texts.yaml``."""

from __future__ import annotations

import html
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


def plain(value: object) -> str:
    """A name from the data as Plotly text, shown as written.

    Plotly reads a subset of HTML in every text (legend names, titles, hover, tick labels): a
    partnership called ``<b>Noord</b>`` would be drawn bold, ``A<B`` cut short, and a link in a
    name would be a link. ``<``, ``>`` and ``&`` are escaped, which Plotly draws as the characters.
    """
    return html.escape(str(value), quote=False)


def text(path: str, language: str, **values: object) -> str:
    """The string at ``path`` ("radar.title") in ``language``, filled with ``values``; text values
    are names from the data or the instrument and are escaped with :func:`plain`."""
    template = _entry(path)[language]
    if not values:
        return template
    return template.format(**{k: plain(v) if isinstance(v, str) else v for k, v in values.items()})


@cache
def _entry(path: str) -> dict:
    node = _texts()
    for part in path.split("."):
        node = node[part]
    return node
