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

from sqlalchemy import Connection, Engine, func, insert, update
from sqlmodel import Session, col, select

from annotator.ingest.clean import classify, repeatable_key
from annotator.ingest.records import DocumentRecord
from annotator.ingest.segment import Span, segment
from models.tables import Document, Sentence, SentenceKind, utcnow

# Only short sentences can be repeated page furniture; longer ones are never looked up.
_REPEATABLE_MAX_CHARS = 160
# A sentence row as stored, in this column order.
_SENTENCE_COLUMNS = ("id", "document_id", "index", "paragraph", "start", "end", "text", "kind")
_ID, _TEXT, _KIND = 0, 6, 7


def document_id(text: str) -> str:
    return "d_" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


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
                key = repeatable_key(text)
                if key is not None:
                    lines.setdefault(key, []).append(sid)
            self._by_source[source] = lines
        return self._by_source[source]

    def forget(self) -> None:
        """Drop the cache (after a rolled-back transaction it may name unstored rows)."""
        self._by_source.clear()


_CHUNK = 500  # ids per IN (...) list


def _existing_ids(session: Session, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        found.update(session.exec(select(Document.id).where(col(Document.id).in_(chunk))).all())
    return found


def _latest_versions(
    session: Session, records: list[DocumentRecord]
) -> dict[tuple[str, str | None], str]:
    """(external id, source) -> id of the newest stored document with them."""
    keys = sorted({r.external_id for r in records if r.external_id})
    latest: dict[tuple[str, str | None], str] = {}
    for i in range(0, len(keys), _CHUNK):
        rows = session.exec(
            select(Document.id, Document.external_id, Document.source)
            .where(col(Document.external_id).in_(keys[i : i + _CHUNK]))
            .order_by(col(Document.imported_at))
        ).all()
        for doc_id, external_id, source in rows:
            latest[(str(external_id), source)] = doc_id
    return latest


def store_documents(
    session: Session, records: list[DocumentRecord], source_lines: SourceLines
) -> list[StoredDocument]:
    """Store the new documents among `records` with their sentences, in bulk."""
    ids = [document_id(record.text) for record in records]
    seen = _existing_ids(session, ids)
    latest = _latest_versions(
        session, [r for r, i in zip(records, ids, strict=True) if i not in seen]
    )
    now = utcnow()
    values = {kind: kind.value for kind in SentenceKind}
    documents: list[dict[str, Any]] = []
    by_document: list[list[tuple[Any, ...]]] = []  # each document's sentence rows
    repeats: list[str] = []
    stored: list[StoredDocument] = []
    for record, doc_id in zip(records, ids, strict=True):
        if doc_id in seen:
            stored.append(StoredDocument(doc_id, StoreStatus.unchanged))
            continue
        seen.add(doc_id)
        version_key = (record.external_id, record.source) if record.external_id else None
        previous = latest.get(version_key) if version_key else None

        spans = segment(record.text, record.language)
        known = source_lines.get(session, record.source) if record.source else {}
        kinds = classify(record.text, spans, title=record.title, repeated=known.keys())
        documents.append(
            {
                "id": doc_id,
                "text": record.text,
                "title": record.title or derived_title(spans, kinds),
                "source": record.source,
                "url": record.url,
                "date": record.date,
                "date_precision": record.date_precision.value if record.date_precision else None,
                "language": record.language,
                "external_id": record.external_id,
                "origin": record.origin,
                "supersedes_id": previous,
                "meta": record.meta,
                "imported_at": now,
            }
        )
        rows = [  # a sentence's id: its document's and its index
            (f"{doc_id}:{index:04d}", doc_id, index, paragraph, start, end, text, values[kind])
            for index, ((start, end, text, paragraph, _), kind) in enumerate(
                zip(spans, kinds, strict=True)
            )
        ]
        if rows:
            by_document.append(rows)
        if record.source:
            repeats.extend(_repeats(rows, known))
        if version_key:
            latest[version_key] = doc_id
        stored.append(
            StoredDocument(
                doc_id,
                StoreStatus.new_version if previous else StoreStatus.new,
                Counter(values[kind] for kind in kinds),
                previous,
            )
        )
    connection = session.connection()
    if documents:
        connection.execute(insert(Document), documents)
    if by_document:
        # In id order (a document's rows nearly are), so that the id and (document,
        # index) indexes are appended to rather than split all over: a sixth of the
        # insert's time. Prepared rows go straight to the driver: SQLAlchemy's per-row
        # parameter building cost a third of the import.
        by_document.sort(key=lambda rows: rows[0][_ID])
        sentences = [row for rows in by_document for row in rows]
        connection.exec_driver_sql(
            _insert_sql(connection, "sentence", _SENTENCE_COLUMNS), sentences
        )
    for i in range(0, len(repeats), _CHUNK):
        connection.execute(
            update(Sentence)
            .where(col(Sentence.id).in_(repeats[i : i + _CHUNK]))
            .values(kind=SentenceKind.boilerplate.value)
        )
    return stored


TITLE_MAX_CHARS = 80


def derived_title(spans: list[Span], kinds: list[SentenceKind]) -> str | None:
    """The title of a document its input left untitled, stored so that every view
    shows the same one: its first headline, else its first content sentence (the
    lede of wire copy), cut at a word to TITLE_MAX_CHARS."""
    for wanted in (SentenceKind.headline, SentenceKind.content):
        text = next((s.text for s, k in zip(spans, kinds, strict=True) if k is wanted), None)
        if text:
            text = " ".join(text.split())
            if len(text) <= TITLE_MAX_CHARS:
                return text
            cut = text.rfind(" ", 0, TITLE_MAX_CHARS)
            return text[: cut if cut > TITLE_MAX_CHARS // 2 else TITLE_MAX_CHARS - 1] + "…"
    return None


def stored_kinds(engine: Engine, document_ids: list[str]) -> Counter[str]:
    """Sentences by kind as the database holds them for these documents."""
    counts: Counter[str] = Counter()
    with Session(engine) as session:
        for i in range(0, len(document_ids), _CHUNK):
            rows = session.exec(
                select(Sentence.kind, func.count())
                .where(col(Sentence.document_id).in_(document_ids[i : i + _CHUNK]))
                .group_by(col(Sentence.kind))
            ).all()
            for kind, n in rows:
                counts[str(kind.value if isinstance(kind, SentenceKind) else kind)] += n
    return counts


def _insert_sql(connection: Connection, table: str, columns: tuple[str, ...]) -> str:
    quote = connection.dialect.identifier_preparer.quote
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    return (
        f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join([mark] * len(columns))})"
    )


def _repeats(rows: list[tuple[Any, ...]], known: dict[str, list[str]]) -> list[str]:
    """Earlier sentences that this document repeats, to become boilerplate too; remember
    this document's short sentences for the next one. `known` maps a line to the
    sentences still to mark when it is seen again (empty once marked)."""
    earlier: list[str] = []
    for row in rows:
        text = row[_TEXT]
        if len(text) > _REPEATABLE_MAX_CHARS:
            continue
        key = repeatable_key(text)
        if key is None:
            continue
        if key not in known:
            known[key] = [str(row[_ID])]
        elif row[_KIND] == SentenceKind.boilerplate:
            # Once marked, a line's earlier sentences need no second update.
            earlier.extend(known[key])
            known[key] = []
    return earlier
