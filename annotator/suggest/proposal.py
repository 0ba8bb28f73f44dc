"""A proposed statement: what every source of suggestions returns."""

from __future__ import annotations

from dataclasses import dataclass, replace


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


def combine(stored: list[Proposal], rules: list[Proposal], model: list[Proposal]) -> list[Proposal]:
    """What the annotation screen shows: pre-annotations, rules and model, best first;
    pre-annotations lead among equals, and rules and model only add what is new.

    The model also fills what the best rule proposal leaves empty (a claim found with no
    speaker, a speaker with no claim): only the top proposal pre-fills the form, and an
    empty field costs as much as a wrong one. A new speaker is a speaker: the model,
    which knows only the codebook's, does not replace it."""
    statements = [p for p in rules if not p.no_claim]
    guess = next((p for p in model if not p.no_claim), None)
    if statements and guess is not None:
        top = statements[0]
        filled = replace(
            top,
            speaker_id=top.speaker_id if top.has_speaker else guess.speaker_id,
            claim_id=top.claim_id or guess.claim_id,
            stance_id=top.stance_id if top.claim_id else guess.stance_id,
        )
        if filled != top:
            gaps = [
                name
                for name, before, after in (
                    ("speaker", top.speaker_id, filled.speaker_id),
                    ("claim", top.claim_id, filled.claim_id),
                )
                if before != after
            ]
            rules = [
                replace(
                    filled,
                    source=f"{top.source}+{guess.source}",
                    reason=f"{top.reason}; {' and '.join(gaps)} from {guess.reason}",
                ),
                *rules,
            ]
    # Every pre-annotation stays, even where two tools agree: each is its own evidence.
    seen = {p.key for p in stored}
    fresh = [p for p in merge(rules, model) if p.key not in seen]
    return sorted([*stored, *fresh], key=lambda p: -p.confidence)
