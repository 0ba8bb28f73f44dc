"""The database side of the adjudication screen: the dispute queue and what it shows.

The queue holds the sentences whose coders disagree and that no one adjudicated yet,
which is exactly where `models.resolution` stored `decision.disputed` (read through its
index, so a sparse queue costs the same on a million sentences). Order and moves are the
annotation queue's (`annotator.tui.queue.step`). Every method runs in a thread worker,
opens its own short unit of work and returns frozen data.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session, col

from annotator.tui.backend import Backend, Move
from annotator.tui.data import CodebookData, SentenceView
from annotator.tui.loading import load_view
from annotator.tui.queue import Position, QueueFilter, position_of, step
from annotator.tui.writes import Write, WriteKind, describe, perform
from models.db import session_scope
from models.decisions import DecisionData, get_decision
from models.tables import Decision, DecisionKind, DecisionRole, Sentence

_ALL = QueueFilter()


class CoderConflict(ValueError):
    """The adjudicator coded this sentence as a coder: one name holds one decision per
    sentence, so adjudicating under it would overwrite that coding."""


@dataclass(frozen=True)
class DisputeView:
    """One disputed sentence: in context, with each coder's decision (by coder name)."""

    view: SentenceView  # view.decision is the adjudicator's own, if any
    coders: tuple[DecisionData, ...]

    @property
    def sentence_id(self) -> str:
        return self.view.sentence_id

    @property
    def adjudication(self) -> DecisionData | None:
        decision = self.view.decision
        return decision if decision and decision.role is DecisionRole.adjudicator else None


@dataclass(frozen=True)
class DisputeOutcome:
    dispute: DisputeView | None
    left: int  # sentences still in the queue
    saved: str | None = None
    message: str | None = None


def in_dispute() -> ColumnElement[bool]:
    """The sentence has coders who disagree and no adjudicated decision."""
    disputed = select(col(Decision.sentence_id)).where(col(Decision.disputed).is_(True))
    return col(Sentence.id).in_(disputed)


def disputes_left(session: Session) -> int:
    return session.execute(
        select(func.count(func.distinct(Decision.sentence_id))).where(
            col(Decision.disputed).is_(True)
        )
    ).scalar_one()


def coder_decisions(session: Session, sentence_id: str) -> tuple[DecisionData, ...]:
    """The coders' decisions that say something (statements or no claim), by name."""
    names = session.scalars(
        select(col(Decision.annotator))
        .where(
            col(Decision.sentence_id) == sentence_id,
            col(Decision.role) == DecisionRole.annotator.value,
            col(Decision.kind) != DecisionKind.skip.value,
        )
        .order_by(col(Decision.annotator))
    ).all()
    found = (get_decision(session, sentence_id=sentence_id, annotator=name) for name in names)
    return tuple(decision for decision in found if decision is not None)


class DisputeBackend:
    """Reads and writes for the adjudicator named by the app's backend."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    @property
    def adjudicator(self) -> str:
        return self.backend.annotator

    def codebook(self) -> CodebookData:
        return self.backend.codebook()

    def navigate(self, move: Move, sentence_id: str | None = None) -> DisputeOutcome:
        with Session(self.backend.engine) as session:
            target, message = self._target(session, move, sentence_id)
            dispute = self._load(session, target) if target else None
            return DisputeOutcome(dispute, disputes_left(session), message=message)

    def _target(
        self, session: Session, move: Move, sentence_id: str | None
    ) -> tuple[str | None, str | None]:
        if move is Move.stay and sentence_id:
            return sentence_id, None
        pos = position_of(session, sentence_id) if sentence_id else None
        forward = move is not Move.previous
        if move is Move.start or pos is None:
            found = self._step(session, None, forward=True)
            return found, None if found else "no disagreement left to adjudicate"
        found = self._step(session, pos, forward=forward)
        if found is None and move is Move.next_unannotated:
            found = self._step(session, None, forward=True)  # wrap to the start
            return found, None if found else "no disagreement left to adjudicate"
        if found is None:
            return None, "end of the disputes" if forward else "start of the disputes"
        return found, None

    def _step(self, session: Session, pos: Position | None, *, forward: bool) -> str | None:
        return step(
            session,
            annotator=self.adjudicator,
            flt=_ALL,
            pos=pos,
            forward=forward,
            extra=[in_dispute()],
        )

    def _load(self, session: Session, sentence_id: str) -> DisputeView | None:
        view = load_view(session, sentence_id, self.adjudicator)
        if view is None:
            return None
        return DisputeView(view, coder_decisions(session, sentence_id))

    def write(self, write: Write) -> DisputeOutcome:
        """Commit the write, then (and only then) load what to show next: the sentence
        it changed, or with `advance` the next dispute (wrapping to the first)."""
        with session_scope(self.backend.engine) as session:
            if write.kind is WriteKind.decide and write.sentence_id:
                self._refuse_coder(session, write.sentence_id)
            applied = perform(session, self.adjudicator, write, self.backend.codebook_version_id)
        if applied is None:
            shown = self.navigate(Move.stay, write.sentence_id)
            return DisputeOutcome(shown.dispute, shown.left, message=describe(None, write))
        sentence_id, change = applied
        move = Move.next_unannotated if write.advance else Move.stay
        shown = self.navigate(move, sentence_id)
        if shown.dispute is None:  # nothing left: show what was just decided
            shown = DisputeOutcome(
                self.navigate(Move.stay, sentence_id).dispute, shown.left, message=shown.message
            )
        return DisputeOutcome(
            shown.dispute, shown.left, saved=describe(change, write), message=shown.message
        )

    def _refuse_coder(self, session: Session, sentence_id: str) -> None:
        mine = get_decision(session, sentence_id=sentence_id, annotator=self.adjudicator)
        if mine is not None and mine.role is DecisionRole.annotator:
            raise CoderConflict(
                f"{self.adjudicator} coded this sentence; adjudicate under another name "
                "(annotator adjudicate --annotator NAME)"
            )
