"""The statements a report counts: resolved decisions, joined to their document, speaker
and stance, narrowed by the options every report shares."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, Table, and_, func, select, true

from annotator.reports.unknown import UnknownIdError as UnknownIdError
from models.kinds import DecisionRole
from models.resolution import counted, disagreements
from models.schema import (
    actors,
    claim_types,
    decisions,
    documents,
    sentences,
    sides,
    stances,
    statement_facts,
    statements,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

# What each option may name: its table, and the column whose text also identifies it.
_NAMED: tuple[tuple[str, Table, Any, str], ...] = (
    ("claims", claim_types, claim_types.c.label, "claim"),
    ("sides", sides, sides.c.label, "side"),
    ("speakers", actors, actors.c.name, "speaker"),
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

    def resolve(self, session: Session | Connection) -> Filters:
        """These filters with every side, claim and speaker as its id: an id or a label
        (name), in any case, is accepted. Raise UnknownIdError, listing the valid ids,
        for what names nothing, and for an annotator with no decisions, so a typo is
        not mistaken for an empty report."""
        changes: dict[str, Any] = {}
        for field, table, label, what in _NAMED:
            values = getattr(self, field)
            if not values:
                continue
            rows = session.execute(select(table.c.id, label)).all()
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
                select(decisions.c.annotator).distinct().order_by(decisions.c.annotator)
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
            conditions.append(documents.c.source.in_(self.sources))
        if self.since:
            conditions.append(documents.c.date >= self.since)
        if self.until:
            conditions.append(documents.c.date <= self.until)
        return and_(true(), *conditions)

    def statements(self) -> ColumnElement[bool]:
        conditions: list[ColumnElement[bool]] = [self.documents()]
        if self.claims:
            conditions.append(statements.c.claim_id.in_(self.claims))
        if self.sides:
            conditions.append(actors.c.side_id.in_(self.sides))
        if self.speakers:
            conditions.append(statements.c.speaker_id.in_(self.speakers))
        return and_(*conditions)

    def facts(self) -> ColumnElement[bool]:
        """The same conditions on statement facts (models.facts), which carry the date,
        side, speaker and claim; only --source needs the document table."""
        conditions: list[ColumnElement[bool]] = []
        if self.sources:
            conditions.append(
                statement_facts.c.document_id.in_(
                    select(documents.c.id).where(documents.c.source.in_(self.sources))
                )
            )
        if self.since:
            conditions.append(statement_facts.c.date >= self.since)
        if self.until:
            conditions.append(statement_facts.c.date <= self.until)
        if self.claims:
            conditions.append(statement_facts.c.claim_id.in_(self.claims))
        if self.sides:
            conditions.append(statement_facts.c.side_id.in_(self.sides))
        if self.speakers:
            conditions.append(statement_facts.c.speaker_id.in_(self.speakers))
        return and_(true(), *conditions)


def _has_decisions(session: Session | Connection, annotator: str) -> bool:
    query = select(decisions.c.id).where(decisions.c.annotator == annotator).limit(1)
    return session.execute(query).first() is not None


def counted_statements(filters: Filters) -> Select:
    """One row per counted statement with what reports group and show by."""
    return (
        select(
            statements.c.id.label("statement_id"),
            decisions.c.id.label("decision_id"),
            sentences.c.id.label("sentence_id"),
            documents.c.id.label("document_id"),
            documents.c.date.label("date"),
            documents.c.date_precision.label("date_precision"),
            statements.c.speaker_id.label("speaker_id"),
            actors.c.side_id.label("side_id"),
            statements.c.claim_id.label("claim_id"),
            statements.c.stance_id.label("stance_id"),
            stances.c.score.label("score"),
        )
        .select_from(statements)
        .join(decisions, decisions.c.id == statements.c.decision_id)
        .join(sentences, sentences.c.id == decisions.c.sentence_id)
        .join(documents, documents.c.id == sentences.c.document_id)
        .join(actors, actors.c.id == statements.c.speaker_id)
        .join(stances, stances.c.id == statements.c.stance_id)
        .where(filters.statements(), counted(decisions.c, filters.annotator))
    )


def disagreement_count(filters: Filters) -> Select:
    """How many sentences of the filtered documents were left out as disagreements."""
    if filters.annotator is None:
        disputed = (
            select(decisions.c.sentence_id.label("sentence_id"))
            .where(decisions.c.disputed.is_(True))
            .distinct()
            .subquery("disputed")
        )
    else:
        disputed = disagreements(filters.annotator).subquery("disputed")
    return (
        select(func.count())
        .select_from(disputed)
        .join(sentences, sentences.c.id == disputed.c.sentence_id)
        .join(documents, documents.c.id == sentences.c.document_id)
        .where(filters.documents())
    )


def adjudicated_count(filters: Filters) -> Select:
    """How many sentences of the filtered documents count with an adjudicator's decision."""
    return (
        select(func.count(func.distinct(decisions.c.sentence_id)))
        .select_from(decisions)
        .join(sentences, sentences.c.id == decisions.c.sentence_id)
        .join(documents, documents.c.id == sentences.c.document_id)
        .where(
            decisions.c.role == DecisionRole.adjudicator.value,
            counted(decisions.c, filters.annotator),
            filters.documents(),
        )
    )
