"""`annotator import`: documents from .txt folders, JSONL or CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine

from annotator.cli.common import DbOption, err, fail, open_db
from annotator.ingest.importer import ImportSummary, plan, run_import
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

        summary = run_import(engine, units, advance)
    _print_summary(summary)
    if summary.errors:
        fail(f"{len(summary.errors)} input(s) not imported; see above")
    return summary


def _print_summary(summary: ImportSummary) -> None:
    for error in summary.errors:
        err.print(f"error: {error}", markup=False)
    for warning in summary.warnings:
        err.print(f"warning: {warning}", markup=False)
    docs = summary.documents
    kinds = ", ".join(f"{summary.sentences[k]} {k}" for k in SentenceKind)
    err.print(
        f"documents: {docs['new']} new, {docs['new version']} new versions, "
        f"{docs['unchanged']} unchanged; sentences: {kinds}; "
        f"undated: {summary.undated}; errors: {len(summary.errors)}",
        markup=False,
    )


def import_(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Folders of .txt (with manifest.csv/.jsonl), .txt, .jsonl or .csv files."
        ),
    ],
    db: DbOption = None,
    manifest: Annotated[
        Path | None,
        typer.Option(
            "--manifest",
            "-m",
            help="Manifest (CSV or JSONL: file, date, source, title, url, language, id).",
        ),
    ] = None,
) -> None:
    """Import documents; each input file is imported whole or not at all."""
    if manifest is not None and not manifest.is_file():
        fail(f"{manifest}: no such manifest", 2)
    import_paths(open_db(db), paths, manifest)
