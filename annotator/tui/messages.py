"""Messages workers post to the screen; they carry only frozen data."""

from __future__ import annotations

from textual.message import Message

from annotator.tui.data import CodebookChange, CodebookData, DocumentInfo, Outcome, QueueStats
from annotator.tui.disputes import DisputeOutcome
from models.codebook_additions import Addition


class CodebookLoaded(Message):
    def __init__(self, codebook: CodebookData) -> None:
        super().__init__()
        self.codebook = codebook


class CodebookChanged(Message):
    """A speaker or claim type was added to the codebook (a new version), or refused."""

    def __init__(self, addition: Addition, change: CodebookChange) -> None:
        super().__init__()
        self.addition = addition
        self.change = change


class StatsLoaded(Message):
    def __init__(self, stats: QueueStats) -> None:
        super().__init__()
        self.stats = stats


class Shown(Message):
    """A worker finished: show its outcome unless a newer request superseded it."""

    def __init__(self, ticket: int, outcome: Outcome) -> None:
        super().__init__()
        self.ticket = ticket
        self.outcome = outcome


class Saved(Message):
    """A write is committed; the outcome's view is what to show next."""

    def __init__(self, ticket: int, outcome: Outcome) -> None:
        super().__init__()
        self.ticket = ticket
        self.outcome = outcome


class DocumentsFound(Message):
    def __init__(self, query: str, documents: tuple[DocumentInfo, ...]) -> None:
        super().__init__()
        self.query = query
        self.documents = documents


class DisputeShown(Message):
    """The adjudication screen's read or write finished (`saved` tells which)."""

    def __init__(self, ticket: int, outcome: DisputeOutcome, *, saved: bool = False) -> None:
        super().__init__()
        self.ticket = ticket
        self.outcome = outcome
        self.saved = saved
