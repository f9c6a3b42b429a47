"""The figures' strings, from the catalogue's ``plots.yaml`` (:mod:`kompasmetrics.texts`)."""

from __future__ import annotations

import html
from typing import Any

from ..texts import LANGUAGES, instrument_language, t
from ..texts import check_language as _check_language

__all__ = ["LANGUAGES", "check_language", "plain", "text"]


def check_language(language: object, instrument: Any = None) -> str:
    """The figure's language: ``language``, or by default the instrument's first (see
    :func:`kompasmetrics.texts.instrument_language`); one error for a language that is not there."""
    if instrument is not None:
        return instrument_language(language, instrument)  # type: ignore[arg-type]
    return LANGUAGES[0] if language is None else _check_language(language)


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
    return t(f"plots.{path}", language, **{k: plain(v) if isinstance(v, str) else v for k, v in values.items()})
