"""`annotator import`: documents from .txt folders, JSONL or CSV; labels with --labels."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from annotator.cli.common import DbOption, debugging, err, fail, first_line, open_db, say
from annotator.ingest.importer import ImportSummary, plan, run_import
from exports.labels import LabelFormat, LabelSummary, import_labels
from exports.records import LabelError
from models.tables import SentenceKind


def import_paths(engine: Engine, paths: list[Path], manifest: Path | None = None) -> ImportSummary:
    units = list(plan(paths, manifest))
    with Progress(
        TextColumn("importing files"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[documents]} documents, {task.fields[sentences]} sentences"),
        TimeElapsedColumn(),
        console=err,
        disable=not err.is_terminal,
        transient=True,
    ) as progress:
        task = progress.add_task("import", total=len(units), documents=0, sentences=0)

        def advance(summary: ImportSummary) -> None:
            progress.update(
                task,
                advance=1,
                documents=summary.documents.total(),
                sentences=summary.sentences.total(),
            )

        summary = run_import(engine, units, advance, debug=debugging())
    _print_summary(summary)
    if summary.errors:
        fail(f"{len(summary.errors)} input(s) not imported; see above")
    return summary


def _print_summary(summary: ImportSummary) -> None:
    for error in summary.errors:
        say(f"error: {error}")
    for warning in summary.warnings:
        say(f"warning: {warning}")
    docs = summary.documents
    kinds = ", ".join(f"{summary.sentences[k]} {k}" for k in SentenceKind)
    err.print(
        f"documents: {docs['new']} new, {docs['new version']} new versions, "
        f"{docs['unchanged']} unchanged; sentences: {kinds}; "
        f"undated: {summary.undated}; errors: {len(summary.errors)}",
        markup=False,
    )


def import_label_files(
    engine: Engine,
    files: list[Path],
    fmt: LabelFormat,
    *,
    as_decisions: bool,
    add_to_codebook: bool,
) -> list[LabelSummary]:
    """Each file in its own transaction; the first bad file stops the import with its
    line named (files before it stay imported, and the message says so)."""
    summaries: list[LabelSummary] = []
    for path in files:
        try:
            summary = import_labels(
                engine, path, fmt, as_decisions=as_decisions, add_to_codebook=add_to_codebook
            )
        except LabelError as exc:
            done = f" ({len(summaries)} earlier file(s) imported)" if summaries else ""
            fail(f"{exc}; nothing imported from {path}{done}")
        except SQLAlchemyError as exc:
            fail(f"{path}: the database refused the labels ({first_line(exc)}); nothing imported")
        for warning in summary.warnings:
            say(f"warning: {warning}")
        if summary.added:
            say(f"added to the codebook: {', '.join(summary.added)}")
        err.print(
            f"{path}: {summary.decisions} decisions, {summary.unchanged} unchanged, "
            f"{summary.suggestions} suggestions, "
            f"{summary.task_lines} lines without a decision skipped",
            markup=False,
        )
        summaries.append(summary)
    return summaries


def import_(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Folders of .txt (with manifest.csv/.jsonl), .txt, .jsonl or .csv files."
        ),
    ] = None,
    db: DbOption = None,
    manifest: Annotated[
        Path | None,
        typer.Option(
            "--manifest",
            "-m",
            help="Manifest (CSV or JSONL: file, date, source, title, url, language, id).",
        ),
    ] = None,
    labels: Annotated[
        list[Path] | None,
        typer.Option(
            "--labels",
            metavar="FILE",
            help="Label file to import (repeatable): decisions from `annotator export`, "
            "or pre-annotations from Prodigy, doccano or Label Studio.",
        ),
    ] = None,
    label_format: Annotated[
        LabelFormat,
        typer.Option("--format", "-f", help="Format of the --labels files.", case_sensitive=False),
    ] = LabelFormat.jsonl,
    as_decisions: Annotated[
        bool,
        typer.Option(
            "--as-decisions",
            help="Store other tools' labels as decisions, not as suggestions.",
        ),
    ] = False,
    add_to_codebook: Annotated[
        bool,
        typer.Option(
            "--add-to-codebook",
            help="Add unknown speakers (they need a side), claims and stances (they need a "
            "score) instead of refusing the file.",
        ),
    ] = False,
) -> None:
    """Import documents (each input file whole or not at all), then --labels files."""
    if not paths and not labels:
        fail("give documents to import, or --labels FILE", 2)
    if manifest is not None and not manifest.is_file():
        fail(f"{manifest}: no such manifest", 2)
    engine = open_db(db)
    if paths:
        import_paths(engine, paths, manifest)
    if labels:
        import_label_files(
            engine, labels, label_format, as_decisions=as_decisions, add_to_codebook=add_to_codebook
        )
