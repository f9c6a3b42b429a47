"""Where each partnership stands in the Kompas, its next step, and movement between waves."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._context import Context
from ._flags import FLAG_COLUMNS, _rows, disagreeing_scales
from ._texts import LANGUAGES, texts

VERDICTS = ("complete", "incomplete", "unclear")


def phase_verdicts(context: Context) -> pd.DataFrame:
    """Per partnership and phase scale: the score, its interval and the verdict against ``complete``.

    Long table: keys, ``phase`` (1-5), ``scale``, ``score`` (observed), ``lower`` and ``upper``
    (the 90% posterior interval, see :mod:`._uncertainty`), ``p_complete`` (probability that the
    true score reaches ``rules.complete``), ``p_clearly_incomplete`` (that it stays below
    ``rules.incomplete``) and ``verdict``: ``complete`` when ``p_complete >= rules.certainty``,
    ``incomplete`` when ``1 - p_complete >= rules.certainty``, else ``unclear``.
    """
    rules, post = context.rules, context.posterior
    frames = []
    for scale in context.phases:
        p_complete = post.probability_at_least(scale, rules.complete)
        lower, upper = post.interval(scale)
        verdict = np.select(  # type: ignore[call-overload]  # default None: object array, None where unknown
            [
                (p_complete >= rules.certainty).to_numpy(),
                (1 - p_complete >= rules.certainty).to_numpy(),
                p_complete.notna().to_numpy(),
            ],
            ["complete", "incomplete", "unclear"],
            default=None,
        )
        frames.append(
            pd.DataFrame(
                {
                    "phase": context.roles.phase_of(scale),
                    "scale": scale,
                    "score": context.partnerships[scale],
                    "lower": lower,
                    "upper": upper,
                    "p_complete": p_complete,
                    "p_clearly_incomplete": post.probability_below(scale, rules.incomplete),
                    "verdict": pd.Series(verdict, index=p_complete.index, dtype=object),
                }
            )
        )
    columns = ["phase", "scale", "score", "lower", "upper", "p_complete", "p_clearly_incomplete", "verdict"]
    if not frames:
        return pd.DataFrame(columns=[*context.keys, *columns])
    long = pd.concat(frames)
    long.loc[~context.sufficient.reindex(long.index).to_numpy(bool), "verdict"] = None
    return long.reset_index()[[*context.keys, *columns]]


def current_positions(context: Context) -> np.ndarray:
    """Per partnership, the position (in ``context.phases``) of the latest phase that has
    substantively started (posterior mean at or above ``rules.incomplete``), else 0."""
    started = (context.posterior.mean[context.phases] >= context.rules.incomplete).to_numpy(bool)
    last = len(context.phases) - 1 - np.argmax(started[:, ::-1], axis=1)
    return np.where(started.any(axis=1), last, 0)


def back_to(context: Context) -> pd.Series:
    """Per partnership, the earliest phase scale before the current one that was left behind, or missing.

    A phase is left behind when the people who were there report it skipped (probability at least
    ``rules.certainty`` that most witnesses would, :mod:`._reports`), or when it is clearly
    incomplete (probability at least ``rules.certainty`` that it stays below ``rules.incomplete``)
    unless most witnesses report it done or partly done (as probable): then the low score says
    "done informally", not "skipped". Without witnesses only the score counts.

    Both the next step and the ``skipped_phase`` flag go back to this phase, so they never name
    different phases.
    """
    rules, post, reports = context.rules, context.posterior, context.reports
    phases = context.phases
    index = context.partnerships.index
    if not phases:
        return pd.Series(np.nan, index=index, dtype=object)
    position = current_positions(context)
    clearly = np.column_stack([post.probability_below(p, rules.incomplete).fillna(0).to_numpy() for p in phases])
    reported_done = np.column_stack([reports.p_done(p).fillna(0).to_numpy() for p in phases])
    reported_skipped = np.column_stack([reports.p_skipped(p).fillna(0).to_numpy() for p in phases])
    left = ((clearly >= rules.certainty) & (reported_done < rules.certainty)) | (reported_skipped >= rules.certainty)
    behind = left & (np.arange(len(phases))[None, :] < position[:, None])
    target = np.where(behind.any(axis=1), np.argmax(behind, axis=1), -1)
    return pd.Series([phases[t] if t >= 0 else np.nan for t in target], index=index, dtype=object)


def phase_table(context: Context, verdicts: pd.DataFrame, back: pd.Series) -> pd.DataFrame:
    """Completion per phase, current phase, next phase and whether the partners agree on them.

    The current phase is the latest phase that has substantively started (posterior mean at or
    above ``rules.incomplete``), or the first phase. The next phase is the phase of
    :func:`back_to` when there is one: a clearly incomplete earlier phase comes back on the agenda
    first, as the article's backtracking. Otherwise it is the current phase while that is not judged
    complete, else the phase after it; after a complete last phase there is none (keep evaluating
    and renewing). An earlier phase that is only short of complete, or unclear, never sends a
    partnership back: the article's process is not strictly linear. ``back`` is :func:`back_to`.
    """
    phases = context.phases
    completion = context.partnerships[phases]
    table = completion.copy()
    if not phases:  # an instrument without phase scales: nowhere to place the partnership
        for column in ("current_phase", "next_phase"):
            table[column] = pd.array([pd.NA] * len(table), dtype="Int64")
        table["current_verdict"] = None
        table["phase_rwg_min"] = np.nan
        table["phase_gap_max"] = np.nan
        table["phases_agree"] = pd.array([pd.NA] * len(table), dtype="boolean")
        table["sufficient_data"] = context.sufficient
        return table
    numbers = np.array([context.roles.phase_of(p) for p in phases], dtype=int)
    position = current_positions(context)
    verdict = verdicts.pivot_table(
        index=context.keys, columns="scale", values="verdict", aggfunc="first", dropna=False
    ).reindex(index=table.index, columns=phases)
    current_verdict = verdict.to_numpy(object)[np.arange(len(table)), position]
    ahead = np.where(current_verdict == "complete", position + 1, position)
    back_position = back.map({p: i for i, p in enumerate(phases)})
    following = np.where(back_position.notna(), back_position.fillna(0).to_numpy(int), ahead)
    numbered = np.append(numbers, 0)  # position len(phases): past the last phase, no next phase
    table["current_phase"] = pd.array(numbers[position], dtype="Int64")
    next_phase = numbered[np.minimum(following, len(phases))]
    table["next_phase"] = pd.array(np.where(next_phase > 0, next_phase, pd.NA), dtype="Int64")
    table["current_verdict"] = pd.Series(current_verdict, index=table.index, dtype=object)
    disagree = disagreeing_scales(context, phases)
    table["phase_rwg_min"] = context.rwg[phases].min(axis=1)
    table["phase_gap_max"] = context.gap.reindex(columns=phases).max(axis=1)
    table["phases_agree"] = pd.array(~disagree.any(axis=1).to_numpy(), dtype="boolean")
    unknown = completion.isna().all(axis=1) | ~context.sufficient
    table.loc[unknown, ["current_phase", "next_phase", "phases_agree", "current_verdict"]] = pd.NA
    table["sufficient_data"] = context.sufficient
    return table


def next_step_texts(context: Context, table: pd.DataFrame) -> pd.DataFrame:
    """The next step per partnership: the next phase, its tangible result and points of attention.

    Short on purpose: what a flag asks is on the agenda (:mod:`._agenda`), not repeated here.
    """
    phase_texts = texts()["phases"]
    out = pd.DataFrame(index=table.index, columns=["next_step_nl", "next_step_en"], dtype=object)
    for unit, current, phase in zip(table.index, table["current_phase"], table["next_phase"], strict=True):
        for language in LANGUAGES:
            if pd.isna(current):
                text = ""
            elif pd.isna(phase):
                text = texts()["headline"]["complete"][language]
            else:
                label = context.label(context.roles.phases[int(phase)], language)
                result = phase_texts[int(phase)]["result"][language]
                word = "Resultaat" if language == "nl" else "Result"
                text = (
                    f"{'Fase' if language == 'nl' else 'Phase'} {int(phase)} {label} ({word}: {result}). "
                    + phase_texts[int(phase)]["attention"][language]
                )
            out.at[unit, f"next_step_{language}"] = text
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
    post = context.posterior
    reached = pd.DataFrame(
        {p: post.probability_at_least(p, rules.complete) for p in phases}, index=post.mean.index
    ).reindex(ordered.index)
    reached_before = reached.groupby(level="partnership").shift(1)
    both_judged = both.to_numpy()[:, None]
    fell = (
        (previous >= rules.complete)
        & (ordered[phases] <= previous - rules.backtrack_drop)
        & (ordered[phases] < rules.complete)
        & both_judged
    )
    rose = (previous < rules.complete) & (ordered[phases] >= rules.complete) & both_judged
    fell_probability = (reached_before * (1 - reached)).where(fell)
    rose_probability = ((1 - reached_before) * reached).where(rose)
    fell = fell & (fell_probability >= rules.min_confidence)
    rose = rose & (rose_probability >= rules.min_confidence)
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
    # The article calls stepping back normal when new insight arrives: a moderate fall is a point of
    # attention (low), only a collapse of a complete phase (35 points or more) weighs medium.
    severity = pd.Series(np.where(drop.max(axis=1) >= 35, "medium", "low"), index=ordered.index)
    back_confidence = fell_probability.max(axis=1)
    return [
        _rows(
            context,
            "backtracking",
            fell.any(axis=1),
            severity,
            back_values,
            back_confidence,
            phase_scale=worst.where(fell.any(axis=1)),
        ),
        _rows(
            context,
            "progress",
            rose.any(axis=1),
            pd.Series("low", index=ordered.index),
            progress_values,
            rose_probability.max(axis=1),
        ),
    ]


__all__ = ["FLAG_COLUMNS", "next_step_texts", "phase_table", "wave_flags"]
