"""Shared pieces of the dashboards: texts, in-place figure updates, flag cards."""

from __future__ import annotations

import html
import sys
from typing import Any

import ipywidgets as widgets
import plotly.graph_objects as go

from ..errors import KompasError
from ..plots._theme import MUTED
from ..texts import LANGUAGES, entry, t

HALF_WIDTH = 600  # pixels: two figures side by side on a page 1,280 pixels wide
SEVERITY_COLOURS = {"high": "#b2182b", "medium": "#e08214", "low": "#4d4d4d"}


def texts() -> Any:
    """The whole of the catalogue's ``dashboards.yaml`` (read-only)."""
    return entry("dashboards")


def say(key: str, language: str, **values: object) -> str:
    """The dashboard text at ``key`` (see :func:`kompasmetrics.texts.t`)."""
    return t(f"dashboards.{key}", language, **values)


class FigureSlot:
    """A place on the page for one figure; every new figure gets a new FigureWidget.

    Why not update one FigureWidget in place: Plotly's widget sends each change to the browser as
    a one-off delta message (``_py2js_addTraces`` and the like, set and reset at once). A page
    that has not finished loading Plotly's 5 MB front end, or a view still drawing its first plot,
    misses those deltas, and the figure then shows its first partnership for the rest of the visit
    while the texts beside it move on (seen in Voilà on a busy machine, every time the partnership
    was changed within seconds of the page appearing). A new widget carries its whole state when
    it opens, so whatever the browser has or has not received, it draws the figure that was asked
    for. The previous widget is closed, so the kernel does not keep one model per redraw.
    """

    def __init__(self, *, width: int | None = None) -> None:
        """``width`` in pixels for a figure that shares a row: a FigureWidget does not follow the
        width of its box but keeps Plotly's default of 700 pixels, so two of them in boxes of half
        the page overflow it and the right one is cut off. Rows wrap when the page is narrower.
        The height is the figure's own: the plot functions size each figure for what it shows (a
        heat map grows with the partnerships, a legend below needs room), and a fixed height
        squeezed legends onto axis titles."""
        self.width = width
        self.widget: go.FigureWidget | None = None
        size = {"width": f"{width}px", "flex": "0 0 auto"} if width else {"width": "100%"}
        self.box = widgets.Box(layout=size)

    def prepare(self, figure: go.Figure) -> dict:
        """The figure as this slot draws it (its width, the subtitle as a second line), as a dict
        that :meth:`show_prepared` draws; a dashboard may keep it to draw again."""
        spec = figure.to_dict()  # changed as a dict: setting Plotly's properties validates each one
        if self.width:
            spec["layout"]["width"] = self.width
        _subtitle_as_second_line(spec["layout"])
        return spec

    def show(self, figure: go.Figure) -> go.FigureWidget:
        return self.show_prepared(self.prepare(figure))

    def clear(self) -> None:
        """No figure in the slot (the previous widget closed)."""
        previous, self.widget = self.widget, None
        self.box.children = ()
        if previous is not None:
            previous.close()

    def show_prepared(self, spec: dict) -> go.FigureWidget:
        """Draw a dict made by :meth:`prepare` (changed or not) in a new FigureWidget."""
        # Its properties were validated as the figure was built: checking them a second time, as
        # FigureWidget(figure) does, was a third of the cost of a redraw.
        previous, self.widget = self.widget, go.FigureWidget(spec, _validate=False)
        self.box.children = (self.widget,)
        if previous is not None:
            previous.close()
        return self.widget


def _subtitle_as_second_line(layout: dict) -> None:
    """Move the subtitle into the title as a second, smaller line (``layout`` of a figure's dict).

    The Plotly.js inside Plotly's FigureWidget (3.x, older than the one of ``to_html``) draws a
    subtitle over the title's lower edge; a title of two lines is laid out correctly by both."""
    title = layout.get("title") or {}
    subtitle = (title.get("subtitle") or {}).get("text")
    if subtitle:
        title["text"] = f"{title.get('text')}<br><span style='font-size:12px;color:{MUTED}'>{subtitle}</span>"
        title["subtitle"]["text"] = ""
        title["y"] = 1 - 24 / (layout.get("height") or 450)  # first line's top 24 px down, not cut off
        layout["title"] = title


def error_panel(error: Exception, language: str | None = None) -> widgets.HTML:
    """Our error, as a panel on the page and a line in the server's terminal.

    Voilà shows only "There was an error when executing cell [1]" for an uncaught exception and
    prints nothing where the server was started. The message of a :class:`KompasError` already says
    what went wrong, where (file, sheet, row, column) and what to do; this puts it in both places.
    """
    language = language or LANGUAGES[0]
    message = error.text(language) if isinstance(error, KompasError) else str(error)
    print(f"kompasmetrics dashboard: {message}", file=sys.__stderr__, flush=True)
    return widgets.HTML(
        "<div class='km-error' style='border-left:4px solid #b2182b;padding:6px 12px;background:#fdf2f2'>"
        f"<h3 style='margin:4px 0'>{html.escape(say('failed_title', language))}</h3>"
        f"<p style='white-space:pre-wrap'>{html.escape(message)}</p>"
        f"<p style='color:#555'>{html.escape(say('failed_hint', language))}</p></div>"
    )


def agenda_list(agenda, language: str) -> str:
    """A partnership's agenda as a numbered list (``Diagnosis.agenda`` rows of one partnership)."""
    if agenda is None or agenda.empty:
        return ""
    items = "".join(
        f"<li style='margin:3px 0'>{html.escape(text)}</li>"
        for text in agenda.sort_values("rank")[f"action_{language}"]
    )
    return f"<ol class='km-agenda' style='margin:2px 0;padding-left:1.4em'>{items}</ol>"


def flag_cards(flags, language: str) -> str:
    """The flags of one partnership as cards: title and severity, evidence, recommendation."""
    if flags is None or flags.empty:
        return f"<p style='color:#4d4d4d'>{html.escape(say('no_flags', language))}</p>"
    cards = []
    for row in flags.itertuples():
        colour = SEVERITY_COLOURS.get(row.severity, "#4d4d4d")
        severity = say(f"severity.{row.severity}", language)
        cards.append(
            f"<div class='km-flag' data-flag='{html.escape(row.flag)}' style='border-left:4px solid {colour};"
            "padding:4px 10px;margin:6px 0;background:#fafafa'>"
            f"<b>{html.escape(getattr(row, f'title_{language}'))}</b> "
            f"<span style='color:{colour};font-size:90%'>({html.escape(severity)})</span><br>"
            f"<span>{html.escape(getattr(row, f'evidence_{language}'))}</span><br>"
            f"<span style='color:#555;font-size:92%'>{html.escape(getattr(row, f'recommendation_{language}'))}</span>"
            "</div>"
        )
    return "".join(cards)
