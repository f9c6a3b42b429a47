"""The row policy: which responses are kept, the same for an export file and for a DataFrame.

A row is left out for the first of these reasons that applies, and for that reason only:

1. ``empty row``: no answer, no "don't know", no partnership and no organisation;
2. the platform marks it as a preview, spam or test response (files only);
3. the platform marks it as not finished, unless ``include_incomplete`` (files only);
4. ``no partnership``; 5. ``no organisation``;
6. ``no item answered`` (only "don't know" answers, or none);
7. flagged as careless or too fast, when ``exclude_careless`` (files only).

Every row left out is reported once, in row order, with that reason; rows flagged as careless but
kept are reported too. Nothing is dropped silently: rows read = rows kept + rows reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._cells import Columns, as_texts, keys_of, present
from ._detect import Layout
from ._match import Matching
from ._options import Options

LEFT_OUT = "row left out"
FLAGGED_KEPT = "flagged, kept (pass exclude_careless=True to leave it out)"


@dataclass(frozen=True)
class Exclusion:
    """Rows one reason leaves out: a mask, the reason (one text, or one per row), and the column and
    values to show in the report."""

    mask: np.ndarray
    why: str | np.ndarray
    column: str | None = None
    values: np.ndarray | None = None


@dataclass(frozen=True)
class RowEvidence:
    """What the policy looks at, one entry per row.

    ``partnership`` / ``organisation`` are None when the role is given for every row (a
    ``partnership_name``), so no row can lack it; ``answered`` is None when no item was found (the
    import fails anyway, naming that problem). ``platform`` holds the exclusions a survey tool's
    status columns ask for, in order; ``careless`` the exclusion of flagged rows, when asked.
    """

    answered: np.ndarray | None
    marked: np.ndarray
    partnership: np.ndarray | None = None
    organisation: np.ndarray | None = None
    partnership_column: str | None = None
    organisation_column: str | None = None
    platform: Sequence[Exclusion] = field(default_factory=tuple)
    careless: Exclusion | None = None


@dataclass(frozen=True)
class RowDecisions:
    """The outcome: ``kept`` (bool), and for each row left out its reason, column and value."""

    kept: np.ndarray
    reason: np.ndarray
    column: np.ndarray
    value: np.ndarray

    def report(self, rows: Sequence[object] | np.ndarray | pd.Index) -> list[dict]:
        """One report row per row left out, in row order; ``rows`` are the row labels to show."""
        return [
            {
                "row": _label(rows[int(i)]),
                "column": self.column[i],
                "value": None if self.value[i] is None else str(self.value[i]),
                "problem": self.reason[i],
                "action": LEFT_OUT,
            }
            for i in np.flatnonzero(~self.kept)
        ]


def _label(row: object) -> object:
    """A row label as a plain Python value (a numpy integer as int)."""
    return int(row) if isinstance(row, np.integer) else row


def decide_rows(evidence: RowEvidence, n_rows: int) -> RowDecisions:
    """Apply the policy of this module's docstring; the first reason that applies to a row wins."""
    reason = np.full(n_rows, None, dtype=object)
    column = np.full(n_rows, None, dtype=object)
    value = np.full(n_rows, None, dtype=object)

    def leave_out(exclusion: Exclusion) -> None:
        mask = exclusion.mask & (reason == None)  # noqa: E711 - elementwise on an object array
        reason[mask] = exclusion.why if isinstance(exclusion.why, str) else exclusion.why[mask]
        column[mask] = exclusion.column
        if exclusion.values is not None:
            value[mask] = exclusion.values[mask]

    everyone = np.ones(n_rows, dtype=bool)
    has_partnership = everyone if evidence.partnership is None else evidence.partnership
    has_organisation = everyone if evidence.organisation is None else evidence.organisation
    answered = np.zeros(n_rows, dtype=bool) if evidence.answered is None else evidence.answered
    leave_out(Exclusion(~answered & ~evidence.marked & ~has_partnership & ~has_organisation, "empty row"))
    for exclusion in evidence.platform:
        leave_out(exclusion)
    if evidence.partnership is not None:
        leave_out(Exclusion(~evidence.partnership, "no partnership", evidence.partnership_column))
    if evidence.organisation is not None:
        leave_out(Exclusion(~evidence.organisation, "no organisation", evidence.organisation_column))
    if evidence.answered is not None:
        leave_out(Exclusion(~evidence.answered, "no item answered"))
    if evidence.careless is not None:
        leave_out(evidence.careless)
    kept = reason == None  # noqa: E711
    return RowDecisions(kept=kept, reason=reason, column=column, value=value)


def kept_but_flagged(decisions: RowDecisions, flagged: np.ndarray, reasons: np.ndarray, rows: np.ndarray) -> list[dict]:
    """A report row per kept row flagged as careless or too fast."""
    return [
        {"row": int(rows[i]), "column": None, "value": None, "problem": reasons[i], "action": FLAGGED_KEPT}
        for i in np.flatnonzero(decisions.kept & flagged)
    ]


def platform_exclusions(layout: Layout, matching: Matching, data: Columns, options: Options) -> list[Exclusion]:
    """Rules 2 and 3 for a file: the survey tool's preview, spam and test responses (tests kept with
    ``include_test``), and its unfinished responses (kept with ``include_incomplete``)."""
    platform, roles = layout.platform, matching.roles
    exclusions = []

    def texts_of(role: str) -> np.ndarray | None:
        return as_texts(data[roles[role]]) if role in roles else None

    status = texts_of("status")
    if status is not None and platform.excluded_status:
        keys = keys_of(status)
        excluded = {k: v for k, v in platform.excluded_status.items() if not (options.include_test and "test" in v)}
        mask = np.isin(keys, list(excluded))
        why = np.full(len(status), None, dtype=object)
        for row in np.flatnonzero(mask):
            why[row] = f"{excluded[keys[row]]} (Status {status[row]!r})"
            if "test" in excluded[keys[row]]:
                why[row] += "; pass include_test=True to keep it"
        exclusions.append(Exclusion(mask, why, layout.name(roles["status"]), status))
    if options.include_incomplete:
        return exclusions
    finished = texts_of("finished")
    if finished is not None and platform.unfinished_values:
        name = layout.name(roles["finished"])
        why_unfinished = f"response not finished ({name} false); pass include_incomplete=True to keep it"
        mask = np.isin(keys_of(finished), list(platform.unfinished_values))
        exclusions.append(Exclusion(mask, why_unfinished, name, finished))
    submitdate = texts_of("submitdate")
    if submitdate is not None and platform.name == "limesurvey":
        why_unsubmitted = "response not completed (no submit date); pass include_incomplete=True to keep it"
        exclusions.append(Exclusion(~present(submitdate), why_unsubmitted, layout.name(roles["submitdate"])))
    return exclusions
