"""A Static that skips updates with unchanged content: every update costs a layout pass,
and most of the screen stays the same from one sentence to the next."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import Static


class DataView(Static):
    _shown: tuple[str, tuple[Any, ...]] | None = None
    FIXED_HEIGHT = False  # a fixed-height view never changes the layout when updated

    def show_content(self, content: Content) -> None:
        # Content's own equality ignores styles, so compare text and spans.
        key = (content.plain, tuple(content.spans))
        if key == self._shown:
            return
        self._shown = key
        self.update(content, layout=not self.FIXED_HEIGHT)
