"""`annotator adjudicate`: the dispute queue, where coders disagree, in the TUI."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlmodel import Session

from annotator.cli.annotate import ANNOTATOR_ENV_VAR, annotator_name, run_screen
from annotator.cli.common import DbOption, fail, open_db
from models.codebook import current_version

AdjudicatorOption = Annotated[
    str | None,
    typer.Option(
        "--annotator",
        "-a",
        envvar=ANNOTATOR_ENV_VAR,
        show_envvar=True,
        help="Who adjudicates (default: $ANNOTATOR_NAME, else your OS user name); "
        "use a name you did not code under.",
    ),
]


def adjudicate(db: DbOption = None, annotator: AdjudicatorOption = None) -> None:
    """Settle the sentences where coders disagree; your decisions are stored with the
    role adjudicator, which reports prefer."""
    name = annotator_name(annotator)
    engine = open_db(db)
    with Session(engine) as session:
        if current_version(session) is None:
            fail("this database has no codebook yet: run `annotator init`", 2)
    # Textual is imported only here, so every other command starts fast without it.
    from annotator.tui.app import AnnotatorApp
    from annotator.tui.bindings import binding_ids
    from annotator.tui.keymap import default_keymap_path, load_keymap

    keymap, problems = load_keymap(default_keymap_path(), binding_ids())
    run_screen(AnnotatorApp(engine, name, keymap=keymap, keymap_problems=problems, adjudicate=True))
