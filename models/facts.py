"""Statement facts: what `report stance` groups, kept at write time.

One row per document, speaker, claim and stance, counting the document's counted
statements that hold them (models.resolution decides which decisions count), with the
speaker's side, the document's period keys, and marks on the first fact of each document
and side (or speaker, with or without the claim). Reports then group a flat, already
deduplicated table instead of joining six tables, and count documents by summing marks
instead of counting distinct ids.

Every write that changes what counts refreshes the facts in the same transaction:
models.decisions after resolving a sentence (its document's facts), models.codebook
after a mapping or a change of sides (all facts); migration 0006 builds them once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Delete,
    Insert,
    Table,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    or_,
)
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from models.periods import PRECISE_ENOUGH, Interval, period_key
from models.prepared import execute_prepared
from models.tables import Actor, Decision, Document, Sentence, Statement, StatementFact

_DOCUMENT = "fact_document_id"
# The Core table: an ORM insert with parameters would be taken for a bulk insert of rows.
_FACTS: Table = StatementFact.__table__  # type: ignore[attr-defined]
_DATE: ColumnElement[Any] = Document.__table__.c.date  # type: ignore[attr-defined]


def _key(interval: Interval) -> ColumnElement[str]:
    """The document's key for `interval`, or NULL where its date cannot place it there."""
    precision = col(Document.date_precision)
    precise = or_(precision.is_(None), precision.in_(sorted(PRECISE_ENOUGH[interval])))
    return case(
        (and_(col(Document.date).is_not(None), precise), period_key(_DATE, interval)),
        else_=None,
    )


def _marks(within: Any) -> tuple[ColumnElement[int], ColumnElement[int]]:
    """1 on one fact of each document and `within` (side or speaker), and on one of each
    document, `within` and claim; else 0. In claim order within each document and
    `within`, those are the first fact and the first of each claim's run: one window, one
    sort, for both. The marks depend on the document's facts alone, so refreshing one
    document gives the same marks as rebuilding them all."""
    claim = col(Statement.claim_id)
    order = (claim, col(Statement.speaker_id), col(Statement.stance_id))
    partition = (col(Sentence.document_id), within)
    first = func.row_number().over(partition_by=partition, order_by=order) == 1
    previous = func.lag(claim).over(partition_by=partition, order_by=order)
    new_claim = previous.is_distinct_from(claim)
    return case((first, 1), else_=0), case((new_claim, 1), else_=0)


def _build(where: ColumnElement[bool] | None) -> Insert:
    document_id = col(Sentence.document_id)
    triple = (col(Statement.speaker_id), col(Statement.claim_id), col(Statement.stance_id))
    side, speaker = col(Actor.side_id), col(Statement.speaker_id)
    query = (
        sa_select(
            document_id,
            *triple,
            side,
            func.count(),
            *_marks(side),
            *_marks(speaker),
            col(Document.date),
            *(_key(interval) for interval in Interval),
        )
        .select_from(Statement)
        .join(Decision, col(Decision.id) == col(Statement.decision_id))
        .join(Sentence, col(Sentence.id) == col(Decision.sentence_id))
        .join(Document, col(Document.id) == document_id)
        .join(Actor, col(Actor.id) == col(Statement.speaker_id))
        .where(col(Decision.counted).is_(True))
        .group_by(
            document_id,
            *triple,
            col(Actor.side_id),
            col(Document.date),
            col(Document.date_precision),
        )
    )
    if where is not None:
        query = query.where(where)
    columns = ["document_id", "speaker_id", "claim_id", "stance_id", "side_id", "statements"]
    columns += ["first_for_side", "first_for_side_claim"]
    columns += ["first_for_speaker", "first_for_speaker_claim"]
    columns += ["date", *(interval.value for interval in Interval)]
    return insert(_FACTS).from_select(columns, query)


def _forget_document() -> Delete:
    return delete(_FACTS).where(_FACTS.c.document_id == bindparam(_DOCUMENT, required=False))


def _count_document() -> Insert:
    return _build(col(Sentence.document_id) == bindparam(_DOCUMENT, required=False))


def refresh_document_facts(session: Session, document_id: str) -> None:
    """Recompute one document's facts (after a write to one of its sentences)."""
    for statement in (_forget_document, _count_document):
        execute_prepared(session, statement, {_DOCUMENT: document_id})


def rebuild_facts() -> tuple[Delete, Insert]:
    """The statements that recompute every fact (a migration, a codebook change)."""
    return delete(_FACTS), _build(None)
