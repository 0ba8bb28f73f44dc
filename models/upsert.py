"""INSERT … ON CONFLICT for both dialects, chosen from the session's bind."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session


def insert_for(session: Session, table: Any) -> Any:
    """The dialect's insert construct (it has on_conflict_do_update / do_nothing).

    Imported here, from the dialect the session's engine has already loaded: importing
    the PostgreSQL dialect costs SQLite users a twentieth of a second at every start."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)
