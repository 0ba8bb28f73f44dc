"""A one-line choice among the queue statuses, cycled with ←/→ or space, so that enter
stays free for the dialog it sits in (a Select opens its list on enter)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from annotator.tui.queue import Status

_ORDER = list(Status)


class StatusChoice(Widget, can_focus=True):
    DEFAULT_CSS = """
    StatusChoice { height: 1; width: 1fr; margin: 1 0; padding: 0 1; background: $boost; }
    StatusChoice:focus { background: $accent 30%; text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,space", "cycle(1)", "Next status", show=False),
        Binding("left", "cycle(-1)", "Previous status", show=False),
    ]

    value: reactive[Status] = reactive(Status.all)

    def __init__(self, value: Status, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(StatusChoice.value, value)

    def action_cycle(self, step: int) -> None:
        self.value = _ORDER[(_ORDER.index(self.value) + step) % len(_ORDER)]

    def render(self) -> Content:
        parts: list[Content | str | tuple[str, str]] = ["◀ "]
        for status in _ORDER:
            style = "bold reverse" if status is self.value else "dim"
            parts += [(f" {status.value} ", style), " "]
        parts.append("▶")
        return Content.assemble(*parts)
