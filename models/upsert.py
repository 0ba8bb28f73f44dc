"""INSERT … ON CONFLICT for both dialects, chosen from the session's bind."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session


def insert_for(session: Session, table: Any) -> Any:
    """The dialect's insert construct (it has on_conflict_do_update / do_nothing)."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)
