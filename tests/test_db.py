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


def test_sqlite_commits_are_synced_fully_unless_normal_is_chosen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README promises FULL: a decision shown as saved survives a power loss."""
    monkeypatch.delenv("ANNOTATOR_SQLITE_SYNCHRONOUS", raising=False)
    for setting, expected in ((None, 2), ("normal", 1), ("FULL", 2)):
        if setting:
            monkeypatch.setenv("ANNOTATOR_SQLITE_SYNCHRONOUS", setting)
        engine = open_database(f"sqlite:///{tmp_path / 'a.db'}")
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA synchronous")).scalar() == expected
        engine.dispose()
    monkeypatch.setenv("ANNOTATOR_SQLITE_SYNCHRONOUS", "sometimes")
    result = run(f"sqlite:///{tmp_path / 'a.db'}", "db", "info")
    assert result.exit_code == 2
    assert "ANNOTATOR_SQLITE_SYNCHRONOUS='sometimes': expected one of full, normal" in result.stderr


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


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://u@127.0.0.1:1/db?password=Hunter2Secret",
        "postgresql+psycopg://u:Hunter2@Secret@127.0.0.1:1/db",
        "postgresql://u:Hunter2%40Secret@127.0.0.1:1/db?sslpassword=Hunter2Secret",
    ],
)
def test_passwords_in_queries_and_with_a_bare_at_are_never_printed(url: str) -> None:
    assert "Hunter2" not in redact(url) and "Secret" not in redact(url)
    result = run(url, "db", "info")
    assert result.exit_code == 2
    assert "Hunter2" not in result.output and "Secret" not in result.output
    assert "@127.0.0.1:1/db" in result.stderr  # the host is where the last '@' says


def test_a_password_with_a_bare_at_connects_and_is_masked(pg_url: str) -> None:
    """The real server (trust auth) shows the URL was understood: user and host right."""
    with_query = pg_url + "?password=Hunter2Secret"
    user_host = pg_url.replace("postgres@", "postgres:p@ss:Hunter2@")
    for url in (with_query, user_host):
        result = run(url, "db", "info")
        assert result.exit_code == 0, result.output
        assert "Hunter2" not in result.output and "p@ss" not in result.output
        assert "***" in result.stdout


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
