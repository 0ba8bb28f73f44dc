"""The one engine factory, database URL resolution and automatic migration."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

if TYPE_CHECKING:
    from sqlmodel import Session

DEFAULT_DB_FILE = "annotations.db"
DB_ENV_VAR = "ANNOTATOR_DB"
SQLITE_BUSY_TIMEOUT_MS = 10_000
# What a commit survives. FULL (the default) syncs the write-ahead log on every commit:
# a decision shown as saved survives a power loss or an OS crash, not only a killed
# process. NORMAL survives `kill -9` and application crashes only, and saves an fsync
# per commit; ANNOTATOR_SQLITE_SYNCHRONOUS=normal chooses it.
SQLITE_SYNCHRONOUS_ENV_VAR = "ANNOTATOR_SQLITE_SYNCHRONOUS"
SQLITE_SYNCHRONOUS_MODES = ("full", "normal")


class DatabaseURLError(ValueError):
    """The --db value or ANNOTATOR_DB is neither a file path nor a usable URL."""


def resolve_url(db: str | None = None) -> str:
    """--db, else ANNOTATOR_DB, else ./annotations.db; a bare path means a SQLite file."""
    value = db or os.environ.get(DB_ENV_VAR) or DEFAULT_DB_FILE
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser()}"
    if value.startswith("postgresql://") or value.startswith("postgres://"):
        value = "postgresql+psycopg://" + value.split("://", 1)[1]
    value = _quote_userinfo(value)
    try:
        make_url(value)
    except (ArgumentError, ValueError) as exc:
        raise DatabaseURLError(f"not a database URL: {redact(value)}") from exc
    return value


# Query parameters that carry a secret (libpq's password=, sslpassword=).
SECRET_PARAMETERS = frozenset({"password", "sslpassword"})
HIDDEN = "***"
_AUTHORITY_END = re.compile(r"[/?#]")


def _quote_userinfo(url: str) -> str:
    """A password written with a bare '@' (u:p@ss@host): the host follows the last '@',
    as in every URL parser, and the user and password are percent-encoded so that
    SQLAlchemy reads them that way too (it would split at the first)."""
    scheme, _, rest = url.partition("://")
    end = _AUTHORITY_END.search(rest)
    authority, tail = (rest[: end.start()], rest[end.start() :]) if end else (rest, "")
    if authority.count("@") < 2:
        return url
    userinfo, _, host = authority.rpartition("@")
    user, colon, password = userinfo.partition(":")
    quoted = quote(unquote(user), safe="") + colon + quote(unquote(password), safe="")
    return f"{scheme}://{quoted}@{host}{tail}"


def redact(url: str) -> str:
    """The URL as it may be printed: never with its password, in the user part or in
    a query parameter."""
    try:
        parsed = make_url(_quote_userinfo(url))
    except (ArgumentError, ValueError):
        return "<unparseable database URL>"
    query = {k: HIDDEN if k.lower() in SECRET_PARAMETERS else v for k, v in parsed.query.items()}
    rendered = parsed.set(query=query).render_as_string(hide_password=True)
    return rendered.replace(quote(HIDDEN, safe=""), HIDDEN)


def secrets_of(url: str) -> list[str]:
    """The secrets a URL carries, as they could appear in a driver's message."""
    try:
        parsed = make_url(_quote_userinfo(url))
    except (ArgumentError, ValueError):
        return []
    found = [str(parsed.password)] if parsed.password else []
    for key, value in parsed.query.items():
        if key.lower() in SECRET_PARAMETERS:
            found.extend([value] if isinstance(value, str) else value)
    return [s for secret in found if secret for s in {secret, quote(secret, safe="")}]


def scrub(message: str, url: str) -> str:
    """`message` (say a driver's error) with any secret of `url` hidden."""
    for secret in sorted(secrets_of(url), key=len, reverse=True):
        message = message.replace(secret, HIDDEN)
    return message


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_synchronous() -> str:
    """FULL unless ANNOTATOR_SQLITE_SYNCHRONOUS says normal; anything else is an error."""
    value = os.environ.get(SQLITE_SYNCHRONOUS_ENV_VAR, "full").strip().lower() or "full"
    if value not in SQLITE_SYNCHRONOUS_MODES:
        raise DatabaseURLError(
            f"{SQLITE_SYNCHRONOUS_ENV_VAR}={value!r}: expected one of "
            + ", ".join(SQLITE_SYNCHRONOUS_MODES)
        )
    return value.upper()


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any, synchronous: str) -> None:
    # Per connection: pooled connections would otherwise lose foreign keys.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA synchronous={synchronous}")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Build an engine for a resolved URL; SQLite gets WAL, foreign keys and a busy timeout."""
    if is_sqlite(url):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        )
        event.listen(
            engine, "connect", partial(_set_sqlite_pragmas, synchronous=sqlite_synchronous())
        )
        return engine
    return create_engine(url, pool_pre_ping=True)


def open_database(db: str | None = None, *, migrate: bool = True) -> Engine:
    """Resolve, connect and bring the schema up to date (Alembic, shipped in the package)."""
    url = resolve_url(db)
    engine = make_engine(url)
    if migrate:
        from models.migrate import upgrade

        upgrade(engine)
    return engine


def defer_checkpoints(engine: Engine) -> bool:
    """Stop this engine's commits from copying the write-ahead log into the database
    file themselves (SQLite does so on the commit that finds the log past 1,000 pages,
    which then waits for that copy and its fsync); its owner calls `checkpoint` from a
    background thread instead. False, and nothing changed, for other databases (and an
    in-memory SQLite one, which has no log)."""
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return False
    if not event.contains(engine, "connect", _no_autocheckpoint):
        event.listen(engine, "connect", _no_autocheckpoint)
        engine.dispose()  # pooled connections were opened with the automatic checkpoint
    return True


def _no_autocheckpoint(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")


def checkpoint(engine: Engine) -> None:
    """Copy committed pages from SQLite's write-ahead log into the database file,
    without waiting for readers or writers (PASSIVE): what they hold stays for the next
    time."""
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    # Here, not at the top: commands that only read (the reports, through the Core
    # schema) open databases without loading SQLModel and pydantic.
    from sqlmodel import Session

    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
