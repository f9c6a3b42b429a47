"""One check, one message template, for an argument of the wrong kind.

"score() needs a Survey as survey; got str 'file.xlsx'. Pass a Survey: use km.read_survey(path) or
km.Survey(frame)." Every public function that takes a result of an earlier stage checks it here,
so that a wrong argument gives one of our errors instead of an AttributeError deep inside.
"""

from __future__ import annotations

import os
from typing import TypeVar

from .errors import Bullets, KompasValueError, Problem

KINDS = ("Survey", "Scores", "Diagnosis", "Clustering", "path")
"""The kinds of argument whose name and hint are in the catalogue (``errors.common.kinds``)."""


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
    raise KompasValueError(_expected(function, expected.__name__, parameter, value))


def expect_path(value: object, function: str, parameter: str = "path") -> None:
    """Raise :class:`KompasValueError` unless ``value`` can name a file."""
    if not isinstance(value, (str, os.PathLike)):
        raise KompasValueError(_expected(function, "path", parameter, value))


def _expected(function: str, kind: str, parameter: str, value: object) -> Problem:
    if kind in KINDS:
        name, hint = Problem(f"common.kinds.{kind}.name"), Problem(f"common.kinds.{kind}.hint")
    else:
        name, hint = Problem("common.kinds.other.name", kind=kind), Problem("common.kinds.other.hint", kind=kind)
    return Problem("common.expected", function=function, name=name, parameter=parameter, got=describe(value), hint=hint)


class SettingProblems:
    """Every problem with the settings of one call, raised together in one message.

    One template for every function and class that checks its parameters (``score``, ``Rules``,
    ``simulate``, ``read_survey``, ``PartnershipClustering``, the ``language`` of every output)::

        score() cannot use these settings:
          - min_valid=2: give the share of a scale's items that must be answered, above 0 and at most 1
          - weight='people': allowed are 'organisation' (default) and 'respondent'

    The error's ``problems`` holds the lines, one per parameter. Use it as a context manager: the
    problems found inside are raised when the block ends::

        with SettingProblems("score()") as problems:
            if not 0 < min_valid <= 1:
                problems.add("min_valid", min_valid, "give a share above 0 and at most 1")
    """

    def __init__(self, owner: str) -> None:
        self.owner = owner
        self.found: list[str] = []

    def add(self, parameter: str, value: object, what_to_give: str) -> None:
        """Record that ``parameter=value`` cannot be used, and what to give instead: a
        :class:`~kompasmetrics.errors.Problem` of ``errors.settings``, said in every language
        (plain text is shown as it is)."""
        self.found.append(Problem("common.setting", setting=f"{parameter}={value!r}", what=what_to_give))

    def note(self, problem: str) -> None:
        """Record a problem that concerns several parameters together."""
        self.found.append(problem)

    def raise_any(self) -> None:
        """Raise one :class:`KompasValueError` listing every problem recorded, if there is one."""
        if self.found:
            message = Problem("common.settings", owner=self.owner, n=len(self.found), problems=Bullets(self.found))
            raise KompasValueError(message, problems=self.found)

    def __enter__(self) -> SettingProblems:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self.raise_any()
