"""What the people who were there report about each phase: evidence beside the phase scores.

A phase score cannot tell "skipped" from "not yet", "done informally" or "I was not there". The
process questions can (:mod:`kompasmetrics.instrument._process`, counted per partnership in
``Scores.phase_reports``). Only witnesses count: respondents who joined in or before the phase and
gave a status; those who joined later, and every "don't know", are no evidence.

Per partnership and phase, with ``n`` witnesses of whom ``k`` report a status, the share ``q`` of
the partnership's people who would report it is given the Jeffreys posterior
``Beta(k + 1/2, n - k + 1/2)``; the probability that most of them would report it is

    P(majority) = P(q > 1/2) = 1 - I_{1/2}(k + 1/2, n - k + 1/2)

(two of two witnesses: 0.92; three of four: 0.84; one of one: 0.82; one of two: 0.50). The diagnosis
reads two of these: that most witnesses report the phase **skipped**, and that most report it
**done or partly done**. Without witnesses both are missing and the diagnosis rests on the scores
alone, as it does for a survey without process questions.

Reference: Jeffreys, H. (1946). An invariant form for the prior probability in estimation problems.
*Proceedings of the Royal Society A* 186, 453-461.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats


@dataclass(frozen=True)
class PhaseReports:
    """Witness counts per partnership (rows) and phase scale (columns)."""

    witnesses: pd.DataFrame
    skipped: pd.DataFrame
    done: pd.DataFrame  # done or partly done

    @classmethod
    def of(cls, reports: pd.DataFrame, phases: dict[int, str], index: pd.Index) -> PhaseReports:
        """From ``Scores.phase_reports`` (columns ``<count>_<phase>``), for the phase scales
        ``phases`` (number -> scale); a phase without a status question has no witnesses."""
        frames = {name: pd.DataFrame(0, index=index, columns=list(phases.values()), dtype=float) for name in cls.NAMES}
        for number, scale in phases.items():
            if f"witnesses_{number}" not in reports.columns:
                continue
            table = reports.reindex(index)
            frames["witnesses"][scale] = table[f"witnesses_{number}"].fillna(0).to_numpy(float)
            frames["skipped"][scale] = table[f"skipped_{number}"].fillna(0).to_numpy(float)
            frames["done"][scale] = (table[f"done_{number}"] + table[f"partly_{number}"]).fillna(0).to_numpy(float)
        return cls(**frames)

    NAMES = ("witnesses", "skipped", "done")

    @property
    def any(self) -> bool:
        """Whether any partnership has a witness of any phase."""
        return bool((self.witnesses.to_numpy() > 0).any())

    def p_skipped(self, scale: str) -> pd.Series:
        """P(most witnesses report ``scale``'s phase skipped); missing without witnesses."""
        return _majority(self.skipped[scale], self.witnesses[scale])

    def p_done(self, scale: str) -> pd.Series:
        """P(most witnesses report ``scale``'s phase done or partly done); missing without witnesses."""
        return _majority(self.done[scale], self.witnesses[scale])


def _majority(k: pd.Series, n: pd.Series) -> pd.Series:
    with np.errstate(invalid="ignore"):
        p = scipy_stats.beta.sf(0.5, k.to_numpy(float) + 0.5, (n - k).to_numpy(float) + 0.5)
    return pd.Series(p, index=k.index).where(n > 0)


__all__ = ["PhaseReports"]
