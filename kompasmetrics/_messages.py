"""Small helpers that keep error messages consistent: quoting, truncating lists, suggestions."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def listing(values: Iterable[object], limit: int = 5) -> str:
    """'a', 'b', 'c' and 4 more."""
    values = list(values)
    shown = ", ".join(repr(v) if isinstance(v, str) else str(v) for v in values[:limit])
    return shown + (f" and {len(values) - limit} more" if len(values) > limit else "")


def suggestion(value: str, candidates: Iterable[str]) -> str:
    """' Did you mean 'x'?' for the closest candidate, or ''."""
    match = difflib.get_close_matches(str(value), [str(c) for c in candidates], n=1, cutoff=0.6)
    return f" Did you mean {match[0]!r}?" if match else ""
