"""Where each partnership stands in the Kompas, its next step, and movement between waves."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._context import Context
from ._flags import FLAG_COLUMNS, _rows, disagreeing_scales
from ._texts import LANGUAGES, texts


def phase_table(context: Context) -> pd.DataFrame:
    """Completion per phase, current phase, next phase and whether the partners agree on them.

    The current phase is the latest phase that has substantively started (completion at or above
    ``rules.incomplete``), or the first phase. The next phase is the earliest phase before the
    current one that is clearly incomplete (below ``rules.incomplete``): a skipped phase comes back
    on the agenda before later ones. Without one, it is the current phase while that is not
    complete (below ``rules.complete``), else the phase after it; after a complete last phase there
    is none (keep evaluating and renewing). An earlier phase that is only short of complete never
    sends a partnership back: the article's process is not strictly linear.
    """
    rules, scores = context.rules, context.partnerships
    phases = context.phases
    numbers = np.array([context.roles.phase_of(p) for p in phases], dtype=int)
    completion = scores[phases]
    if not phases:  # an instrument without phase scales: nowhere to place the partnership
        table = completion.copy()
        for column in ("current_phase", "next_phase"):
            table[column] = pd.array([pd.NA] * len(table), dtype="Int64")
        table["phase_rwg_min"] = np.nan
        table["phase_gap_max"] = np.nan
        table["phases_agree"] = pd.array([pd.NA] * len(table), dtype="boolean")
        table["sufficient_data"] = context.sufficient
        return table
    values = completion.to_numpy(float)
    started = values >= rules.incomplete
    position = np.where(started.any(axis=1), len(phases) - 1 - np.argmax(started[:, ::-1], axis=1), 0)
    rows = np.arange(len(values))
    # Back to an earlier phase only when it is clearly incomplete (below rules.incomplete); one that
    # is merely short of complete does not send a partnership back.
    behind = (values < rules.incomplete) & (np.arange(len(phases))[None, :] < position[:, None])
    current_done = values[rows, position] >= rules.complete
    ahead = np.where(current_done, position + 1, position)
    following = np.where(behind.any(axis=1), np.argmax(behind, axis=1), ahead)
    numbered = np.append(numbers, 0)  # position len(phases): past the last phase, no next phase
    table = completion.copy()
    table["current_phase"] = pd.array(numbers[position], dtype="Int64")
    next_phase = numbered[np.minimum(following, len(phases))]
    table["next_phase"] = pd.array(np.where(next_phase > 0, next_phase, pd.NA), dtype="Int64")
    disagree = disagreeing_scales(context, phases)
    table["phase_rwg_min"] = context.rwg[phases].min(axis=1)
    table["phase_gap_max"] = context.gap.reindex(columns=phases).max(axis=1)
    table["phases_agree"] = pd.array(~disagree.any(axis=1).to_numpy(), dtype="boolean")
    table.loc[completion.isna().all(axis=1), ["current_phase", "next_phase", "phases_agree"]] = pd.NA
    table["sufficient_data"] = context.sufficient
    return table


def next_step_texts(context: Context, table: pd.DataFrame, flags: pd.DataFrame) -> pd.DataFrame:
    """The agenda per partnership: the next phase's result and points of attention, then the
    recommendations of its flags, most severe first."""
    phase_texts = texts()["phases"]
    order = {"high": 0, "medium": 1, "low": 2}
    out = pd.DataFrame(index=table.index, columns=["next_step_nl", "next_step_en"], dtype=object)
    problems = flags[flags["flag"] != "progress"]
    problems = problems.assign(_order=problems["severity"].map(order)).sort_values("_order", kind="stable")
    recommendations: dict[tuple[str, object], list[str]] = {}
    for language in LANGUAGES:
        for unit, text in zip(problems.index, problems[f"recommendation_{language}"], strict=True):
            listed = recommendations.setdefault((language, unit), [])
            if text not in listed:
                listed.append(text)
    for unit, current, phase in zip(table.index, table["current_phase"], table["next_phase"], strict=True):
        for language in LANGUAGES:
            if pd.isna(current):
                parts = []
            elif pd.isna(phase):
                parts = [texts()["headline"]["complete"][language]]
            else:
                label = context.label(context.roles.phases[int(phase)], language)
                result = phase_texts[int(phase)]["result"][language]
                word = "Resultaat" if language == "nl" else "Result"
                parts = [
                    f"{'Fase' if language == 'nl' else 'Phase'} {int(phase)} {label} ({word}: {result}). "
                    + phase_texts[int(phase)]["attention"][language]
                ]
            parts += recommendations.get((language, unit), [])
            out.at[unit, f"next_step_{language}"] = " ".join(parts)
    return out


def wave_flags(context: Context, table: pd.DataFrame) -> list[pd.DataFrame]:
    """``backtracking`` (a complete phase falls back) and ``progress`` between consecutive waves."""
    if "wave" not in context.keys:
        return []
    rules = context.rules
    phases = [p for p in context.phases if p in table]
    ordered = table.sort_index()
    previous = ordered.groupby(level="partnership")[phases].shift(1)
    waves = pd.Series(ordered.index.get_level_values("wave"), index=ordered.index, dtype=object)
    previous_wave = waves.groupby(level="partnership").shift(1)  # object dtype: waves stay as written
    previous_ok = ordered["sufficient_data"].groupby(level="partnership").shift(1).fillna(False).astype(bool)
    both = previous_ok & ordered["sufficient_data"]
    fell = (
        (previous >= rules.complete)
        & (ordered[phases] <= previous - rules.backtrack_drop)
        & (ordered[phases] < rules.complete)
    )
    fell = fell & both.to_numpy()[:, None]
    rose = (previous < rules.complete) & (ordered[phases] >= rules.complete) & both.to_numpy()[:, None]
    drop = (previous - ordered[phases]).where(fell)
    worst = drop.fillna(-np.inf).idxmax(axis=1)

    back_values = pd.DataFrame(index=ordered.index)
    back_values["before"] = [previous.at[u, worst[u]] if fell.loc[u].any() else np.nan for u in ordered.index]
    back_values["after"] = [ordered.at[u, worst[u]] if fell.loc[u].any() else np.nan for u in ordered.index]
    back_values["wave_before"] = previous_wave
    back_values["wave_after"] = ordered.index.get_level_values("wave")
    progress_values = pd.DataFrame({"wave_before": previous_wave}, index=ordered.index)
    for language in LANGUAGES:
        back_values[f"phase_{language}"] = [
            context.label(worst[u], language) if fell.loc[u].any() else "" for u in ordered.index
        ]
        progress_values[f"phases_{language}"] = [
            ", ".join(
                f"{context.label(p, language)} {previous.at[u, p]:.0f} → {ordered.at[u, p]:.0f}"
                for p in phases
                if rose.at[u, p]
            )
            for u in ordered.index
        ]
    severity = pd.Series(np.where(drop.max(axis=1) >= 35, "high", "medium"), index=ordered.index)
    return [
        _rows(context, "backtracking", fell.any(axis=1), severity, back_values),
        _rows(context, "progress", rose.any(axis=1), pd.Series("low", index=ordered.index), progress_values),
    ]


__all__ = ["FLAG_COLUMNS", "next_step_texts", "phase_table", "wave_flags"]
