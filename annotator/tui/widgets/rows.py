"""Widgets that show rows of Content, each row drawn once and kept while it is shown.

Textual draws a widget's whole content again whenever any part of it is refreshed:
every row is split, styled and cut into segments, though from one sentence to the next
most rows of the context, the form and the key legend are the same. A `RowsWidget`
says which Content each screen row shows (`shown_rows`), and draws a row only when no
row of the same text and spans was drawn at this width in this style; the others are
the strips drawn before. A row is drawn exactly as Textual draws it within the whole
content (the same call, one row at a time, with the offsets of its place), so the
screen is the same either way.

A widget whose rows change only in part repaints only those (`refresh_rows`): Textual
keeps the other rows as they were drawn, styles and all.

Where rows cannot be drawn one at a time (a mouse selection in the widget, content
aligned as a block), Textual draws the whole content as usual."""

from __future__ import annotations

from collections.abc import Sequence

from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

# Strips kept per widget: a screenful of rows and those of the previous few screens.
KEPT_STRIPS = 512

_StripKey = tuple[str, tuple[object, ...], int, object]
RowKey = tuple[str, tuple[object, ...]]


def row_key(row: Content) -> RowKey:
    """What a row shows: its text and its spans (Content's own equality ignores styles)."""
    return row.plain, tuple(row.spans)


class RowsWidget(Widget):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._strips: LRUCache[_StripKey, Strip] = LRUCache(KEPT_STRIPS)

    def shown_rows(self, width: int, height: int) -> Sequence[Content]:
        """The Content of each screen row at this content size."""
        raise NotImplementedError

    def refresh_rows(self, before: Sequence[RowKey], after: Sequence[RowKey]) -> None:
        """Repaint the rows whose content differs between `before` and `after` (what the
        screen rows showed and show now), a row that only one of them has included."""
        width = self.content_size.width
        changed = [
            Region(0, y, width, 1)
            for y in range(max(len(before), len(after)))
            if y >= len(before) or y >= len(after) or before[y] != after[y]
        ]
        if changed:
            self.refresh(*changed)

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        if self.text_selection is not None or self.styles.content_align != ("left", "top"):
            return super().render_line(y)
        rows = self.shown_rows(width, height)
        style = self.visual_style
        if y >= len(rows):
            return Strip.blank(width, style.rich_style)
        row = rows[y]
        key = (*row_key(row), width, style)
        strip = self._strips.get(key)
        if strip is None:
            # Drawn as the first row; `apply_offsets` gives it the offsets a row at y
            # has (what text selection reads), and keeps that copy for the next time.
            drawn = Visual.to_strips(self, row, width, 1, style)
            strip = drawn[0] if drawn else Strip.blank(width, style.rich_style)
            self._strips.set(key, strip)
        return strip.apply_offsets(0, y) if y else strip
