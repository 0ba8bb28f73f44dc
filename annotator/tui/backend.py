"""The database side of the annotation screen. Every method runs in a thread worker,
opens its own short unit of work, and returns frozen data; none touches a widget."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from sqlalchemy import Engine, or_, select, text
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlmodel import Session, col

from annotator.suggest.training import current_model
from annotator.tui.data import (
    CodebookChange,
    CodebookData,
    DocumentInfo,
    Outcome,
    QueueStats,
    SentenceView,
)
from annotator.tui.loading import (
    in_queue_scope,
    load_codebook,
    load_stats,
    load_view,
    local_midnight,
    refresh_view,
)
from annotator.tui.queue import (
    Order,
    Position,
    QueueFilter,
    Status,
    first_of_document,
    position_of,
    step,
    text_matches,
)
from annotator.tui.uncertain import Ranking, next_least_sure, rank, ranking_key
from annotator.tui.writes import Write, WriteConflict, deltas, describe, perform
from models.codebook import CodebookError, CodebookInUseError
from models.codebook_additions import Addition, NewActor, added_note, store_addition
from models.db import session_scope
from models.tables import Document

# How long one of the screen's writes may wait on PostgreSQL before it is reported as
# not saved and retried (the retry path backs off to every 8 s).
LOCK_TIMEOUT_MS = 3_000
STATEMENT_TIMEOUT_MS = 15_000
NO_MODEL = (
    "least sure first needs a suggestion model, and there is none yet (one is trained "
    "after 10 decisions, or run `annotator suggest train`): document order meanwhile"
)


class Move(StrEnum):
    next = "next"
    previous = "previous"
    next_unannotated = "next_unannotated"
    next_document = "next_document"
    previous_document = "previous_document"
    document = "document"
    search_next = "search_next"
    search_previous = "search_previous"
    start = "start"  # the first unannotated sentence, else the first of the queue
    stay = "stay"  # reload the current sentence (after a filter change, say)


@dataclass(frozen=True)
class Navigation:
    move: Move
    flt: QueueFilter
    sentence_id: str | None = None  # where the annotator is now
    document_id: str | None = None
    text: str = ""


@dataclass(frozen=True)
class Ahead:
    """The sentence a move will land on, read before the move is asked for (while the
    coder reads the sentence it starts from), with what its proposals were read under."""

    nav: Navigation
    codebook_version_id: int | None
    model: object | None
    ranking: Ranking | None
    view: SentenceView


class Backend:
    def __init__(self, engine: Engine, annotator: str) -> None:
        self.engine = engine
        self.annotator = annotator
        self.codebook_version_id: int | None = None
        self.ranking: Ranking | None = None
        self.ahead: Ahead | None = None  # set by `read_ahead`, in its own worker
        # Writes attempted without a known outcome (an error was raised): only these can
        # have committed already, so only their retries look their key up first.
        self.unsettled: set[str] = set()

    def codebook(self) -> CodebookData:
        with Session(self.engine) as session:
            codebook = load_codebook(session)
        self.codebook_version_id = codebook.version_id
        return codebook

    def add_to_codebook(self, addition: Addition) -> CodebookChange:
        """Store the codebook in force with `addition` as its new version (as `codebook
        load` would), then read it back: later decisions record that version."""
        try:
            with session_scope(self.engine) as session:
                bound_waits(session)
                version = store_addition(session, addition, added_note(self.annotator))
                label = f"{version.name} {version.version}"
        except CodebookError as exc:
            reasons = "; ".join(problem.message for problem in exc.problems)
            return CodebookChange(None, message=f"not added to the codebook: {reasons}")
        except CodebookInUseError as exc:
            return CodebookChange(None, message=f"not added to the codebook: {exc}")
        what = "speaker" if isinstance(addition, NewActor) else "claim type"
        name = addition.name if isinstance(addition, NewActor) else addition.label
        return CodebookChange(
            self.codebook(),
            addition.id,
            f"codebook {label} stored: {what} {name!r} ({addition.id}) added",
        )

    def stats(self) -> QueueStats:
        with Session(self.engine) as session:
            return load_stats(session, self.annotator)

    def read_ahead(self, sentence_id: str, flt: QueueFilter) -> None:
        """Read the sentence that "next unannotated" from `sentence_id` lands on, so that
        the decision on `sentence_id` (or enter on it, once decided) shows it after
        reading only what the decision changed (`_ahead_of`)."""
        nav = Navigation(Move.next_unannotated, flt, sentence_id)
        model = current_model(self.engine)
        outcome = self.navigate(nav)
        if outcome.view is not None and outcome.message is None:
            self.ahead = Ahead(nav, self.codebook_version_id, model, self.ranking, outcome.view)

    def _ahead_of(self, session: Session, nav: Navigation) -> SentenceView | None:
        """The sentence read ahead for this very move, brought up to date; None where
        none was, or it was read under another codebook, model or ranking, or it has
        been decided since (in another terminal): then the move reads as usual."""
        ahead = self.ahead
        if (
            ahead is None
            or ahead.nav != nav
            or ahead.codebook_version_id != self.codebook_version_id
            or ahead.ranking is not self.ranking
            or ahead.model is not current_model(self.engine)
        ):
            return None
        view = refresh_view(session, ahead.view, self.annotator)
        return view if view is not None and view.decision is None else None

    def navigate(self, nav: Navigation) -> Outcome:
        with Session(self.engine) as session:
            ahead = self._ahead_of(session, nav)
            if ahead is not None:
                return Outcome(view=ahead)
            pos = position_of(session, nav.sentence_id) if nav.sentence_id else None
            target, message = self._target(session, nav, pos)
            if target is None:
                return Outcome(view=None, message=message)
            return Outcome(view=load_view(session, target, self.annotator), message=message)

    def _target(
        self, session: Session, nav: Navigation, pos: Position | None
    ) -> tuple[str | None, str | None]:
        a, flt, move = self.annotator, nav.flt, nav.move
        if move is Move.stay and nav.sentence_id:
            return nav.sentence_id, None
        if move is Move.document and nav.document_id:
            found = first_of_document(session, annotator=a, flt=flt, document_id=nav.document_id)
            return found, None if found else "that document has no sentence in the queue"
        if move in (Move.start, Move.stay) or pos is None:
            notice = None
            if _least_sure_first(flt):
                least_sure, notice = self._least_sure(session, flt, None)
                if least_sure:
                    return least_sure, notice
            todo = step(session, annotator=a, flt=_with_todo(flt), pos=None)
            if todo:
                return todo, notice
            first = step(session, annotator=a, flt=flt, pos=None)
            return first, "no unannotated sentence left" if first else "the queue is empty"
        forward = move in (
            Move.next,
            Move.next_unannotated,
            Move.next_document,
            Move.search_next,
        )
        if move is Move.next_unannotated:
            if _least_sure_first(flt):
                least_sure, _ = self._least_sure(session, flt, nav.sentence_id)
                if least_sure:
                    return least_sure, None
            # In document order; and in either order, sentences imported since ranking.
            found = step(session, annotator=a, flt=_with_todo(flt), pos=pos) or step(
                session, annotator=a, flt=_with_todo(flt), pos=None
            )
            return found, None if found else "no unannotated sentence left"
        if move in (Move.search_next, Move.search_previous):
            found = step(
                session,
                annotator=a,
                flt=flt,
                pos=pos,
                forward=forward,
                extra=[text_matches(nav.text)],
            )
            return found, None if found else f"no more matches for {nav.text!r}"
        whole = move in (Move.next_document, Move.previous_document)
        found = step(session, annotator=a, flt=flt, pos=pos, forward=forward, whole_document=whole)
        if found and move is Move.previous_document:
            landed = position_of(session, found)
            assert landed is not None
            found = first_of_document(session, annotator=a, flt=flt, document_id=landed.document_id)
        if found is None:
            return None, "end of the queue" if forward else "start of the queue"
        return found, None

    def _least_sure(
        self, session: Session, flt: QueueFilter, after: str | None
    ) -> tuple[str | None, str | None]:
        """The unannotated sentence the model is least sure about (after `after` in the
        ranking), with a notice; (None, notice) without a model or when none is left.
        Ranks here only for a new filter; a new model re-ranks in `rerank`."""
        ranking = self.ranking
        if ranking is None or ranking.key != ranking_key(self.annotator, flt):
            trained = current_model(self.engine)
            if trained is None:
                return None, NO_MODEL
            ranking = self.ranking = rank(session, self.annotator, flt, trained)
        found = next_least_sure(session, self.annotator, ranking, after)
        if found is None:
            return None, None
        return found, (
            f"least sure first: {len(ranking.ids):,} unannotated sentences ranked by the "
            f"model (trained on {ranking.decisions} decisions) in {ranking.seconds:.1f} s; "
            f"this one p={ranking.sureness[found]:.2f}"
        )

    def rerank(self, flt: QueueFilter) -> None:
        """Rank again with the model now stored (run after retraining, in the training
        worker: the screen keeps moving along the previous ranking meanwhile)."""
        trained = current_model(self.engine)
        if trained is None or not _least_sure_first(flt):
            return
        with Session(self.engine) as session:
            self.ranking = rank(session, self.annotator, flt, trained)

    def write(self, write: Write, flt: QueueFilter) -> Outcome:
        """Commit the write, then (and only then) find and load what to show next.

        A retry of this same write after its commit (the read below failed, say) finds
        the committed event by its key and only reads again. A write made from a version
        of the decision that is no longer the database's is refused (`conflict`); the
        sentence is reloaded as it is now."""
        midnight = local_midnight()
        retried = write.write_id in self.unsettled
        self.unsettled.add(write.write_id)
        try:
            with session_scope(self.engine) as session:
                bound_waits(session)
                applied = perform(
                    session,
                    self.annotator,
                    write,
                    self.codebook_version_id,
                    may_have_committed=retried,
                )
                # Progress counts the annotator's queue: a decision outside it does not move it.
                counted = applied is not None and in_queue_scope(
                    session, self.annotator, applied[0]
                )
        except WriteConflict:
            self.unsettled.discard(write.write_id)
            nav = Navigation(Move.stay, flt, write.sentence_id)
            return Outcome(
                view=self.navigate(nav).view,
                message=f"NOT SAVED ({write.label}): changed elsewhere (your name in another "
                "terminal?) — reloaded as it is now",
                conflict=True,
            )
        if applied is None:
            self.unsettled.discard(write.write_id)
            # Nothing to undo or redo: stay where the annotator is.
            return Outcome(view=None, message=describe(None, write))
        sentence_id, change = applied
        done_delta, today_delta = deltas(change, midnight)
        done_delta = done_delta if counted else 0
        move = Move.next_unannotated if write.advance else Move.stay
        outcome = self.navigate(Navigation(move, flt, sentence_id))
        # Committed and shown: never retried now (a failed read above is, and finds the key).
        self.unsettled.discard(write.write_id)
        return Outcome(
            view=outcome.view,
            saved=describe(change, write),
            message=outcome.message,
            done_delta=done_delta,
            today_delta=today_delta,
        )

    def find_documents(self, text: str, limit: int = 30) -> tuple[DocumentInfo, ...]:
        """Documents whose title, source or id contains `text`, in queue order (a page)."""
        query = select(
            col(Document.id), col(Document.title), col(Document.source), col(Document.date)
        )
        if text:
            pattern = f"%{text}%"
            query = query.where(
                or_(
                    col(Document.title).ilike(pattern),
                    col(Document.source).ilike(pattern),
                    col(Document.id).ilike(pattern),
                )
            )
        query = query.order_by(col(Document.date), col(Document.id)).limit(limit)
        with Session(self.engine) as session:
            return tuple(
                DocumentInfo(row[0], row[1], row[2], row[3], None) for row in session.execute(query)
            )


def bound_waits(session: Session) -> None:
    """On PostgreSQL, a write waiting for a row lock (a long import holding the sentence)
    gives up after LOCK_TIMEOUT, so the screen says NOT SAVED and retries instead of
    saying "saving" forever. SQLite has its busy timeout (models.db)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT_MS}ms'"))
        session.execute(text(f"SET LOCAL statement_timeout = '{STATEMENT_TIMEOUT_MS}ms'"))


def _least_sure_first(flt: QueueFilter) -> bool:
    """The order ranks unannotated sentences: a queue of done or skipped ones keeps
    document order."""
    return flt.order is Order.uncertain and flt.status in (Status.all, Status.todo)


def _with_todo(flt: QueueFilter) -> QueueFilter:
    """Still to do: no decision yet, or, when the queue is filtered by status, the rest of it."""
    return replace(flt, status=Status.todo) if flt.status is Status.all else flt


def explain(error: BaseException | None) -> str:
    """One line saying why a database call failed (no URL, no password, no traceback)."""
    if error is None:
        return "unknown error"
    if isinstance(error, DBAPIError) and error.orig is not None:
        lines = str(error.orig).strip().splitlines()
        return lines[0] if lines else error.__class__.__name__
    return f"{error.__class__.__name__}: {error}"


def is_transient(error: BaseException | None) -> bool:
    """A locked, busy or unreachable database: worth retrying the same write."""
    return isinstance(error, OperationalError | InterfaceError) or (
        isinstance(error, DBAPIError) and error.connection_invalidated
    )
