"""Exception and warning types of kompasmetrics.

Every problem a user can fix raises one of these, with a message that says what was wrong, where
(file, sheet, row, column, parameter), what was given, what is allowed and what to do. They subclass
the built-in types, so ``except ValueError`` keeps working in code that does not know this package.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


class Problem(str):
    """One sentence of an error message, said in every language of the catalogue.

    ``Problem("common.more", shown="'a', 'b'", n=3)`` is the English text of ``errors.common.more``
    in ``texts/errors.yaml`` filled with the values ("'a', 'b' and 3 more"); :meth:`text` says
    it in another language. It is a ``str`` (the English sentence), so code that reads an error's
    message or its ``problems`` as text keeps working. A value that is itself a Problem (a place, a
    list, a suggestion) is said in the same language.
    """

    key: str
    values: dict[str, object]

    def __new__(cls, key: str, /, **values: object) -> Problem:
        problem = super().__new__(cls, _say(key, "en", values))
        problem.key, problem.values = key, values
        return problem

    def text(self, language: str) -> str:
        """The sentence in ``language``."""
        return _say(self.key, language, self.values)

    def __reduce__(self):  # pickled errors (from worker processes) keep their key
        return _problem, (self.key, self.values)


def _problem(key: str, values: dict[str, object]) -> Problem:
    return Problem(key, **values)


class Bullets(Problem):
    """Problems as an indented list, one per line ("  - ..."), each said in the list's language."""

    def __new__(cls, problems: Iterable[str]) -> Bullets:
        items = tuple(problems)
        bullets = str.__new__(cls, _bulleted(items, "en"))
        bullets.key, bullets.values = "", {"items": items}
        return bullets

    def text(self, language: str) -> str:
        return _bulleted(self.values["items"], language)  # type: ignore[arg-type]

    def __reduce__(self):
        return Bullets, (self.values["items"],)


def said(text: str, language: str) -> str:
    """``text`` in ``language`` when it is a :class:`Problem`, else as it is."""
    return text.text(language) if isinstance(text, Problem) else str(text)


def _bulleted(items: Sequence[str], language: str) -> str:
    return "\n".join(f"  - {said(item, language)}" for item in items)


def _say(key: str, language: str, values: dict[str, object]) -> str:
    from .texts import t

    return t(
        f"errors.{key}", language, **{k: v.text(language) if isinstance(v, Problem) else v for k, v in values.items()}
    )


class KompasError(Exception):
    """Base class of every error raised by kompasmetrics.

    Attributes
    ----------
    problems : tuple of str
        Every problem found, one sentence each (the message itself when there is one).
    key : str or None
        For an error whose text is in the catalogue (``texts/errors.yaml``): its key; ``values``
        holds what fills it. ``str(error)`` is English; :meth:`text` says it in another language.
    """

    key: str | None = None

    def __init__(self, *args: object, problems: Sequence[str] = ()) -> None:
        super().__init__(*args)
        message = args[0] if args else None
        if problems or not args:
            self.problems = tuple(problems)
        else:  # a Problem stays one, so that each problem can be said in another language too
            self.problems = (message if isinstance(message, str) else str(message),)
        self.values: dict[str, object] = {}
        if isinstance(message, Problem) and not isinstance(message, Bullets):
            self.key, self.values = message.key, message.values

    @classmethod
    def about(cls, key: str, /, **values: object):
        """The error whose text is ``errors.<key>`` of the catalogue, in English, filled with ``values``."""
        return cls(Problem(key, **values))

    def text(self, language: str) -> str:
        """The message in ``language``: every error raised with a :class:`Problem` (as the
        importer, the instrument loader and the settings checks do) is said in the catalogue's
        languages; any other is given as raised."""
        message = self.args[0] if self.args else ""
        return message.text(language) if isinstance(message, Problem) else str(self)


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
