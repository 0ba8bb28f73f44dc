"""The storage schema as SQLAlchemy Core tables, for the commands that only read (the
reports): columns, keys and foreign keys, without the ORM, SQLModel or pydantic, which
cost `annotator report` most of its start. Rendered from models.tables, the one place
the schema is declared (python -m tests.schema_source > models/schema.py), and held
equal to it by tests/test_schema.py; never used to create or migrate a database.

A Core table and its SQLModel class are distinct Table objects of one SQL table: a
statement uses one or the other, never both (SQL would name the table twice).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
)

metadata = MetaData()


actors = Table(
    "actor",
    metadata,
    Column("id", String(length=64), primary_key=True),
    Column("name", String(), nullable=False),
    Column("side_id", String(), ForeignKey("side.id"), nullable=False),
    Column("kind", String(), nullable=False),
    Column("aliases", JSON(), nullable=False),
    Column("description", String(), nullable=False),
    Column("position", Integer(), nullable=False),
    Column("active", Boolean(), nullable=False),
)


assignments = Table(
    "assignment",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("document_id", String(), ForeignKey("document.id", ondelete="CASCADE"), nullable=False),
    Column("annotator", String(length=128), nullable=False),
    Column("slot", Integer(), nullable=False),
    Column("batch", Integer(), nullable=False),
    Column("seed", Integer(), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


claim_types = Table(
    "claim_type",
    metadata,
    Column("id", String(length=64), primary_key=True),
    Column("label", String(), nullable=False),
    Column("definition", String(), nullable=False),
    Column("examples", JSON(), nullable=False),
    Column("triggers", JSON(), nullable=False),
    Column("key", String(), nullable=True),
    Column("position", Integer(), nullable=False),
    Column("active", Boolean(), nullable=False),
)


codebook_versions = Table(
    "codebook_version",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("name", String(), nullable=False),
    Column("version", String(), nullable=False),
    Column("content_hash", String(length=64), nullable=False),
    Column("source", String(), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("activated_at", DateTime(timezone=True), nullable=False),
)


decisions = Table(
    "decision",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("sentence_id", String(), ForeignKey("sentence.id", ondelete="CASCADE"), nullable=False),
    Column("annotator", String(length=128), nullable=False),
    Column("kind", String(), nullable=False),
    Column("role", String(), nullable=False),
    Column("codebook_version_id", Integer(), ForeignKey("codebook_version.id"), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("counted", Boolean(), nullable=False),
    Column("disputed", Boolean(), nullable=False),
)


documents = Table(
    "document",
    metadata,
    Column("id", String(length=40), primary_key=True),
    Column("text", String(), nullable=False),
    Column("title", String(), nullable=True),
    Column("source", String(), nullable=True),
    Column("url", String(), nullable=True),
    Column("date", Date(), nullable=True),
    Column("date_precision", String(), nullable=True),
    Column("language", String(), nullable=False),
    Column("external_id", String(), nullable=True),
    Column("origin", String(), nullable=True),
    Column("supersedes_id", String(), ForeignKey("document.id"), nullable=True),
    Column("meta", JSON(), nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
)


events = Table(
    "event",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("annotator", String(length=128), nullable=False),
    Column("action", String(length=64), nullable=False),
    Column("sentence_id", String(), nullable=True),
    Column("decision_id", Integer(), nullable=True),
    Column("reverts_event_id", Integer(), ForeignKey("event.id"), nullable=True),
    Column("before", JSON(), nullable=True),
    Column("after", JSON(), nullable=True),
    Column("write_id", String(length=36), nullable=True),
)


sentences = Table(
    "sentence",
    metadata,
    Column("id", String(length=64), primary_key=True),
    Column("document_id", String(), ForeignKey("document.id", ondelete="CASCADE"), nullable=False),
    Column("index", Integer(), nullable=False),
    Column("paragraph", Integer(), nullable=False),
    Column("start", Integer(), nullable=False),
    Column("end", Integer(), nullable=False),
    Column("text", String(), nullable=False),
    Column("kind", String(), nullable=False),
)


sides = Table(
    "side",
    metadata,
    Column("id", String(length=64), primary_key=True),
    Column("label", String(), nullable=False),
    Column("description", String(), nullable=False),
    Column("color", String(), nullable=True),
    Column("position", Integer(), nullable=False),
    Column("active", Boolean(), nullable=False),
)


stances = Table(
    "stance",
    metadata,
    Column("id", String(length=64), primary_key=True),
    Column("label", String(), nullable=False),
    Column("score", Float(), nullable=False),
    Column("definition", String(), nullable=False),
    Column("key", String(), nullable=True),
    Column("position", Integer(), nullable=False),
    Column("active", Boolean(), nullable=False),
)


statements = Table(
    "statement",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("decision_id", Integer(), ForeignKey("decision.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer(), nullable=False),
    Column("speaker_id", String(), ForeignKey("actor.id"), nullable=False),
    Column("claim_id", String(), ForeignKey("claim_type.id"), nullable=False),
    Column("stance_id", String(), ForeignKey("stance.id"), nullable=False),
    Column("note", String(), nullable=True),
    Column("from_suggestion", Boolean(), nullable=False),
    Column("suggestion_source", String(), nullable=True),
)


statement_facts = Table(
    "statement_fact",
    metadata,
    Column(
        "document_id",
        String(length=40),
        ForeignKey("document.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("speaker_id", String(length=64), primary_key=True),
    Column("claim_id", String(length=64), primary_key=True),
    Column("stance_id", String(length=64), primary_key=True),
    Column("side_id", String(length=64), nullable=False),
    Column("statements", Integer(), nullable=False),
    Column("first_for_side", Integer(), nullable=False),
    Column("first_for_side_claim", Integer(), nullable=False),
    Column("first_for_speaker", Integer(), nullable=False),
    Column("first_for_speaker_claim", Integer(), nullable=False),
    Column("date", Date(), nullable=True),
    Column("week", String(length=8), nullable=True),
    Column("month", String(length=7), nullable=True),
    Column("quarter", String(length=7), nullable=True),
    Column("year", String(length=4), nullable=True),
)


suggestions = Table(
    "suggestion",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("sentence_id", String(), ForeignKey("sentence.id", ondelete="CASCADE"), nullable=False),
    Column("source", String(length=128), nullable=False),
    Column("position", Integer(), nullable=False),
    Column("speaker_id", String(), ForeignKey("actor.id"), nullable=True),
    Column("claim_id", String(), ForeignKey("claim_type.id"), nullable=True),
    Column("stance_id", String(), ForeignKey("stance.id"), nullable=True),
    Column("no_claim", Boolean(), nullable=False),
    Column("confidence", Float(), nullable=False),
    Column("reason", String(), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
