"""Reading ahead: the sentence a decision moves on to is read while the coder reads the
one before, and after the decision only what it changed is read again. What the screen
is shown is then exactly what reading it whole would show, and a sentence decided
meanwhile elsewhere is not shown as if it were still to do."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from annotator.tui.backend import Backend, Move, Navigation
from annotator.tui.data import SentenceView
from annotator.tui.draft import Draft
from annotator.tui.loading import load_view
from annotator.tui.queue import QueueFilter
from annotator.tui.writes import Write, WriteKind, save_draft
from models.tables import DecisionKind

ANNOTATOR = "alice"


def _backend(engine: Engine) -> Backend:
    backend = Backend(engine, ANNOTATOR)
    backend.codebook()
    return backend


def _first(backend: Backend) -> SentenceView:
    view = backend.navigate(Navigation(Move.start, QueueFilter())).view
    assert view is not None
    return view


def _ahead_of_first(engine: Engine) -> tuple[Backend, SentenceView, SentenceView]:
    """A backend on the queue's first sentence, with the sentence after it read ahead."""
    backend = _backend(engine)
    first = _first(backend)
    backend.read_ahead(first.sentence_id, QueueFilter())
    assert backend.ahead is not None
    return backend, first, backend.ahead.view


def _read_whole(engine: Engine, sentence_id: str) -> SentenceView:
    with Session(engine) as session:
        view = load_view(session, sentence_id, ANNOTATOR)
    assert view is not None
    return view


def test_the_sentence_read_ahead_is_shown_as_it_is_after_the_decision(
    sample_engine: Engine,
) -> None:
    backend, first, ahead = _ahead_of_first(sample_engine)

    # A statement on the first sentence: the next one carries its speaker over, and
    # its document has one more sentence done.
    draft = Draft(speaker_id="kang", claim_id="dialogue", stance_id="support")
    outcome = backend.write(save_draft(first.sentence_id, None, draft, advance=True), QueueFilter())

    shown = outcome.view
    assert shown is not None and shown.sentence_id == ahead.sentence_id
    assert shown == _read_whole(sample_engine, shown.sentence_id)
    assert shown.previous_speaker_id == "kang" != ahead.previous_speaker_id
    assert shown.document_done == ahead.document_done + 1


def test_a_sentence_decided_elsewhere_meanwhile_is_passed_over(sample_engine: Engine) -> None:
    backend, first, read = _ahead_of_first(sample_engine)
    ahead = read.sentence_id

    # The same coder, in another terminal, decides the sentence read ahead.
    elsewhere = _backend(sample_engine)
    elsewhere.write(
        Write(WriteKind.decide, "no claim", ahead, DecisionKind.no_claim), QueueFilter()
    )

    outcome = backend.write(
        Write(WriteKind.decide, "no claim", first.sentence_id, DecisionKind.no_claim, (), True),
        QueueFilter(),
    )
    assert outcome.view is not None
    assert outcome.view.sentence_id not in (first.sentence_id, ahead)
    assert outcome.view.decision is None
    assert outcome.view == _read_whole(sample_engine, outcome.view.sentence_id)


def test_reading_ahead_under_another_filter_or_codebook_is_not_used(
    sample_engine: Engine,
) -> None:
    backend, first, _ = _ahead_of_first(sample_engine)
    other = QueueFilter(document_id=first.document.id)
    nav = Navigation(Move.next_unannotated, other, first.sentence_id)
    with Session(sample_engine) as session:
        assert backend._ahead_of(session, nav) is None
        backend.codebook_version_id = -1  # a codebook stored since
        same = Navigation(Move.next_unannotated, QueueFilter(), first.sentence_id)
        assert backend._ahead_of(session, same) is None
