"""A view of data as lines of Content that repaints only what changed: nothing when an
update shows the same content, only the rows that differ when its number of rows (lines
wrapped at its width) stays, and lays the screen out again only when an update changes
its height. A repaint costs per row (its styles, then the screen's composition), and from
one sentence to the next most rows of the form, the key legend and the header stay; a
row shown before is not drawn again (widgets/rows.py)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import RenderResult
from textual.content import Content
from textual.css.scalar import Unit
from textual.widget import Widget

from annotator.tui.widgets.rows import RowKey, RowsWidget, row_key


class DataView(RowsWidget, inherit_bindings=False):
    DEFAULT_CSS = """
    DataView { height: auto; }
    """
    FIXED_HEIGHT = False  # a fixed-height view never changes the layout when updated

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # Data, never links: no pass over every painted row looking for them.
        self.set_reactive(Widget.auto_links, False)
        self._content = Content("")
        self._lines: tuple[Content, ...] = ()
        self._wrapped: tuple[int, list[Content]] | None = None  # (width, rows) of the lines
        self._keys: tuple[RowKey, ...] = ()  # what each shown line holds
        self._one_row_each: int | None = None  # the width at which each line was one row
        self._height: tuple[int, int] | None = None  # (width, content height) shown

    @property
    def content(self) -> Content:
        """What is shown."""
        return self._content

    def render(self) -> RenderResult:
        return self._content

    def shown_rows(self, width: int, height: int) -> Sequence[Content]:
        if self._one_row_each == width:
            return self._lines
        if self._wrapped is None or self._wrapped[0] != width:
            # Cut into rows as Textual cuts the whole content, by this view's rules.
            align, overflow = self.styles.text_align, self.styles.text_overflow
            rows = [
                row
                for line in self._lines
                for row in line.wrap(width, align=align, overflow=overflow) or [Content("")]
            ]
            self._wrapped = (width, rows)
        return self._wrapped[1]

    def show_content(self, content: Content) -> None:
        self.show_lines(content.split("\n") if "\n" in content.plain else [content])

    def show_lines(self, lines: Sequence[Content]) -> None:
        keys = tuple(row_key(line) for line in lines)
        if keys == self._keys:
            return
        width = self.content_size.width
        before = self._row_keys(width)
        self._keys = keys
        self._lines = tuple(lines)
        self._wrapped = None
        self._content = lines[0] if len(lines) == 1 else Content("\n").join(lines)
        one_row_each = bool(width) and (
            self.styles.text_wrap == "nowrap" or all(line.cell_length <= width for line in lines)
        )
        self._one_row_each = width if one_row_each else None
        if before is None:
            self.refresh(layout=self._resizes(self._content))
            return
        after = self._row_keys(width)
        assert after is not None
        if len(after) != len(before):
            self.refresh(layout=self._resizes(self._content))
            return
        # As many rows as before (wrapped or not): the height stays, and only the rows
        # that differ are drawn again.
        self.refresh_rows(before, after)

    def _row_keys(self, width: int) -> tuple[RowKey, ...] | None:
        """What each screen row shows at this width; None before the view is laid out."""
        if not width:
            return None
        return tuple(row_key(row) for row in self.shown_rows(width, 0))

    def _resizes(self, content: Content) -> bool:
        """Whether showing `content` may change this view's height (then a layout)."""
        height = self.styles.height
        if self.FIXED_HEIGHT or (height is not None and height.unit is Unit.CELLS):
            return False
        width = self.content_size.width
        before, self._height = self._height, None
        if not width:
            # Not laid out yet, or in a hidden pane: showing it will lay it out anyway.
            return False
        self._height = (width, content.get_height(self.styles.get_render_rules(), width))
        return before is None or before != self._height
