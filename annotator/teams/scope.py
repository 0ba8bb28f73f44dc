"""Which documents a coder's queue and progress cover: their assignment, when they have
one, else every document (a team that never ran `annotator assign` sees everything)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select

from models.schema import assignments

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session


def has_assignment(annotator: Any) -> ColumnElement[bool]:
    """`annotator` (a name, or a column such as Decision.annotator) holds any document."""
    return exists().where(assignments.c.annotator == annotator)


def is_assigned(annotator: Any, document_id: Any) -> ColumnElement[bool]:
    return exists().where(
        and_(assignments.c.annotator == annotator, assignments.c.document_id == document_id)
    )


def in_scope(annotator: Any, document_id: Any) -> ColumnElement[bool]:
    """The document is in the annotator's queue: assigned to them, or they have no
    assignment at all."""
    return or_(~has_assignment(annotator), is_assigned(annotator, document_id))


def assigned_count(session: Session | Connection, annotator: str) -> int:
    """How many documents are assigned to `annotator` (0: none, the whole corpus is theirs)."""
    return int(
        session.execute(
            select(func.count()).where(assignments.c.annotator == annotator)
        ).scalar_one()
    )
