"""Whether the last change is saved, and any error, as one line of data."""

from __future__ import annotations

from textual.content import Content

from annotator.tui.safe import plain
from annotator.tui.widgets.base import DataView

_STYLES = {"saved": "bold $success", "error": "bold $error", "info": "", "busy": "italic"}
_MARKS = {"saved": "✔ ", "error": "✖ ", "info": "", "busy": "… "}


class StatusLine(DataView):
    DEFAULT_CSS = """
    StatusLine { height: 1; padding: 0 1; }
    """
    FIXED_HEIGHT = True

    def say(self, text: str, kind: str = "info") -> None:
        self.set_class(kind == "error", "-error")
        self.show_content(
            Content.assemble((_MARKS[kind], _STYLES[kind]), plain(text, _STYLES[kind]))
        )
