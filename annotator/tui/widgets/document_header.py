"""Title, source and date of the current document, and who is annotating."""

from __future__ import annotations

from textual.content import Content

from annotator.tui.data import DocumentInfo
from annotator.tui.safe import plain
from annotator.tui.widgets.base import DataView


class DocumentHeader(DataView):
    DEFAULT_CSS = """
    DocumentHeader { height: 2; padding: 0 1; }
    """
    FIXED_HEIGHT = True

    def show(self, document: DocumentInfo | None, annotator: str, headline: str | None) -> None:
        """`headline` stands in for a missing title."""
        who = Content.assemble(("annotator ", "dim"), plain(annotator, "bold"))
        if document is None:
            self.show_lines([Content.styled("(nothing to show)", "bold"), who])
            return
        date = str(document.date) if document.date else "undated"
        if document.date and document.date_precision in ("month", "year"):
            date += f" ({document.date_precision})"
        title = plain(document.title or headline or "(untitled)", "bold")
        details = Content.assemble(
            plain(document.source or "unknown source", "italic"),
            " · ",
            date,
            ("  " + document.id, "dim"),
            "   ",
            who,
        )
        self.show_lines([title, details])
