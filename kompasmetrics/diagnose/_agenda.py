"""The agenda: per partnership at most three actions for the next conversation, most urgent first.

The article names agenda setting as a use of the Kompas: which next step, which points of
attention, and what it asks of roles and of the conversation. Each action names what its flag is
about (the phase, the weakest trust facet, the strongest or the losing party), what to do in the
next meeting and who could lead it (connective leadership; an independent facilitator where no
partner can take that role).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._context import Context
from ._texts import LANGUAGES, lower_first, t, texts

MAX_ITEMS = 3
PRIORITY = (
    "insufficient_data",
    "skipped_phase",
    "sham_collaboration",
    "power_imbalance",
    "win_lose",
    "lose_win",
    "broken_pair",
    "low_trust",
    "conflicts_unused",
    "little_value",
    "weak_leadership",
    "lose_lose",
    "perception_gap",
    "hierarchy_logic",
    "backtracking",
)
"""Order of the flags on the agenda within one severity: the article's own order of urgency (a
skipped phase or a sham collaboration undermines everything after it), then the five levers."""
AGENDA_COLUMNS = ["rank", "flag", "phase", "facet", "party", "action_nl", "action_en"]
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def phase_name(context: Context, scale: object, language: str) -> str:
    """ "fase 3 (overeenkomen)" / "phase 3 (agreeing)" for a phase scale; "" for none."""
    if not isinstance(scale, str):
        return ""
    template = texts()["next_step"]["phase_name"][language]
    return template.format(number=context.roles.phase_of(scale), label=lower_first(context.label(scale, language)))


def text_fields(context: Context, flag_row: dict, fallback_phase: object, language: str) -> dict[str, str]:
    """What a flag's recommendation and action are filled with, the same for both."""
    phase_scale = flag_row.get("phase_scale")
    phase_scale = phase_scale if isinstance(phase_scale, str) else fallback_phase
    facet = flag_row.get("facet")
    party = flag_row.get("party")
    facet_key = context.facet_of.get(facet) if isinstance(facet, str) else None
    facet_texts = texts()["trust_facets"]
    number = context.roles.phase_of(phase_scale) if isinstance(phase_scale, str) else None
    phase_texts = texts()["phases"].get(number, {}) if number is not None else {}
    topic = (
        phase_scale
        if flag_row.get("flag") == "perception_gap" and isinstance(flag_row.get("phase_scale"), str)
        else facet
    )
    return {
        "phase": phase_name(context, phase_scale, language),
        "phase_attention": phase_texts.get("attention", {}).get(language, ""),
        "facet": lower_first(context.label(facet, language)) if isinstance(facet, str) else "",
        "facet_action": facet_texts.get(facet_key, facet_texts["other"])[language],
        "party": party if isinstance(party, str) and party else texts()["power_reasons"]["strongest"][language],
        "topic": lower_first(context.label(topic, language)) if isinstance(topic, str) else "",
    }


def build_agenda(context: Context, phases: pd.DataFrame, flags: pd.DataFrame) -> pd.DataFrame:
    """At most :data:`MAX_ITEMS` actions per partnership (and wave).

    Order: the problems by severity, then :data:`PRIORITY`; then the next step of the Kompas,
    unless a problem already sends the partnership to that phase. At most two problems come
    before the next step, so the agenda always says where to go next; a healthy partnership gets
    the next step alone (after a complete last phase: evaluate and renew, said once). A
    partnership without enough data gets only the invitation to ask more people.
    """
    keys = context.keys
    problems = flags[flags["flag"].isin(PRIORITY)]
    problems = problems.assign(
        _severity=problems["severity"].map(SEVERITY_ORDER), _priority=problems["flag"].map(PRIORITY.index)
    ).sort_values(["_severity", "_priority"], kind="stable")
    by_unit: dict[object, list[dict]] = {}
    for unit, row in zip(problems.index, problems.to_dict("records"), strict=True):
        by_unit.setdefault(unit, []).append(row)
    scale_of_phase = {context.roles.phase_of(p): p for p in context.phases}
    step_texts = texts()["next_step"]

    records = []
    for unit, current, following in zip(phases.index, phases["current_phase"], phases["next_phase"], strict=True):
        unit_flags = by_unit.get(unit, [])
        next_scale = scale_of_phase.get(int(following)) if pd.notna(following) else None
        fallback = next_scale or (scale_of_phase.get(int(current)) if pd.notna(current) else None)
        if any(row["flag"] == "insufficient_data" for row in unit_flags):
            unit_flags = [row for row in unit_flags if row["flag"] == "insufficient_data"]
        covered = any(row.get("phase_scale") == next_scale for row in unit_flags if next_scale is not None)
        wants_step = pd.notna(current) and not covered
        chosen = unit_flags[: MAX_ITEMS - 1 if wants_step else MAX_ITEMS]
        items = []
        for row in chosen:
            item = {"flag": row["flag"], "facet": row.get("facet"), "party": row.get("party")}
            phase_scale = row.get("phase_scale") if isinstance(row.get("phase_scale"), str) else fallback
            item["phase"] = context.roles.phase_of(phase_scale) if isinstance(phase_scale, str) else None
            for language in LANGUAGES:
                fields = text_fields(context, row, fallback, language)
                item[f"action_{language}"] = t(f"diagnosis.flags.{row['flag']}.action", language, **fields)
            items.append(item)
        if wants_step:
            item = {"flag": "next_step", "facet": None, "party": None}
            item["phase"] = int(following) if pd.notna(following) else None
            for language in LANGUAGES:
                renewing = next_scale is None or (next_scale == context.phases[-1] and following == current)
                if renewing:
                    item[f"action_{language}"] = step_texts["renew"][language]
                else:
                    attention = texts()["phases"].get(int(following), {}).get("attention", {}).get(language, "")
                    item[f"action_{language}"] = t(
                        "diagnosis.next_step.action",
                        language,
                        phase=phase_name(context, next_scale, language),
                        attention=attention,
                    )
            items.append(item)
        for rank, item in enumerate(items, start=1):
            key = unit if isinstance(unit, tuple) else (unit,)
            records.append({**dict(zip(keys, key, strict=True)), "rank": rank, **item})
    table = pd.DataFrame.from_records(records, columns=[*keys, *AGENDA_COLUMNS])
    table["phase"] = pd.array(table["phase"].astype(float), dtype="Int64") if len(table) else table["phase"]
    for column in ("facet", "party"):
        table[column] = table[column].where(table[column].map(lambda v: isinstance(v, str) and v != ""), np.nan)
    return table


__all__ = ["AGENDA_COLUMNS", "MAX_ITEMS", "PRIORITY", "build_agenda", "phase_name", "text_fields"]
