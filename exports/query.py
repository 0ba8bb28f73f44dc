"""Stream decisions out of the database in export order, in constant memory.

One query joins sentence, document, decision and statement rows with the codebook
labels, ordered by document date (undated last), document id, sentence index,
annotator and statement position. Rows are fetched a page at a time (a server-side
cursor on PostgreSQL, SQLite's lazy cursor otherwise) and folded into one
`DecisionRecord` per decision, so memory does not grow with the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Select, and_, func, select
from sqlmodel import col

from exports.records import DecisionRecord, StatementRecord
from models.tables import (
    Actor,
    ClaimType,
    CodebookVersion,
    Decision,
    Document,
    Sentence,
    SentenceKind,
    Side,
    Stance,
    Statement,
)

PAGE_ROWS = 5000


@dataclass(frozen=True)
class ExportFilter:
    """What to export. `kinds` empty means every sentence kind; `since`/`until` are
    document dates (inclusive), as in the reports."""

    annotators: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    kinds: tuple[str, ...] = (SentenceKind.content.value,)
    include_unlabelled: bool = False


def _document_conditions(filters: ExportFilter) -> list[Any]:
    conditions: list[Any] = []
    if filters.sources:
        conditions.append(col(Document.source).in_(filters.sources))
    if filters.since is not None:
        conditions.append(col(Document.date) >= filters.since)
    if filters.until is not None:
        conditions.append(col(Document.date) <= filters.until)
    return conditions


def _decision_join(filters: ExportFilter) -> Any:
    # The annotator filter sits in the join, so that with --include-unlabelled a
    # sentence this annotator has not decided still shows up as a task line.
    condition = col(Decision.sentence_id) == col(Sentence.id)
    if filters.annotators:
        condition = and_(condition, col(Decision.annotator).in_(filters.annotators))
    return condition


def _statement(filters: ExportFilter) -> Select[Any]:
    stmt: Any = (
        select(
            col(Document.id),
            col(Document.title),
            col(Document.date),
            col(Document.source),
            col(Document.url),
            col(Sentence.id),
            col(Sentence.index),
            col(Sentence.start),
            col(Sentence.end),
            col(Sentence.kind),
            col(Sentence.text),
            col(Decision.id),
            col(Decision.annotator),
            col(Decision.role),
            col(Decision.kind),
            col(Decision.created_at),
            col(Decision.updated_at),
            col(CodebookVersion.version),
            col(Statement.speaker_id),
            col(Actor.name),
            col(Actor.kind),
            col(Actor.side_id),
            col(Side.label),
            col(Statement.claim_id),
            col(ClaimType.label),
            col(Statement.stance_id),
            col(Stance.label),
            col(Stance.score),
            col(Statement.from_suggestion),
            col(Statement.suggestion_source),
            col(Statement.note),
        )
        .select_from(Sentence)
        .join(Document, col(Document.id) == col(Sentence.document_id))
        .join(Decision, _decision_join(filters), isouter=filters.include_unlabelled)
        .outerjoin(CodebookVersion, col(CodebookVersion.id) == col(Decision.codebook_version_id))
        .outerjoin(Statement, col(Statement.decision_id) == col(Decision.id))
        .outerjoin(Actor, col(Actor.id) == col(Statement.speaker_id))
        .outerjoin(Side, col(Side.id) == col(Actor.side_id))
        .outerjoin(ClaimType, col(ClaimType.id) == col(Statement.claim_id))
        .outerjoin(Stance, col(Stance.id) == col(Statement.stance_id))
        .where(*_document_conditions(filters))
        .order_by(
            col(Document.date).asc().nulls_last(),
            col(Document.id),
            col(Sentence.index),
            col(Decision.annotator).asc().nulls_first(),
            col(Statement.position),
        )
    )
    if filters.kinds:
        stmt = stmt.where(col(Sentence.kind).in_(filters.kinds))
    return stmt


def _record(row: Sequence[Any], statements: tuple[StatementRecord, ...]) -> DecisionRecord:
    return DecisionRecord(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        row[6],
        row[7],
        row[8],
        row[9],
        row[10],
        row[12],
        row[13],
        row[14],
        statements,
        row[15],
        row[16],
        row[17],
    )


def _statement_record(row: Sequence[Any]) -> StatementRecord:
    return StatementRecord(
        row[18],
        row[19],
        row[20],
        row[21],
        row[22],
        row[23],
        row[24],
        row[25],
        row[26],
        float(row[27]),
        bool(row[28]),
        row[29],
        row[30],
    )


def iter_records(engine: Engine, filters: ExportFilter) -> Iterator[DecisionRecord]:
    """Every decision that passes the filters (plus task lines), in export order."""
    with engine.connect() as connection:
        result = connection.execution_options(yield_per=PAGE_ROWS).execute(_statement(filters))
        current: Sequence[Any] | None = None
        statements: list[StatementRecord] = []
        for row in result:
            if current is not None and (row[11] is None or row[11] != current[11]):
                yield _record(current, tuple(statements))
                statements = []
            current = row
            if row[18] is not None:
                statements.append(_statement_record(row))
        if current is not None:
            yield _record(current, tuple(statements))


def decisions_left_out_by_kind(engine: Engine, filters: ExportFilter) -> int:
    """Decisions the --kind filter hides, so the CLI can say so rather than drop them."""
    if not filters.kinds:
        return 0
    stmt = (
        select(func.count(col(Decision.id)))
        .select_from(Decision)
        .join(Sentence, col(Sentence.id) == col(Decision.sentence_id))
        .join(Document, col(Document.id) == col(Sentence.document_id))
        .where(col(Sentence.kind).not_in(filters.kinds), *_document_conditions(filters))
    )
    if filters.annotators:
        stmt = stmt.where(col(Decision.annotator).in_(filters.annotators))
    with engine.connect() as connection:
        return int(connection.execute(stmt).scalar_one())
