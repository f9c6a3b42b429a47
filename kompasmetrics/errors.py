"""Exception and warning types of kompasmetrics.

Every problem a user can fix raises one of these, with a message that says what was wrong, where
(file, sheet, row, column, parameter), what was given, what is allowed and what to do. They subclass
the built-in types, so ``except ValueError`` keeps working in code that does not know this package.
"""

from __future__ import annotations


class KompasError(Exception):
    """Base class of every error raised by kompasmetrics."""


class KompasValueError(KompasError, ValueError):
    """Input data or a parameter has a value that cannot be used."""


class KompasKeyError(KompasError, KeyError):
    """A required column, scale or item is absent."""

    def __str__(self) -> str:  # KeyError quotes its message; show it as written
        return str(self.args[0]) if self.args else ""


class InstrumentError(KompasValueError):
    """An instrument definition (YAML) is invalid; the message lists every problem found."""


class SurveyError(KompasValueError):
    """Survey responses do not fit the instrument; the message lists every problem found."""


class KompasWarning(UserWarning):
    """Base class of warnings raised by kompasmetrics."""


class DegenerateStatisticWarning(KompasWarning):
    """A statistic is undefined for the data given (zero variance, one item, one group) and is NaN."""


__all__ = [
    "DegenerateStatisticWarning",
    "InstrumentError",
    "KompasError",
    "KompasKeyError",
    "KompasValueError",
    "KompasWarning",
    "SurveyError",
]
