"""The `annotator` command: one typer sub-app per command group, composed here.

Commands are listed by name, module and help, and a command's module is imported only
when that command runs (or shows its own help): `annotator --help` loads typer alone,
and `report stance` never loads the TUI, numpy or alembic. A new command adds one line
to COMMANDS and keeps its heavy imports inside its own module."""

from __future__ import annotations

import importlib
import signal
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from typing import Annotated, Any

import typer
from typer._click.utils import make_default_short_help

from annotator.cli.guard import DEBUG_ENV_VAR, SafeGroup, set_debugging
from models.collector import loading_modules


@dataclass(frozen=True)
class Command:
    name: str
    module: str
    attribute: str  # a command function, or a typer sub-app (a command group)
    help: str


COMMANDS = (
    Command(
        "annotate",
        "annotator.cli.annotate",
        "annotate",
        "Open the annotation screen (also: annotator with no command).",
    ),
    Command(
        "adjudicate",
        "annotator.cli.adjudicate",
        "adjudicate",
        "Settle the sentences where coders disagree (a TUI screen).",
    ),
    Command("init", "annotator.cli.init", "init", "Create the database and store a codebook."),
    Command(
        "import",
        "annotator.cli.importing",
        "import_",
        "Import documents (.txt, JSONL, CSV) or labels (--labels).",
    ),
    Command(
        "export",
        "annotator.cli.export",
        "export_",
        "Export labels: jsonl, prodigy, doccano, label-studio, dna, dna-csv, csv.",
    ),
    Command(
        "assign",
        "annotator.cli.assign",
        "assign",
        "Hand documents to coders, a share to two for reliability.",
    ),
    Command(
        "docs",
        "annotator.cli.docs",
        "docs",
        "List documents: date, source, title, sentences by kind.",
    ),
    Command("codebook", "annotator.cli.codebook", "app", "Check, store and show the codebook."),
    Command("db", "annotator.cli.db", "app", "Database maintenance: upgrade, show location."),
    Command(
        "report",
        "annotator.cli.report",
        "app",
        "Stance over time, claims, evidence, progress, agreement.",
    ),
    Command(
        "suggest",
        "annotator.cli.suggest",
        "app",
        "Evaluate suggestions against decisions; train the model; show what each field uses.",
    ),
)

_SETTINGS: dict[str, Any] = {"rich_markup_mode": None, "pretty_exceptions_enable": False}


def _load(command: Command) -> Any:
    """The click command of one entry, built as typer would have built it eagerly."""
    with loading_modules():
        target = getattr(importlib.import_module(command.module), command.attribute)
    holder = typer.Typer(**_SETTINGS)
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=command.name, help=command.help)
    else:
        holder.command(command.name, help=command.help)(target)
    return typer.main.get_group(holder).commands[command.name]


class _Commands(MutableMapping[str, Any]):
    """Every command's name is known up front; its module loads on first lookup."""

    def __init__(self) -> None:
        self._known = {c.name: c for c in COMMANDS}
        self._loaded: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._loaded:
            self._loaded[name] = _load(self._known[name])
        return self._loaded[name]

    def __setitem__(self, name: str, value: Any) -> None:
        self._loaded[name] = value

    def __delitem__(self, name: str) -> None:
        raise TypeError("commands cannot be removed")

    def __iter__(self) -> Iterator[str]:
        return iter(self._known)

    def __len__(self) -> int:
        return len(self._known)


class _LazyGroup(SafeGroup):
    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands()

    def list_commands(self, ctx: Any) -> list[str]:
        return [c.name for c in COMMANDS]

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list from COMMANDS, without importing any command's module."""
        limit = formatter.width - 6 - max(len(c.name) for c in COMMANDS)
        rows = [(c.name, make_default_short_help(c.help, limit)) for c in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


app = typer.Typer(
    name="annotator",
    help="Stance Annotator: tag who claims what, with which stance, sentence by sentence; "
    "then report each side's stance over time.",
    no_args_is_help=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=_LazyGroup,
    **_SETTINGS,
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
        from annotator.cli.annotate import annotate

        annotate()


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM ends the command as SIGINT does, so open transactions roll back and
    temporary files are removed (the default would stop the process where it stands)."""
    raise SystemExit(128 + signum)


def main() -> None:
    signal.signal(signal.SIGTERM, _terminated)
    app()
