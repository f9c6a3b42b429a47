"""How many partnerships, organisations, waves and respondents a study has: one definition each,
used by every repr and report, so that the same data never shows three different numbers.

- ``partnerships``: distinct partnership ids (a partnership measured in two waves counts once);
- ``waves`` and ``measurements``: distinct waves, and partnership-wave pairs (the rows of a
  partnership table; equal to ``partnerships`` without waves);
- ``organisations``: distinct organisation names (an organisation in three partnerships counts once);
- ``memberships``: distinct organisation-partnership pairs (that organisation counts three times);
- ``respondents``: rows (one per respondent and wave).
"""

from __future__ import annotations

import pandas as pd

COUNTS = ("partnerships", "waves", "measurements", "organisations", "memberships", "respondents")


def study_counts(respondents: pd.DataFrame) -> dict[str, int]:
    """The counts of a table with one row per respondent and the columns ``partnership``,
    ``organisation`` and, with waves, ``wave``."""
    waves = "wave" in respondents.columns
    return {
        "partnerships": int(respondents["partnership"].nunique()),
        "waves": int(respondents["wave"].nunique()) if waves else 1,
        "measurements": len(respondents[["partnership", "wave"]].drop_duplicates())
        if waves
        else int(respondents["partnership"].nunique()),
        "organisations": int(respondents["organisation"].nunique()),
        "memberships": len(respondents[["partnership", "organisation"]].drop_duplicates()),
        "respondents": len(respondents),
    }


def counts_text(counts: dict[str, int]) -> str:
    """``partnerships=200, waves=2, measurements=400, organisations=37, memberships=44, respondents=2400``
    (waves and measurements only when there are several waves)."""
    shown = [k for k in COUNTS if k not in ("waves", "measurements") or counts["waves"] > 1]
    return ", ".join(f"{k}={counts[k]}" for k in shown)
