"""Writes the annotation screen asks for, described as plain data so a failed one can be
kept on screen and retried as is. All of them go through `models.decisions`."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field, replace
from enum import StrEnum

from sqlmodel import Session

from annotator.tui import history
from annotator.tui.draft import Draft
from models.decisions import (
    Change,
    DecisionData,
    StatementData,
    clear_decision,
    decision_version,
    find_write,
    save_decision,
)
from models.tables import DecisionKind, DecisionRole


class WriteKind(StrEnum):
    decide = "decide"
    clear = "clear"
    undo = "undo"
    redo = "redo"


@dataclass(frozen=True)
class Write:
    kind: WriteKind
    label: str  # what is being saved, as the status line names it
    sentence_id: str | None = None
    decision_kind: DecisionKind | None = None
    statements: tuple[StatementData, ...] = ()
    advance: bool = False  # then show the next unannotated sentence
    role: DecisionRole = DecisionRole.annotator  # adjudicator: the adjudication screen
    # What the screen showed; a decide or clear made from it is refused with
    # WriteConflict when the database moved on since. None: not checked.
    seen: Seen | None = None
    # Made once, kept across retries: the event stores it, so a retry of a write that
    # did commit is recognised and not applied again.
    write_id: str = field(default_factory=lambda: uuid.uuid4().hex)


@dataclass(frozen=True)
class Seen:
    """The version of the decision a screen showed (`models.decisions.decision_version`:
    None when the sentence was never decided by this annotator)."""

    version: int | None


class WriteConflict(Exception):
    """The decision changed elsewhere (the same annotator in another terminal) since the
    screen showed it; nothing was written."""


def perform(
    session: Session,
    annotator: str,
    write: Write,
    codebook_version_id: int | None = None,
    *,
    may_have_committed: bool = True,
) -> tuple[str, Change] | None:
    """Apply one write in the caller's transaction; return the sentence it changed and the
    change, or None when undo/redo had nothing to do. A write whose key already committed
    is not applied again: its change is read back (the caller that knows this is the
    write's first attempt says so, and the lookup is skipped). New decisions record the
    codebook version the annotator is looking at (looked up when None)."""
    committed = find_write(session, write.write_id) if may_have_committed else None
    if committed is not None:
        return committed
    if write.kind is WriteKind.undo:
        return history.undo(session, annotator, write.write_id)
    if write.kind is WriteKind.redo:
        return history.redo(session, annotator, write.write_id)
    assert write.sentence_id is not None
    if write.seen is not None:
        version = decision_version(
            session, sentence_id=write.sentence_id, annotator=annotator, lock=True
        )
        if version != write.seen.version:
            raise WriteConflict(write.sentence_id)
    if write.kind is WriteKind.clear:
        return write.sentence_id, clear_decision(
            session, sentence_id=write.sentence_id, annotator=annotator, write_id=write.write_id
        )
    assert write.decision_kind is not None
    return write.sentence_id, save_decision(
        session,
        sentence_id=write.sentence_id,
        annotator=annotator,
        kind=write.decision_kind,
        statements=write.statements,
        role=write.role,
        codebook_version_id=codebook_version_id,
        write_id=write.write_id,
    )


def is_done(decision: DecisionData | None) -> bool:
    return decision is not None and decision.kind is not DecisionKind.skip


def counts_today(decision: DecisionData | None, midnight: dt.datetime) -> bool:
    return (
        is_done(decision)
        and decision is not None
        and decision.updated_at is not None
        and _aware(decision.updated_at) >= midnight
    )


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def deltas(change: Change, midnight: dt.datetime) -> tuple[int, int]:
    """How the annotator's done and today's counts move with this change."""
    done = int(is_done(change.decision)) - int(is_done(change.before))
    today = int(counts_today(change.decision, midnight)) - int(
        counts_today(change.before, midnight)
    )
    return done, today


def describe(change: Change | None, write: Write) -> str:
    if change is None:
        return f"nothing to {write.kind.value}"
    if write.kind in (WriteKind.undo, WriteKind.redo):
        verb = "undone" if write.kind is WriteKind.undo else "redone"
        state = "no decision" if change.decision is None else _summary(change.decision)
        return f"{verb}; that sentence is now: {state}"
    return f"saved: {write.label}"


def _summary(decision: DecisionData) -> str:
    if decision.kind is DecisionKind.statements:
        count = len(decision.statements)
        return f"{count} statement{'s' if count != 1 else ''}"
    return decision.kind.value.replace("_", " ")


def save_draft(
    sentence_id: str, saved: DecisionData | None, draft: Draft, *, advance: bool
) -> Write:
    """Add the draft to the sentence's statements (or replace the one it edits)."""
    statements = list(saved.statements) if saved else []
    statement = draft.statement()
    if draft.editing is not None and draft.editing < len(statements):
        statements[draft.editing] = statement
    else:
        statements.append(statement)
    count = len(statements)
    label = f"{count} statement{'s' if count != 1 else ''}"
    if statement.from_suggestion:
        label += " (suggestion accepted)"
    return Write(
        WriteKind.decide, label, sentence_id, DecisionKind.statements, tuple(statements), advance
    )


def delete_statement(sentence_id: str, saved: DecisionData, position: int) -> Write:
    """Drop one statement; dropping the last leaves the sentence undecided."""
    remaining = tuple(s for i, s in enumerate(saved.statements) if i != position)
    label = f"deleted statement {position + 1}"
    if remaining:
        return Write(WriteKind.decide, label, sentence_id, DecisionKind.statements, remaining)
    return Write(WriteKind.clear, label + "; the sentence is undecided", sentence_id)


def note_statement(sentence_id: str, saved: DecisionData, position: int, note: str) -> Write:
    statements = list(saved.statements)
    statements[position] = replace(statements[position], note=note or None)
    return Write(
        WriteKind.decide,
        f"note on statement {position + 1}",
        sentence_id,
        DecisionKind.statements,
        tuple(statements),
    )
