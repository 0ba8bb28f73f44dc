"""Statements compiled once to the driver's SQL, per dialect, for the hot write path.

A large SQLAlchemy expression (the resolution rule, the facts refresh) costs more to
walk for its cache key on every execution than the database takes to run it. Compiled
once, it goes to the driver as it is, like a hand-written statement."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class _Compiled:
    sql: str
    literals: dict[str, Any]  # the expression's own values ('', 'skip', …) by name
    order: tuple[str, ...] | None  # parameter names in order, for positional drivers


_COMPILED: dict[tuple[Callable[[], ClauseElement], str], _Compiled] = {}


def execute_prepared(
    session: Session, build: Callable[[], ClauseElement], parameters: dict[str, Any]
) -> None:
    """Run `build()`'s statement with `parameters` (plain values: no type conversion),
    compiled once per dialect."""
    connection = session.connection()
    dialect = connection.dialect
    key = (build, dialect.name)
    prepared = _COMPILED.get(key)
    if prepared is None:
        compiled = cast(
            SQLCompiler,
            build().compile(dialect=dialect, compile_kwargs={"render_postcompile": True}),
        )
        order = (
            tuple(compiled.positiontup) if compiled.positional and compiled.positiontup else None
        )
        prepared = _COMPILED[key] = _Compiled(str(compiled), dict(compiled.params), order)
    values = prepared.literals | parameters
    if prepared.order is not None:
        connection.exec_driver_sql(prepared.sql, tuple(values[name] for name in prepared.order))
    else:
        connection.exec_driver_sql(prepared.sql, values)
