"""What a suggestion is, and the one entry point the TUI and evaluation call."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from models.tables import Suggestion


@dataclass(frozen=True)
class Proposal:
    """A proposed statement (or "no claim") with where it came from and why.

    `source` names the rule (e.g. "rule:speaker.said"), the model, or the tool a
    pre-annotation was imported from (e.g. "prodigy")."""

    source: str
    confidence: float
    reason: str
    speaker_id: str | None = None
    claim_id: str | None = None
    stance_id: str | None = None
    no_claim: bool = False


def stored_proposals(session: Session, sentence_id: str) -> list[Proposal]:
    """Pre-annotations kept in the suggestion table (imported from other tools)."""
    rows = session.exec(
        select(Suggestion)
        .where(Suggestion.sentence_id == sentence_id)
        .order_by(col(Suggestion.confidence).desc(), col(Suggestion.position))
    ).all()
    return [
        Proposal(
            source=row.source,
            confidence=row.confidence,
            reason=row.reason,
            speaker_id=row.speaker_id,
            claim_id=row.claim_id,
            stance_id=row.stance_id,
            no_claim=row.no_claim,
        )
        for row in rows
    ]


def suggest(session: Session, sentence_id: str) -> list[Proposal]:
    """Every proposal for a sentence, best first."""
    return stored_proposals(session, sentence_id)
