"""One catalogue for every text a person reads: ``t(key, language, **values)``.

The texts live in YAML files beside this module, one per part of the product (``plots.yaml``,
``diagnosis.yaml``, ``workbook.yaml``, ``html.yaml``, ``dashboards.yaml``, ``cli.yaml``,
``clusters.yaml``, ``import.yaml``). A key names the file and the path inside it:
``t("plots.radar.title", "nl", partnership="P001", ring="Ambitie")``. Every text is a mapping from
language code to a Python format string::

    title: {nl: "{partnership}: de Kompas-fasen", en: "{partnership}: the Kompas phases"}

A text that depends on a count has one form per plural category (``one``, ``other``), chosen by
the value ``n``::

    rows: {nl: {one: "{n} rij", other: "{n} rijen"}, en: {one: "{n} row", other: "{n} rows"}}

A count inside a sentence names its word in both forms after a bar: ``{n:|rij|rijen}`` reads
"1 rij" or "3 rijen".

Numbers are written the way the language writes them: ``{score:.1f}`` of 68.25 reads "68,3" in
Dutch and "68.3" in English, grouping included ("1.234" and "1,234" with ``{n:,}``).

The languages are defined once, in ``languages.yaml`` (with each language's decimal and grouping
marks). Adding a language is adding texts, not code: a ``de:`` entry in ``languages.yaml`` and a
``de:`` text beside every ``nl:`` and ``en:`` (``tests/test_texts.py`` says which are missing; see
docs/ARCHITECTURE.md, "Texts and languages").
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from typing import Any

from .._checks import SettingProblems
from .._resources import parse_yaml
from ..errors import KompasValueError, Problem

__all__ = ["LANGUAGES", "check_language", "entry", "instrument_language", "number", "t", "t_markup"]

PLURAL_FORMS = ("one", "other")


@cache
def _languages() -> dict[str, dict[str, str]]:
    return parse_yaml(resources.files(__name__).joinpath("languages.yaml").read_text(encoding="utf-8"))


LANGUAGES: tuple[str, ...] = tuple(_languages())
"""Every language the package speaks, in the order of ``languages.yaml`` (the first is the default
where nothing else decides)."""


def catalogue_files() -> list[str]:
    """The names of the catalogue's files (``plots``, ``diagnosis``, ...)."""
    return sorted(
        path.name.removesuffix(".yaml")
        for path in resources.files(__name__).iterdir()
        if path.name.endswith(".yaml") and path.name != "languages.yaml"
    )


@cache
def _file(name: str) -> Mapping[str, Any]:
    return parse_yaml(resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8"))


@cache
def entry(key: str) -> Any:
    """The node at ``key`` ("plots.radar", "diagnosis.flags.low_trust.title"): a text (a mapping
    from language to string) or a mapping of them. Treat it as read-only: it is shared."""
    name, _, path = key.partition(".")
    node: Any = _file(name)
    for part in path.split(".") if path else ():
        node = node[int(part) if isinstance(node, Mapping) and part.isdigit() and part not in node else part]
    return node


def t(key: str, language: str, /, **values: object) -> str:
    """The text at ``key`` in ``language``, filled with ``values``.

    A text with plural forms picks ``one`` when ``n == 1`` and ``other`` otherwise.
    """
    return _filled(_template(key, language, values), language, values)


def t_markup(key: str, language: str, escape: Callable[[str], str], /, **values: object) -> str:
    """:func:`t` for markup: ``escape`` (``html.escape``, say) is applied to the template and to
    every value that is text, so names from the data can never become markup; numbers are
    formatted for the language first."""
    template = escape(_template(key, language, values))
    return _filled(template, language, {k: escape(v) if isinstance(v, str) else v for k, v in values.items()})


def _template(key: str, language: str, values: dict[str, object]) -> str:
    template = entry(key)[language]
    if isinstance(template, Mapping):
        template = template["one" if values.get("n") == 1 else "other"]
    return template


def _filled(template: str, language: str, values: dict[str, object]) -> str:
    return template.format(**_localised_values(values, language)) if values else template


def number(value: float, language: str, digits: int = 0) -> str:
    """``value`` with ``digits`` decimals as ``language`` writes it: "0,68" in Dutch."""
    return localised(f"{value:.{digits}f}", language)


def localised(formatted: str, language: str) -> str:
    """A number formatted the English way (``.`` decimal, ``,`` grouping), in ``language``'s marks."""
    marks = _languages()[language]
    decimal, grouping = marks.get("decimal", "."), marks.get("grouping", ",")
    if (decimal, grouping) == (".", ","):
        return formatted
    return formatted.translate({ord("."): decimal, ord(","): grouping})


class _Number:
    """A number that formats itself with its language's decimal and grouping marks (cheaper than
    a ``string.Formatter``: ``str.format`` keeps parsing the template in C)."""

    __slots__ = ("language", "value")

    def __init__(self, value: numbers.Real, language: str) -> None:
        self.value, self.language = value, language

    def __format__(self, format_spec: str) -> str:
        if format_spec.startswith("|"):  # a count and its word: {n:|rij|rijen}
            one, _, other = format_spec[1:].partition("|")
            return f"{self.value} {one if self.value == 1 else other}"
        return localised(format(self.value, format_spec), self.language)


def _localised_values(values: dict[str, object], language: str) -> dict[str, object]:
    return {
        k: _Number(v, language) if isinstance(v, numbers.Real) and not isinstance(v, bool) else v
        for k, v in values.items()
    }


def check_language(
    language: object, available: tuple[str, ...] | list[str] = LANGUAGES, owner: str = "This output"
) -> str:
    """``language`` itself, or one :class:`KompasValueError` naming the languages available."""
    if language not in available:
        choices = " or ".join(repr(code) for code in available)
        with SettingProblems(owner) as problems:
            problems.add("language", language, Problem("settings.language_unavailable", choices=choices))
    return str(language)


def instrument_language(language: str | None, instrument: Any, owner: str = "This output") -> str:
    """The language of an output about ``instrument``'s scores.

    ``None`` means the instrument's first language (``languages:`` in its file) that the package
    speaks; an explicit language must be one of the instrument's, since its scale labels, items and
    answers are written in no other: an instrument with ``languages: [en]`` is shown in English.
    """
    spoken = [code for code in instrument.languages if code in LANGUAGES]
    if not spoken:
        raise KompasValueError(
            Problem(
                "settings.instrument_unspoken",
                instrument=instrument.id,
                languages=", ".join(instrument.languages),
                spoken=", ".join(LANGUAGES),
            )
        )
    if language is None:
        return spoken[0]
    if language in LANGUAGES and language not in spoken:
        with SettingProblems(owner) as problems:
            problems.add(
                "language",
                language,
                Problem(
                    "settings.instrument_language",
                    instrument=instrument.id,
                    language=language,
                    languages=", ".join(instrument.languages),
                    first=spoken[0],
                ),
            )
    return check_language(language, spoken, owner)
