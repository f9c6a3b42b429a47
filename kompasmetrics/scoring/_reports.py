"""What the respondents report about each phase: the answers to the process questions, counted.

For every partnership (and wave) and every phase with a status question, the counts among its
respondents (columns ``<count>_<phase>``, e.g. ``skipped_1``):

* ``later``: joined the partnership after this phase (the ``joined`` answer is a later phase):
  no witnesses of it, whatever they answered;
* ``witnesses``: the others who gave a status (done, partly, skipped or not yet), split into
  ``done``, ``partly``, ``skipped`` and ``not_yet``;
* ``unknown``: the others who answered "don't know" or left it blank: no evidence either way.

A respondent who did not answer the joined question counts as there: they answered the status.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..instrument import Instrument
from ..instrument._process import STATUSES

COUNTS = ("witnesses", *STATUSES, "unknown", "later")


def phase_reports(frame: pd.DataFrame, instrument: Instrument, unit_codes: np.ndarray, units: pd.Index) -> pd.DataFrame:
    """The counts of the module docstring, indexed by ``units``; empty (no columns) when the
    instrument has no status questions or the survey none of their columns."""
    block = instrument.process
    if block is None:
        return pd.DataFrame(index=units)
    status_items = {p: item for p, item in block.status_items.items() if item in frame.columns}
    if not status_items:
        return pd.DataFrame(index=units)
    joined_item = block.joined_item
    joined = (
        frame[joined_item].to_numpy(dtype=float)
        if joined_item is not None and joined_item in frame.columns
        else np.full(len(frame), np.nan)
    )
    codes = block.status_codes
    columns: dict[str, np.ndarray] = {}
    for phase, item in status_items.items():
        status = frame[item].to_numpy(dtype=float)
        later = joined > phase
        present = ~later
        counts = {
            "later": later,
            **{name: present & (status == codes[name]) for name in STATUSES},
            "unknown": present & np.isnan(status),
        }
        counts["witnesses"] = np.logical_or.reduce([counts[name] for name in STATUSES])
        for name in COUNTS:
            columns[f"{name}_{phase}"] = np.bincount(unit_codes, weights=counts[name], minlength=len(units)).astype(int)
    return pd.DataFrame(columns, index=units)


__all__ = ["COUNTS", "phase_reports"]
