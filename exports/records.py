"""The plain records that cross between the database and the file formats.

Export side: `DecisionRecord`, one decision (or one unlabelled sentence) with everything a
writer needs, built once per row from the streaming query. Import side: `LabelRecord`,
what a reader understood from one line of a label file, before it is matched to
sentences and the codebook.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

from models.tables import DecisionKind, DecisionRole

SQLITE_STAMP_LENGTH = len("2024-01-31 23:59:59.123456")


class StatementRecord(NamedTuple):
    speaker: str
    speaker_name: str
    speaker_kind: str
    side: str
    side_label: str
    claim: str
    claim_label: str
    stance: str
    stance_label: str
    score: float
    from_suggestion: bool
    suggestion_source: str | None
    note: str | None


class DecisionRecord(NamedTuple):
    """One line of an export. `decision` is None for an unlabelled sentence."""

    document_id: str
    title: str | None
    date: dt.date | None
    source: str | None
    url: str | None
    sentence_id: str
    sentence_index: int
    start: int
    end: int
    kind: str
    text: str
    annotator: str | None
    role: str | None
    decision: str | None
    statements: tuple[StatementRecord, ...]
    created_at: datetime | str | None  # str: SQLite's stored text, see utc_text
    updated_at: datetime | str | None
    codebook_version: str | None


def utc_text(value: datetime | str | None) -> str | None:
    """ISO 8601 in UTC with microseconds and a Z: one spelling on every backend.

    PostgreSQL hands back aware datetimes. On SQLite the export reads the stored text
    ("YYYY-MM-DD HH:MM:SS.ffffff", naive UTC, as SQLAlchemy writes it) and only
    respells it, which keeps exports fast; any other spelling is parsed."""
    if value is None:
        return None
    if isinstance(value, str):
        if len(value) == SQLITE_STAMP_LENGTH and value[10] == " ":
            return f"{value[:10]}T{value[11:]}Z"
        value = datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds") + "Z"


def unix_seconds(value: datetime | str | None) -> int | None:
    """Whole seconds since the epoch, for formats that count time that way."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return int(value.timestamp())


class LabelError(Exception):
    """A label file that cannot be imported: names the file and line."""

    def __init__(self, path: str, line: int | None, message: str):
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class SentenceRef:
    """How a label line names its sentence: by id, else by document and text."""

    sentence_id: str | None = None
    document_id: str | None = None
    text: str | None = None
    index: int | None = None


@dataclass(frozen=True)
class StatementIn:
    """A statement as read; tools other than ours may leave speaker or stance out."""

    speaker: str | None
    claim: str | None
    stance: str | None
    side: str | None = None
    speaker_name: str | None = None
    score: float | None = None
    note: str | None = None
    from_suggestion: bool = False
    suggestion_source: str | None = None


@dataclass(frozen=True)
class LabelRecord:
    """One decision read from a file. `kind` None: a task line without a decision."""

    line: int
    ref: SentenceRef
    annotator: str | None
    kind: DecisionKind | None
    statements: tuple[StatementIn, ...] = ()
    role: DecisionRole = DecisionRole.annotator
    created_at: datetime | None = None
    updated_at: datetime | None = None
    codebook_version: str | None = None
