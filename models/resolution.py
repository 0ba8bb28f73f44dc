"""Which decisions a report counts: one per sentence, never double counted.

Per sentence, among its decisions that are not skips: the adjudicator's decision if there
is one (the latest, should there be several); else the sole annotator's decision; else,
when all annotators agree (same kind and the same multiset of speaker, claim, stance),
the first of them once; else none, and the sentence counts as a disagreement.

The rule is a SQL condition on a decision row (`counts`), written with correlated
EXISTS so that the common case, a sentence with one decision, costs one index probe and
the statement-level comparison runs only for sentences with several. Evaluating it for
every row of a large corpus still costs seconds, so models.decisions stores its outcome
(`decision.counted`, `decision.disputed`) whenever a sentence's decisions change
(`resolve`), and reports over all annotators read the stored flags (`counted`); with
one annotator named the rule itself runs, restricted to that annotator.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Update,
    and_,
    bindparam,
    case,
    func,
    literal_column,
    or_,
    select,
    update,
)

from models.kinds import DecisionKind, DecisionRole
from models.prepared import execute_prepared
from models.schema import decisions, statements

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_SENTENCE = "resolved_sentence_id"


class Basis(StrEnum):
    """Why a decision counts."""

    adjudicated = "adjudicated"
    sole = "sole"
    agreed = "agreed"


def countable(decision: Any, annotator: str | None = None) -> ColumnElement[bool]:
    """A decision that says something (statements or no claim), by `annotator` if given."""
    condition = decision.kind != DecisionKind.skip.value
    if annotator is not None:
        condition = and_(condition, decision.annotator == annotator)
    return condition


def _any(*conditions: ColumnElement[bool]) -> Select:
    """SELECT 1 … for EXISTS: unlike SELECT *, it lets SQLite answer from a covering index."""
    return select(literal_column("1")).where(*conditions)


def _others(decision: Any, annotator: str | None) -> tuple[Any, ColumnElement[bool]]:
    """Another countable decision on the same sentence, and the condition that finds it."""
    other = decisions.alias().c
    return other, and_(
        other.sentence_id == decision.sentence_id,
        other.id != decision.id,
        countable(other, annotator),
    )


def _held(decision: Any, statement: Any) -> ColumnElement[int]:
    """How many of `decision`'s statements have `statement`'s speaker, claim and stance.

    The `|| ''` keeps SQLite without ANALYZE statistics from probing the speaker index
    (tens of thousands of rows) instead of the decision's few statements."""
    table = statements.alias()
    mine = table.c
    return (
        select(func.count())
        .where(
            mine.decision_id == decision.id,
            mine.speaker_id.concat("") == statement.speaker_id,
            mine.claim_id.concat("") == statement.claim_id,
            mine.stance_id == statement.stance_id,
        )
        .correlate_except(table)
        .scalar_subquery()
    )


def _disagree(decision: Any, other: Any) -> ColumnElement[bool]:
    """Different kinds, or some statement tuple held a different number of times."""
    table = statements.alias()
    either = table.c
    return or_(
        other.kind != decision.kind,
        _any(
            either.decision_id.in_([decision.id, other.id]),
            _held(decision, either) != _held(other, either),
        )
        .correlate_except(table)
        .exists(),
    )


def _adjudicated(decision: Any, annotator: str | None) -> ColumnElement[bool]:
    other, same_sentence = _others(decision, annotator)
    return and_(
        decision.role == DecisionRole.adjudicator.value,
        ~_any(
            same_sentence,
            other.role == DecisionRole.adjudicator.value,
            or_(
                other.updated_at > decision.updated_at,
                and_(other.updated_at == decision.updated_at, other.id > decision.id),
            ),
        ).exists(),
    )


def _unadjudicated(decision: Any, annotator: str | None) -> ColumnElement[bool]:
    other, same_sentence = _others(decision, annotator)
    return and_(
        decision.role == DecisionRole.annotator.value,
        ~_any(same_sentence, other.role == DecisionRole.adjudicator.value).exists(),
    )


def _sole(decision: Any, annotator: str | None) -> ColumnElement[bool]:
    _, same_sentence = _others(decision, annotator)
    return and_(decision.role == DecisionRole.annotator.value, ~_any(same_sentence).exists())


def _agreed_first(decision: Any, annotator: str | None) -> ColumnElement[bool]:
    other, same_sentence = _others(decision, annotator)
    return and_(
        _unadjudicated(decision, annotator),
        ~_any(same_sentence, other.id < decision.id).exists(),
        ~_any(same_sentence, _disagree(decision, other)).exists(),
    )


def counts(decision: Any = decisions.c, annotator: str | None = None) -> ColumnElement[bool]:
    """True for the one decision a report counts for its sentence (`decision` may be an
    alias's columns). Cheap checks come first, so a sole decision stops at its probe."""
    return and_(
        countable(decision, annotator),
        or_(
            _sole(decision, annotator),
            _adjudicated(decision, annotator),
            _agreed_first(decision, annotator),
        ),
    )


def disputed(decision: Any = decisions.c, annotator: str | None = None) -> ColumnElement[bool]:
    """True for a decision left out because another annotator's contradicts it and no one
    adjudicated the sentence."""
    other, same_sentence = _others(decision, annotator)
    return and_(
        countable(decision, annotator),
        _unadjudicated(decision, annotator),
        _any(same_sentence, _disagree(decision, other)).exists(),
    )


def counted(decision: Any = decisions.c, annotator: str | None = None) -> ColumnElement[bool]:
    """`counts`, read from the stored flag when no annotator is named."""
    if annotator is None:
        return decision.counted.is_(True)
    return counts(decision, annotator)


def resolve() -> Update:
    """Store the rule's outcome on the decisions of every sentence (a migration)."""
    return _resolve()


@cache
def _resolve_one() -> Update:
    # Built once, run as SQL text: the rule is a large expression, and building or
    # walking it costs more than running it.
    return _resolve(decisions.c.sentence_id == bindparam(_SENTENCE, required=False))


def resolve_sentence(session: Session, sentence_id: str) -> None:
    """Store the rule's outcome on the decisions of one sentence (after a write to it)."""
    execute_prepared(session, _resolve_one, {_SENTENCE: sentence_id})


def _resolve(where: ColumnElement[bool] | None = None) -> Update:
    stmt = update(decisions).values(counted=counts(decisions.c), disputed=disputed(decisions.c))
    return stmt.where(where) if where is not None else stmt


def basis(decision: Any = decisions.c, annotator: str | None = None) -> ColumnElement[str]:
    """Why a counted decision counts (meaningful only where `counts` holds)."""
    return case(
        (decision.role == DecisionRole.adjudicator.value, Basis.adjudicated.value),
        (_sole(decision, annotator), Basis.sole.value),
        else_=Basis.agreed.value,
    )


def resolved_decisions(annotator: str | None = None) -> Select:
    """The resolved layer: (decision_id, sentence_id, basis), one row per sentence with a
    countable decision that is not in dispute."""
    return select(
        decisions.c.id.label("decision_id"),
        decisions.c.sentence_id.label("sentence_id"),
        basis(decisions.c, annotator).label("basis"),
    ).where(counts(decisions.c, annotator))


def disagreements(annotator: str | None = None) -> Select:
    """The sentences left out because their annotators disagree and no one adjudicated."""
    return (
        select(decisions.c.sentence_id.label("sentence_id"))
        .where(disputed(decisions.c, annotator))
        .distinct()
    )
