"""Exception and warning types of kompasmetrics.

Every problem a user can fix raises one of these, with a message that says what was wrong, where
(file, sheet, row, column, parameter), what was given, what is allowed and what to do. They subclass
the built-in types, so ``except ValueError`` keeps working in code that does not know this package.
"""

from __future__ import annotations

from collections.abc import Sequence


class KompasError(Exception):
    """Base class of every error raised by kompasmetrics.

    Attributes
    ----------
    problems : tuple of str
        Every problem found, one sentence each (the message itself when there is one).
    key : str or None
        For an error whose text is in the catalogue (``errors.yaml``): its key, so that
        :meth:`text` can say it in another language. ``str(error)`` is English.
    """

    key: str | None = None

    def __init__(self, *args: object, problems: Sequence[str] = ()) -> None:
        super().__init__(*args)
        self.problems = tuple(problems) or ((str(args[0]),) if args else ())
        self.values: dict[str, object] = {}

    @classmethod
    def about(cls, key: str, /, **values: object):
        """The error whose text is ``errors.<key>`` of the catalogue, in English, filled with ``values``."""
        from .texts import t

        error = cls(t(f"errors.{key}", "en", **values))
        error.key, error.values = key, values
        return error

    def text(self, language: str) -> str:
        """The message in ``language`` where the catalogue has it, else as raised."""
        if self.key is None:
            return str(self)
        from .texts import t

        return t(f"errors.{self.key}", language, **self.values)


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


class ExportError(KompasValueError):
    """A survey-tool export cannot be read, or does not fit the instrument.

    The message says what was wrong, where (file, sheet, row, column), what was given, what is
    allowed and what to do; when a file has several problems, all of them are listed.

    Attributes
    ----------
    file : str or None
        Name of the export file.
    sheet : str or None
        Sheet of a workbook; None for CSV/TSV.
    problems : tuple of str
        Every problem found, one sentence each.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        problems: Sequence[str] = (),
    ) -> None:
        super().__init__(message)
        self.file = file
        self.sheet = sheet
        self.problems = tuple(problems) or (message,)


class NoPartnerColumnsError(ExportError):
    """An export holds no column of the instrument's partner ratings (``km.read_partner_ratings``):
    the survey asked no questions per partner, or they are not recognised."""


class OutputError(KompasError, OSError):
    """An output cannot be written there: the folder is a file, is read-only, is locked..."""


class KompasWarning(UserWarning):
    """Base class of warnings raised by kompasmetrics."""


class DegenerateStatisticWarning(KompasWarning):
    """A statistic is undefined for the data given (zero variance, one item, one group) and is NaN."""


__all__ = [
    "DegenerateStatisticWarning",
    "ExportError",
    "InstrumentError",
    "KompasError",
    "KompasKeyError",
    "KompasValueError",
    "KompasWarning",
    "NoPartnerColumnsError",
    "OutputError",
    "SurveyError",
]
