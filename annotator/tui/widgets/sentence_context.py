"""The current sentence among its neighbours, headline on top, current one highlighted."""

from __future__ import annotations

from textual.content import Content

from annotator.tui.data import ContextLine, SentenceView
from annotator.tui.safe import plain
from annotator.tui.widgets.base import DataView


class SentenceContext(DataView):
    DEFAULT_CSS = """
    SentenceContext { padding: 0 1; }
    """

    def show(self, view: SentenceView | None) -> None:
        if view is None:
            self.show_content(Content(""))
            return
        lines: list[Content] = []
        first = view.context[0].index if view.context else view.index
        if view.headline is not None and view.headline.index < first:
            lines.append(self._line(view.headline, "italic", ""))
            if first > view.headline.index + 1:
                lines.append(Content.styled("  …", "dim"))
        paragraph = view.context[0].paragraph if view.context else 0
        for line in view.context:
            if line.paragraph != paragraph:
                lines.append(Content(""))
                paragraph = line.paragraph
            if line.sentence_id == view.sentence_id:
                lines.append(self._line(line, "bold reverse", "▶", current=True))
            else:
                lines.append(self._line(line, "dim", ""))
        self.show_content(Content("\n").join(lines))

    @staticmethod
    def _line(line: ContextLine, style: str, marker: str, current: bool = False) -> Content:
        tag = f"{marker or ' '} {line.index:>3} "
        kind = f"[{line.kind}] " if line.kind != "content" else ""
        return Content.assemble(
            (tag, "bold" if current else "dim"), (kind, "dim"), plain(line.text, style)
        )
