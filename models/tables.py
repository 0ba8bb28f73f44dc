"""SQLModel tables: the one place the storage schema is declared.

Invariants live in the database: named unique constraints, foreign keys, and
check constraints on enumerations, so that every writer (TUI, importer, another
release) is held to them.
"""

from __future__ import annotations

import datetime as dt
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    DateTime,
    Index,
    MetaData,
    UniqueConstraint,
    false,
)
from sqlmodel import Field, SQLModel

from models.kinds import QUEUED_KINDS as QUEUED_KINDS
from models.kinds import DatePrecision as DatePrecision
from models.kinds import DecisionKind as DecisionKind
from models.kinds import DecisionRole as DecisionRole
from models.kinds import SentenceKind as SentenceKind

# Every constraint gets a deterministic name, so Alembic can alter it on SQLite
# (batch mode) and PostgreSQL alike.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata


def utcnow() -> datetime:
    return datetime.now(UTC)


def _utc_column(*, nullable: bool = False) -> Any:
    return Column(DateTime(timezone=True), nullable=nullable)


class CodebookVersion(SQLModel, table=True):
    """Every distinct codebook ever stored; decisions point at the one in force."""

    __tablename__ = "codebook_version"
    __table_args__ = (UniqueConstraint("content_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str
    version: str
    content_hash: str = Field(max_length=64)
    source: str  # the TOML text as loaded, so any version can be shown again
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())
    activated_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())


class Side(SQLModel, table=True):
    __tablename__ = "side"

    id: str = Field(primary_key=True, max_length=64)
    label: str
    description: str = ""
    color: str | None = None
    position: int = 0
    active: bool = True


class Actor(SQLModel, table=True):
    """A canonical speaker. Retired actors stay (active=False) so labels keep them."""

    __tablename__ = "actor"

    id: str = Field(primary_key=True, max_length=64)
    name: str
    side_id: str = Field(foreign_key="side.id", index=True)
    kind: str = "organization"
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    description: str = ""
    position: int = 0
    active: bool = True


class ClaimType(SQLModel, table=True):
    __tablename__ = "claim_type"

    id: str = Field(primary_key=True, max_length=64)
    label: str
    definition: str = ""
    examples: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    triggers: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    key: str | None = None
    position: int = 0
    active: bool = True


class Stance(SQLModel, table=True):
    __tablename__ = "stance"

    id: str = Field(primary_key=True, max_length=64)
    label: str
    score: float
    definition: str = ""
    key: str | None = None
    position: int = 0
    active: bool = True


class Document(SQLModel, table=True):
    """One article. Its id is derived from its text, so re-imports are idempotent."""

    __tablename__ = "document"
    __table_args__ = (
        # The annotation queue walks documents in (date, id) order.
        Index("ix_document_date_id", "date", "id", unique=True),
        CheckConstraint(
            "date_precision IS NULL OR date_precision IN ('day', 'month', 'year')",
            name="date_precision",
        ),
    )

    id: str = Field(primary_key=True, max_length=40)
    text: str
    title: str | None = None
    source: str | None = Field(default=None, index=True)
    url: str | None = None
    date: dt.date | None = Field(default=None, index=True)
    date_precision: str | None = None
    language: str = "en"
    external_id: str | None = Field(default=None, index=True)
    origin: str | None = None  # file (and line) it was imported from
    supersedes_id: str | None = Field(default=None, foreign_key="document.id")
    meta: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    imported_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())


class Sentence(SQLModel, table=True):
    __tablename__ = "sentence"
    __table_args__ = (
        UniqueConstraint("document_id", "index"),
        CheckConstraint("kind IN ('content', 'headline', 'caption', 'boilerplate')", name="kind"),
    )

    id: str = Field(primary_key=True, max_length=64)
    document_id: str = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    index: int
    paragraph: int
    start: int
    end: int
    text: str
    kind: str = Field(default=SentenceKind.content, index=True)


class Decision(SQLModel, table=True):
    """An annotator's verdict on a sentence: one per (sentence, annotator)."""

    __tablename__ = "decision"
    __table_args__ = (
        UniqueConstraint("sentence_id", "annotator"),
        CheckConstraint("kind IN ('statements', 'no_claim', 'skip')", name="kind"),
        CheckConstraint("role IN ('annotator', 'adjudicator')", name="role"),
        # The disagreement count of reports reads only the few disputed decisions.
        Index("ix_decision_disputed_sentence_id", "disputed", "sentence_id"),
        # And their adjudicated count only the few adjudicators' decisions.
        Index("ix_decision_role_sentence_id", "role", "sentence_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    sentence_id: str = Field(foreign_key="sentence.id", index=True, ondelete="CASCADE")
    annotator: str = Field(index=True, max_length=128)
    kind: str
    role: str = DecisionRole.annotator
    codebook_version_id: int | None = Field(default=None, foreign_key="codebook_version.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())
    # The resolution (models.resolution), kept by models.decisions on every
    # write to the sentence, so reports filter a column instead of probing every row:
    # whether this is the decision reports count for its sentence, and whether it is
    # left out because its annotators disagree.
    counted: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    disputed: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class Assignment(SQLModel, table=True):
    """A document handed to a coder (`annotator assign`). A document has one coder, or two
    when it is in the reliability sample: slot 1 is its first coder, slot 2 its second."""

    __tablename__ = "assignment"
    __table_args__ = (
        UniqueConstraint("document_id", "annotator"),
        UniqueConstraint("document_id", "slot"),
        CheckConstraint("slot IN (1, 2)", name="slot"),
    )

    id: int | None = Field(default=None, primary_key=True)
    document_id: str = Field(foreign_key="document.id", ondelete="CASCADE")
    annotator: str = Field(index=True, max_length=128)
    slot: int = 1
    batch: int  # which run of `annotator assign` made it (1, 2, …)
    seed: int
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())


class Statement(SQLModel, table=True):
    """One claim reported in a sentence: speaker x claim type x stance."""

    __tablename__ = "statement"
    __table_args__ = (UniqueConstraint("decision_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    decision_id: int = Field(foreign_key="decision.id", index=True, ondelete="CASCADE")
    position: int = 0
    speaker_id: str = Field(foreign_key="actor.id", index=True)
    claim_id: str = Field(foreign_key="claim_type.id", index=True)
    stance_id: str = Field(foreign_key="stance.id")
    note: str | None = None
    from_suggestion: bool = False
    suggestion_source: str | None = None


class Suggestion(SQLModel, table=True):
    """A proposed statement (rule, model or another tool's pre-annotation); never a label."""

    __tablename__ = "suggestion"
    __table_args__ = (UniqueConstraint("sentence_id", "source", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    sentence_id: str = Field(foreign_key="sentence.id", index=True, ondelete="CASCADE")
    source: str = Field(max_length=128)
    position: int = 0
    speaker_id: str | None = Field(default=None, foreign_key="actor.id")
    claim_id: str | None = Field(default=None, foreign_key="claim_type.id")
    stance_id: str | None = Field(default=None, foreign_key="stance.id")
    no_claim: bool = False
    confidence: float = 1.0
    reason: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())


class Event(SQLModel, table=True):
    """Append-only history of every change; undo and redo are events too."""

    __tablename__ = "event"
    # A write's client-made key: a retry finds its own committed event instead of
    # applying the change twice (annotator.tui.writes).
    __table_args__ = (Index("uq_event_write_id", "write_id", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())
    annotator: str = Field(index=True, max_length=128)
    action: str = Field(max_length=64)
    sentence_id: str | None = Field(default=None, index=True)
    decision_id: int | None = None
    reverts_event_id: int | None = Field(default=None, foreign_key="event.id", index=True)
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    write_id: str | None = Field(default=None, max_length=36)


class StatementFact(SQLModel, table=True):
    """The counted statements of one document, one row per speaker, claim and stance, with
    the speaker's side and the document's period keys (None where the document is undated
    or dated too coarsely for that interval): what `report stance` groups, already
    resolved and deduplicated per document. models.facts keeps it in the transaction of
    every write that changes what counts (decisions, a codebook's mapping or sides).

    Each fact also says whether it is the first of its document for its side (speaker),
    with or without its claim, so a report counts documents by summing that mark rather
    than counting distinct ids; and an index holds the default report's grouping (month,
    side, claim) with all it reads, so that report reads facts in order, without a sort."""

    __tablename__ = "statement_fact"
    __table_args__ = (
        Index(
            "ix_statement_fact_month_side_id",
            "month",
            "side_id",
            "claim_id",
            "stance_id",
            "first_for_side_claim",
            "first_for_side",
        ),
    )

    document_id: str = Field(
        primary_key=True, foreign_key="document.id", ondelete="CASCADE", max_length=40
    )
    speaker_id: str = Field(primary_key=True, max_length=64)
    claim_id: str = Field(primary_key=True, max_length=64)
    stance_id: str = Field(primary_key=True, max_length=64)
    side_id: str = Field(max_length=64)
    statements: int  # how many counted statements of the document hold this triple
    # 1 on one fact of each document and side (side and claim, speaker, speaker and
    # claim), else 0: summed over a report's cell, they count its documents.
    first_for_side: int
    first_for_side_claim: int
    first_for_speaker: int
    first_for_speaker_claim: int
    date: dt.date | None = None
    week: str | None = Field(default=None, max_length=8)
    month: str | None = Field(default=None, max_length=7)
    quarter: str | None = Field(default=None, max_length=7)
    year: str | None = Field(default=None, max_length=4)
