"""`annotator export`: labels to a file, in our JSONL or another tool's format."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.exc import SQLAlchemyError

from annotator.cli.common import DbOption, fail, open_db, say
from annotator.render import terminal_safe_stdout
from exports.atomic import atomic_text
from exports.label_studio_config import labeling_config
from exports.native import schema_text
from exports.query import ExportFilter
from exports.writers import ExportFormat, export
from models.tables import QUEUED_KINDS, SentenceKind

ALL_KINDS = "all"
TEXT_FORMATS = (ExportFormat.csv, ExportFormat.dna)  # the others are JSON


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{option}: not a date (YYYY-MM-DD): {value!r}", 2)


def _kinds(values: list[str]) -> tuple[str, ...]:
    if ALL_KINDS in values:
        return ()
    known = {kind.value for kind in SentenceKind}
    for value in values:
        if value not in known:
            fail(f"--kind: {value!r} is not one of {', '.join(sorted(known))}, all", 2)
    return tuple(dict.fromkeys(values))


def _email_map(pairs: list[str]) -> dict[str, str]:
    emails: dict[str, str] = {}
    for pair in pairs:
        name, sep, email = pair.partition("=")
        if not sep or not name or "@" not in email:
            fail(f"--ls-email-map: expected NAME=EMAIL, got {pair!r}", 2)
        emails[name] = email
    return emails


def export_(
    db: DbOption = None,
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="File format.", case_sensitive=False),
    ] = ExportFormat.jsonl,
    output: Annotated[
        str,
        typer.Option("--output", "-o", metavar="FILE", help="File to write, or - for stdout."),
    ] = "-",
    schema: Annotated[
        bool, typer.Option("--schema", help="Print the JSON Schema of a native line and exit.")
    ] = False,
    include_unlabelled: Annotated[
        bool,
        typer.Option(
            "--include-unlabelled",
            help="Add a line (decision null) for every sentence without a decision.",
        ),
    ] = False,
    annotator: Annotated[
        list[str] | None,
        typer.Option("--annotator", metavar="NAME", help="Only this annotator (repeatable)."),
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option("--source", metavar="NAME", help="Only this source (repeatable)."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="DATE", help="Documents dated on or after (YYYY-MM-DD)."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="DATE", help="Documents dated on or before (YYYY-MM-DD)."),
    ] = None,
    resolved: Annotated[
        bool,
        typer.Option(
            "--resolved",
            help="One decision per sentence by the reports' rule (adjudicated, else the "
            "only one, else agreeing ones once); disputed sentences are left out and counted.",
        ),
    ] = False,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            metavar="KIND",
            help="Sentence kinds (repeatable): content, headline, caption, boilerplate, all. "
            "Default: content.",
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            metavar="FILE",
            help="With --format label-studio: also write the matching labeling config "
            "(XML) to FILE.",
        ),
    ] = None,
    ls_email: Annotated[
        list[str] | None,
        typer.Option(
            "--ls-email-map",
            metavar="NAME=EMAIL",
            help="With --format label-studio: attribute NAME's annotations to the Label "
            "Studio user EMAIL (repeatable); others go to the user who imports.",
        ),
    ] = None,
) -> None:
    """Export decisions: one per sentence and annotator, streamed, written atomically."""
    if schema:
        typer.echo(schema_text(), nl=False)
        return
    if resolved and annotator:
        fail("--resolved is the layer of all annotators; it cannot be combined with --annotator", 2)
    filters = ExportFilter(
        annotators=tuple(annotator or ()),
        sources=tuple(source or ()),
        since=_date(since, "--since"),
        until=_date(until, "--until"),
        kinds=_kinds(kind or list(QUEUED_KINDS)),
        include_unlabelled=include_unlabelled,
        resolved=resolved,
    )
    target = None if output == "-" else Path(output)
    if target is not None and target.is_dir():
        fail(f"{target}: is a folder; give a file name", 2)
    if fmt is ExportFormat.dna and target is None:
        fail("--format dna writes a DNA database file: give -o FILE (e.g. -o corpus.dna)", 2)
    if (config is not None or ls_email) and fmt is not ExportFormat.label_studio:
        fail("--config and --ls-email-map go with --format label-studio", 2)
    emails = _email_map(ls_email or [])
    engine = open_db(db)
    try:
        with terminal_safe_stdout(json_text=fmt not in TEXT_FORMATS):
            summary = export(engine, fmt, target, filters, emails=emails)
        if config is not None:
            with atomic_text(config) as handle:
                handle.write(labeling_config(engine))
    except BrokenPipeError:
        raise  # the reader stopped early (`| head`): the command group's guard ends quietly
    except OSError as exc:
        fail(f"{output}: {exc.strerror or exc}", 1)
    except SQLAlchemyError as exc:
        fail(f"export failed, nothing written to {output}: {exc.__class__.__name__}", 1)
    if fmt is ExportFormat.label_studio and target is not None and target.suffix != ".json":
        summary.notes.append(f"Label Studio imports .json files: rename {target} to *.json")
    for note in summary.notes:
        say(f"note: {note}")
    where = "stdout" if target is None else str(target)
    say(f"exported {summary.written} {summary.unit} ({fmt.value}) to {where}")
    if config is not None:
        say(f"labeling config written to {config}")
