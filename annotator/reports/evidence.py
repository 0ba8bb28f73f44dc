"""`report evidence`: the sentences behind a cell of the stance report.

Every counted statement (before deduplication) of a side or speaker, claim and period,
with its date, document, speaker, stance, the annotator(s) whose decision counts, and the
sentence text, so a surprising number can be read back to its sources.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Engine, select

from annotator.render import Column, plural
from annotator.reports.filters import Filters, counted_statements
from annotator.reports.periods import PRECISE_ENOUGH, end, interval_of, shown_date, start
from models.resolution import Basis, basis, countable
from models.schema import actors, decisions, documents, sentences, stances, statements


@dataclass(frozen=True)
class EvidenceRow:
    date: str
    document: str
    title: str | None
    speaker: str
    claim: str
    stance: str
    annotator: str
    text: str


@dataclass(frozen=True)
class EvidenceReport:
    rows: tuple[EvidenceRow, ...]
    undated_statements: int
    imprecise_statements: int


def narrowed(filters: Filters, period: str | None) -> Filters:
    """The filters with the date range cut down to the period's (ValueError if invalid)."""
    if period is None:
        return filters
    interval = interval_of(period)
    first, last = start(period, interval), end(period, interval)
    return replace(
        filters,
        since=max(first, filters.since) if filters.since else first,
        until=min(last, filters.until) if filters.until else last,
    )


def evidence_report(engine: Engine, filters: Filters, period: str | None = None) -> EvidenceReport:
    with engine.connect() as connection:
        filters = filters.resolve(connection)
    precise = PRECISE_ENOUGH[interval_of(period)] if period else None
    counted = counted_statements(narrowed(filters, period)).subquery("counted")
    query = (
        select(
            counted.c.date,
            counted.c.date_precision,
            counted.c.document_id,
            documents.c.title,
            actors.c.name.label("speaker"),
            counted.c.claim_id,
            stances.c.label.label("stance"),
            decisions.c.annotator,
            basis(decisions.c, filters.annotator).label("basis"),
            sentences.c.text,
            counted.c.sentence_id,
        )
        .join(statements, statements.c.id == counted.c.statement_id)
        .join(decisions, decisions.c.id == counted.c.decision_id)
        .join(sentences, sentences.c.id == counted.c.sentence_id)
        .join(documents, documents.c.id == counted.c.document_id)
        .join(actors, actors.c.id == counted.c.speaker_id)
        .join(stances, stances.c.id == counted.c.stance_id)
        .order_by(
            counted.c.date,
            counted.c.document_id,
            sentences.c.index,
            statements.c.position,
        )
    )
    with engine.connect() as connection:
        found = connection.execute(query).all()
        agreed = sorted({r.sentence_id for r in found if r.basis == Basis.agreed.value})
        annotators: dict[str, list[str]] = {}
        if agreed:
            for sentence_id, name in connection.execute(
                select(decisions.c.sentence_id, decisions.c.annotator)
                .where(decisions.c.sentence_id.in_(agreed), countable(decisions.c))
                .order_by(decisions.c.annotator)
            ):
                annotators.setdefault(sentence_id, []).append(name)
    undated = sum(1 for r in found if r.date is None)
    imprecise = [r for r in found if r.date is not None and precise and not _fits(r, precise)]
    rows = tuple(
        EvidenceRow(
            shown_date(r.date, r.date_precision),
            r.document_id,
            r.title,
            r.speaker,
            r.claim_id,
            r.stance,
            ", ".join(annotators.get(r.sentence_id, [r.annotator])),
            r.text,
        )
        for r in found
        if r.date is not None and (precise is None or _fits(r, precise))
    )
    return EvidenceReport(rows, undated, len(imprecise))


def _fits(row: Any, precise: frozenset[str]) -> bool:
    return row.date_precision is None or row.date_precision in precise


COLUMNS = [
    Column("date", "date"),
    Column("document", "document"),
    Column("speaker", "speaker"),
    Column("claim", "claim"),
    Column("stance", "stance"),
    Column("annotator", "annotator"),
    Column("text", "sentence"),
]


def records(report: EvidenceReport) -> list[dict[str, Any]]:
    return [
        {
            "date": r.date,
            "document": r.document,
            "title": r.title,
            "speaker": r.speaker,
            "claim": r.claim,
            "stance": r.stance,
            "annotator": r.annotator,
            "text": r.text,
        }
        for r in report.rows
    ]


def footer(report: EvidenceReport) -> list[str]:
    lines = [f"{plural(len(report.rows), 'statement')}"]
    if report.undated_statements:
        lines.append(
            f"left out: {plural(report.undated_statements, 'statement')} in undated documents"
        )
    if report.imprecise_statements:
        lines.append(
            f"left out: {plural(report.imprecise_statements, 'statement')} in documents "
            "dated too coarsely for the period"
        )
    return lines
