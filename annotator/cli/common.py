"""What every command shares: the --db and --format options, opening the database,
and one-line errors on stderr with a non-zero exit."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, NoReturn

import typer
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from typer.core import TyperGroup

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


DEBUG_ENV_VAR = "ANNOTATOR_DEBUG"
_debug = {"on": False}  # set by the root command on every invocation


def set_debugging(on: bool) -> None:
    _debug["on"] = on


def debugging() -> bool:
    """--debug (or ANNOTATOR_DEBUG=1): unexpected errors show their traceback."""
    return _debug["on"]


class SafeGroup(TyperGroup):
    """The command group that turns an unexpected exception into one line on stderr
    and exit 1, so that no input shows a user a traceback (unless --debug)."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except typer.TyperException as exc:
            raise _shown_safely(exc) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except typer.TyperException as exc:  # a usage error: its message quotes arguments
            raise _shown_safely(exc) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            if debugging():
                raise
            if isinstance(exc, SQLAlchemyError):
                reason = f"database error: {first_line(exc)}"
            else:
                reason = f"unexpected {type(exc).__name__}: {str(exc)[:500]}"
            fail(f"{reason} (run `annotator --debug …` for the traceback)")


def _shown_safely(exc: typer.TyperException) -> typer.TyperException:
    """A usage error whose message (which quotes what was typed) shows no controls."""
    message = getattr(exc, "message", None)
    if isinstance(message, str):
        exc.message = visible(message)
    return exc


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
