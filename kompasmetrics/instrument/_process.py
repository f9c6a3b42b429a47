"""The optional ``process_questions`` block: what respondents know of each phase, and when they joined.

A phase score cannot tell "not yet", "skipped", "done informally" and "I was not there". Two kinds
of question can, each found by its ``role``:

* ``phase_status`` (with ``phase: 1`` .. ``5``, one item per phase): was this phase done, partly
  done, skipped or not reached yet. The block's ``status_codes`` names the answer code of each of
  the four statuses; "don't know" is one of the response scale's ``missing`` answers, so it is no
  answer and no evidence.
* ``joined`` (at most one item): the phase the partnership was in when the respondent became
  involved; its answer codes are phase numbers (1 to 5). A respondent who joined in phase ``j`` was
  there for phases ``j`` to 5 and is no witness of the phases before ``j``.

These items are not scale items: :func:`kompasmetrics.score` counts their answers per partnership
(``Scores.phase_reports``) and the diagnosis weighs them (``docs/diagnosis.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from ._schema import Problem, ProcessBlockModel, _dict, _duplicates, _list, _text_problems

PROCESS_ROLES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "phase_status": {"nl": "status van een fase", "en": "status of a phase"},
        "joined": {"nl": "moment van instappen", "en": "when the respondent joined"},
    }
)
"""The roles of process items."""

STATUSES = ("done", "partly", "skipped", "not_yet")
"""The four substantive answers to a status question, in the order of ``status_codes``."""


def process_problems(
    raw: dict, languages: list[str], response_scales: list[dict], default: object, item_ids: list
) -> list[Problem]:
    """The cross-field rules of the block: texts in every language, ids unique across the
    instrument, one status item per phase, at most one ``joined`` item whose codes are phase
    numbers, and ``status_codes`` naming each status once with a code of the status items' scale."""
    block = raw.get("process_questions")
    if not isinstance(block, dict):
        return []
    where = "process_questions"
    problems: list[Problem] = _text_problems(f"{where}.description", block.get("description"), languages)
    items = [item for item in _list(block.get("items")) if isinstance(item, dict)]
    values_of = {rs.get("id"): _list(rs.get("values")) for rs in response_scales}
    for duplicate in _duplicates([item.get("id") for item in items] + list(item_ids)):
        if any(item.get("id") == duplicate for item in items):
            problems.append((f"{where}.items[].id", duplicate, "item id is used more than once in the instrument"))
    status = [item for item in items if item.get("role") == "phase_status"]
    joined = [item for item in items if item.get("role") == "joined"]
    for duplicate in _duplicates([item.get("phase") for item in status]):
        problems.append((f"{where}.items[].phase", duplicate, "give each phase one status item"))
    if len(joined) > 1:
        problems.append((f"{where}.items[].role", "joined", "give the role joined to one item only"))
    for j, item in enumerate(items):
        at = f"{where}.items[{j}]" + (f" ({item['id']})" if isinstance(item.get("id"), str) else "")
        problems += _text_problems(f"{at}.text", item.get("text"), languages)
        scale = item.get("response_scale") or default
        if scale not in values_of:
            problems.append(
                (f"{at}.response_scale", scale, f"no response scale with this id; known: {sorted(map(str, values_of))}")
            )
            continue
        if item.get("role") == "phase_status" and item.get("phase") is None:
            problems.append((f"{at}.phase", None, "a phase_status item names its phase (1 to 5)"))
        if item.get("role") == "joined":
            if item.get("phase") is not None:
                problems.append((f"{at}.phase", item.get("phase"), "the joined item has no phase of its own"))
            outside = [v for v in values_of[scale] if not (isinstance(v, int) and 1 <= v <= 5)]
            if outside:
                problems.append(
                    (
                        f"{at}.response_scale",
                        scale,
                        f"the joined item's answer codes are phase numbers 1-5; not {outside}",
                    )
                )
    if status:
        codes = _dict(block.get("status_codes"))
        missing = [s for s in STATUSES if s not in codes]
        if missing:
            problems.append((f"{where}.status_codes", codes or None, f"name the answer code of {', '.join(missing)}"))
        for duplicate in _duplicates(list(codes.values())):
            problems.append((f"{where}.status_codes", duplicate, "each status needs its own answer code"))
        for item in status:
            scale = item.get("response_scale") or default
            unknown = [c for c in codes.values() if c not in values_of.get(scale, [])]
            if unknown and scale in values_of:
                problems.append(
                    (
                        f"{where}.status_codes",
                        unknown,
                        f"not among the values {values_of[scale]} of response scale {scale!r}",
                    )
                )
    return problems


@dataclass(frozen=True)
class ProcessBlock:
    """The process items of an instrument.

    Attributes
    ----------
    items : DataFrame
        One row per item, in file order: ``item``, ``role`` (phase_status, joined), ``phase``
        (status items), ``response_scale``, ``text_<lang>``.
    status_codes : mapping status -> answer code
        ``done``, ``partly``, ``skipped``, ``not_yet``.
    description : mapping language -> str
    """

    items: pd.DataFrame
    status_codes: Mapping[str, int]
    description: Mapping[str, str]

    @classmethod
    def from_model(cls, model: ProcessBlockModel, default: str | None, tabled) -> ProcessBlock:
        rows = []
        for item in model.items:
            first = next(iter(item.text))
            rows.append(
                {
                    "item": item.id,
                    "role": item.role,
                    "phase": item.phase,
                    "response_scale": item.response_scale or default,
                    **{f"text_{lang}": item.text.get(lang) or item.text[first] for lang in tabled},
                }
            )
        items = pd.DataFrame(rows)
        items["phase"] = items["phase"].astype("Int64")
        return cls(
            items=items,
            status_codes=MappingProxyType({str(k): int(v) for k, v in (model.status_codes or {}).items()}),
            description=MappingProxyType(dict(model.description or {})),
        )

    @property
    def item_ids(self) -> list[str]:
        return self.items["item"].tolist()

    @property
    def status_items(self) -> dict[int, str]:
        """Phase number -> its status item, in phase order."""
        status = self.items[self.items["role"] == "phase_status"].sort_values("phase")
        return {int(p): str(i) for p, i in zip(status["phase"], status["item"], strict=True)}

    @property
    def joined_item(self) -> str | None:
        joined = self.items.loc[self.items["role"] == "joined", "item"]
        return str(joined.iloc[0]) if len(joined) else None


__all__ = ["PROCESS_ROLES", "STATUSES", "ProcessBlock", "process_problems"]
