"""Import survey-tool exports: Qualtrics, Microsoft Forms, Google Forms, SurveyMonkey, LimeSurvey.

>>> import kompasmetrics as km
>>> survey = km.read_survey("export.xlsx", partnership="Partnership")  # doctest: +SKIP
>>> survey.questions   # which column became which item, and how  # doctest: +SKIP
>>> survey.report      # every decision and every row left out    # doctest: +SKIP
>>> survey.quality     # longstring, IRV, completion time per respondent  # doctest: +SKIP
>>> km.io.inspect_export("export.xlsx").names  # the columns, before any matching  # doctest: +SKIP

See ``docs/IMPORT.md`` for the layouts, the matching rules and the quality indices.
"""

from typing import TYPE_CHECKING

from ._errors import ExportError
from ._inspect import ExportInfo, inspect_export
from ._platforms import platforms
from ._quality import DEFAULT_RULES, irv, longstring

if TYPE_CHECKING:
    from ._import import read_survey, read_surveys

__all__ = [
    "DEFAULT_RULES",
    "ExportError",
    "ExportInfo",
    "inspect_export",
    "irv",
    "longstring",
    "platforms",
    "read_survey",
    "read_surveys",
]


def __getattr__(name: str) -> object:
    # read_survey builds a Survey, and kompasmetrics.survey uses this package's stages: the readers
    # are loaded when first used (PEP 562), so that either module can be imported first
    if name in ("read_survey", "read_surveys"):
        from . import _import

        return getattr(_import, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
