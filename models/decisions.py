"""Decisions and statements: the one place that writes them, always with an event.

Every change is an upsert on (sentence, annotator) plus an append-only event that keeps
the decision before and after, so undo and redo are new events that apply a snapshot,
never deletions of history. Each write also recomputes which of the sentence's decisions
reports count (`decision.counted`, `decision.disputed`; see models.resolution) and its
document's statement facts (models.facts) in the same transaction. Callers get plain
frozen dataclasses, safe to hand across threads (the TUI's workers) and to serialise
(exports).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Delete, Insert, ScalarSelect, Select, Table, bindparam, delete, func, insert
from sqlmodel import Session, col, select

from models.codebook import current_version
from models.facts import refresh_document_facts
from models.resolution import resolve_sentence
from models.tables import (
    Decision,
    DecisionKind,
    DecisionRole,
    Document,
    Event,
    Sentence,
    Statement,
    utcnow,
)
from models.upsert import insert_into

# The Core tables: the hot write path runs statements built once, on the session's
# connection, without the ORM's per-statement work (an ORM insert with parameters would
# also be taken for a bulk insert of objects).
_DECISIONS: Table = Decision.__table__  # type: ignore[attr-defined]
_STATEMENTS: Table = Statement.__table__  # type: ignore[attr-defined]
_EVENTS: Table = Event.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class StatementData:
    speaker_id: str
    claim_id: str
    stance_id: str
    note: str | None = None
    from_suggestion: bool = False
    suggestion_source: str | None = None


@dataclass(frozen=True)
class DecisionData:
    sentence_id: str
    annotator: str
    kind: DecisionKind
    statements: tuple[StatementData, ...] = ()
    role: DecisionRole = DecisionRole.annotator
    id: int | None = None
    codebook_version_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def snapshot(self) -> dict[str, Any]:
        """What the event log keeps: enough to restore this decision exactly."""
        return {
            "kind": self.kind.value,
            "role": self.role.value,
            "statements": [asdict(s) for s in self.statements],
            "codebook_version_id": self.codebook_version_id,
        }


@dataclass(frozen=True)
class Change:
    """The outcome of a write: the decision now (None when cleared) and its event."""

    decision: DecisionData | None
    event_id: int
    before: DecisionData | None = field(default=None)


@cache
def _decision_query() -> Select:
    """Built once: a decision with its statements in order (none: one row, NULLs)."""
    columns: list[Any] = [
        col(Decision.id),
        col(Decision.kind),
        col(Decision.role),
        col(Decision.codebook_version_id),
        col(Decision.created_at),
        col(Decision.updated_at),
        col(Statement.speaker_id),
        col(Statement.claim_id),
        col(Statement.stance_id),
        col(Statement.note),
        col(Statement.from_suggestion),
        col(Statement.suggestion_source),
    ]
    return (
        select(*columns)
        .outerjoin(Statement, col(Statement.decision_id) == col(Decision.id))
        .where(
            col(Decision.sentence_id) == bindparam("decision_sentence_id"),
            col(Decision.annotator) == bindparam("decision_annotator"),
        )
        .order_by(col(Statement.position))
    )


def get_decision(session: Session, *, sentence_id: str, annotator: str) -> DecisionData | None:
    rows = (
        session.connection()
        .execute(
            _decision_query(),
            {"decision_sentence_id": sentence_id, "decision_annotator": annotator},
        )
        .all()
    )
    if not rows:
        return None
    first = rows[0]
    return DecisionData(
        id=first[0],
        sentence_id=sentence_id,
        annotator=annotator,
        kind=DecisionKind(first[1]),
        role=DecisionRole(first[2]),
        codebook_version_id=first[3],
        created_at=first[4],
        updated_at=first[5],
        statements=tuple(
            StatementData(
                speaker_id=r[6],
                claim_id=r[7],
                stance_id=r[8],
                note=r[9],
                from_suggestion=r[10],
                suggestion_source=r[11],
            )
            for r in rows
            if r[6] is not None
        ),
    )


def save_decision(
    session: Session,
    *,
    sentence_id: str,
    annotator: str,
    kind: DecisionKind,
    statements: tuple[StatementData, ...] | list[StatementData] = (),
    role: DecisionRole = DecisionRole.annotator,
    action: str = "decide",
    reverts_event_id: int | None = None,
    codebook_version_id: int | None = None,
    created_at: datetime | None = None,
    updated_at: datetime | None = None,
    write_id: str | None = None,
) -> Change:
    """Record (or replace) an annotator's decision on a sentence, with its event.

    Timestamps default to now; importers pass the ones they read. The codebook version
    defaults to the one in force. `write_id` is the client's key for this write, kept on
    its event (see `find_write`)."""
    if kind is not DecisionKind.statements and statements:
        raise ValueError(f"a {kind.value!r} decision has no statements")
    if kind is DecisionKind.statements and not statements:
        raise ValueError("a 'statements' decision needs at least one statement")
    document_id = _lock(session, sentence_id)
    before = get_decision(session, sentence_id=sentence_id, annotator=annotator)
    now = utcnow()
    if codebook_version_id is None:
        version = current_version(session)
        codebook_version_id = version.id if version else None
    connection = session.connection()
    decision_id, created, updated = connection.execute(
        _upsert(connection.dialect.name),
        {
            "sentence_id": sentence_id,
            "annotator": annotator,
            "kind": kind.value,
            "role": role.value,
            "codebook_version_id": codebook_version_id,
            "created_at": created_at or now,
            "updated_at": updated_at or now,
        },
    ).one()
    if before is not None and before.statements:
        connection.execute(_forget_statements(), {"statements_decision_id": decision_id})
    if statements:
        connection.execute(
            insert(_STATEMENTS),
            [
                {"decision_id": decision_id, "position": position, **asdict(s)}
                for position, s in enumerate(statements)
            ],
        )
    _recount(session, sentence_id, document_id)
    session.expire_all()
    # The decision as stored: what was written, with the id and times the row holds.
    after = DecisionData(
        id=decision_id,
        sentence_id=sentence_id,
        annotator=annotator,
        kind=kind,
        role=role,
        codebook_version_id=codebook_version_id,
        created_at=created,
        updated_at=updated,
        statements=tuple(statements),
    )
    event = _log(
        session,
        annotator,
        action,
        sentence_id,
        decision_id,
        before,
        after,
        reverts_event_id,
        write_id,
    )
    return Change(after, event, before)


@cache
def _upsert(dialect: str) -> Insert:
    """Built once per dialect: the decision's row, inserted or replaced, with its id and
    the times it holds."""
    stmt = insert_into(dialect, _DECISIONS)
    return stmt.on_conflict_do_update(
        index_elements=["sentence_id", "annotator"],
        set_={
            "kind": stmt.excluded.kind,
            "role": stmt.excluded.role,
            "codebook_version_id": stmt.excluded.codebook_version_id,
            "updated_at": stmt.excluded.updated_at,
        },
    ).returning(_DECISIONS.c.id, _DECISIONS.c.created_at, _DECISIONS.c.updated_at)


@cache
def _forget_statements() -> Delete:
    return delete(_STATEMENTS).where(
        _STATEMENTS.c.decision_id == bindparam("statements_decision_id")
    )


def clear_decision(
    session: Session,
    *,
    sentence_id: str,
    annotator: str,
    action: str = "clear",
    reverts_event_id: int | None = None,
    write_id: str | None = None,
) -> Change:
    """Remove an annotator's decision (the sentence is undecided again), with its event."""
    document_id = _lock(session, sentence_id)
    before = get_decision(session, sentence_id=sentence_id, annotator=annotator)
    if before is not None:
        session.connection().execute(
            delete(_DECISIONS).where(_DECISIONS.c.id == bindparam("decision_id")),
            {"decision_id": before.id},
        )
        _recount(session, sentence_id, document_id)
        session.expire_all()
    event = _log(
        session,
        annotator,
        action,
        sentence_id,
        before.id if before else None,
        before,
        None,
        reverts_event_id,
        write_id,
    )
    return Change(None, event, before)


def apply_snapshot(
    session: Session,
    *,
    sentence_id: str,
    annotator: str,
    snapshot: dict[str, Any] | None,
    action: str,
    reverts_event_id: int | None = None,
    write_id: str | None = None,
) -> Change:
    """Make the decision equal to a snapshot from the event log (None: no decision).
    Undo applies an event's `before`, redo its `after`."""
    if snapshot is None:
        return clear_decision(
            session,
            sentence_id=sentence_id,
            annotator=annotator,
            action=action,
            reverts_event_id=reverts_event_id,
            write_id=write_id,
        )
    return save_decision(
        session,
        sentence_id=sentence_id,
        annotator=annotator,
        kind=DecisionKind(snapshot["kind"]),
        role=DecisionRole(snapshot.get("role", DecisionRole.annotator.value)),
        statements=tuple(StatementData(**s) for s in snapshot["statements"]),
        codebook_version_id=snapshot.get("codebook_version_id"),
        action=action,
        reverts_event_id=reverts_event_id,
        write_id=write_id,
    )


def decision_version(
    session: Session, *, sentence_id: str, annotator: str, lock: bool = False
) -> int | None:
    """The id of the latest event on this annotator's decision for the sentence (None:
    never changed). A screen keeps the version it showed; a write made from it checks it
    still holds, so two terminals under one name cannot silently overwrite each other.
    With `lock`, takes the sentence's write lock first, so the answer holds until commit."""
    if lock:
        _lock(session, sentence_id)
    return (
        session.connection()
        .execute(
            _version_query(), {"version_sentence_id": sentence_id, "version_annotator": annotator}
        )
        .scalar()
    )


@cache
def _version_query() -> Select:
    return select(version_of(bindparam("version_sentence_id"), bindparam("version_annotator")))


def version_of(sentence_id: Any, annotator: Any) -> ScalarSelect[Any]:
    """`decision_version` as an expression over a sentence id and an annotator (values,
    parameters or columns), for reads that fetch it with other things."""
    return (
        select(func.max(_EVENTS.c.id))
        .where(_EVENTS.c.sentence_id == sentence_id, _EVENTS.c.annotator == annotator)
        .scalar_subquery()
    )


def find_write(session: Session, write_id: str) -> tuple[str, Change] | None:
    """The change a write with this key already committed, rebuilt from its event; None
    when it never committed. A retry asks this first, so it is applied only once."""
    event = session.exec(select(Event).where(Event.write_id == write_id)).first()
    if event is None or event.sentence_id is None:
        return None

    def state(snapshot: dict[str, Any] | None, at: datetime | None) -> DecisionData | None:
        if snapshot is None:
            return None
        return DecisionData(
            sentence_id=event.sentence_id or "",
            annotator=event.annotator,
            kind=DecisionKind(snapshot["kind"]),
            role=DecisionRole(snapshot.get("role", DecisionRole.annotator.value)),
            statements=tuple(StatementData(**s) for s in snapshot["statements"]),
            codebook_version_id=snapshot.get("codebook_version_id"),
            updated_at=at,
        )

    assert event.id is not None
    # The state before was written by the previous event on the same decision.
    before_at = session.execute(
        select(func.max(Event.at)).where(
            col(Event.sentence_id) == event.sentence_id,
            col(Event.annotator) == event.annotator,
            col(Event.id) < event.id,
        )
    ).scalar()
    change = Change(state(event.after, event.at), event.id, state(event.before, before_at))
    return event.sentence_id, change


def _lock(session: Session, sentence_id: str) -> str | None:
    """Writers of one document take turns (PostgreSQL; SQLite has one writer anyway), so
    each recomputes the stored resolution of its sentence and the document's statement
    facts from what is committed: two coders on two sentences of one article would
    otherwise rebuild the same facts at once. Returns the sentence's document (None for
    an unknown sentence: the write then fails on its key). A lock is held until the
    transaction ends, so asking again within it (a version check, then the write) costs
    no second statement."""
    connection = session.connection()
    # A savepoint rolled back releases what was locked after it: remembered per savepoint.
    transaction = connection.get_nested_transaction() or connection.get_transaction()
    held = session.info.get(_HELD)
    if held is None or held[0] is not transaction:
        held = session.info[_HELD] = (transaction, {})
    documents: dict[str, str | None] = held[1]
    if sentence_id not in documents:
        documents[sentence_id] = connection.execute(
            _lock_query(), {"lock_sentence_id": sentence_id}
        ).scalar_one_or_none()
    return documents[sentence_id]


# session.info key: the transaction that holds the locks, and each locked sentence's document.
_HELD = "models.decisions.locks"


@cache
def _lock_query() -> Select:
    document = (
        select(col(Sentence.document_id))
        .where(col(Sentence.id) == bindparam("lock_sentence_id"))
        .scalar_subquery()
    )
    return select(col(Document.id)).where(col(Document.id) == document).with_for_update()


def _recount(session: Session, sentence_id: str, document_id: str | None) -> None:
    """What reports count: the sentence's resolution, then its document's facts."""
    resolve_sentence(session, sentence_id)
    if document_id is not None:
        refresh_document_facts(session, document_id)


def _log(
    session: Session,
    annotator: str,
    action: str,
    sentence_id: str,
    decision_id: int | None,
    before: DecisionData | None,
    after: DecisionData | None,
    reverts_event_id: int | None,
    write_id: str | None,
) -> int:
    values = {
        "at": utcnow(),
        "annotator": annotator,
        "action": action,
        "sentence_id": sentence_id,
        "decision_id": decision_id,
        "reverts_event_id": reverts_event_id,
        "before": before.snapshot() if before else None,
        "after": after.snapshot() if after else None,
        "write_id": write_id,
    }
    return int(session.connection().execute(_log_event(), values).scalar_one())


@cache
def _log_event() -> Insert:
    return insert(_EVENTS).returning(_EVENTS.c.id)
