"""Which decisions a report counts: one per sentence, never double counted.

Per sentence, among its decisions that are not skips: the adjudicator's decision if there
is one (the latest, should there be several); else the sole annotator's decision; else,
when all annotators agree (same kind and the same multiset of speaker, claim, stance),
the first of them once; else none, and the sentence counts as a disagreement.

Everything here is a SQL selectable, so reports, exports and agreement statistics can
join it and let the database do the work on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlmodel import col

from models.tables import Decision, DecisionKind, DecisionRole, Statement


class Basis(StrEnum):
    """Why a decision counts."""

    adjudicated = "adjudicated"
    sole = "sole"
    agreed = "agreed"


@dataclass(frozen=True)
class Resolution:
    """`decisions`: (decision_id, sentence_id, basis), one row per resolved sentence.
    `disagreements`: (sentence_id), the sentences left out because annotators disagree."""

    decisions: Subquery
    disagreements: Subquery


def _countable(annotator: str | None) -> ColumnElement[bool]:
    condition = col(Decision.kind) != DecisionKind.skip.value
    if annotator is not None:
        condition = and_(condition, col(Decision.annotator) == annotator)
    return condition


def resolve(annotator: str | None = None) -> Resolution:
    """The resolved layer; with `annotator`, only that annotator's decisions count."""
    countable = _countable(annotator)
    is_adjudicator = col(Decision.role) == DecisionRole.adjudicator.value
    per_sentence = (
        select(
            col(Decision.sentence_id).label("sentence_id"),
            func.count().label("n"),
            func.sum(case((is_adjudicator, 1), else_=0)).label("adjudicated"),
            func.count(func.distinct(Decision.kind)).label("kinds"),
            func.min(Decision.id).label("first_id"),
        )
        .where(countable)
        .group_by(col(Decision.sentence_id))
        .subquery("per_sentence")
    )
    contested = (
        select(per_sentence.c.sentence_id, per_sentence.c.n)
        .where(per_sentence.c.n > 1, per_sentence.c.adjudicated == 0)
        .subquery("contested")
    )
    # How often each decision of a contested sentence holds each (speaker, claim, stance).
    held = (
        select(
            col(Decision.sentence_id).label("sentence_id"),
            col(Decision.id).label("decision_id"),
            col(Statement.speaker_id).label("speaker_id"),
            col(Statement.claim_id).label("claim_id"),
            col(Statement.stance_id).label("stance_id"),
            func.count().label("k"),
        )
        .join(Statement, col(Statement.decision_id) == col(Decision.id))
        .join(contested, contested.c.sentence_id == col(Decision.sentence_id))
        .where(countable)
        .group_by(
            col(Decision.sentence_id),
            col(Decision.id),
            col(Statement.speaker_id),
            col(Statement.claim_id),
            col(Statement.stance_id),
        )
        .subquery("held")
    )
    # A statement tuple splits a sentence when not every decision holds it equally often.
    split = (
        select(held.c.sentence_id)
        .join(contested, contested.c.sentence_id == held.c.sentence_id)
        .group_by(
            held.c.sentence_id,
            held.c.speaker_id,
            held.c.claim_id,
            held.c.stance_id,
            contested.c.n,
        )
        .having(
            or_(
                func.count() != contested.c.n,
                func.min(held.c.k) != func.max(held.c.k),
            )
        )
    )
    disagreeing = or_(per_sentence.c.kinds > 1, per_sentence.c.sentence_id.in_(split))
    disagreements = (
        select(per_sentence.c.sentence_id)
        .where(per_sentence.c.n > 1, per_sentence.c.adjudicated == 0, disagreeing)
        .subquery("disagreements")
    )
    return Resolution(_resolved(countable, per_sentence, disagreeing), disagreements)


def _resolved(
    countable: ColumnElement[bool], per_sentence: Subquery, disagreeing: ColumnElement[bool]
) -> Subquery:
    ranked = (
        select(
            col(Decision.id).label("decision_id"),
            col(Decision.sentence_id).label("sentence_id"),
            func.row_number()
            .over(
                partition_by=col(Decision.sentence_id),
                order_by=(col(Decision.updated_at).desc(), col(Decision.id).desc()),
            )
            .label("rank"),
        )
        .where(countable, col(Decision.role) == DecisionRole.adjudicator.value)
        .subquery("adjudications")
    )
    adjudicated: Select[tuple[int, str, str]] = select(
        ranked.c.decision_id, ranked.c.sentence_id, literal(Basis.adjudicated.value).label("basis")
    ).where(ranked.c.rank == 1)
    annotated: Select[tuple[int, str, str]] = select(
        per_sentence.c.first_id.label("decision_id"),
        per_sentence.c.sentence_id,
        case((per_sentence.c.n == 1, Basis.sole.value), else_=Basis.agreed.value).label("basis"),
    ).where(
        per_sentence.c.adjudicated == 0,
        or_(per_sentence.c.n == 1, ~disagreeing),
    )
    return union_all(adjudicated, annotated).subquery("resolved")
