"""`report progress`: how far each annotator is, overall and per document, and how fast.

Pace is decisions per hour of work, where a day's work spans its first to its last
decision (UTC days); today's pace uses today's span only, and spans under a minute give
no pace. A skip is not a decision: the
sentence stays in the remaining count.

Once documents are assigned (`annotator assign`), a coder with an assignment is counted
on their documents only (sentences, decided, remaining), with how many of their
double-coded documents both coders have finished; coders without one on every document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, case, func, select

from annotator.render import Column, decimal, plain
from annotator.reports.choices import ProgressBy as ProgressBy
from annotator.reports.titles import document_titles
from annotator.teams.scope import in_scope
from models.kinds import QUEUED_KINDS, DecisionKind
from models.schema import assignments, decisions, documents, sentences, statements

# Below a minute of work a rate per hour means nothing; pace is left blank.
MIN_SPAN_HOURS = 1 / 60


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
    assigned: Assigned | None = None

    @property
    def remaining(self) -> int:
        return self.sentences - self.decided


@dataclass(frozen=True)
class Assigned:
    """A coder's assignment: documents, and the double-coded ones finished by both coders."""

    documents: int
    sentences: int
    double: int
    double_done: int

    @property
    def double_remaining(self) -> int:
        return self.double - self.double_done


DONE_KINDS = (DecisionKind.statements.value, DecisionKind.no_claim.value)


def _assignments(connection: Connection, in_documents: Any) -> dict[str, Assigned]:
    """Per coder with an assignment (within `in_documents`); a document is finished by a
    coder once they decided (statements or no claim) each of its content sentences."""
    content = sentences.c.kind.in_(QUEUED_KINDS)
    sizes = (
        select(sentences.c.document_id, func.count().label("n"))
        .where(content)
        .group_by(sentences.c.document_id)
        .subquery()
    )
    done = (
        select(decisions.c.annotator, sentences.c.document_id, func.count().label("n"))
        .join(sentences, sentences.c.id == decisions.c.sentence_id)
        .where(content, decisions.c.kind.in_(DONE_KINDS))
        .group_by(decisions.c.annotator, sentences.c.document_id)
        .subquery()
    )
    rows = connection.execute(
        select(
            assignments.c.annotator,
            assignments.c.document_id,
            func.coalesce(sizes.c.n, 0),
            func.coalesce(done.c.n, 0),
        )
        .join(sizes, sizes.c.document_id == assignments.c.document_id, isouter=True)
        .join(
            done,
            (done.c.document_id == assignments.c.document_id)
            & (done.c.annotator == assignments.c.annotator),
            isouter=True,
        )
        .where(assignments.c.document_id.in_(in_documents))
    ).all()
    coders: dict[str, list[str]] = {}
    finished: set[tuple[str, str]] = set()
    assigned_sentences: dict[str, int] = {}
    for annotator, document_id, n, decided in rows:
        coders.setdefault(document_id, []).append(annotator)
        assigned_sentences[annotator] = assigned_sentences.get(annotator, 0) + int(n)
        if decided >= n:
            finished.add((annotator, document_id))
    result: dict[str, list[int]] = {}
    for document_id, held in coders.items():
        both = all((a, document_id) in finished for a in held)
        for annotator in held:
            totals = result.setdefault(annotator, [0, 0, 0])
            totals[0] += 1
            totals[1] += int(len(held) > 1)
            totals[2] += int(len(held) > 1 and both)
    return {a: Assigned(t[0], assigned_sentences[a], t[1], t[2]) for a, t in result.items()}


def _sums() -> list[ColumnElement[Any]]:
    decided = decisions.c.kind.in_(DONE_KINDS)
    return [
        func.sum(case((decided, 1), else_=0)).label("decided"),
        func.sum(case((decisions.c.kind == DecisionKind.no_claim.value, 1), else_=0)).label(
            "no_claim"
        ),
        func.sum(case((decisions.c.kind == DecisionKind.skip.value, 1), else_=0)).label("skipped"),
    ]


def progress_report(
    engine: Engine,
    by: ProgressBy = ProgressBy.annotator,
    annotator: str | None = None,
    sources: tuple[str, ...] = (),
    today: dt.date | None = None,
) -> list[ProgressRow]:
    today = today or dt.datetime.now(dt.UTC).date()
    chosen = select(documents.c.id).where(
        documents.c.source.in_(sources) if sources else documents.c.id.is_not(None)
    )
    annotatable = sentences.c.kind.in_(QUEUED_KINDS) & sentences.c.document_id.in_(chosen)
    per_doc = by is ProgressBy.document
    keys: list[Any] = [decisions.c.annotator] + ([sentences.c.document_id] if per_doc else [])
    # Per annotator, a coder's own documents when they have an assignment.
    scoped = (
        annotatable
        if per_doc
        else annotatable & in_scope(decisions.c.annotator, sentences.c.document_id)
    )
    decided = (
        select(*keys, *_sums())
        .join(sentences, sentences.c.id == decisions.c.sentence_id)
        .where(scoped)
        .group_by(*keys)
    )
    made_query = (
        select(*keys, func.count().label("statements"))
        .select_from(statements)
        .join(decisions, decisions.c.id == statements.c.decision_id)
        .join(sentences, sentences.c.id == decisions.c.sentence_id)
        .where(scoped)
        .group_by(*keys)
    )
    sentence_counts = select(
        *([sentences.c.document_id] if per_doc else []), func.count().label("n")
    ).where(annotatable)
    if per_doc:
        sentence_counts = sentence_counts.group_by(sentences.c.document_id)
    if annotator is not None:
        decided = decided.where(decisions.c.annotator == annotator)
        made_query = made_query.where(decisions.c.annotator == annotator)
    day = func.date(decisions.c.updated_at)
    days = (
        select(
            decisions.c.annotator,
            day.label("day"),
            func.count().label("n"),
            func.min(decisions.c.updated_at).label("first"),
            func.max(decisions.c.updated_at).label("last"),
        )
        .where(decisions.c.kind != DecisionKind.skip.value)
        .group_by(decisions.c.annotator, day)
    )
    with engine.connect() as connection:
        found = connection.execute(decided.order_by(*keys)).all()
        made = {tuple(r[:-1]): int(r[-1]) for r in connection.execute(made_query)}
        sizes = {tuple(r[:-1]): int(r[-1]) for r in connection.execute(sentence_counts)}
        worked = connection.execute(days).all() if not per_doc else []
        assigned = {} if per_doc else _assignments(connection, chosen)
        titles = document_titles(connection, (r.document_id for r in found)) if per_doc else {}
    if per_doc:
        return [
            ProgressRow(
                r.annotator,
                r.document_id,
                sizes.get(tuple(r[1:2]), 0),
                int(r.decided or 0),
                int(r.no_claim or 0),
                int(r.skipped or 0),
                made.get(tuple(r[: len(keys)]), 0),
                title=titles.get(r.document_id),
            )
            for r in found
        ]
    counts = {r.annotator: r for r in found}
    names = sorted(set(counts) | {a for a in assigned if annotator in (None, a)})
    rows = []
    for name in names:
        r = counts.get(name)
        work = assigned.get(name)
        rows.append(
            ProgressRow(
                name,
                None,
                work.sentences if work else sizes.get((), 0),
                int(r.decided or 0) if r else 0,
                int(r.no_claim or 0) if r else 0,
                int(r.skipped or 0) if r else 0,
                made.get((name,), 0),
                *_pace([w for w in worked if w.annotator == name], today),
                assigned=work,
            )
        )
    return rows


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


ASSIGNED_KEYS = ("documents", "double", "double_done", "double_remaining")


def has_assignments(rows: list[ProgressRow]) -> bool:
    return any(r.assigned is not None for r in rows)


def columns(by: ProgressBy, assigned: bool = False) -> list[Column]:
    """`assigned`: with the assignment's columns (documents held, double-coded ones)."""
    keys = [Column("annotator", "annotator")]
    if assigned and by is ProgressBy.annotator:
        keys.append(Column("documents", "assigned docs", plain, "right"))
    if by is ProgressBy.document:
        keys += [Column("document", "document"), Column("title", "title")]
    counts = [
        Column(key, key.replace("_", " "), plain, "right")
        for key in ("sentences", "decided", "no_claim", "skipped", "statements", "remaining")
    ]
    if by is ProgressBy.document:
        return keys + counts
    doubles = [
        Column("double", "double-coded", plain, "right"),
        Column("double_done", "done by both", plain, "right"),
        Column("double_remaining", "double left", plain, "right"),
    ]
    return [
        *keys,
        *counts,
        *(doubles if assigned else []),
        Column("today", "today", plain, "right"),
        Column("pace_today", "today /h", decimal, "right"),
        Column("pace", "overall /h", decimal, "right"),
    ]


def records(
    rows: list[ProgressRow], by: ProgressBy, assigned: bool = False
) -> list[dict[str, Any]]:
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
            if assigned:
                work = r.assigned
                record |= {
                    "documents": work.documents if work else None,
                    "double": work.double if work else None,
                    "double_done": work.double_done if work else None,
                    "double_remaining": work.double_remaining if work else None,
                }
            record |= {"today": r.today, "pace_today": r.pace_today, "pace": r.pace}
        result.append(record)
    return result


def footer(rows: list[ProgressRow]) -> list[str]:
    """The reliability sample as a whole (each double-coded document counted once)."""
    held = [r.assigned for r in rows if r.assigned is not None]
    if not held:
        return []
    double = sum(a.double for a in held) // 2
    done = sum(a.double_done for a in held) // 2
    return [
        f"assigned: coders are counted on their own documents; reliability sample: "
        f"{double} double-coded documents, {done} done by both coders, {double - done} left"
    ]
