"""The panels of a Kijkglas ring: one radar for a ring a person can read at a glance, small
radars per group of constructs for a ring with many scales.

A radar stays readable up to about eight axes: beyond that the labels crowd each other and the
polygon's shape (the point of a radar) no longer tells anything. The bundled instrument's context
ring has seventeen scales (the five Kompas phases, three facets of trust, power, leadership,
conflict, network logic and players, process and environment), so it is drawn in panels. The
panels follow the instrument's constructs, so the ring's meaning stays intact and an analyst's own
instrument is grouped the same way:

1. a ring of at most ``MAX_AXES`` scales is one panel;
2. otherwise the scales are grouped by ``construct`` (constructs in the order of their first
   scale in the instrument, scales in file order within one);
3. a construct with at least ``MIN_AXES`` scales is a panel of its own (split in the fewest
   pieces of at most ``MAX_AXES``, as equal in size as can be, when larger);
4. the smaller constructs between two such panels are one panel together (split in pieces of at
   most ``MAX_AXES``); a piece of fewer than ``MIN_AXES`` scales (a radar of two axes is a line)
   joins the panel before it, or else the one after it, when that stays within ``MAX_AXES``.

A panel's title names its constructs (``texts/plots.yaml``, ``constructs``; a construct the
catalogue does not know is named by its scale's label when it has one scale, else by its id).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..instrument import Instrument
from ._texts import text

MAX_AXES = 8
"""Most axes one radar gets."""
MIN_AXES = 3
"""Fewest axes of a panel that is not a whole ring."""


@dataclass(frozen=True)
class RingPanel:
    """One radar of a ring: its scales, and the constructs it shows (empty for a whole ring)."""

    ring: str
    scales: tuple[str, ...]
    constructs: tuple[str, ...] = ()

    def title(self, instrument: Instrument, language: str, *, with_ring: bool = True) -> str:
        """The panel's heading: the ring's name (``with_ring``), with the constructs of a part of a ring."""
        ring = f"<b>{text(f'rings.{self.ring}', language)}</b>"
        names = " · ".join(construct_name(instrument, self, c, language) for c in self.constructs)
        if not names:
            return ring
        return f"{ring}: {names}" if with_ring else f"<b>{names}</b>"


def construct_name(instrument: Instrument, panel: RingPanel, construct: str, language: str) -> str:
    """A construct's name in ``language``: the catalogue's word, else its only scale's label, else its id."""
    try:
        return text(f"constructs.{construct}", language)
    except KeyError:
        table = instrument.scales
        own = [s for s in table.loc[table["construct"] == construct, "scale"] if s in panel.scales]
        return instrument.scale_label(own[0], language) if len(own) == 1 else construct


def ring_panels(instrument: Instrument, ring: str, scales: list[str]) -> list[RingPanel]:
    """The panels of ``ring`` whose scored scales are ``scales`` (in the instrument's order)."""
    if len(scales) <= MAX_AXES:
        return [RingPanel(ring, tuple(scales))]
    construct_of = instrument.scales.set_index("scale")["construct"]
    by_construct: dict[str, list[str]] = {}
    for scale in scales:
        by_construct.setdefault(str(construct_of[scale]), []).append(scale)
    panels: list[tuple[list[str], list[str]]] = []  # (constructs, scales)
    small: list[tuple[str, list[str]]] = []
    for construct, own in [*by_construct.items(), ("", [])]:
        if len(own) < MIN_AXES and construct:
            small.append((construct, own))
            continue
        panels.extend(_pieces(small))
        small = []
        panels.extend(([construct], piece) for piece in _even_pieces(own))
    _join_short(panels)
    return [RingPanel(ring, tuple(own), tuple(constructs)) for constructs, own in panels]


def _even_pieces(scales: list[str]) -> list[list[str]]:
    """``scales`` in the fewest pieces of at most ``MAX_AXES``, of sizes as equal as can be."""
    if not scales:
        return []
    size = math.ceil(len(scales) / math.ceil(len(scales) / MAX_AXES))
    return [scales[i : i + size] for i in range(0, len(scales), size)]


def _pieces(constructs: list[tuple[str, list[str]]]) -> list[tuple[list[str], list[str]]]:
    """Consecutive small constructs in panels of at most ``MAX_AXES`` scales, in order."""
    pieces: list[tuple[list[str], list[str]]] = []
    for construct, own in constructs:
        if not pieces or len(pieces[-1][1]) + len(own) > MAX_AXES:
            pieces.append(([], []))
        pieces[-1][0].append(construct)
        pieces[-1][1].extend(own)
    return pieces


def _join_short(panels: list[tuple[list[str], list[str]]]) -> None:
    """Join every panel of fewer than ``MIN_AXES`` scales to a neighbour that has room (in place)."""
    i = 0
    while i < len(panels):
        own = panels[i][1]
        neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(panels)]
        room = [j for j in neighbours if len(panels[j][1]) + len(own) <= MAX_AXES]
        if len(own) >= MIN_AXES or not room:
            i += 1
            continue
        j = room[0]
        first, second = (panels[j], panels[i]) if j < i else (panels[i], panels[j])
        panels[min(i, j)] = (first[0] + second[0], first[1] + second[1])
        del panels[max(i, j)]
        i = min(i, j)
