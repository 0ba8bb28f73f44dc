"""Which documents a coder's queue and progress cover: their assignment, when they have
one, else every document (a team that never ran `annotator assign` sees everything)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlmodel import Session, col

from models.tables import Assignment


def has_assignment(annotator: Any) -> ColumnElement[bool]:
    """`annotator` (a name, or a column such as Decision.annotator) holds any document."""
    return exists().where(col(Assignment.annotator) == annotator)


def is_assigned(annotator: Any, document_id: Any) -> ColumnElement[bool]:
    return exists().where(
        and_(col(Assignment.annotator) == annotator, col(Assignment.document_id) == document_id)
    )


def in_scope(annotator: Any, document_id: Any) -> ColumnElement[bool]:
    """The document is in the annotator's queue: assigned to them, or they have no
    assignment at all."""
    return or_(~has_assignment(annotator), is_assigned(annotator, document_id))


def assigned_count(session: Session, annotator: str) -> int:
    """How many documents are assigned to `annotator` (0: none, the whole corpus is theirs)."""
    return int(
        session.execute(
            select(func.count()).where(col(Assignment.annotator) == annotator)
        ).scalar_one()
    )
