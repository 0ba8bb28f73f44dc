"""The root command group's guard: no input shows a user a traceback (unless --debug).

Kept apart from annotator.cli.common, which opens databases, so that `annotator --help`
loads typer and this module alone (the storage layer loads with the command that
needs it)."""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from models.text import visible

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
            result = super().invoke(ctx)
            sys.stdout.flush()  # here, not at exit, so that a reader gone is seen below
            return result
        except typer.TyperException as exc:  # a usage error: its message quotes arguments
            raise _shown_safely(exc) from None
        except (typer.Exit, typer.Abort):
            raise
        except BrokenPipeError:
            # The reader stopped early (`| head`): what it wanted it had; no message, and
            # nothing more for the interpreter to flush into the closed pipe at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except Exception as exc:
            if debugging():
                raise
            from annotator.cli.common import fail, first_line

            # Only a command that loaded SQLAlchemy can raise its errors.
            database = "sqlalchemy" in sys.modules and isinstance(
                exc, sys.modules["sqlalchemy.exc"].SQLAlchemyError
            )
            if database:
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
