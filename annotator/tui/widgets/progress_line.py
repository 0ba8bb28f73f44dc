"""Progress in the document and the queue, and today's pace."""

from __future__ import annotations

import datetime as dt

from textual.content import Content

from annotator.tui.data import QueueStats, SentenceView
from annotator.tui.safe import plain
from annotator.tui.widgets.base import DataView

# Below this much time since the first decision of the day, a rate per hour means little.
_MIN_PACE_MINUTES = 5


class ProgressLine(DataView):
    DEFAULT_CSS = """
    ProgressLine { height: 1; padding: 0 1; }
    """
    FIXED_HEIGHT = True

    def show(self, view: SentenceView | None, stats: QueueStats | None, queue: str) -> None:
        parts: list[Content | str | tuple[str, str]] = []
        if view is not None:
            parts += [
                ("document ", "dim"),
                f"{view.document_done}/{view.document_total}",
                "   ",
            ]
        if stats is not None:
            share = stats.done / stats.total if stats.total else 0.0
            parts += [
                ("queue ", "dim"),
                *((plain(stats.scope, "bold"), " ") if stats.scope else ()),
                f"{stats.done:,}/{stats.total:,} ({share:.0%})",
                "   ",
                ("today ", "dim"),
                f"{stats.today}",
                _pace(stats),
                "   ",
            ]
        parts += [("filter ", "dim"), plain(queue)]
        self.show_content(Content.assemble(*parts))


def _pace(stats: QueueStats) -> str:
    if stats.first_today is None or stats.today < 2:
        return ""
    first = stats.first_today
    if first.tzinfo is None:
        first = first.replace(tzinfo=dt.UTC)
    minutes = (dt.datetime.now(dt.UTC) - first).total_seconds() / 60
    if minutes < _MIN_PACE_MINUTES:
        return ""
    return f" ({stats.today / (minutes / 60):.0f}/h)"
