"""Stream decisions out of the database in export order, in constant memory.

Export order: document date (undated last), document id, sentence index, annotator,
statement position. Documents are read a page at a time in that order (a server-side
cursor on PostgreSQL, SQLite's lazy cursor otherwise); for each page one query fetches
its sentences, decisions and statements along the unique indexes (document, index),
(sentence, annotator) and (decision, position), so the database never sorts the whole
export. Codebook labels (speakers, sides, claims, stances, codebook versions) are small
and looked up in memory. Memory holds one page, however large the database.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, and_, bindparam, func, select
from sqlmodel import col

from exports.records import DecisionRecord, StatementRecord
from models.collector import paused
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

DOCUMENTS_PER_PAGE = 50
FETCH_ROWS = 2000
MAX_SHARED_STATEMENTS = 100_000


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
    # The resolved layer: only the decision reports count for each sentence
    # (models.resolution, stored as decision.counted), so every sentence appears once.
    resolved: bool = False


def _document_conditions(filters: ExportFilter) -> list[Any]:
    conditions: list[Any] = []
    if filters.sources:
        conditions.append(col(Document.source).in_(filters.sources))
    if filters.since is not None:
        conditions.append(col(Document.date) >= filters.since)
    if filters.until is not None:
        conditions.append(col(Document.date) <= filters.until)
    return conditions


def _documents(filters: ExportFilter) -> Any:
    return (
        select(
            col(Document.id),
            col(Document.title),
            col(Document.date),
            col(Document.source),
            col(Document.url),
        )
        .where(*_document_conditions(filters))
        .order_by(col(Document.date).asc().nulls_last(), col(Document.id))
    )


def _page_parameters(page_size: int) -> list[Any]:
    return [bindparam(f"doc_{i}", "") for i in range(page_size)]


def _rows(filters: ExportFilter, page_size: int) -> Any:
    """The rows of a page of `page_size` documents, bound as doc_0, doc_1, ..."""
    # The annotator filter sits in the join, so that with --include-unlabelled a
    # sentence this annotator has not decided still shows up as a task line.
    decision_join = col(Decision.sentence_id) == col(Sentence.id)
    if filters.annotators:
        decision_join = and_(decision_join, col(Decision.annotator).in_(filters.annotators))
    if filters.resolved:
        decision_join = and_(decision_join, col(Decision.counted).is_(True))
    stmt = (
        select(
            col(Sentence.document_id),
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
            col(Decision.codebook_version_id),
            col(Statement.speaker_id),
            col(Statement.claim_id),
            col(Statement.stance_id),
            col(Statement.from_suggestion),
            col(Statement.suggestion_source),
            col(Statement.note),
        )
        .select_from(Sentence)
        .join(Decision, decision_join, isouter=filters.include_unlabelled)
        .outerjoin(Statement, col(Statement.decision_id) == col(Decision.id))
        .where(col(Sentence.document_id).in_(_page_parameters(page_size)))
        .order_by(
            col(Sentence.document_id),
            col(Sentence.index),
            col(Decision.annotator),
            col(Statement.position),
        )
    )
    if filters.kinds:
        stmt = stmt.where(col(Sentence.kind).in_(filters.kinds))
    return stmt


# A statement as the export query's row holds it: speaker, claim and stance ids,
# from_suggestion, suggestion_source, note (the row's last six columns).
StatementKey = tuple[Any, ...]


class Codebook:
    """Labels of every id a statement can name, read once (codebooks are small)."""

    def __init__(self, connection: Connection):
        self.seen: dict[StatementKey, StatementRecord] = {}

        def pairs(*columns: Any) -> dict[Any, Any]:
            return {row[0]: row[1:] for row in connection.execute(select(*columns))}

        sides = pairs(col(Side.id), col(Side.label))
        self.actors = {
            actor_id: (name, kind, side_id, sides[side_id][0] if side_id in sides else side_id)
            for actor_id, (name, kind, side_id) in pairs(
                col(Actor.id), col(Actor.name), col(Actor.kind), col(Actor.side_id)
            ).items()
        }
        self.claims = {
            claim_id: label
            for claim_id, (label,) in pairs(col(ClaimType.id), col(ClaimType.label)).items()
        }
        self.stances = {
            stance_id: (label, float(score))
            for stance_id, (label, score) in pairs(
                col(Stance.id), col(Stance.label), col(Stance.score)
            ).items()
        }
        self.versions = {
            version_id: version
            for version_id, (version,) in pairs(
                col(CodebookVersion.id), col(CodebookVersion.version)
            ).items()
        }

    def statement(self, key: StatementKey) -> StatementRecord:
        """Statements repeat (few speakers x claims x stances), so each distinct one is
        built once and shared."""
        found = self.seen.get(key)
        if found is None:
            found = self.seen[key] = self._build(key)
            if len(self.seen) > MAX_SHARED_STATEMENTS:
                self.seen.clear()
        return found

    def _build(self, key: StatementKey) -> StatementRecord:
        speaker, claim, stance, from_suggestion, suggestion_source, note = key
        name, kind, side, side_label = self.actors[speaker]
        stance_label, score = self.stances[stance]
        return StatementRecord(
            speaker,
            name,
            kind,
            side,
            side_label,
            claim,
            self.claims[claim],
            stance,
            stance_label,
            score,
            bool(from_suggestion),
            suggestion_source,
            note,
        )


@dataclass(frozen=True)
class _PageQuery:
    """A page query compiled once per page size: its SQL, and how to bind a page."""

    sql: str
    positions: tuple[str, ...] | None  # parameter order for positional drivers (SQLite)
    fixed: dict[str, Any]  # the filters' parameters

    @classmethod
    def compile(cls, connection: Connection, filters: ExportFilter, size: int) -> _PageQuery:
        compiled = _rows(filters, size).compile(
            dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
        )
        positions = tuple(compiled.positiontup or ()) if compiled.positional else None
        return cls(str(compiled), positions, dict(compiled.params))

    def arguments(self, document_ids: list[str]) -> Any:
        params = {**self.fixed, **{f"doc_{i}": d for i, d in enumerate(document_ids)}}
        if self.positions is None:
            return params
        return tuple(params[name] for name in self.positions)


def _driver_rows(
    connection: Connection, query: _PageQuery, document_ids: list[str]
) -> Iterator[Sequence[Any]]:
    """The rows as the database driver returns them, in batches, in the connection's
    transaction.

    SQLAlchemy's result layer (and compiling the query for every page) would cost a
    third of the export's time. Raw rows are plain types on both backends (PostgreSQL:
    datetimes and booleans; SQLite: the stored timestamp text and 0/1), which
    `utc_text` and `bool` handle."""
    cursor = connection.connection.cursor()
    try:
        cursor.execute(query.sql, query.arguments(document_ids))
        while batch := cursor.fetchmany(FETCH_ROWS):
            yield batch
    finally:
        cursor.close()


_END_OF_PAGE: tuple[Any, ...] = (None,) * 20

T = TypeVar("T")
# What a page's decisions become: built from the document's row, the decision's first
# driver row (document, sentence and decision columns in `_rows`' order) and its
# statements' keys, in position order.
Build = Callable[[tuple[Any, ...], tuple[Any, ...], tuple[StatementKey, ...]], T]


def _page(
    connection: Connection,
    query: _PageQuery,
    documents: list[Sequence[Any]],
    build: Build[T],
) -> list[T]:
    """What `build` makes of each decision (or task line) of a page of documents, in
    the documents' (date) order."""
    by_document: dict[str, list[T]] = {row[0]: [] for row in documents}
    meta = {row[0]: tuple(row) for row in documents}
    current = _END_OF_PAGE
    statements: list[StatementKey] = []
    for batch in itertools.chain(
        _driver_rows(connection, query, list(by_document)), ([_END_OF_PAGE],)
    ):
        for row in batch:
            # A new decision, a task line (no decision) or the end: `current` is done.
            if current[7] != row[7] or row[7] is None:
                if current is not _END_OF_PAGE:
                    by_document[current[0]].append(
                        build(meta[current[0]], current, tuple(statements))
                    )
                statements = []
            current = row
            if row[14] is not None:
                statements.append(row[14:20])
    return [item for items in by_document.values() for item in items]


def _record_builder(codebook: Codebook) -> Build[DecisionRecord]:
    """A record glued together from slices of the document row and the driver row,
    whose columns are in `DecisionRecord`'s order, made a `DecisionRecord` without the
    named tuple's Python-level constructor (a third of the page's time)."""
    version = codebook.versions.get
    statement = codebook.statement
    new = tuple.__new__

    def build(
        document: tuple[Any, ...], row: tuple[Any, ...], statements: tuple[StatementKey, ...]
    ) -> DecisionRecord:
        return new(
            DecisionRecord,
            document
            + row[1:7]
            + row[8:11]
            + (tuple(map(statement, statements)),)
            + row[11:13]
            + (version(row[13]),),
        )

    return build


def iter_pages(
    engine: Engine, filters: ExportFilter, builder: Callable[[Codebook], Build[T]]
) -> Iterator[list[T]]:
    """What `builder(codebook)` makes of every decision that passes the filters (plus
    task lines), a page of documents at a time, in export order."""
    with engine.connect() as connection, paused():
        codebook = Codebook(connection)
        build = builder(codebook)
        documents = connection.execution_options(yield_per=DOCUMENTS_PER_PAGE).execute(
            _documents(filters)
        )
        queries: dict[int, _PageQuery] = {}
        for part in documents.partitions():
            page: list[Sequence[Any]] = list(part)
            if len(page) not in queries:
                queries[len(page)] = _PageQuery.compile(connection, filters, len(page))
            yield _page(connection, queries[len(page)], page, build)


def iter_records(engine: Engine, filters: ExportFilter) -> Iterator[DecisionRecord]:
    """Every decision that passes the filters (plus task lines), in export order."""
    for page in iter_pages(engine, filters, _record_builder):
        yield from page


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
    if filters.resolved:
        stmt = stmt.where(col(Decision.counted).is_(True))
    with engine.connect() as connection:
        return int(connection.execute(stmt).scalar_one())


def disputed_sentences(engine: Engine, filters: ExportFilter) -> int:
    """Sentences the resolved layer leaves out because their annotators disagree and no
    one adjudicated them (decision.disputed), among the exported documents and kinds."""
    stmt = (
        select(func.count(func.distinct(col(Decision.sentence_id))))
        .select_from(Decision)
        .join(Sentence, col(Sentence.id) == col(Decision.sentence_id))
        .join(Document, col(Document.id) == col(Sentence.document_id))
        .where(col(Decision.disputed).is_(True), *_document_conditions(filters))
    )
    if filters.kinds:
        stmt = stmt.where(col(Sentence.kind).in_(filters.kinds))
    with engine.connect() as connection:
        return int(connection.execute(stmt).scalar_one())
