"""The status of every phase of every partnership, as the diagnosis judged it (read by the Kompas figures)."""

from __future__ import annotations

import numpy as np
import pandas as pd

STATUSES = ("complete", "under_way", "incomplete", "skipped")


def phase_columns(phases: pd.DataFrame) -> list[str]:
    """The phase scales of ``Diagnosis.phases``: its columns before ``current_phase``."""
    columns = list(phases.columns)
    return columns[: columns.index("current_phase")] if "current_phase" in columns else []


def status_by_threshold(values: np.ndarray, rules) -> np.ndarray:
    """Complete at or above ``rules.complete``, incomplete below ``rules.incomplete``, else under way."""
    status = np.full(values.shape, "under_way", dtype=object)
    status[values >= rules.complete] = "complete"
    status[values < rules.incomplete] = "incomplete"
    return status


def phase_statuses(dx) -> pd.DataFrame:
    """Per partnership (and wave) and phase scale: ``complete``, ``under_way``, ``incomplete`` or ``skipped``.

    ``skipped``: the phase a ``skipped_phase`` flag of that measurement goes back to; ``complete``:
    the verdict is complete (``dx.verdicts``); ``incomplete``: clearly incomplete (probability at
    least ``rules.certainty`` of staying below ``rules.incomplete``); ``under_way`` otherwise
    (started, or unclear). A measurement without a verdict (too few respondents) gets the status
    of its observed scores against the same thresholds.
    """
    rules, table = dx.rules, dx.phases
    phases = phase_columns(table)
    keys = list(table.index.names)
    statuses = pd.DataFrame(
        status_by_threshold(table[phases].to_numpy(float), rules), index=table.index, columns=phases
    )
    verdicts = dx.verdicts
    if len(verdicts) and phases:
        judged = verdicts.dropna(subset=["verdict"])
        verdict, clearly = (
            judged.pivot(index=keys, columns="scale", values=column).reindex(index=table.index, columns=phases)
            for column in ("verdict", "p_clearly_incomplete")
        )
        has = verdict.notna().any(axis=1).to_numpy()
        judged_status = np.where(
            verdict.to_numpy(object) == "complete",
            "complete",
            np.where(clearly.to_numpy(float) >= rules.certainty, "incomplete", "under_way"),
        )
        statuses.loc[has] = judged_status[has]
    scale_of = _scale_of_phase(verdicts, phases)
    flags = dx.flags[dx.flags["flag"] == "skipped_phase"]
    for row in flags[[*keys, "phase"]].itertuples(index=False):
        key = tuple(row[:-1]) if len(keys) > 1 else row[0]
        scale = scale_of.get(int(row[-1])) if pd.notna(row[-1]) else None
        if scale is not None and key in statuses.index:
            statuses.at[key, scale] = "skipped"
    statuses.columns = pd.Index(phases, name="scale")
    return statuses


def _scale_of_phase(verdicts: pd.DataFrame, phases: list[str]) -> dict[int, str]:
    """Phase number -> phase scale, from the verdicts (an instrument may measure only some phases)."""
    if len(verdicts) and {"phase", "scale"} <= set(verdicts.columns):
        pairs = verdicts[["phase", "scale"]].dropna().drop_duplicates()
        return {int(p): s for p, s in zip(pairs["phase"], pairs["scale"], strict=True)}
    return {i: p for i, p in enumerate(phases, start=1)}
