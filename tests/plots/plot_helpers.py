"""Small readers of figure content shared by the figure tests."""

from __future__ import annotations

import plotly.graph_objects as go


def role(figure: go.Figure, name: str) -> list:
    """The traces whose ``meta["role"]`` is ``name``."""
    return [t for t in figure.data if isinstance(t.meta, dict) and t.meta.get("role") == name]


def plain(label: str) -> str:
    """A tick label without its line breaks."""
    return str(label).replace("<br>", " ")


def all_text(figure: go.Figure) -> str:
    """Every string a reader can see or hover: titles, axes, legend names, annotations, hovers."""
    layout = figure.layout
    parts = [layout.title.text or "", layout.title.subtitle.text or ""]
    for name in dir(layout):
        if name.startswith(("xaxis", "yaxis")) and getattr(layout, name) is not None:
            axis = getattr(layout, name)
            parts += [axis.title.text or "", *map(str, axis.ticktext or ())]
    parts += [a.text or "" for a in layout.annotations]
    for trace in figure.data:
        parts.append(str(trace.name or ""))
        for attribute in ("hovertext", "text", "customdata", "theta", "x", "y"):
            value = getattr(trace, attribute, None)
            if value is not None:
                parts.append(str(value if isinstance(value, str) else list(value)))
    return "\n".join(parts)
