"""Alembic, driven from code: the migration scripts ship inside this package.

Opening a database checks its schema revision with plain SQL against HEAD_REVISION, so
alembic (a tenth of a second to import) loads only when there is something to upgrade."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# The newest migration's revision id (tests/test_db.py keeps it equal to alembic's head).
HEAD_REVISION = "0007_fact_marks"


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def stored_revisions(engine: Engine) -> list[str]:
    """The revisions alembic recorded in the database (none for a new one), in plain SQL."""
    with engine.connect() as connection:
        if not connection.dialect.has_table(connection, "alembic_version"):
            return []
        return list(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision`; a no-op (two cheap queries) when it is already there."""
    if revision == "head" and stored_revisions(engine) == [HEAD_REVISION]:
        return
    from alembic import command

    command.upgrade(alembic_config(engine), revision)
