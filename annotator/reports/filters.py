"""The statements a report counts: resolved decisions, joined to their document, speaker
and stance, narrowed by the options every report shares."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select, true
from sqlmodel import Session, col

from annotator.reports.unknown import UnknownIdError as UnknownIdError
from models.resolution import counted, disagreements
from models.tables import (
    Actor,
    ClaimType,
    Decision,
    DecisionRole,
    Document,
    Sentence,
    Side,
    Stance,
    Statement,
    StatementFact,
)

# What each option may name: its table, and the column whose text also identifies it.
_NAMED: tuple[tuple[str, type[Any], Any, str], ...] = (
    ("claims", ClaimType, ClaimType.label, "claim"),
    ("sides", Side, Side.label, "side"),
    ("speakers", Actor, Actor.name, "speaker"),
)
_LISTED = 12  # valid ids shown in an error, at most


@dataclass(frozen=True)
class Filters:
    claims: tuple[str, ...] = ()
    sides: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    annotator: str | None = None

    def resolve(self, session: Session) -> Filters:
        """These filters with every side, claim and speaker as its id: an id or a label
        (name), in any case, is accepted. Raise UnknownIdError, listing the valid ids,
        for what names nothing, and for an annotator with no decisions, so a typo is
        not mistaken for an empty report."""
        changes: dict[str, Any] = {}
        for field, table, label, what in _NAMED:
            values = getattr(self, field)
            if not values:
                continue
            rows = session.execute(select(col(table.id), col(label))).all()
            by_name = {str(name).casefold(): i for i, name in rows}
            by_name.update({str(i).casefold(): i for i, _ in rows})
            unknown = [v for v in values if v.casefold() not in by_name]
            if unknown:
                valid = ", ".join(f"{i} ({name})" for i, name in rows[:_LISTED])
                more = f", … {len(rows) - _LISTED} more" if len(rows) > _LISTED else ""
                raise UnknownIdError(
                    f"unknown {what}: {', '.join(unknown)} (valid: {valid or 'none'}{more})"
                )
            changes[field] = tuple(dict.fromkeys(by_name[v.casefold()] for v in values))
        if self.annotator is not None and not _has_decisions(session, self.annotator):
            names = session.execute(
                select(col(Decision.annotator)).distinct().order_by(col(Decision.annotator))
            ).scalars()
            listed = ", ".join(list(names)[:_LISTED]) or "none yet"
            raise UnknownIdError(
                f"no decisions by annotator {self.annotator!r} (annotators: {listed})"
            )
        return replace(self, **changes)

    def documents(self) -> ColumnElement[bool]:
        """The conditions on documents alone (source, date range)."""
        conditions: list[ColumnElement[bool]] = []
        if self.sources:
            conditions.append(col(Document.source).in_(self.sources))
        if self.since:
            conditions.append(col(Document.date) >= self.since)
        if self.until:
            conditions.append(col(Document.date) <= self.until)
        return and_(true(), *conditions)

    def statements(self) -> ColumnElement[bool]:
        conditions: list[ColumnElement[bool]] = [self.documents()]
        if self.claims:
            conditions.append(col(Statement.claim_id).in_(self.claims))
        if self.sides:
            conditions.append(col(Actor.side_id).in_(self.sides))
        if self.speakers:
            conditions.append(col(Statement.speaker_id).in_(self.speakers))
        return and_(*conditions)

    def facts(self) -> ColumnElement[bool]:
        """The same conditions on statement facts (models.facts), which carry the date,
        side, speaker and claim; only --source needs the document table."""
        conditions: list[ColumnElement[bool]] = []
        if self.sources:
            conditions.append(
                col(StatementFact.document_id).in_(
                    select(col(Document.id)).where(col(Document.source).in_(self.sources))
                )
            )
        if self.since:
            conditions.append(col(StatementFact.date) >= self.since)
        if self.until:
            conditions.append(col(StatementFact.date) <= self.until)
        if self.claims:
            conditions.append(col(StatementFact.claim_id).in_(self.claims))
        if self.sides:
            conditions.append(col(StatementFact.side_id).in_(self.sides))
        if self.speakers:
            conditions.append(col(StatementFact.speaker_id).in_(self.speakers))
        return and_(true(), *conditions)


def _has_decisions(session: Session, annotator: str) -> bool:
    query = select(col(Decision.id)).where(col(Decision.annotator) == annotator).limit(1)
    return session.execute(query).first() is not None


def counted_statements(filters: Filters) -> Select:
    """One row per counted statement with what reports group and show by."""
    return (
        select(
            col(Statement.id).label("statement_id"),
            col(Decision.id).label("decision_id"),
            col(Sentence.id).label("sentence_id"),
            col(Document.id).label("document_id"),
            col(Document.date).label("date"),
            col(Document.date_precision).label("date_precision"),
            col(Statement.speaker_id).label("speaker_id"),
            col(Actor.side_id).label("side_id"),
            col(Statement.claim_id).label("claim_id"),
            col(Statement.stance_id).label("stance_id"),
            col(Stance.score).label("score"),
        )
        .select_from(Statement)
        .join(Decision, col(Decision.id) == col(Statement.decision_id))
        .join(Sentence, col(Sentence.id) == col(Decision.sentence_id))
        .join(Document, col(Document.id) == col(Sentence.document_id))
        .join(Actor, col(Actor.id) == col(Statement.speaker_id))
        .join(Stance, col(Stance.id) == col(Statement.stance_id))
        .where(filters.statements(), counted(Decision, filters.annotator))
    )


def disagreement_count(filters: Filters) -> Select:
    """How many sentences of the filtered documents were left out as disagreements."""
    if filters.annotator is None:
        disputed = (
            select(col(Decision.sentence_id).label("sentence_id"))
            .where(col(Decision.disputed).is_(True))
            .distinct()
            .subquery("disputed")
        )
    else:
        disputed = disagreements(filters.annotator).subquery("disputed")
    return (
        select(func.count())
        .select_from(disputed)
        .join(Sentence, col(Sentence.id) == disputed.c.sentence_id)
        .join(Document, col(Document.id) == col(Sentence.document_id))
        .where(filters.documents())
    )


def adjudicated_count(filters: Filters) -> Select:
    """How many sentences of the filtered documents count with an adjudicator's decision."""
    return (
        select(func.count(func.distinct(col(Decision.sentence_id))))
        .select_from(Decision)
        .join(Sentence, col(Sentence.id) == col(Decision.sentence_id))
        .join(Document, col(Document.id) == col(Sentence.document_id))
        .where(
            col(Decision.role) == DecisionRole.adjudicator.value,
            counted(Decision, filters.annotator),
            filters.documents(),
        )
    )
