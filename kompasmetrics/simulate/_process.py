"""The process questions of a simulated study: phase statuses and when each respondent joined.

The planted status of phase ``p`` of a partnership (per wave) is ``skipped`` when its archetype
lists ``p`` under ``skipped_phases``; otherwise ``done`` when the planted phase mean is at least
``process.done``, ``partly`` when at least ``process.partly``, else ``not_yet`` (settings in
``archetypes.yaml``).

Each respondent joined in phase 1, or with probability ``newcomer_share`` in a later phase, drawn
uniformly from 2 up to the partnership's latest phase that is done or partly done (phase 1 when
there is none). About a phase before the one they joined in, a respondent is not asked (blank,
probability ``not_asked_share``) or answers "don't know". About the other phases a respondent answers
"don't know" with probability ``unknown_share``, a neighbouring status with probability
``wrong_share`` (done <-> partly, partly -> not yet, skipped -> not yet, not yet -> partly), and
otherwise the planted status.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..instrument import Instrument
from ..instrument._process import STATUSES

NEIGHBOUR = {"done": ("partly",), "partly": ("done", "not_yet"), "skipped": ("not_yet",), "not_yet": ("partly",)}


def planted_statuses(latent_phases: np.ndarray, skipped: list[tuple[int, ...]], settings: dict) -> np.ndarray:
    """Status names (units x 5 phases) from planted phase means and each unit's skipped phases."""
    status = np.where(
        latent_phases >= settings["done"], "done", np.where(latent_phases >= settings["partly"], "partly", "not_yet")
    ).astype(object)
    for unit, phases in enumerate(skipped):
        for phase in phases:
            status[unit, phase - 1] = "skipped"
    return status


def process_answers(
    status: np.ndarray, row_unit: np.ndarray, instrument: Instrument, settings: dict, language: str, rng
) -> pd.DataFrame:
    """The answers of every respondent (rows of ``row_unit``, the unit index of each) to the
    instrument's process questions, as a survey tool exports them: codes, "don't know" labels,
    blanks."""
    block = instrument.process
    if block is None:
        return pd.DataFrame(index=np.arange(len(row_unit)))
    n = len(row_unit)
    reached = np.where(np.isin(status, ["done", "partly"]), np.arange(1, 6)[None, :], 0).max(axis=1)
    latest = np.maximum(reached[row_unit], 1)
    newcomer = (rng.random(n) < settings["newcomer_share"]) & (latest >= 2)
    joined = np.where(newcomer, 2 + np.floor(rng.random(n) * (latest - 1)).astype(int), 1)
    columns: dict[str, np.ndarray] = {}
    if block.joined_item is not None:
        columns[block.joined_item] = joined.astype(float)
    codes = block.status_codes
    for phase, item in block.status_items.items():
        dont_know = _dont_know(instrument, block, item, language)
        planted = status[row_unit, phase - 1]
        draw = rng.random(n)
        pick = rng.random(n)
        answer = planted.copy()
        wrong = draw < settings["wrong_share"]
        for name, options in NEIGHBOUR.items():
            chosen = np.array(options, dtype=object)[np.minimum((pick * len(options)).astype(int), len(options) - 1)]
            answer = np.where(wrong & (planted == name), chosen, answer)
        value = np.array([codes[a] for a in answer], dtype=object)
        unknown = (draw >= settings["wrong_share"]) & (draw < settings["wrong_share"] + settings["unknown_share"])
        value[unknown] = dont_know
        before = joined > phase
        not_asked = before & (pick < settings["not_asked_share"])
        value[before] = dont_know
        value[not_asked] = np.nan
        columns[item] = value
    return pd.DataFrame(columns)


def _dont_know(instrument: Instrument, block, item: str, language: str) -> object:
    scale = block.items.set_index("item").at[item, "response_scale"]
    labels = instrument.response_scales[scale].missing.get(language, ())
    return labels[0] if labels else np.nan


__all__ = ["STATUSES", "planted_statuses", "process_answers"]
