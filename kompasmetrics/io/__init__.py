"""Import survey-tool exports: Qualtrics, Microsoft Forms, Google Forms, SurveyMonkey, LimeSurvey.

>>> import kompasmetrics as km
>>> survey = km.read_survey("export.xlsx", partnership="Partnership")  # doctest: +SKIP
>>> survey.questions   # which column became which item, and how  # doctest: +SKIP
>>> survey.report      # every decision and every row left out    # doctest: +SKIP
>>> survey.quality     # longstring, IRV, completion time per respondent  # doctest: +SKIP
>>> km.io.inspect_export("export.xlsx").names  # the columns, before any matching  # doctest: +SKIP

See ``docs/IMPORT.md`` for the layouts, the matching rules and the quality indices.
"""

from ._errors import ExportError
from ._import import read_survey, read_surveys
from ._inspect import ExportInfo, inspect_export
from ._platforms import platforms
from ._quality import DEFAULT_RULES, irv, longstring

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
