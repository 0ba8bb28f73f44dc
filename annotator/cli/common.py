"""What every command shares: the --db and --format options, opening the database,
and one-line errors on stderr with a non-zero exit."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, NoReturn

import typer
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from annotator.cli.guard import debugging as debugging

# Data goes to stdout, diagnostics to stderr; neither interprets document text as markup,
# and neither lets its control characters through (annotator.render.DataConsole).
from annotator.render import err as err
from annotator.render import out as out
from models.db import DB_ENV_VAR, DatabaseURLError, open_database, redact, resolve_url, scrub
from models.text import visible

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar=DB_ENV_VAR,
        help="SQLite file or database URL (postgresql+psycopg://…). Default: ./annotations.db",
        show_envvar=True,
    ),
]


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
]


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one line to stderr and exit non-zero."""
    say(f"error: {message}")
    raise typer.Exit(code)


def warn(message: str) -> None:
    say(f"warning: {message}")


def say(message: str) -> None:
    """One line of diagnostics on stderr, whatever file names or ids it quotes."""
    err.print(visible(message))


def open_db(db: str | None) -> Engine:
    """Open (and migrate) the database, or exit with one line saying why not."""
    try:
        return open_database(db)
    except DatabaseURLError as exc:
        fail(str(exc), 2)
    except OperationalError as exc:
        url = resolve_url(db)
        fail(f"cannot open database {redact(url)}: {scrub(first_line(exc), url)}", 2)
    except SQLAlchemyError as exc:
        url = resolve_url(db)
        fail(f"database {redact(url)}: {exc.__class__.__name__}: {scrub(first_line(exc), url)}", 2)


def first_line(exc: BaseException) -> str:
    """What a database error says, without the SQL, its parameters or DETAIL lines."""
    reason = getattr(exc, "orig", None) or exc
    lines = str(reason).strip().splitlines()
    return lines[0] if lines else exc.__class__.__name__
