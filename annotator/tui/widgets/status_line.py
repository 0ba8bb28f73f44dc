"""Whether the last change is saved, and any error, as one line of data."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from annotator.tui.safe import plain

_STYLES = {"saved": "bold $success", "error": "bold $error", "info": "", "busy": "italic"}
_MARKS = {"saved": "✔ ", "error": "✖ ", "info": "", "busy": "… "}


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine { height: 1; padding: 0 1; }
    """

    def say(self, text: str, kind: str = "info") -> None:
        self.set_class(kind == "error", "-error")
        self.update(Content.assemble((_MARKS[kind], _STYLES[kind]), plain(text, _STYLES[kind])))
