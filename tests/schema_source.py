"""The source of models/schema.py, rendered from the SQLModel tables (models.tables):
`python -m tests.schema_source > models/schema.py` after changing a table, and
tests/test_schema.py fails until the two agree."""

from __future__ import annotations

import re

from sqlalchemy import Column, MetaData, Table

import models.tables  # noqa: F401  (declares the tables on the metadata)
from models.tables import metadata

LINE_LENGTH = 100  # the project's (pyproject.toml, ruff), so the file stays as rendered

HEADER = '''"""The storage schema as SQLAlchemy Core tables, for the commands that only read (the
reports): columns, keys and foreign keys, without the ORM, SQLModel or pydantic, which
cost `annotator report` most of its start. Rendered from models.tables, the one place
the schema is declared (python -m tests.schema_source > models/schema.py), and held
equal to it by tests/test_schema.py; never used to create or migrate a database.

A Core table and its SQLModel class are distinct Table objects of one SQL table: a
statement uses one or the other, never both (SQL would name the table twice).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
)

metadata = MetaData()
'''


def plural(table: Table) -> str:
    """The module-level name of a table: its name in the plural (decision -> decisions)."""
    return f"{table.name}s"


def _q(name: str) -> str:
    return f'"{name}"'


def _type(column: Column) -> str:
    # SQLModel's AutoString is String without a length where the database allows.
    return re.sub(r"^AutoString\b", "String", repr(column.type))


def _column(column: Column) -> str:
    parts = [_q(column.name), _type(column)]
    for key in sorted(column.foreign_keys, key=lambda k: k.target_fullname):
        ondelete = f", ondelete={_q(key.ondelete)}" if key.ondelete else ""
        parts.append(f"ForeignKey({_q(key.target_fullname)}{ondelete})")
    if column.primary_key:
        parts.append("primary_key=True")
    if column.nullable and not column.primary_key:
        parts.append("nullable=True")
    elif not column.nullable and not column.primary_key:
        parts.append("nullable=False")
    line = f"    Column({', '.join(parts)}),"
    if len(line) <= LINE_LENGTH:
        return line
    return "\n".join(["    Column(", *(f"        {part}," for part in parts), "    ),"])


def render(source: MetaData = metadata) -> str:
    tables = sorted(source.tables.values(), key=lambda t: t.name)
    chunks = [HEADER]
    for table in tables:
        lines = [f"{plural(table)} = Table(", f"    {_q(table.name)},", "    metadata,"]
        lines += [_column(column) for column in table.columns]
        lines.append(")")
        chunks.append("\n" + "\n".join(lines) + "\n")
    return "\n".join(chunks)


if __name__ == "__main__":
    print(render(), end="")
