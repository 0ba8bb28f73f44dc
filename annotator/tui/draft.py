"""The statement being composed in the form: plain data, replaced on every key."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from annotator.suggest import Proposal
from annotator.suggest.proposal import NewSpeaker
from annotator.suggest.scoring import next_unsaved
from models.decisions import StatementData


@dataclass(frozen=True)
class Draft:
    speaker_id: str | None = None
    claim_id: str | None = None
    stance_id: str | None = None
    note: str | None = None
    proposal: Proposal | None = None  # the suggestion the form started from
    editing: int | None = None  # position of the saved statement being edited
    choice: int = 0  # which of the sentence's proposals `proposal` is

    @classmethod
    def from_proposal(cls, proposal: Proposal | None, choice: int = 0) -> Draft:
        if proposal is None or proposal.no_claim:
            return cls(proposal=proposal, choice=choice)
        return cls(
            proposal.speaker_id,
            proposal.claim_id,
            proposal.stance_id,
            proposal=proposal,
            choice=choice,
        )

    @classmethod
    def next_unsaved(cls, proposals: Sequence[Proposal], saved: Sequence[StatementData]) -> Draft:
        """The form after `a`: the first proposed statement not saved yet, else empty
        (the keystroke model, annotator.suggest.scoring, counts the same)."""
        done = [(s.speaker_id, s.claim_id, s.stance_id) for s in saved]
        proposal = next_unsaved(proposals, done)
        if proposal is None:
            return cls()
        return cls.from_proposal(proposal, list(proposals).index(proposal))

    @classmethod
    def from_statement(cls, statement: StatementData, position: int) -> Draft:
        return cls(
            statement.speaker_id,
            statement.claim_id,
            statement.stance_id,
            statement.note,
            editing=position,
        )

    @property
    def empty(self) -> bool:
        return self.speaker_id is None and self.claim_id is None and self.stance_id is None

    @property
    def missing(self) -> list[str]:
        names = (("speaker", self.speaker_id), ("claim", self.claim_id), ("stance", self.stance_id))
        return [name for name, value in names if value is None]

    @property
    def suggests_no_claim(self) -> bool:
        return self.empty and self.proposal is not None and self.proposal.no_claim

    @property
    def is_suggestion(self) -> bool:
        """The form still holds exactly what was suggested."""
        p = self.proposal
        return (
            p is not None
            and not p.no_claim
            and (self.speaker_id, self.claim_id, self.stance_id)
            == (p.speaker_id, p.claim_id, p.stance_id)
        )

    @property
    def new_speaker(self) -> NewSpeaker | None:
        """The suggested speaker that the codebook lacks, while the form still has no
        speaker of its own."""
        p = self.proposal
        return p.new_speaker if p is not None and self.speaker_id is None else None

    @property
    def complete(self) -> bool:
        return not self.missing

    def with_(self, **changes: str | None) -> Draft:
        return replace(self, **changes)  # type: ignore[arg-type]

    def statement(self) -> StatementData:
        """The statement to save. `from_suggestion` only when accepted unchanged; the
        suggestion's source is kept when the form started from it and was edited."""
        assert self.speaker_id and self.claim_id and self.stance_id
        return StatementData(
            speaker_id=self.speaker_id,
            claim_id=self.claim_id,
            stance_id=self.stance_id,
            note=self.note or None,
            from_suggestion=self.is_suggestion,
            suggestion_source=self.proposal.source if self.proposal else None,
        )
