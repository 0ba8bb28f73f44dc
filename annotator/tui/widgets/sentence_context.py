"""The current sentence among its neighbours, headline on top, current one highlighted.

One widget of fixed size (it is the pane, border and all): it draws as many lines of
context as fit, with the current sentence whole and centred when not everything fits
(from its first line when it alone is taller than the pane; the mouse wheel scrolls
from there). Showing the next sentence repaints this widget only: nothing else on the
screen moves, so no layout pass is needed, whatever the sentences' lengths.

The words that made the suggestion in the form (its speaker's mention, its claim's
trigger) are underlined in the current sentence.

From one sentence to the next the pane shifts by a line: each line's rows at a width are
kept while it stays in the context, so only the lines that entered it, and the two whose
highlight changed, are cut into rows again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import events
from textual.content import Content
from textual.widget import Widget

from annotator.tui.data import ContextLine, SentenceView
from annotator.tui.safe import plain
from annotator.tui.widgets.rows import RowsWidget

Marks = tuple[tuple[int, int], ...]
# A line as drawn: its text and its spans (Content's own equality ignores styles), and
# the width it was cut at.
_RowsKey = tuple[str, tuple[object, ...], int]


@dataclass(frozen=True)
class Wrapped:
    """The context cut into screen rows at one width; rows[start:end] are the current
    sentence's."""

    width: int
    rows: tuple[Content, ...]
    start: int
    end: int
    firsts: frozenset[int]  # the rows where a line begins (the others continue one)


class SentenceContext(RowsWidget, can_focus=False):
    DEFAULT_CSS = """
    SentenceContext { height: 1fr; padding: 0 1; text-wrap: nowrap; text-overflow: clip; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # Text, never links: no pass over every painted row looking for them.
        self.set_reactive(Widget.auto_links, False)
        self.view: SentenceView | None = None
        self.marks: Marks = ()
        self._lines: tuple[tuple[Content, bool], ...] = ()  # (line, is the current one)
        self._wrapped: Wrapped | None = None
        self._rows: dict[_RowsKey, list[Content]] = {}  # the shown lines' rows
        self._scrolled = 0  # rows the mouse wheel moved away from the centred view
        self._window: tuple[tuple[int, int, int], list[Content]] | None = None

    @property
    def text(self) -> str:
        """The whole context as plain text (also what does not fit the pane)."""
        return "\n".join(line.plain for line, _ in self._lines)

    @property
    def current_line(self) -> Content:
        """The current sentence as drawn: marker, number, kind and text, with its marks."""
        return next((line for line, current in self._lines if current), Content(""))

    def show(self, view: SentenceView | None, marks: Marks = ()) -> None:
        """Show `view`, with `marks` underlined (see `mark`)."""
        self.view = view
        self.marks = marks
        self._scrolled = 0
        self._layout_lines()

    def mark(self, marks: Marks) -> None:
        """Underline these character ranges of the current sentence."""
        if marks != self.marks:
            self.marks = marks
            self._layout_lines()

    def _layout_lines(self) -> None:
        self._lines = tuple(_lines(self.view, self.marks))
        self._wrapped = None
        self._window = None
        self.refresh()

    def render(self) -> Content:
        width, height = self.content_size
        return Content("\n").join(self.shown_rows(width, height))

    def shown_rows(self, width: int, height: int) -> Sequence[Content]:
        """The rows in the pane: the current sentence in sight, a cut neighbour marked."""
        if not width or not height:
            return [Content("")]
        key = (width, height, self._scrolled)
        if self._window is not None and self._window[0] == key:
            return self._window[1]
        wrapped = self._wrap(width)
        top = window_top(len(wrapped.rows), wrapped.start, wrapped.end, height) + self._scrolled
        top = max(0, min(top, max(len(wrapped.rows) - height, 0)))
        rows = list(wrapped.rows[top : top + height])
        # A neighbour cut by the pane's edge says so, rather than pass for a whole line.
        if top > 0 and top not in wrapped.firsts:
            rows[0] = Content.styled("… ", "dim") + rows[0][2:]
        below = top + height
        if below < len(wrapped.rows) and below not in wrapped.firsts:
            rows[-1] = rows[-1][: width - 2] + Content.styled(" …", "dim")
        self._window = (key, rows)
        return rows

    def _wrap(self, width: int) -> Wrapped:
        if self._wrapped is None or self._wrapped.width != width:
            rows: list[Content] = []
            firsts: set[int] = set()
            start = end = 0
            kept, self._rows = self._rows, {}
            for line, current in self._lines:
                firsts.add(len(rows))
                if current:
                    start = len(rows)
                key = (line.plain, tuple(line.spans), width)
                line_rows = kept.get(key) or line.wrap(width) or [Content("")]
                self._rows[key] = line_rows
                rows += line_rows
                if current:
                    end = len(rows)
            self._wrapped = Wrapped(width, tuple(rows), start, end, frozenset(firsts))
        return self._wrapped

    def on_resize(self, _event: events.Resize) -> None:
        self._scrolled = 0
        self.refresh()

    def _scroll(self, rows: int) -> None:
        self._scrolled += rows
        self.refresh()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self._scroll(3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self._scroll(-3)


def window_top(total: int, start: int, end: int, height: int) -> int:
    """The first row to draw of `total` so that rows start..end (the current sentence)
    are in sight: everything when it fits, else the current sentence centred, else its
    beginning."""
    if total <= height:
        return 0
    if end - start >= height:
        return start
    top = start - (height - (end - start)) // 2
    return max(0, min(top, total - height))


def _lines(view: SentenceView | None, marks: Marks) -> list[tuple[Content, bool]]:
    """The context as lines: headline (and "…" when it is not adjacent), neighbours, a
    blank line at each paragraph break, the current sentence marked."""
    if view is None:
        return []
    lines: list[tuple[Content, bool]] = []
    first = view.context[0].index if view.context else view.index
    if view.headline is not None and view.headline.index < first:
        lines.append((_line(view.headline, "italic", ""), False))
        if first > view.headline.index + 1:
            lines.append((Content.styled("  …", "dim"), False))
    paragraph = view.context[0].paragraph if view.context else 0
    for line in view.context:
        if line.paragraph != paragraph:
            lines.append((Content(""), False))
            paragraph = line.paragraph
        if line.sentence_id == view.sentence_id:
            lines.append((_line(line, "bold reverse", "▶", current=True, marks=marks), True))
        else:
            lines.append((_line(line, "dim", ""), False))
    return lines


def _line(
    line: ContextLine,
    style: str,
    marker: str,
    current: bool = False,
    marks: Marks = (),
) -> Content:
    tag = f"{marker or ' '} {line.index:>3} "
    kind = f"[{line.kind}] " if line.kind != "content" else ""
    text = plain(line.text, style)
    for start, end in marks:
        if 0 <= start < end <= len(text.plain):
            text = text.stylize("underline not reverse", start, end)
    return Content.assemble((tag, "bold" if current else "dim"), (kind, "dim"), text)
