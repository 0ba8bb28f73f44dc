"""How many disputed sentences are left, and who coded the current one."""

from __future__ import annotations

from textual.content import Content

from annotator.tui.safe import plain
from annotator.tui.widgets.base import DataView


class DisputeProgress(DataView):
    DEFAULT_CSS = """
    DisputeProgress { height: 1; padding: 0 1; }
    """
    FIXED_HEIGHT = True

    def show(self, left: int | None, coders: tuple[str, ...]) -> None:
        parts: list[Content | str | tuple[str, str]] = []
        if left is not None:
            parts += [("disputes left ", "dim"), f"{left:,}", "   "]
        if coders:
            parts += [("coders ", "dim"), plain(", ".join(coders))]
        self.show_content(Content.assemble(*parts))
