"""Plain frozen data the database workers hand to the screen (never live ORM rows)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from annotator.suggest import Proposal
from annotator.tui.queue import Position
from models.decisions import DecisionData, StatementData


@dataclass(frozen=True)
class SideInfo:
    id: str
    label: str
    description: str


@dataclass(frozen=True)
class ActorInfo:
    id: str
    name: str
    side_id: str
    side_label: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class ClaimInfo:
    id: str
    label: str
    definition: str
    examples: tuple[str, ...]
    key: str | None


@dataclass(frozen=True)
class StanceInfo:
    id: str
    label: str
    score: float
    definition: str
    key: str | None


@dataclass(frozen=True)
class CodebookData:
    """The codebook in force (active entries only), loaded once per session."""

    name: str
    version: str
    version_id: int | None  # stored with every decision made on this screen
    sides: tuple[SideInfo, ...]
    actors: tuple[ActorInfo, ...]
    claims: tuple[ClaimInfo, ...]
    stances: tuple[StanceInfo, ...]
    rules: tuple[tuple[str, tuple[str, ...]], ...] = ()  # coding rules and their examples
    source: str = ""  # the TOML text, which additions from the screen extend

    @cached_property
    def side_by_id(self) -> dict[str, SideInfo]:
        return {s.id: s for s in self.sides}

    @cached_property
    def actor_by_id(self) -> dict[str, ActorInfo]:
        return {a.id: a for a in self.actors}

    @cached_property
    def claim_by_id(self) -> dict[str, ClaimInfo]:
        return {c.id: c for c in self.claims}

    @cached_property
    def stance_by_id(self) -> dict[str, StanceInfo]:
        return {s.id: s for s in self.stances}

    @cached_property
    def claim_by_key(self) -> dict[str, ClaimInfo]:
        return {c.key: c for c in self.claims if c.key}

    @cached_property
    def stance_by_key(self) -> dict[str, StanceInfo]:
        return {s.key: s for s in self.stances if s.key}

    def speaker_label(self, actor_id: str | None) -> str:
        actor = self.actor_by_id.get(actor_id or "")
        return f"{actor.name} ({actor.side_label})" if actor else (actor_id or "")

    def claim_label(self, claim_id: str | None) -> str:
        claim = self.claim_by_id.get(claim_id or "")
        return claim.label if claim else (claim_id or "")

    def stance_label(self, stance_id: str | None) -> str:
        stance = self.stance_by_id.get(stance_id or "")
        return stance.label if stance else (stance_id or "")


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    title: str | None
    source: str | None
    date: dt.date | None
    date_precision: str | None


@dataclass(frozen=True)
class ContextLine:
    sentence_id: str
    index: int
    paragraph: int
    kind: str
    text: str


@dataclass(frozen=True)
class SentenceView:
    """Everything the main screen shows about one sentence."""

    sentence_id: str
    index: int
    kind: str
    text: str
    position: Position
    document: DocumentInfo
    headline: ContextLine | None
    context: tuple[ContextLine, ...]
    decision: DecisionData | None
    proposals: tuple[Proposal, ...]
    previous_speaker_id: str | None
    document_total: int
    document_done: int
    version: int | None = None  # models.decisions.decision_version, checked by writes

    @property
    def statements(self) -> tuple[StatementData, ...]:
        return self.decision.statements if self.decision else ()


@dataclass(frozen=True)
class QueueStats:
    total: int
    done: int
    today: int
    first_today: dt.datetime | None
    scope: str | None = None  # "assigned to alice (12 documents)"; None: every document


@dataclass(frozen=True)
class CodebookChange:
    """An addition to the codebook stored (the codebook in force now), or refused."""

    codebook: CodebookData | None
    added_id: str | None = None
    message: str = ""


@dataclass(frozen=True)
class Outcome:
    """What a worker did: the sentence to show now (if any) and what to tell the user."""

    view: SentenceView | None
    saved: str | None = None
    message: str | None = None
    done_delta: int = 0
    today_delta: int = 0
    conflict: bool = False  # the write was refused: the decision changed elsewhere
