"""The annotation queue: which sentence comes next, found by keyset queries.

Queue order is document date (undated documents last), document id, sentence index.
With the "least sure first" order (`Order.uncertain`), the next unannotated sentence is
the one the model is least sure about instead (`uncertain.py`); stepping sentence by
sentence still follows document order.
Every step is one `LIMIT 1` query from the current position, so moving costs the same on
five articles as on a million sentences; nothing ever loads the whole queue.

A coder with an assignment (`annotator assign`) has a queue of their documents only, plus
the document they are in (reached by `g`, say); a filter naming a document, or
`everything`, lifts that. Without an assignment the queue holds every document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, or_, select, true, tuple_
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


def position_of(session: Session, sentence_id: str) -> Position | None:
    row = session.execute(
        select(doc_date, doc_id, sentence_index)
        .join(_D, col(_S.document_id) == doc_id)
        .where(col(_S.id) == sentence_id)
    ).first()
    return Position(row[0], row[1], row[2]) if row else None


def decided(annotator: str, kinds: tuple[str, ...] | None = None) -> ColumnElement[bool]:
    """The sentence has a decision by `annotator` (of one of `kinds`, if given)."""
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


def conditions(
    annotator: str, flt: QueueFilter, here: str | None = None
) -> list[ColumnElement[bool]]:
    """`here`: the document the annotator is in, which stays in the queue."""
    where = [col(_S.kind).in_(QUEUED_KINDS), _status(annotator, flt.status)]
    if not flt.document_id and not flt.everything:
        scope = in_scope(annotator, doc_id)
        where.append(or_(scope, doc_id == here) if here else scope)
    if flt.document_id:
        where.append(doc_id == flt.document_id)
    if flt.source:
        where.append(col(_D.source) == flt.source)
    if flt.since:
        where.append(flt.since <= doc_date)
    if flt.until:
        where.append(flt.until >= doc_date)
    return where


def _beyond(pos: Position, forward: bool, whole_document: bool) -> ColumnElement[bool]:
    """Strictly after (or before) `pos` in queue order, inside pos's date segment.

    Written as a document-key range plus a tie-break, so the (date, id) index bounds it."""
    doc_key: Any = doc_id if pos.date is None else tuple_(doc_date, doc_id)
    here: Any = pos.document_id if pos.date is None else tuple_(pos.date, pos.document_id)
    if whole_document:
        return doc_key > here if forward else doc_key < here
    same_doc_step = sentence_index > pos.index if forward else sentence_index < pos.index
    loose = doc_key >= here if forward else doc_key <= here
    strict = doc_key > here if forward else doc_key < here
    return and_(loose, or_(strict, and_(doc_id == pos.document_id, same_doc_step)))


def _segment_order(dated: bool, forward: bool) -> list[Any]:
    keys = [doc_date, doc_id, sentence_index] if dated else [doc_id, sentence_index]
    return keys if forward else [key.desc() for key in keys]


def _first(
    session: Session, where: list[ColumnElement[bool]], dated: bool, forward: bool
) -> str | None:
    segment = doc_date.is_not(None) if dated else doc_date.is_(None)
    query = (
        select(col(_S.id))
        .join(_D, col(_S.document_id) == doc_id)
        .where(segment, *where)
        .order_by(*_segment_order(dated, forward))
        .limit(1)
    )
    return session.execute(query).scalar()


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
    here = pos.document_id if pos is not None else None
    where = conditions(annotator, flt, here) + (extra or [])
    segments = [True, False] if forward else [False, True]
    if pos is not None:
        here_dated = pos.date is not None
        segments = segments[segments.index(here_dated) :]
    for dated in segments:
        bound = (
            [_beyond(pos, forward, whole_document)]
            if pos is not None and (pos.date is not None) == dated
            else []
        )
        found = _first(session, where + bound, dated, forward)
        if found is not None:
            return found
    return None


def first_of_document(
    session: Session, *, annotator: str, flt: QueueFilter, document_id: str
) -> str | None:
    """The first queue sentence of a document (the filter's other conditions still apply)."""
    narrowed = replace(flt, document_id=document_id)
    for dated in (True, False):
        found = _first(session, conditions(annotator, narrowed), dated, True)
        if found is not None:
            return found
    return None


def text_matches(text: str) -> ColumnElement[bool]:
    """Case-insensitive substring match, with LIKE wildcards taken literally."""
    if not text:
        return false()
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return col(_S.text).ilike(f"%{escaped}%", escape="\\")
