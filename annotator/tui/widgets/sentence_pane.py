"""The scrolling pane around SentenceContext that keeps the current sentence in sight,
also when the panes below it grow or shrink (as the coders' columns do)."""

from __future__ import annotations

from textual import events
from textual.containers import VerticalScroll


class SentencePane(VerticalScroll, can_focus=False):
    def keep_in_sight(self) -> None:
        for current in self.query("#context-current"):
            self.scroll_to_center(current, animate=False, immediate=True)

    def on_resize(self, _event: events.Resize) -> None:
        self.call_after_refresh(self.keep_in_sight)
