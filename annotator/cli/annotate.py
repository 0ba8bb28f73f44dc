"""`annotator annotate` (and bare `annotator`): open the annotation TUI."""

from __future__ import annotations

import getpass
import os
from typing import TYPE_CHECKING, Annotated

import typer
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from annotator.cli.common import DbOption, fail, open_db
from annotator.tui.queue import Order
from models.codebook import current_version
from models.collector import loading_modules
from models.tables import QUEUED_KINDS, Sentence

if TYPE_CHECKING:
    from annotator.tui.app import AnnotatorApp

ANNOTATOR_ENV_VAR = "ANNOTATOR_NAME"

AnnotatorOption = Annotated[
    str | None,
    typer.Option(
        "--annotator",
        "-a",
        envvar=ANNOTATOR_ENV_VAR,
        show_envvar=True,
        help="Who is annotating (default: $ANNOTATOR_NAME, else your OS user name).",
    ),
]


def annotator_name(explicit: str | None) -> str:
    """--annotator, else ANNOTATOR_NAME, else the OS user."""
    name = (explicit or os.environ.get(ANNOTATOR_ENV_VAR) or "").strip()
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = ""
    if not name:
        fail("no annotator name: pass --annotator NAME or set ANNOTATOR_NAME", 2)
    if len(name) > 128:
        fail("the annotator name is longer than 128 characters", 2)
    return name


def _refuse_empty(engine: Engine) -> None:
    """An empty database would open an empty screen: say what to run instead."""
    with Session(engine) as session:
        if current_version(session) is None:
            fail(
                "this database has no codebook yet: run `annotator init` "
                "(`annotator init --sample` adds the sample corpus)",
                2,
            )
        queued = select(Sentence.id).where(col(Sentence.kind).in_(QUEUED_KINDS)).limit(1)
        if session.exec(queued).first() is None:
            fail("no documents to annotate yet: import some with `annotator import PATH`", 2)


OrderOption = Annotated[
    Order,
    typer.Option(
        "--order",
        help="Which unannotated sentence comes next: the next in document order, or the "
        "one the suggestion model is least sure about (uncertain; document order while "
        "there is no model). Also in the filter dialog (f).",
    ),
]


def annotate(
    db: DbOption = None,
    annotator: AnnotatorOption = None,
    order: OrderOption = Order.document,
) -> None:
    """Open the annotation screen at your first unannotated sentence (or, with --order
    uncertain, the one the suggestion model is least sure about)."""
    name = annotator_name(annotator)
    engine = open_db(db)
    _refuse_empty(engine)
    # Textual is imported only here, so every other command starts fast without it.
    with loading_modules():
        from annotator.tui.app import AnnotatorApp
        from annotator.tui.bindings import binding_ids
        from annotator.tui.keymap import default_keymap_path, load_keymap

    keymap, problems = load_keymap(default_keymap_path(), binding_ids())
    run_screen(AnnotatorApp(engine, name, keymap=keymap, keymap_problems=problems, order=order))


def run_screen(app: AnnotatorApp) -> None:
    """Run the TUI until it quits, then close the database; a non-zero return code (a
    SIGTERM's 143) is the command's exit code."""
    try:
        app.run()
    finally:
        app.backend.engine.dispose()
    if app.return_code:
        raise typer.Exit(app.return_code)
