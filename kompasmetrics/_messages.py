"""Small helpers that keep error messages consistent: quoting, truncating lists, suggestions.

Each returns text that is said in the language of the message it is part of (a
:class:`~kompasmetrics.errors.Problem` where the words depend on the language).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .errors import Problem


def listing(values: Iterable[object], limit: int = 5) -> str:
    """'a', 'b', 'c' and 4 more."""
    values = list(values)
    shown = ", ".join(repr(v) if isinstance(v, str) else str(v) for v in values[:limit])
    return Problem("common.more", shown=shown, n=len(values) - limit) if len(values) > limit else shown


def suggestion(value: str, candidates: Iterable[str]) -> str:
    """' Did you mean 'x'?' for the closest candidate, or ''."""
    match = difflib.get_close_matches(str(value), [str(c) for c in candidates], n=1, cutoff=0.6)
    return Problem("common.did_you_mean", match=match[0]) if match else ""
