"""models/schema.py, the Core tables the reports read through, is the schema that
models.tables declares: every table, column, type, key and foreign key."""

from __future__ import annotations

from pathlib import Path

import models.schema
from tests.schema_source import plural, render

SCHEMA = Path(models.schema.__file__)


def test_the_core_schema_is_rendered_from_the_sqlmodel_tables() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == render(), (
        "models/schema.py differs from models.tables: "
        "python -m tests.schema_source > models/schema.py"
    )


def test_the_core_tables_have_the_columns_of_the_sqlmodel_tables() -> None:
    from models.tables import metadata

    assert set(models.schema.metadata.tables) == set(metadata.tables)
    for name, table in metadata.tables.items():
        core = getattr(models.schema, plural(table))
        assert core is models.schema.metadata.tables[name]
        assert [c.name for c in core.columns] == [c.name for c in table.columns]
        assert [c.name for c in core.primary_key] == [c.name for c in table.primary_key]
        for column in table.columns:
            mirror = core.columns[column.name]
            assert mirror.nullable == column.nullable, (name, column.name)
            assert mirror.type._type_affinity is column.type._type_affinity, (name, column.name)
            assert {k.target_fullname for k in mirror.foreign_keys} == {
                k.target_fullname for k in column.foreign_keys
            }, (name, column.name)
