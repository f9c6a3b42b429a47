"""Shared checks and look-ups of the plotting functions: options, partnerships, waves, labels."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .._messages import listing, suggestion
from ..errors import KompasKeyError, KompasValueError
from ..instrument import role_name
from ..scoring import LATEST, Scores, select_wave
from ._texts import text

RINGS = ("ambition", "interests", "context")
OTHER = "Overig / Other"


def check_choice(parameter: str, value: object, allowed: Sequence[str]) -> str:
    """``value`` if it is in ``allowed``, else a :class:`KompasValueError` naming ``parameter``."""
    if value not in allowed:
        hint = suggestion(str(value), allowed)
        raise KompasValueError(
            f"Parameter {parameter}={value!r} is not allowed; give one of {', '.join(map(repr, allowed))}.{hint}"
        )
    return str(value)


def partnership_names(scores: Scores) -> list[str]:
    index = scores.partnerships.index
    names = index.get_level_values("partnership") if isinstance(index, pd.MultiIndex) else index
    return list(dict.fromkeys(names))


def check_partnership(partnership: object, known: Iterable[object], *, parameter: str = "partnership") -> str:
    """``partnership`` when it is known, else a :class:`KompasKeyError` with a suggestion."""
    known = list(known)
    if partnership not in known:
        raise KompasKeyError(
            f"There is no partnership {partnership!r} in these results (parameter {parameter}); "
            f"{len(known)} are known: {listing(known)}."
            f"{suggestion(str(partnership), map(str, known))}"
        )
    return partnership  # type: ignore[return-value]


def choose_wave(frame: pd.DataFrame, wave: object, *, parameter: str = "wave") -> pd.DataFrame:
    """Rows of one measurement per partnership from a long frame with ``partnership`` and ``wave``
    (:func:`kompasmetrics.scoring.select_wave`); a frame without a ``wave`` column comes back unchanged."""
    return select_wave(frame, wave, parameter=parameter)


def measurement(scores: Scores, wave: object) -> Scores:
    """``scores.at(wave)``; results without waves have one measurement whatever ``wave`` says."""
    return scores.at(wave=wave if scores.has_waves else LATEST)


def partnership_table(scores: Scores, wave: object) -> pd.DataFrame:
    """``scores.partnerships`` at one measurement per partnership, indexed by partnership (the
    wave, with waves, a column)."""
    table = measurement(scores, wave).partnerships
    return table.reset_index(level="wave") if scores.has_waves else table


def organisation_table(scores: Scores, partnership: str | None, wave: object) -> pd.DataFrame:
    """The organisations that may be shown (``scores.organisations``), for one measurement; the
    pooled "Overig / Other" row last."""
    table = measurement(scores, wave).organisations
    if partnership is not None:
        table = table[table["partnership"] == partnership]
    minimum = scores.settings.get("min_group_size", 1)
    # never show a group below the minimum, even when handed an organisations table built otherwise
    table = table[table["n"] >= minimum]
    return table.sort_values("pooled", kind="stable") if "pooled" in table.columns else table


def with_title(layout: dict, title: str, subtitle: str) -> dict:
    """``layout`` (a figure dict's) with another title and subtitle; every other entry is shared, not copied."""
    old = layout.get("title", {})
    return {
        **layout,
        "title": {**old, "text": title, "subtitle": {**old.get("subtitle", {}), "text": subtitle}},
    }


def chosen_partnerships(names: Iterable[str] | None, known: Sequence[str]) -> list[str]:
    """``names`` checked against ``known`` (all of ``known`` when None)."""
    if names is None:
        return list(known)
    names = list(names)
    for name in names:
        check_partnership(name, known, parameter="partnerships")
    return names


def check_not_suppressed(scores: Scores, row: pd.Series, partnership: str) -> None:
    if bool(row.get("suppressed", False)):
        minimum = scores.settings.get("min_group_size", "?")
        raise KompasValueError(
            f"Partnership {partnership!r} has {int(row['n_respondents'])} respondents, "
            f"fewer than the minimum group size ({minimum}): its scores are suppressed and "
            f"cannot be plotted. Collect "
            f"more responses or pass a lower min_group_size to km.score()."
        )


def polar_axis(i: int) -> str:
    """The layout name of a figure's ``i``-th polar axis (0-based): ``polar``, ``polar2``, ..."""
    return "polar" if i == 0 else f"polar{i + 1}"


def scales_of_ring(scores: Scores, ring: str) -> list[str]:
    table = scores.instrument.scales
    wanted = table.loc[table["ring"] == ring, "scale"].tolist()
    return [s for s in wanted if s in scores.scales]


def phase_scales(scores: Scores) -> list[str]:
    table = scores.instrument.scales
    phases = table[table["phase"].notna()].sort_values("phase")
    return [s for s in phases["scale"] if s in scores.scales]


def role_scales(scores: Scores, roles: Sequence[str]) -> tuple[dict[str, str | None], list[str]]:
    """The scored scales of the single ``roles`` (``"power_asymmetry"``), and the roles no scored
    scale plays. Figures find their scales this way, never by id."""
    scored = scores.instrument.roles_among(scores.scales)
    return {role: scored.scale(role) for role in roles}, scored.missing(roles)


def not_measured_figure(title: str, missing: Sequence[str], language: str) -> go.Figure:
    """The figure's place, titled, saying which parts the instrument does not measure.

    Used instead of an error so that a report, a dashboard or a notebook loop over figures keeps
    going with an instrument that leaves out a construct; ``layout.meta["not_measured"]`` lists
    the roles."""
    names = ", ".join(role_name(role, language) for role in missing)
    figure = go.Figure()
    figure.update_layout(
        title=dict(text=title),
        xaxis=dict(visible=False),
        yaxis=dict(visible=False),
        height=260,
        meta={"not_measured": list(missing)},
        annotations=[
            dict(
                text=text("not_measured", language, roles=names),
                x=0.5,
                y=0.5,
                xref="paper",
                yref="paper",
                showarrow=False,
                font=dict(size=14, color="#555555"),
            )
        ],
    )
    return figure


@lru_cache(maxsize=4096)
def wrap(label: str, width: int = 14, max_lines: int | None = None) -> str:
    """``label`` broken into lines of about ``width`` characters with ``<br>``.

    Cached: the same few scale labels are wrapped for every partnership of a report."""
    lines = textwrap.wrap(str(label), width=width, break_long_words=False, break_on_hyphens=False) or [""]
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" ,.;") + "…"
    return "<br>".join(lines)


def shorten(label: str, width: int = 24) -> str:
    """``label`` on one line, cut at a word boundary with an ellipsis when longer than ``width``."""
    label = str(label)
    if len(label) <= width:
        return label
    return textwrap.shorten(label, width=width, placeholder="…")


def close(values: Sequence) -> list:
    """A radar polygon: the values with the first repeated at the end."""
    values = list(values)
    return [*values, values[0]] if values else values


def rounded(value: float) -> str:
    return "–" if value is None or (isinstance(value, float) and np.isnan(value)) else f"{value:.0f}"
