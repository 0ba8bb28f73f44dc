"""Write a document and its sentences in the caller's transaction.

Ids come from content: a document's id is a hash of its text, a sentence's id is the
document id and its index. Re-importing the same text therefore changes nothing and
orphans no label; a changed text under the same name is a new version that records the
document it supersedes.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import func, insert, update
from sqlmodel import Session, col, select

from annotator.ingest.clean import classify, is_repeatable, normalise
from annotator.ingest.records import DocumentRecord
from annotator.ingest.segment import segment
from models.tables import Document, Sentence, SentenceKind, utcnow

# Only short sentences can be repeated page furniture; longer ones are never looked up.
_REPEATABLE_MAX_CHARS = 160


def document_id(text: str) -> str:
    return "d_" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def sentence_id(doc_id: str, index: int) -> str:
    return f"{doc_id}:{index:04d}"


class StoreStatus(StrEnum):
    new = "new"
    unchanged = "unchanged"
    new_version = "new version"


@dataclass
class StoredDocument:
    id: str
    status: StoreStatus
    kinds: Counter[str] = field(default_factory=Counter)
    supersedes: str | None = None


class SourceLines:
    """Short sentences already stored per source, loaded once per source and run, so
    lines repeated across a source's documents are found without a query per line."""

    def __init__(self) -> None:
        self._by_source: dict[str, dict[str, list[str]]] = {}

    def get(self, session: Session, source: str) -> dict[str, list[str]]:
        if source not in self._by_source:
            rows = session.exec(
                select(Sentence.id, Sentence.text)
                .join(Document, col(Document.id) == col(Sentence.document_id))
                .where(Document.source == source)
                .where(func.length(Sentence.text) <= _REPEATABLE_MAX_CHARS)
            ).all()
            lines: dict[str, list[str]] = {}
            for sid, text in rows:
                if is_repeatable(text):
                    lines.setdefault(normalise(text), []).append(sid)
            self._by_source[source] = lines
        return self._by_source[source]

    def forget(self) -> None:
        """Drop the cache (after a rolled-back transaction it may name unstored rows)."""
        self._by_source.clear()


def _previous_version(session: Session, record: DocumentRecord) -> str | None:
    if not record.external_id:
        return None
    query = select(Document.id).where(Document.external_id == record.external_id)
    query = query.where(
        Document.source == record.source if record.source else col(Document.source).is_(None)
    )
    return session.exec(query.order_by(col(Document.imported_at).desc())).first()


def store_document(
    session: Session, record: DocumentRecord, source_lines: SourceLines
) -> StoredDocument:
    doc_id = document_id(record.text)
    if session.get(Document, doc_id) is not None:
        return StoredDocument(doc_id, StoreStatus.unchanged)
    previous = _previous_version(session, record)

    spans = segment(record.text, record.language)
    known = source_lines.get(session, record.source) if record.source else {}
    kinds = classify(record.text, spans, title=record.title, repeated=known.keys())

    connection = session.connection()
    connection.execute(
        insert(Document),
        {
            "id": doc_id,
            "text": record.text,
            "title": record.title,
            "source": record.source,
            "url": record.url,
            "date": record.date,
            "date_precision": record.date_precision.value if record.date_precision else None,
            "language": record.language,
            "external_id": record.external_id,
            "origin": record.origin,
            "supersedes_id": previous,
            "meta": record.meta,
            "imported_at": utcnow(),
        },
    )
    rows: list[dict[str, Any]] = [
        {
            "id": sentence_id(doc_id, index),
            "document_id": doc_id,
            "index": index,
            "paragraph": span.paragraph,
            "start": span.start,
            "end": span.end,
            "text": span.text,
            "kind": kind.value,
        }
        for index, (span, kind) in enumerate(zip(spans, kinds, strict=True))
    ]
    if rows:
        connection.execute(insert(Sentence), rows)

    if record.source:
        _mark_repeats(session, rows, known)
    return StoredDocument(
        doc_id,
        StoreStatus.new_version if previous else StoreStatus.new,
        Counter(row["kind"] for row in rows),
        previous,
    )


def _mark_repeats(
    session: Session, rows: list[dict[str, Any]], known: dict[str, list[str]]
) -> None:
    """Earlier sentences that this document repeats become boilerplate too; remember
    this document's short sentences for the next one. `known` maps a line to the
    sentences still to mark when it is seen again (empty once marked)."""
    earlier: list[str] = []
    for row in rows:
        text = str(row["text"])
        if len(text) > _REPEATABLE_MAX_CHARS or not is_repeatable(text):
            continue
        key = normalise(text)
        if key not in known:
            known[key] = [str(row["id"])]
        elif row["kind"] == SentenceKind.boilerplate:
            # Once marked, a line's earlier sentences need no second update.
            earlier.extend(known[key])
            known[key] = []
    if earlier:
        session.execute(
            update(Sentence)
            .where(col(Sentence.id).in_(earlier))
            .values(kind=SentenceKind.boilerplate.value)
        )
