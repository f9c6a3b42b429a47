"""What a Plotly figure draws as text, for the tests of escaped names."""

from __future__ import annotations


def drawn_strings(node, shows_customdata: bool = False):
    """The strings Plotly draws: no ``meta``, and ``customdata`` only where a template shows it."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        shows = "%{customdata" in str(node.get("hovertemplate", "")) or shows_customdata
        for key, value in node.items():
            if key == "meta" or (key == "customdata" and not shows):
                continue
            yield from drawn_strings(value, shows and key == "customdata")
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from drawn_strings(value, shows_customdata)
    elif hasattr(node, "tolist"):
        yield from drawn_strings(node.tolist(), shows_customdata)
