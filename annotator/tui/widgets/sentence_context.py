"""The current sentence among its neighbours, headline on top, current one highlighted.

One widget of fixed size (it is the pane, border and all): it draws as many lines of
context as fit, with the current sentence whole and in sight (from its first line when
it alone is taller than the pane; the mouse wheel scrolls from there). Showing the next
sentence repaints this widget only: nothing else on the screen moves, so no layout pass
is needed, whatever the sentences' lengths.

The text stays where it is while the coder reads on: the pane keeps the line at its top
as long as the current sentence has at least `MARGIN` rows of neighbours in sight above
and below, and only then moves, a third of the pane's free rows before the current
sentence (more of what follows than of what came before). From one sentence to the next
only the rows whose highlight changed are drawn again, not the whole pane.

The words that made the suggestion in the form (its speaker's mention, its claim's
trigger) are underlined in the current sentence.

Each line's rows at a width are kept while it stays in the context, so only the lines
that entered it, and the two whose highlight changed, are cut into rows again."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from textual import events
from textual.content import Content
from textual.widget import Widget

from annotator.tui.data import ContextLine, SentenceView
from annotator.tui.safe import plain
from annotator.tui.widgets.rows import RowsWidget, row_key

Marks = tuple[tuple[int, int], ...]
# A line as drawn (`row_key`) and the width it was cut at.
_RowsKey = tuple[str, tuple[object, ...], int]
# What a line of the pane is, the same from one view to the next while it stays: a
# sentence by its index, the blank line before one, the headline, the gap after it.
_Anchor = Hashable
# Rows of neighbours kept in sight above and below the current sentence, where they exist.
MARGIN = 2


@dataclass(frozen=True)
class Wrapped:
    """The context cut into screen rows at one width; rows[start:end] are the current
    sentence's."""

    width: int
    rows: tuple[Content, ...]
    start: int
    end: int
    firsts: frozenset[int]  # the rows where a line begins (the others continue one)
    owners: tuple[tuple[_Anchor, int], ...]  # each row's line, and the row within it
    lines: dict[_Anchor, tuple[int, int]]  # each line's first row and its number of rows


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
        self._lines: tuple[tuple[Content, bool, _Anchor], ...] = ()  # (line, current?, what)
        self._drawn: dict[tuple[object, ...], Content] = {}  # the shown lines, as drawn
        self._wrapped: Wrapped | None = None
        self._rows: dict[_RowsKey, list[Content]] = {}  # the shown lines' rows
        self._top: tuple[_Anchor, int] | None = None  # the top row's line, row within it
        self._placed = False  # whether the top was checked against this view
        self._window: tuple[tuple[int, int], list[Content]] | None = None

    @property
    def text(self) -> str:
        """The whole context as plain text (also what does not fit the pane)."""
        return "\n".join(line.plain for line, _, _ in self._lines)

    @property
    def current_line(self) -> Content:
        """The current sentence as drawn: marker, number, kind and text, with its marks."""
        return next((line for line, current, _ in self._lines if current), Content(""))

    def show(self, view: SentenceView | None, marks: Marks = ()) -> None:
        """Show `view`, with `marks` underlined (see `mark`)."""
        if view is None or self.view is None or view.document.id != self.view.document.id:
            self._top = None  # another document: its own place
        self.view = view
        self.marks = marks
        self._layout_lines()

    def mark(self, marks: Marks) -> None:
        """Underline these character ranges of the current sentence."""
        if marks != self.marks:
            self.marks = marks
            self._layout_lines()

    def _layout_lines(self) -> None:
        kept, self._drawn = self._drawn, {}

        def draw(*key: object) -> Content:
            line = kept.get(key) or self._drawn.get(key) or _line(*key)  # type: ignore[arg-type]
            self._drawn[key] = line
            return line

        size = self.content_size
        before = self._window[1] if self._window and self._window[0] == size else None
        self._lines = tuple(_lines(self.view, self.marks, draw))
        self._wrapped = None
        self._window = None
        self._placed = False
        if before is None:
            self.refresh()
        else:
            after = self.shown_rows(*size)
            self.refresh_rows([row_key(row) for row in before], [row_key(row) for row in after])

    def render(self) -> Content:
        width, height = self.content_size
        return Content("\n").join(self.shown_rows(width, height))

    def shown_rows(self, width: int, height: int) -> Sequence[Content]:
        """The rows in the pane: the current sentence in sight, a cut neighbour marked."""
        if not width or not height:
            return [Content("")]
        key = (width, height)
        if self._window is not None and self._window[0] == key:
            return self._window[1]
        wrapped = self._wrap(width)
        top = self._top_row(wrapped, height)
        self._top = wrapped.owners[top] if top < len(wrapped.owners) else None
        rows = list(wrapped.rows[top : top + height])
        # A neighbour cut by the pane's edge says so, rather than pass for a whole line.
        if top > 0 and top not in wrapped.firsts:
            rows[0] = Content.styled("… ", "dim") + rows[0][2:]
        below = top + height
        if below < len(wrapped.rows) and below not in wrapped.firsts:
            rows[-1] = rows[-1][: width - 2] + Content.styled(" …", "dim")
        self._window = (key, rows)
        return rows

    def _top_row(self, wrapped: Wrapped, height: int) -> int:
        """The row at the top of the pane: where it was while that keeps the current
        sentence in sight (or after a scroll, where the wheel put it), else placed anew."""
        total, start, end = len(wrapped.rows), wrapped.start, wrapped.end
        kept = self._kept_row(wrapped)
        placed, self._placed = self._placed, True
        if kept is not None:
            kept = max(0, min(kept, total - height))
            if placed or in_sight(kept, start, end, total, height):
                return kept
        return window_top(total, start, end, height)

    def _kept_row(self, wrapped: Wrapped) -> int | None:
        """The row of this context where the pane's top row was, if its line is still here."""
        if self._top is None:
            return None
        anchor, offset = self._top
        found = wrapped.lines.get(anchor)
        if found is None:
            return None
        first, count = found
        return first + min(offset, count - 1)

    def _wrap(self, width: int) -> Wrapped:
        if self._wrapped is None or self._wrapped.width != width:
            rows: list[Content] = []
            firsts: set[int] = set()
            owners: list[tuple[_Anchor, int]] = []
            lines: dict[_Anchor, tuple[int, int]] = {}
            start = end = 0
            kept, self._rows = self._rows, {}
            for line, current, anchor in self._lines:
                first = len(rows)
                firsts.add(first)
                if current:
                    start = first
                key = (line.plain, tuple(line.spans), width)
                line_rows = kept.get(key) or line.wrap(width) or [Content("")]
                self._rows[key] = line_rows
                rows += line_rows
                lines[anchor] = (first, len(line_rows))
                owners += ((anchor, offset) for offset in range(len(line_rows)))
                if current:
                    end = len(rows)
            self._wrapped = Wrapped(
                width, tuple(rows), start, end, frozenset(firsts), tuple(owners), lines
            )
        return self._wrapped

    def on_resize(self, _event: events.Resize) -> None:
        self._window = None
        self._placed = False  # the current sentence in sight at the new size
        self.refresh()

    def _scroll(self, rows: int) -> None:
        width, height = self.content_size
        if not width or not height:
            return
        wrapped = self._wrap(width)
        top = (self._kept_row(wrapped) or 0) + rows
        top = max(0, min(top, len(wrapped.rows) - height))
        self._top = wrapped.owners[top] if top < len(wrapped.owners) else None
        self._window = None
        self.refresh()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self._scroll(3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self._scroll(-3)


def window_top(total: int, start: int, end: int, height: int) -> int:
    """The first row to draw of `total` so that rows start..end (the current sentence)
    are in sight: everything when it fits, else the current sentence a third of the
    pane's free rows down, else its beginning."""
    if total <= height:
        return 0
    if end - start >= height:
        return start
    top = start - (height - (end - start)) // 3
    return max(0, min(top, total - height))


def in_sight(top: int, start: int, end: int, total: int, height: int) -> bool:
    """Whether a pane from row `top` shows rows start..end (the current sentence) whole,
    with `MARGIN` rows of neighbours above and below where there are any (fewer when
    the pane has no room for them)."""
    margin = max(0, min(MARGIN, (height - (end - start)) // 2))
    above, below = min(margin, start), min(margin, total - end)
    return start - top >= above and top + height - end >= below


def _lines(
    view: SentenceView | None, marks: Marks, draw: Callable[..., Content]
) -> list[tuple[Content, bool, _Anchor]]:
    """The context as lines: headline (and "…" when it is not adjacent), neighbours, a
    blank line at each paragraph break, the current sentence marked; each with what it
    is, and drawn by `draw` (`_line`'s arguments)."""
    if view is None:
        return []
    lines: list[tuple[Content, bool, _Anchor]] = []
    first = view.context[0].index if view.context else view.index
    if view.headline is not None and view.headline.index < first:
        lines.append((draw(view.headline, "italic", ""), False, "headline"))
        if first > view.headline.index + 1:
            lines.append((Content.styled("  …", "dim"), False, "gap"))
    paragraph = view.context[0].paragraph if view.context else 0
    for line in view.context:
        if line.paragraph != paragraph:
            lines.append((Content(""), False, ("paragraph", line.index)))
            paragraph = line.paragraph
        if line.sentence_id == view.sentence_id:
            lines.append((draw(line, "bold reverse", "▶", True, marks), True, line.index))
        else:
            lines.append((draw(line, "dim", ""), False, line.index))
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
