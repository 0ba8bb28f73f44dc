"""Undo and redo over the event log, per annotator, across sentences and sessions.

Nothing is deleted: undo applies an event's `before` snapshot as a new "undo" event that
points at it; redo applies an undo's `before` (the state it removed) as a "redo" event.
The stacks are implicit in the log:

- undo takes the annotator's latest event that is not an undo and has not been undone;
- redo takes the latest undo that has not been redone, unless the annotator has made a
  fresh change since (a new change clears the redo stack, as in any editor).
"""

from __future__ import annotations

from sqlalchemy import exists, func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from models.decisions import Change, apply_snapshot
from models.tables import Event

UNDO = "undo"
REDO = "redo"


def _reverted_by(event: type[Event], action: str) -> object:
    later = aliased(Event)
    return exists().where(col(later.reverts_event_id) == col(event.id), col(later.action) == action)


def undo_target(session: Session, annotator: str) -> Event | None:
    return session.scalars(
        select(Event)
        .where(
            col(Event.annotator) == annotator,
            col(Event.action) != UNDO,
            ~_reverted_by(Event, UNDO),  # type: ignore[operator]
        )
        .order_by(col(Event.id).desc())
        .limit(1)
    ).first()


def redo_target(session: Session, annotator: str) -> Event | None:
    last_change = (
        select(func.coalesce(func.max(Event.id), 0))
        .where(col(Event.annotator) == annotator, col(Event.action).not_in((UNDO, REDO)))
        .scalar_subquery()
    )
    return session.scalars(
        select(Event)
        .where(
            col(Event.annotator) == annotator,
            col(Event.action) == UNDO,
            col(Event.id) > last_change,
            ~_reverted_by(Event, REDO),  # type: ignore[operator]
        )
        .order_by(col(Event.id).desc())
        .limit(1)
    ).first()


def _revert(
    session: Session, annotator: str, event: Event | None, action: str, write_id: str | None
) -> tuple[str, Change] | None:
    """Apply `event`'s before-snapshot as a new event that reverts it."""
    if event is None or event.sentence_id is None:
        return None
    return event.sentence_id, apply_snapshot(
        session,
        sentence_id=event.sentence_id,
        annotator=annotator,
        snapshot=event.before,
        action=action,
        reverts_event_id=event.id,
        write_id=write_id,
    )


def undo(
    session: Session, annotator: str, write_id: str | None = None
) -> tuple[str, Change] | None:
    """Revert the annotator's latest change; None when there is nothing to undo."""
    return _revert(session, annotator, undo_target(session, annotator), UNDO, write_id)


def redo(
    session: Session, annotator: str, write_id: str | None = None
) -> tuple[str, Change] | None:
    """Re-apply what the latest undo removed (the undo event's before-snapshot); None when
    there is nothing to redo."""
    return _revert(session, annotator, redo_target(session, annotator), REDO, write_id)
