"""A Static that skips updates with unchanged content, and lays the screen out again
only when an update changes its height: a layout pass re-renders every widget that
moved, and most of the screen keeps its size from one sentence to the next."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.css.scalar import Unit
from textual.widgets import Static


class DataView(Static):
    _shown: tuple[str, tuple[Any, ...]] | None = None
    _height: tuple[int, int] | None = None  # (width, content height) of what is shown
    FIXED_HEIGHT = False  # a fixed-height view never changes the layout when updated

    def show_content(self, content: Content) -> None:
        # Content's own equality ignores styles, so compare text and spans.
        key = (content.plain, tuple(content.spans))
        if key == self._shown:
            return
        self._shown = key
        self.update(content, layout=self._resizes(content))

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
