"""`report progress`: how far each annotator is, overall and per document, and how fast.

Pace is decisions per hour of work, where a day's work spans its first to its last
decision (UTC days); today's pace uses today's span only, and spans under a minute give
no pace. A skip is not a decision: the
sentence stays in the remaining count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Engine, case, func, select
from sqlmodel import col

from annotator.render import Column, decimal, plain
from annotator.reports.titles import document_titles
from models.db import session_scope
from models.tables import (
    QUEUED_KINDS,
    Decision,
    DecisionKind,
    Document,
    Sentence,
    Statement,
)

# Below a minute of work a rate per hour means nothing; pace is left blank.
MIN_SPAN_HOURS = 1 / 60


class ProgressBy(StrEnum):
    annotator = "annotator"
    document = "document"


@dataclass(frozen=True)
class ProgressRow:
    annotator: str
    document: str | None
    sentences: int
    decided: int
    no_claim: int
    skipped: int
    statements: int
    today: int | None = None
    pace_today: float | None = None
    pace: float | None = None
    title: str | None = None

    @property
    def remaining(self) -> int:
        return self.sentences - self.decided


def _sums() -> list[ColumnElement[Any]]:
    decided = col(Decision.kind).in_([DecisionKind.statements.value, DecisionKind.no_claim.value])
    return [
        func.sum(case((decided, 1), else_=0)).label("decided"),
        func.sum(case((col(Decision.kind) == DecisionKind.no_claim.value, 1), else_=0)).label(
            "no_claim"
        ),
        func.sum(case((col(Decision.kind) == DecisionKind.skip.value, 1), else_=0)).label(
            "skipped"
        ),
    ]


def progress_report(
    engine: Engine,
    by: ProgressBy = ProgressBy.annotator,
    annotator: str | None = None,
    sources: tuple[str, ...] = (),
    today: dt.date | None = None,
) -> list[ProgressRow]:
    today = today or dt.datetime.now(dt.UTC).date()
    documents = select(col(Document.id)).where(
        col(Document.source).in_(sources) if sources else col(Document.id).is_not(None)
    )
    annotatable = col(Sentence.kind).in_(QUEUED_KINDS) & col(Sentence.document_id).in_(documents)
    per_doc = by is ProgressBy.document
    keys: list[Any] = [col(Decision.annotator)] + ([col(Sentence.document_id)] if per_doc else [])
    decisions = (
        select(*keys, *_sums())
        .join(Sentence, col(Sentence.id) == col(Decision.sentence_id))
        .where(annotatable)
        .group_by(*keys)
    )
    statements = (
        select(*keys, func.count().label("statements"))
        .select_from(Statement)
        .join(Decision, col(Decision.id) == col(Statement.decision_id))
        .join(Sentence, col(Sentence.id) == col(Decision.sentence_id))
        .where(annotatable)
        .group_by(*keys)
    )
    sentence_counts = select(
        *([col(Sentence.document_id)] if per_doc else []), func.count().label("n")
    ).where(annotatable)
    if per_doc:
        sentence_counts = sentence_counts.group_by(col(Sentence.document_id))
    if annotator is not None:
        decisions = decisions.where(col(Decision.annotator) == annotator)
        statements = statements.where(col(Decision.annotator) == annotator)
    day = func.date(col(Decision.updated_at))
    days = (
        select(
            col(Decision.annotator),
            day.label("day"),
            func.count().label("n"),
            func.min(Decision.updated_at).label("first"),
            func.max(Decision.updated_at).label("last"),
        )
        .where(col(Decision.kind) != DecisionKind.skip.value)
        .group_by(col(Decision.annotator), day)
    )
    with session_scope(engine) as session:
        found = session.execute(decisions.order_by(*keys)).all()
        made = {tuple(r[:-1]): int(r[-1]) for r in session.execute(statements)}
        sizes = {tuple(r[:-1]): int(r[-1]) for r in session.execute(sentence_counts)}
        worked = session.execute(days).all() if not per_doc else []
        titles = document_titles(session, (r.document_id for r in found)) if per_doc else {}
    return [
        ProgressRow(
            r.annotator,
            r.document_id if per_doc else None,
            sizes.get(tuple(r[1:2]) if per_doc else (), 0),
            int(r.decided or 0),
            int(r.no_claim or 0),
            int(r.skipped or 0),
            made.get(tuple(r[: len(keys)]), 0),
            *(
                (None, None, None, titles.get(r.document_id))
                if per_doc
                else _pace([w for w in worked if w.annotator == r.annotator], today)
            ),
        )
        for r in found
    ]


def _pace(days: list[Any], today: dt.date) -> tuple[int, float | None, float | None]:
    """Decisions today, and decisions per hour today and overall."""

    def hours(day: Any) -> float:
        return (_aware(day.last) - _aware(day.first)).total_seconds() / 3600

    this = [d for d in days if str(d.day) == today.isoformat()]
    n_today = sum(d.n for d in this)
    span_today = sum(hours(d) for d in this)
    span = sum(hours(d) for d in days)
    total = sum(d.n for d in days)
    return (
        n_today,
        n_today / span_today if span_today >= MIN_SPAN_HOURS else None,
        total / span if span >= MIN_SPAN_HOURS else None,
    )


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def columns(by: ProgressBy) -> list[Column]:
    keys = [Column("annotator", "annotator")]
    if by is ProgressBy.document:
        keys += [Column("document", "document"), Column("title", "title")]
    counts = [
        Column(key, key.replace("_", " "), plain, "right")
        for key in ("sentences", "decided", "no_claim", "skipped", "statements", "remaining")
    ]
    if by is ProgressBy.document:
        return keys + counts
    return [
        *keys,
        *counts,
        Column("today", "today", plain, "right"),
        Column("pace_today", "today /h", decimal, "right"),
        Column("pace", "overall /h", decimal, "right"),
    ]


def records(rows: list[ProgressRow], by: ProgressBy) -> list[dict[str, Any]]:
    result = []
    for r in rows:
        record: dict[str, Any] = {"annotator": r.annotator}
        if by is ProgressBy.document:
            record |= {"document": r.document, "title": r.title}
        record |= {
            "sentences": r.sentences,
            "decided": r.decided,
            "no_claim": r.no_claim,
            "skipped": r.skipped,
            "statements": r.statements,
            "remaining": r.remaining,
        }
        if by is ProgressBy.annotator:
            record |= {"today": r.today, "pace_today": r.pace_today, "pace": r.pace}
        result.append(record)
    return result
