"""`annotator assign`: hand documents to coders, a share of them to two; list who has what."""

from __future__ import annotations

from typing import Annotated

import typer

from annotator.cli.common import DbOption, FormatOption, OutputFormat, fail, open_db, warn
from annotator.cli.docs import format_date
from annotator.render import Column, emit, plain, plural
from annotator.teams.assign import (
    AssignError,
    AssignResult,
    check_overlap,
    check_seed,
    listing,
    parse_coders,
)
from annotator.teams.assign import (
    assign as run_assign,
)

LOAD_COLUMNS = [
    Column("annotator", "annotator"),
    Column("documents", "documents", plain, "right"),
    Column("sentences", "sentences", plain, "right"),
    Column("double", "double-coded", plain, "right"),
    Column("new", "new", plain, "right"),
]
LIST_COLUMNS = [
    Column("annotator", "annotator"),
    Column("document", "document"),
    Column("date", "date"),
    Column("source", "source"),
    Column("title", "title"),
    Column("sentences", "sentences", plain, "right"),
    Column("with", "double-coded with"),
    Column("batch", "batch", plain, "right"),
]


def assign(
    annotators: Annotated[
        str | None,
        typer.Option(
            "--annotators",
            help="Comma-separated coder names (alice,bob,carol); with --show, only theirs.",
        ),
    ] = None,
    overlap: Annotated[
        float,
        typer.Option(
            "--overlap", help="Share of documents coded by two coders (0.2 = 20 %), 0 to 1."
        ),
    ] = 0.0,
    seed: Annotated[
        int | None,
        typer.Option("--seed", help="Random seed; the same seed and database give the same plan."),
    ] = None,
    reassign: Annotated[
        bool,
        typer.Option(
            "--reassign",
            help="Drop every assignment (decisions stay) and deal the whole corpus again.",
        ),
    ] = False,
    show: Annotated[
        bool, typer.Option("--show", help="List who has which document; assign nothing.")
    ] = False,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Hand whole documents to coders, each to one and an --overlap share to two; run it
    again after an import to assign only the new documents."""
    try:
        coders = parse_coders(annotators) if annotators is not None else ()
        if show:
            _show(db, coders, fmt)
            return
        if not coders:
            fail("--annotators is required: the coders to assign documents to (alice,bob)", 2)
        check_overlap(overlap, coders)
        check_seed(seed)
        engine = open_db(db)
        result = run_assign(engine, coders, overlap, seed, reassign=reassign)
    except AssignError as exc:
        fail(str(exc), 2)
    _report(result, fmt)


def _report(result: AssignResult, fmt: OutputFormat) -> None:
    records = [
        {
            "annotator": c.annotator,
            "documents": c.documents,
            "sentences": c.sentences,
            "double": c.double,
            "new": c.new,
        }
        for c in result.coders
    ]
    footer = []
    if result.removed:
        footer.append(f"reassigned: {plural(result.removed, 'earlier assignment')} dropped")
    if result.new_documents:
        share = result.new_double / result.new_documents
        footer.append(
            f"batch {result.batch}: {plural(result.new_documents, 'new document')}, "
            f"{result.new_double} of them double-coded ({share:.1%}); seed {result.seed}"
        )
    else:
        footer.append("no new documents to assign: every document with content sentences is held")
    emit(fmt.value, LOAD_COLUMNS, records, footer=footer)
    for name in result.not_listed:
        warn(
            f"{name} holds documents from an earlier run but was not in --annotators: "
            "they stay theirs (--reassign deals everything again)"
        )


def _show(db: str | None, coders: tuple[str, ...], fmt: OutputFormat) -> None:
    engine = open_db(db)
    rows = listing(engine, coders)
    records = [
        {
            "annotator": r.annotator,
            "document": r.document_id,
            "date": format_date(r.date, r.date_precision),
            "source": r.source,
            "title": r.title,
            "sentences": r.sentences,
            "with": r.other,
            "batch": r.batch,
        }
        for r in rows
    ]
    documents = len({r.document_id for r in rows})
    double = len({r.document_id for r in rows if r.other})
    footer = [
        f"{plural(documents, 'document')} assigned, {double} double-coded"
        if rows
        else "nothing is assigned: everybody's queue holds every document"
    ]
    emit(fmt.value, LIST_COLUMNS, records, footer=footer)
