"""The current sentence among its neighbours, headline on top, current one highlighted.

Three views (before, current, after) so the scrolling pane can keep the current sentence
in sight however long its neighbours are. The words that made the suggestion in the form
(its speaker's mention, its claim's trigger) are underlined in the current sentence."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content

from annotator.tui.data import ContextLine, SentenceView
from annotator.tui.safe import plain
from annotator.tui.widgets.base import DataView


class SentenceContext(Vertical):
    DEFAULT_CSS = """
    SentenceContext { height: auto; padding: 0 1; }
    SentenceContext > DataView { height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield DataView(id="context-before")
        yield DataView(id="context-current")
        yield DataView(id="context-after")

    @property
    def text(self) -> str:
        """What the three views show, as plain text."""
        return "\n".join(str(view.render()) for view in self.query(DataView))

    view: SentenceView | None = None
    marks: tuple[tuple[int, int], ...] = ()

    def mark(self, marks: tuple[tuple[int, int], ...]) -> None:
        """Underline these character ranges of the current sentence."""
        if marks != self.marks:
            self.marks = marks
            self.show(self.view, keep_place=True)

    def show(self, view: SentenceView | None, *, keep_place: bool = False) -> None:
        self.view = view
        before: list[Content] = []
        current: list[Content] = []
        after: list[Content] = []
        if view is not None:
            first = view.context[0].index if view.context else view.index
            if view.headline is not None and view.headline.index < first:
                before.append(self._line(view.headline, "italic", ""))
                if first > view.headline.index + 1:
                    before.append(Content.styled("  …", "dim"))
            paragraph = view.context[0].paragraph if view.context else 0
            for line in view.context:
                part = before if line.index < view.index else after
                if line.paragraph != paragraph:
                    (current if line.sentence_id == view.sentence_id else part).append(Content(""))
                    paragraph = line.paragraph
                if line.sentence_id == view.sentence_id:
                    current.append(
                        self._line(line, "bold reverse", "▶", current=True, marks=self.marks)
                    )
                else:
                    part.append(self._line(line, "dim", ""))
        for name, lines in (("before", before), ("current", current), ("after", after)):
            pane = self.query_one(f"#context-{name}", DataView)
            pane.display = bool(lines)
            pane.show_content(Content("\n").join(lines))
        if view is not None and self.parent is not None and not keep_place:
            self.call_after_refresh(self._keep_in_sight)

    def _keep_in_sight(self) -> None:
        pane = self.parent
        current = self.query_one("#context-current", DataView)
        if pane is not None and hasattr(pane, "scroll_to_widget"):
            pane.scroll_to_widget(current, animate=False)

    @staticmethod
    def _line(
        line: ContextLine,
        style: str,
        marker: str,
        current: bool = False,
        marks: tuple[tuple[int, int], ...] = (),
    ) -> Content:
        tag = f"{marker or ' '} {line.index:>3} "
        kind = f"[{line.kind}] " if line.kind != "content" else ""
        text = plain(line.text, style)
        for start, end in marks:
            if 0 <= start < end <= len(text.plain):
                text = text.stylize("underline not reverse", start, end)
        return Content.assemble((tag, "bold" if current else "dim"), (kind, "dim"), text)
