"""The optional ``partner_ratings`` block of an instrument: items asked once per other partner.

A network survey asks every respondent about each *other* organisation of the partnership ("Does
Gemeente Zwolle do what it promised?"). The block lists those items; each item's text holds the
placeholder ``{partner}`` where the partner's name goes, and its ``role`` says what it measures:

* ``trust``: a facet of trust (``facet``: ``interest``, ``openness``, ``reliability``, the
  article's genuine interest, openness and transparency, reliability and consistency);
* ``value``: the value this partner brings to the respondent's organisation;
* ``influence``: this partner's influence on the partnership's decisions;
* ``frequency``: how often the two organisations work together (the edges of the network).

The network analysis (:func:`kompasmetrics.network`) finds its items by these roles only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from ._schema import PartnerBlockModel, Problem, _duplicates, _list, _text_problems

PARTNER_ROLES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "trust": {"nl": "vertrouwen in deze partner", "en": "trust in this partner"},
        "value": {"nl": "waarde van deze partner", "en": "value of this partner"},
        "influence": {"nl": "invloed van deze partner", "en": "influence of this partner"},
        "frequency": {"nl": "hoe vaak we samenwerken", "en": "how often we work together"},
    }
)
"""The roles of partner items; ``trust`` may be given to several items (its facets), the others once."""
PLACEHOLDER = "{partner}"


def partner_problems(
    raw: dict, languages: list[str], known_scales: set, default: object, item_ids: list
) -> list[Problem]:
    """The cross-field rules of the block: texts in every language with ``{partner}``, one item
    per single role, at least one trust item, ids unique across the instrument, response scales
    that exist."""
    block = raw.get("partner_ratings")
    if not isinstance(block, dict):
        return []
    problems: list[Problem] = _text_problems("partner_ratings.description", block.get("description"), languages)
    items = [item for item in _list(block.get("items")) if isinstance(item, dict)]
    roles = [item.get("role") for item in items]
    for role in ("value", "influence", "frequency"):
        if roles.count(role) > 1:
            problems.append(("partner_ratings.items[].role", role, "give this role to one partner item only"))
    if items and "trust" not in roles:
        problems.append(
            ("partner_ratings.items[].role", None, "give at least one partner item role: trust (one per trust facet)")
        )
    for duplicate in _duplicates([item.get("id") for item in items] + list(item_ids)):
        if any(item.get("id") == duplicate for item in items):
            problems.append(
                ("partner_ratings.items[].id", duplicate, "item id is used more than once in the instrument")
            )
    for j, item in enumerate(items):
        if not isinstance(item, dict):
            continue  # reported by the structure check
        where = f"partner_ratings.items[{j}]" + (f" ({item['id']})" if isinstance(item.get("id"), str) else "")
        problems += _text_problems(f"{where}.text", item.get("text"), languages)
        given = item.get("text")
        text: dict = given if isinstance(given, dict) else {}
        for language in languages:
            said = text.get(language)
            if isinstance(said, str) and said.strip() and PLACEHOLDER not in said:
                problems.append((f"{where}.text.{language}", said, "write {partner} where the partner's name goes"))
        if item.get("role") == "trust" and not item.get("facet"):
            problems.append((f"{where}.facet", None, "a trust item names its facet (interest, openness, reliability)"))
        scale = item.get("response_scale") or default
        if scale is None:
            problems.append((f"{where}.response_scale", None, "no response_scale and no default_response_scale"))
        elif scale not in known_scales:
            problems.append(
                (f"{where}.response_scale", scale, f"no response scale with this id; known: {sorted(known_scales)}")
            )
    return problems


@dataclass(frozen=True)
class PartnerBlock:
    """The partner items of an instrument.

    Attributes
    ----------
    items : DataFrame
        One row per partner item, in file order: ``item``, ``role`` (trust, value, influence,
        frequency), ``facet`` (trust items), ``reverse``, ``response_scale``, ``min``, ``max``,
        ``text_<lang>`` (with ``{partner}``), ``former_texts`` (earlier wordings, still matched).
    description : mapping language -> str
    """

    items: pd.DataFrame
    description: Mapping[str, str]

    @classmethod
    def from_model(
        cls, model: PartnerBlockModel, response_scales: Mapping, default: str | None, tabled
    ) -> PartnerBlock:
        rows = []
        for item in model.items:
            scale = response_scales[item.response_scale or default]
            first = next(iter(item.text))
            rows.append(
                {
                    "item": item.id,
                    "role": item.role,
                    "facet": item.facet,
                    "reverse": item.reverse,
                    "response_scale": scale.id,
                    "min": scale.minimum,
                    "max": scale.maximum,
                    **{f"text_{lang}": item.text.get(lang) or item.text[first] for lang in tabled},
                    "former_texts": tuple(text for former in item.former_texts for text in former.values()),
                }
            )
        return cls(items=pd.DataFrame(rows), description=MappingProxyType(dict(model.description or {})))

    def items_of(self, role: str) -> list[str]:
        """The item ids of one role (``trust``: its facets, in file order)."""
        return self.items.loc[self.items["role"] == role, "item"].tolist()

    def item_text(self, item: str, language: str, partner: str) -> str:
        """The item as a respondent reads it about ``partner``."""
        text = self.items.set_index("item").at[item, f"text_{language}"]
        return str(text).replace(PLACEHOLDER, partner)


__all__ = ["PARTNER_ROLES", "PLACEHOLDER", "PartnerBlock", "PartnerBlockModel", "partner_problems"]
