"""The `annotator` command: one typer sub-app per command group, composed here."""

from __future__ import annotations

from typing import Annotated

import typer

from annotator.cli import (
    adjudicate,
    annotate,
    assign,
    codebook,
    db,
    docs,
    export,
    importing,
    init,
    report,
    suggest,
)
from annotator.cli.common import DEBUG_ENV_VAR, SafeGroup, set_debugging

app = typer.Typer(
    name="annotator",
    help="Stance Annotator: tag who claims what, with which stance, sentence by sentence; "
    "then report each side's stance over time.",
    no_args_is_help=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    cls=SafeGroup,
)

app.command("annotate", help="Open the annotation screen (also: annotator with no command).")(
    annotate.annotate
)
app.command("adjudicate", help="Settle the sentences where coders disagree (a TUI screen).")(
    adjudicate.adjudicate
)
app.command("init", help="Create the database and store a codebook.")(init.init)
app.command("import", help="Import documents (.txt, JSONL, CSV) or labels (--labels).")(
    importing.import_
)
app.command("export", help="Export labels: jsonl, prodigy, doccano, label-studio, dna, csv.")(
    export.export_
)
app.command("assign", help="Hand documents to coders, a share to two for reliability.")(
    assign.assign
)
app.command("docs", help="List documents: date, source, title, sentences by kind.")(docs.docs)
app.add_typer(codebook.app, name="codebook", help="Check, store and show the codebook.")
app.add_typer(db.app, name="db", help="Database maintenance: upgrade, show location.")
app.add_typer(
    report.app, name="report", help="Stance over time, claims, evidence, progress, agreement."
)
app.add_typer(
    suggest.app, name="suggest", help="Evaluate suggestions against decisions; train the model."
)


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            envvar=DEBUG_ENV_VAR,
            help="Show the traceback of an unexpected error instead of one line.",
        ),
    ] = False,
) -> None:
    """With no command, open the annotation screen (as `annotator annotate`)."""
    set_debugging(debug)
    if ctx.invoked_subcommand is None:
        annotate.annotate()


def main() -> None:
    app()
