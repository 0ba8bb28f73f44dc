"""INSERT … ON CONFLICT for both dialects, chosen from the session's bind."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session


def insert_for(session: Session, table: Any) -> Any:
    """The dialect's insert construct (it has on_conflict_do_update / do_nothing)."""
    return insert_into(session.get_bind().dialect.name, table)


def insert_into(dialect: str, table: Any) -> Any:
    """The insert construct of the dialect named `dialect`.

    Imported here, from the dialect the engine has already loaded: importing the
    PostgreSQL dialect costs SQLite users a twentieth of a second at every start."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)
