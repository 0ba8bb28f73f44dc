"""The statements a report counts: resolved decisions, joined to their document, speaker
and stance, narrowed by the options every report shares."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, func, select, true
from sqlmodel import Session, col

from models.resolution import counted, disagreements
from models.tables import (
    Actor,
    ClaimType,
    Decision,
    Document,
    Sentence,
    Side,
    Stance,
    Statement,
    StatementFact,
)


class UnknownIdError(ValueError):
    """A --side, --claim or --speaker names nothing in the codebook."""


@dataclass(frozen=True)
class Filters:
    claims: tuple[str, ...] = ()
    sides: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    annotator: str | None = None

    def check(self, session: Session) -> None:
        """Raise UnknownIdError for ids the codebook does not have, so a typo is not
        mistaken for an empty report."""
        for table, ids, what in (
            (ClaimType, self.claims, "claim"),
            (Side, self.sides, "side"),
            (Actor, self.speakers, "speaker"),
        ):
            if not ids:
                continue
            ids_column = col(table.id)
            known = set(session.execute(select(ids_column).where(ids_column.in_(ids))).scalars())
            unknown = [i for i in ids if i not in known]
            if unknown:
                raise UnknownIdError(f"unknown {what}: {', '.join(unknown)}")

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
