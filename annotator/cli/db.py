"""`annotator db upgrade|info`."""

from __future__ import annotations

import typer

from annotator.cli.common import DbOption, open_db, out
from models.db import redact, resolve_url
from models.migrate import current_revision, head_revision

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)


@app.command("upgrade")
def upgrade(db: DbOption = None) -> None:
    """Bring the database schema up to date (also done automatically on open)."""
    engine = open_db(db)
    out.print(f"{redact(resolve_url(db))}: schema at {current_revision(engine)}", markup=False)


@app.command("info")
def info(db: DbOption = None) -> None:
    """Show which database is in use and its schema revision."""
    engine = open_db(db)
    out.print(f"database: {redact(resolve_url(db))}", markup=False)
    out.print(
        f"schema:   {current_revision(engine)} (latest {head_revision(engine)})", markup=False
    )
