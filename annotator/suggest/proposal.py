"""A proposed statement: what every source of suggestions returns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NewSpeaker:
    """A speaker the sentence names who matches no actor or alias of the codebook
    ("Foreign Minister Taro Kono" when the codebook has no Kono): the name as written,
    the mention it was found in, a kind and a side guessed from the words around it
    (None where they name no side, or more than one), and those words."""

    name: str
    mention: str
    kind: str = "person"
    side_id: str | None = None
    side_cue: str | None = None


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
    # A speaker not in the codebook: `speaker_id` stays None, so everything that reads
    # ids (scores, saved statements) sees an empty speaker until the annotator adds it.
    new_speaker: NewSpeaker | None = None

    @property
    def key(self) -> tuple[str | None, str | None, str | None, str | None, bool]:
        """What makes two proposals the same statement."""
        new = self.new_speaker.name if self.new_speaker else None
        return (self.speaker_id, new, self.claim_id, self.stance_id, self.no_claim)

    @property
    def has_speaker(self) -> bool:
        return self.speaker_id is not None or self.new_speaker is not None


def merge(*sources: list[Proposal]) -> list[Proposal]:
    """Proposals from several sources, best first; a statement proposed twice keeps its
    most confident version (earlier sources win ties)."""
    best: dict[tuple[str | None, str | None, str | None, str | None, bool], Proposal] = {}
    for proposals in sources:
        for proposal in proposals:
            key = proposal.key
            if key not in best or proposal.confidence > best[key].confidence:
                best[key] = proposal
    return sorted(best.values(), key=lambda p: -p.confidence)
