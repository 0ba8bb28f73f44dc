"""The one entry point the TUI and the evaluation call for suggestions.

`suggest` merges three sources, best first: pre-annotations imported from other tools
(the suggestion table), the rules, and the model learnt from decisions, for the fields
where it was measured to save keystrokes. It only reads: nothing here writes a decision."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from sqlalchemy import Select, bindparam
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from annotator.suggest.combine import combine
from annotator.suggest.index import load_index
from annotator.suggest.proposal import Proposal
from annotator.suggest.rules import last_proposals
from annotator.suggest.speaker import WINDOW
from annotator.suggest.training import current_model
from models.tables import Sentence, SentenceKind, Suggestion

__all__ = ["Proposal", "stored_proposals", "stored_table", "suggest", "suggest_in_context"]

# How many earlier sentences `context` gives the speaker rules.
CONTEXT_BEFORE = 2 * WINDOW


def stored_proposals(session: Session, sentence_id: str) -> list[Proposal]:
    """Pre-annotations kept in the suggestion table (imported from other tools)."""
    return stored_table(session, [sentence_id]).get(sentence_id, [])


def stored_table(session: Session, sentence_ids: Sequence[str]) -> dict[str, list[Proposal]]:
    """Pre-annotations of many sentences, a few hundred per query."""
    table: dict[str, list[Proposal]] = {}
    connection = session.connection()
    for start in range(0, len(sentence_ids), 500):
        rows = connection.execute(
            _stored_query(), {"stored_ids": list(sentence_ids[start : start + 500])}
        )
        for row in rows:
            table.setdefault(row.sentence_id, []).append(
                Proposal(
                    source=row.source,
                    confidence=row.confidence,
                    reason=row.reason,
                    speaker_id=row.speaker_id,
                    claim_id=row.claim_id,
                    stance_id=row.stance_id,
                    no_claim=row.no_claim,
                )
            )
    return table


@cache
def _stored_query() -> Select:
    """Built once: the proposals of the sentences given as `stored_ids`, best first."""
    return (
        sa_select(
            col(Suggestion.sentence_id),
            col(Suggestion.source),
            col(Suggestion.confidence),
            col(Suggestion.reason),
            col(Suggestion.speaker_id),
            col(Suggestion.claim_id),
            col(Suggestion.stance_id),
            col(Suggestion.no_claim),
        )
        .where(col(Suggestion.sentence_id).in_(bindparam("stored_ids", expanding=True)))
        .order_by(
            col(Suggestion.sentence_id),
            col(Suggestion.confidence).desc(),
            col(Suggestion.position),
        )
    )


def context(session: Session, sentence_id: str) -> list[str]:
    """The sentence's text after the predecessors the speaker rules carry over from."""
    sentence = session.get(Sentence, sentence_id)
    if sentence is None:
        return []
    earlier = session.exec(
        select(Sentence.text)
        .where(
            col(Sentence.document_id) == sentence.document_id,
            col(Sentence.index) < sentence.index,
            col(Sentence.kind) != SentenceKind.boilerplate.value,
        )
        .order_by(col(Sentence.index).desc())
        .limit(CONTEXT_BEFORE)
    ).all()
    return [*reversed(earlier), sentence.text]


def suggest(session: Session, sentence_id: str) -> list[Proposal]:
    """Every proposal for a sentence, best first."""
    return suggest_in_context(session, sentence_id, context(session, sentence_id))


def suggest_in_context(session: Session, sentence_id: str, texts: list[str]) -> list[Proposal]:
    """`suggest`, given the sentence's `context` (the annotation screen reads those
    sentences anyway, with the rest of what it shows)."""
    stored = stored_proposals(session, sentence_id)
    if not texts:
        return stored
    index = load_index(session)
    rules = last_proposals(texts, index)
    trained = current_model(session.get_bind().engine)
    if trained is None or not trained.choice.uses_model:
        return combine(stored, rules, [])
    guess = trained.model.propose([texts[-1]], index)[0]
    return combine(stored, rules, guess, trained.choice)
