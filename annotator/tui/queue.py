"""The annotation queue: which sentence comes next, found by keyset queries.

Queue order is document date (undated documents last), document id, sentence index.
With the "least sure first" order (`Order.uncertain`), the next unannotated sentence is
the one the model is least sure about instead (`uncertain.py`); stepping sentence by
sentence still follows document order.
Every step is one `LIMIT 1` query from the current position, so moving costs the same on
five articles as on a million sentences; nothing ever loads the whole queue. Each step's
query is built once per annotator, filter and direction, with the position as
parameters: building it cost more than the database takes to answer it.

A coder with an assignment (`annotator assign`) has a queue of their documents only, plus
the document they are in (reached by `g`, say); a filter naming a document, or
`everything`, lifts that. Without an assignment the queue holds every document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Date,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    exists,
    false,
    or_,
    select,
    true,
    tuple_,
)
from sqlmodel import Session, col

from annotator.teams.scope import in_scope
from models.tables import QUEUED_KINDS, Decision, DecisionKind, Document, Sentence

# Boilerplate is kept in the database but never shown for annotation.


class Order(StrEnum):
    """Which unannotated sentence comes next: the next in document order, or the one the
    suggestion model is least sure about (`annotator.tui.uncertain`)."""

    document = "document"
    uncertain = "uncertain"


class Status(StrEnum):
    """Which sentences the queue holds, from the annotator's point of view."""

    all = "all"
    todo = "todo"  # no decision yet
    done = "done"  # statements or no claim
    skipped = "skipped"


@dataclass(frozen=True)
class QueueFilter:
    document_id: str | None = None
    source: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    status: Status = Status.all
    everything: bool = False  # every document, not only the annotator's assignment
    order: Order = Order.document

    def describe(self) -> str:
        parts = [
            f"document {self.document_id}" if self.document_id else "",
            f"source {self.source}" if self.source else "",
            f"from {self.since}" if self.since else "",
            f"until {self.until}" if self.until else "",
            f"status {self.status.value}" if self.status is not Status.all else "",
            "all documents" if self.everything else "",
            "least sure first" if self.order is Order.uncertain else "",
        ]
        return ", ".join(p for p in parts if p) or "all sentences"


@dataclass(frozen=True)
class Position:
    """Where a sentence sits in queue order."""

    date: dt.date | None
    document_id: str
    index: int


_S = Sentence
_D = Document
doc_date = col(_D.date)
doc_id = col(_D.id)
sentence_index = col(_S.index)


# Where a step starts from: the position, and the document the annotator is in.
_AT_DATE: BindParameter[Any] = bindparam("queue_date", type_=Date())
_AT_DOCUMENT: BindParameter[Any] = bindparam("queue_document", type_=String())
_AT_INDEX: BindParameter[Any] = bindparam("queue_index", type_=Integer())


@cache
def _position_query() -> Select:
    return (
        select(doc_date, doc_id, sentence_index)
        .join(_D, col(_S.document_id) == doc_id)
        .where(col(_S.id) == bindparam("position_sentence_id"))
    )


def position_of(session: Session, sentence_id: str) -> Position | None:
    row = (
        session.connection()
        .execute(_position_query(), {"position_sentence_id": sentence_id})
        .first()
    )
    return Position(row[0], row[1], row[2]) if row else None


def decided(annotator: Any, kinds: tuple[str, ...] | None = None) -> ColumnElement[bool]:
    """The sentence has a decision by `annotator` (a name or a parameter; of one of
    `kinds`, if given)."""
    condition = and_(col(Decision.sentence_id) == col(_S.id), col(Decision.annotator) == annotator)
    if kinds is not None:
        condition = and_(condition, col(Decision.kind).in_(kinds))
    return exists().where(condition)


def _status(annotator: str, status: Status) -> ColumnElement[bool]:
    if status is Status.todo:
        return ~decided(annotator)
    if status is Status.done:
        return decided(annotator, (DecisionKind.statements.value, DecisionKind.no_claim.value))
    if status is Status.skipped:
        return decided(annotator, (DecisionKind.skip.value,))
    return true()


def conditions(annotator: str, flt: QueueFilter, here: Any = None) -> list[ColumnElement[bool]]:
    """`here`: the document the annotator is in (an id, or a parameter), which stays in
    the queue."""
    where = [col(_S.kind).in_(QUEUED_KINDS), _status(annotator, flt.status)]
    if not flt.document_id and not flt.everything:
        scope = in_scope(annotator, doc_id)
        where.append(or_(scope, doc_id == here) if here is not None else scope)
    if flt.document_id:
        where.append(doc_id == flt.document_id)
    if flt.source:
        where.append(col(_D.source) == flt.source)
    if flt.since:
        where.append(flt.since <= doc_date)
    if flt.until:
        where.append(flt.until >= doc_date)
    return where


def _segment_order(dated: bool, forward: bool) -> list[Any]:
    keys = [doc_date, doc_id, sentence_index] if dated else [doc_id, sentence_index]
    return keys if forward else [key.desc() for key in keys]


def _first_query(where: list[ColumnElement[bool]], dated: bool, forward: bool) -> Select:
    segment = doc_date.is_not(None) if dated else doc_date.is_(None)
    return (
        select(col(_S.id))
        .join(_D, col(_S.document_id) == doc_id)
        .where(segment, *where)
        .order_by(*_segment_order(dated, forward))
        .limit(1)
    )


def step(
    session: Session,
    *,
    annotator: str,
    flt: QueueFilter,
    pos: Position | None,
    forward: bool = True,
    whole_document: bool = False,
    extra: list[ColumnElement[bool]] | None = None,
) -> str | None:
    """The next (or previous) queue sentence after `pos`; from the start when pos is None.

    `whole_document` steps past the rest of pos's document; `extra` narrows further
    (text search). Dated documents come first, then undated ones."""
    segments = [True, False] if forward else [False, True]
    parameters: dict[str, Any] = {}
    if pos is not None:
        segments = segments[segments.index(pos.date is not None) :]
        parameters = {
            "queue_date": pos.date,
            "queue_document": pos.document_id,
            "queue_index": pos.index,
        }
    connection = session.connection()
    for dated in segments:
        shape = _Shape(
            annotator,
            flt,
            dated,
            forward,
            whole_document,
            bounded=pos is not None and (pos.date is not None) == dated,
            here=pos is not None,
        )
        query = _step_query(shape, extra) if extra else _cached_step_query(shape)
        found = connection.execute(query, parameters).scalar()
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class _Shape:
    """What a step's query depends on besides the position it starts from."""

    annotator: str
    flt: QueueFilter
    dated: bool  # the segment searched: dated documents, or undated ones
    forward: bool
    whole_document: bool
    bounded: bool  # the position is in this segment: start after it
    here: bool  # from a position (its document stays in the queue)


@lru_cache(maxsize=256)
def _cached_step_query(shape: _Shape) -> Select:
    return _step_query(shape, None)


def _step_query(shape: _Shape, extra: list[ColumnElement[bool]] | None) -> Select:
    where = conditions(shape.annotator, shape.flt, _AT_DOCUMENT if shape.here else None)
    if shape.bounded:
        where.append(_beyond(shape.dated, shape.forward, shape.whole_document))
    return _first_query(where + (extra or []), shape.dated, shape.forward)


def _beyond(dated: bool, forward: bool, whole_document: bool) -> ColumnElement[bool]:
    """Strictly after (or before) the position (queue_date, _document, _index) in queue
    order, inside its date segment (`dated`: the position's document has a date).

    Written as a document-key range plus a tie-break, so the (date, id) index bounds it."""
    doc_key: Any = tuple_(doc_date, doc_id) if dated else doc_id
    here: Any = tuple_(_AT_DATE, _AT_DOCUMENT) if dated else _AT_DOCUMENT
    if whole_document:
        return doc_key > here if forward else doc_key < here
    same_doc_step = sentence_index > _AT_INDEX if forward else sentence_index < _AT_INDEX
    loose = doc_key >= here if forward else doc_key <= here
    strict = doc_key > here if forward else doc_key < here
    return and_(loose, or_(strict, and_(doc_id == _AT_DOCUMENT, same_doc_step)))


def first_of_document(
    session: Session, *, annotator: str, flt: QueueFilter, document_id: str
) -> str | None:
    """The first queue sentence of a document (the filter's other conditions still apply)."""
    narrowed = replace(flt, document_id=document_id)
    for dated in (True, False):
        query = _first_query(conditions(annotator, narrowed), dated, True)
        found = session.execute(query).scalar()
        if found is not None:
            return found
    return None


def text_matches(text: str) -> ColumnElement[bool]:
    """Case-insensitive substring match, with LIKE wildcards taken literally."""
    if not text:
        return false()
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return col(_S.text).ilike(f"%{escaped}%", escape="\\")
