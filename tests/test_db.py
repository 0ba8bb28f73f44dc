"""Engine factory, URL handling and migrations."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from models.db import DatabaseURLError, make_engine, open_database, redact, resolve_url
from models.migrate import HEAD_REVISION, alembic_config, current_revision, head_revision
from models.tables import metadata
from tests.cli_helpers import run


def test_sqlite_pragmas_hold_on_every_pooled_connection(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    connections = [engine.connect() for _ in range(3)]
    for connection in connections:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 10_000
    for connection in connections:
        connection.close()
    engine.dispose()


def test_url_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ANNOTATOR_DB", raising=False)
    assert resolve_url(None) == "sqlite:///annotations.db"
    assert resolve_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    monkeypatch.setenv("ANNOTATOR_DB", "postgres://u:secret@db/team")
    assert resolve_url(None) == "postgresql+psycopg://u:secret@db/team"
    with pytest.raises(DatabaseURLError):
        resolve_url("nonsense://::")


def test_passwords_are_never_printed() -> None:
    assert "secret" not in redact("postgresql+psycopg://u:secret@db/team")
    result = run("postgresql+psycopg://u:secret@127.0.0.1:1/nowhere", "db", "info")
    assert result.exit_code == 2
    assert "secret" not in result.output
    assert "cannot open database postgresql+psycopg://u:***@127.0.0.1:1/nowhere" in result.stderr


def test_migrations_match_the_models(engine: Engine) -> None:
    """Every table change comes with its migration."""
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), metadata)
    assert diff == []


def test_db_upgrade_brings_an_empty_database_to_head(db_url: str) -> None:
    engine = open_database(db_url, migrate=False)
    assert current_revision(engine) is None
    result = run(db_url, "db", "upgrade")
    assert result.exit_code == 0, result.output
    assert current_revision(engine) == head_revision(engine)
    assert {"document", "sentence", "decision", "statement", "event"} <= set(
        inspect(engine).get_table_names()
    )
    engine.dispose()


def test_older_database_keeps_its_documents(db_url: str) -> None:
    """A database made at the first schema revision, with data, opens in this release."""
    assert run(db_url, "init", "--sample").exit_code == 0
    engine = make_engine(db_url)
    config = alembic_config(engine)
    first = ScriptDirectory.from_config(config).get_base()
    command.downgrade(config, str(first))
    assert current_revision(engine) == first
    result = run(db_url, "docs", "--format", "csv")
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) == 6
    assert current_revision(engine) == head_revision(engine)
    engine.dispose()


def test_head_revision_constant_is_the_newest_migration(engine: Engine) -> None:
    """Opening a database compares its revision with HEAD_REVISION, without alembic."""
    assert head_revision(engine) == HEAD_REVISION
