"""Fixtures shared by every test: a database on each backend, the sample corpus."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from models.db import open_database

PG_ENV_VAR = "ANNOTATOR_TEST_PG_URL"
# The local server every developer machine and CI runs; the variable overrides it.
PG_DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample_data"


def _pg_admin_url() -> str:
    return os.environ.get(PG_ENV_VAR) or PG_DEFAULT_URL


def _pg_reachable(url: str) -> str | None:
    """None when the server answers, else why not."""
    try:
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
    except OperationalError as exc:
        return str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    return None


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    url = _pg_admin_url()
    reason = _pg_reachable(url)
    if reason:
        pytest.skip(
            f"no PostgreSQL server reachable at {make_url(url).render_as_string()} "
            f"(set {PG_ENV_VAR}): {reason}"
        )
    return url


@contextmanager
def fresh_pg_database(admin_url: str) -> Iterator[str]:
    """Create an empty PostgreSQL database on the server; drop it afterwards."""
    name = f"annotator_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture
def pg_url(pg_admin_url: str) -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    with fresh_pg_database(pg_admin_url) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL on each backend: a SQLite file in tmp_path, a fresh PostgreSQL db."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'annotations.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = open_database(db_url)
    yield engine
    engine.dispose()


def load_sample(engine: Engine) -> None:
    """Store the sample codebook and import the five sample articles."""
    from annotator.ingest.importer import plan, run_import
    from models.codebook import load_codebook_file, store_codebook
    from models.db import session_scope

    book, source = load_codebook_file(SAMPLE / "codebook.toml")
    with session_scope(engine) as session:
        store_codebook(session, book, source)
    summary = run_import(engine, list(plan([SAMPLE])))
    assert not summary.errors, summary.errors


@pytest.fixture
def sample_engine(engine: Engine) -> Engine:
    """A database on each backend holding the sample codebook and corpus."""
    load_sample(engine)
    return engine
