"""`annotator docs`: the documents in the database."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from sqlalchemy import case, func, select
from sqlmodel import col

from annotator.cli.common import DbOption, FormatOption, OutputFormat, open_db
from annotator.render import Column, emit, plural
from models.db import session_scope
from models.tables import Document, Sentence, SentenceKind


def format_date(date: Any, precision: str | None) -> str:
    if date is None:
        return ""
    if precision == "year":
        return f"{date:%Y}"
    if precision == "month":
        return f"{date:%Y-%m}"
    return date.isoformat()


def docs(
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.table,
    source: Annotated[str | None, typer.Option("--source", help="Only this source.")] = None,
) -> None:
    """List documents with date, source, title and sentence counts by kind."""
    engine = open_db(db)
    counts = [
        func.sum(case((col(Sentence.kind) == kind.value, 1), else_=0)).label(kind.value)
        for kind in SentenceKind
    ]
    query = (
        select(
            *[
                col(c)
                for c in (
                    Document.id,
                    Document.date,
                    Document.date_precision,
                    Document.source,
                    Document.title,
                )
            ],
            *counts,
        )
        .join(Sentence, col(Sentence.document_id) == col(Document.id), isouter=True)
        .group_by(col(Document.id))
        .order_by(col(Document.date).is_(None), col(Document.date), col(Document.id))
    )
    if source:
        query = query.where(col(Document.source) == source)
    with session_scope(engine) as session:
        rows = [
            {
                "id": r.id,
                "date": format_date(r.date, r.date_precision),
                "source": r.source,
                "title": r.title,  # as every view shows it: set at import
                **{k.value: int(getattr(r, k.value) or 0) for k in SentenceKind},
            }
            for r in session.execute(query).all()
        ]
    columns = [
        Column("id", "id"),
        Column("date", "date"),
        Column("source", "source"),
        Column("title", "title"),
        *[Column(k.value, k.value, justify="right") for k in SentenceKind],
    ]
    emit(fmt.value, columns, rows, footer=[plural(len(rows), "document")])
