"""A proposed statement: what every source of suggestions returns."""

from __future__ import annotations

from dataclasses import dataclass


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
    # Character ranges of the sentence that gave the speaker and the claim, for the
    # screen to mark ("Japan urged", "bilateral talks").
    spans: tuple[tuple[int, int], ...] = ()


def merge(*sources: list[Proposal]) -> list[Proposal]:
    """Proposals from several sources, best first; a statement proposed twice keeps its
    most confident version (earlier sources win ties)."""
    best: dict[tuple[str | None, str | None, str | None, bool], Proposal] = {}
    for proposals in sources:
        for proposal in proposals:
            key = (proposal.speaker_id, proposal.claim_id, proposal.stance_id, proposal.no_claim)
            if key not in best or proposal.confidence > best[key].confidence:
                best[key] = proposal
    return sorted(best.values(), key=lambda p: -p.confidence)
