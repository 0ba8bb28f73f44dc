"""Textual's footer, recomposed once for a burst of binding changes.

A screen announces that its bindings changed when it mounts, when focus moves and when
the app's keymap is set; Textual's Footer answers every announcement by mounting all its
keys anew after the next refresh. At the annotation screen's start that was three
recomposes of its keys before the first sentence (each ≈ 15 ms of the interpreter that
the sentence's reads also need). This footer schedules one recompose for however many
announcements arrive before it runs, and shows the same keys."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._recompose_pending = False

    def bindings_changed(self, screen: Screen[Any]) -> None:
        # As Footer.bindings_changed, with the recompose not scheduled twice.
        self._bindings_ready = True
        if not screen.app.app_focus or self._recompose_pending:
            return
        if self.is_attached and screen is self.screen:
            self._recompose_pending = True
            self.call_after_refresh(self._recompose_once)

    async def _recompose_once(self) -> None:
        self._recompose_pending = False
        await self.recompose()
