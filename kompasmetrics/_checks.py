"""One check, one message template, for an argument of the wrong kind.

"score() needs a Survey as survey; got str 'file.xlsx'. Pass a Survey: use km.read_survey(path) or
km.Survey(frame)." Every public function that takes a result of an earlier stage checks it here,
so that a wrong argument gives one of our errors instead of an AttributeError deep inside.
"""

from __future__ import annotations

import os
from typing import TypeVar

from .errors import KompasValueError

HINTS = {  # type name -> (how to name it, what to do)
    "Survey": ("a Survey", "Pass a Survey: use km.read_survey(path) or km.Survey(frame)"),
    "Scores": ("the Scores", "Pass the Scores of km.score(survey)"),
    "Diagnosis": ("the Diagnosis", "Pass the Diagnosis of km.diagnose(scores)"),
    "Clustering": ("the Clustering", "Pass the Clustering of km.cluster_partnerships(scores)"),
    "path": ("a file path", "Pass the path of an export file, as a string or a pathlib.Path"),
}


def describe(value: object) -> str:
    """``str 'file.xlsx'``, ``DataFrame``, ``int 123``: what was passed, briefly."""
    kind = type(value).__name__
    if isinstance(value, (str, int, float, bool)) or value is None:
        text = repr(value)
        return f"{kind} {text if len(text) <= 60 else text[:57] + '...'}"
    return kind


Expected = TypeVar("Expected")


def expect(value: object, expected: type[Expected], function: str, parameter: str) -> Expected:
    """``value`` itself when it is an instance of ``expected``, else :class:`KompasValueError`."""
    if isinstance(value, expected):
        return value
    name, hint = HINTS.get(expected.__name__, (f"a {expected.__name__}", f"Pass a {expected.__name__}"))
    raise KompasValueError(f"{function}() needs {name} as {parameter}; got {describe(value)}. {hint}.")


def expect_path(value: object, function: str, parameter: str = "path") -> None:
    """Raise :class:`KompasValueError` unless ``value`` can name a file."""
    if not isinstance(value, (str, os.PathLike)):
        name, hint = HINTS["path"]
        raise KompasValueError(f"{function}() needs {name} as {parameter}; got {describe(value)}. {hint}.")
