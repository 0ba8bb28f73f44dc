"""Decisions: one per sentence and annotator, every change logged, undo by snapshot."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from models.db import session_scope
from models.decisions import (
    StatementData,
    apply_snapshot,
    clear_decision,
    get_decision,
    save_decision,
)
from models.tables import Decision, DecisionKind, Event, Sentence, SentenceKind, Statement


def _first_content(engine: Engine) -> str:
    with session_scope(engine) as session:
        return session.exec(
            select(Sentence.id)
            .where(Sentence.kind == SentenceKind.content)
            .order_by(col(Sentence.id))
        ).first()  # type: ignore[return-value]


SETTLED = StatementData("jp_government", "settled_1965", "support")
BREACH = StatementData("suga", "breach_intl_law", "support", note="quoted")


def test_save_replaces_and_logs(sample_engine: Engine) -> None:
    sid = _first_content(sample_engine)
    with session_scope(sample_engine) as session:
        first = save_decision(
            session,
            sentence_id=sid,
            annotator="ann",
            kind=DecisionKind.statements,
            statements=[SETTLED],
        )
    with session_scope(sample_engine) as session:
        second = save_decision(
            session,
            sentence_id=sid,
            annotator="ann",
            kind=DecisionKind.statements,
            statements=[SETTLED, BREACH],
        )
    assert second.decision is not None and first.decision is not None
    assert second.decision.id == first.decision.id
    assert second.before == first.decision
    with session_scope(sample_engine) as session:
        assert len(session.exec(select(Decision)).all()) == 1
        notes = session.exec(select(Statement.note).order_by(col(Statement.position))).all()
        assert notes == [None, "quoted"]
        events = session.exec(select(Event).order_by(col(Event.id))).all()
        assert [e.action for e in events] == ["decide", "decide"]
        assert events[1].before == first.decision.snapshot()
        assert events[1].after == second.decision.snapshot()


def test_undo_redo_are_new_events(sample_engine: Engine) -> None:
    sid = _first_content(sample_engine)
    with session_scope(sample_engine) as session:
        change = save_decision(
            session, sentence_id=sid, annotator="ann", kind=DecisionKind.no_claim
        )
    with session_scope(sample_engine) as session:
        event = session.get(Event, change.event_id)
        assert event is not None
        undo = apply_snapshot(
            session,
            sentence_id=sid,
            annotator="ann",
            snapshot=event.before,
            action="undo",
            reverts_event_id=event.id,
        )
        assert undo.decision is None
        assert get_decision(session, sentence_id=sid, annotator="ann") is None
        redo = apply_snapshot(
            session,
            sentence_id=sid,
            annotator="ann",
            snapshot=event.after,
            action="redo",
            reverts_event_id=undo.event_id,
        )
        assert redo.decision is not None and redo.decision.kind is DecisionKind.no_claim
        actions = session.exec(select(Event.action).order_by(col(Event.id))).all()
        assert actions == ["decide", "undo", "redo"]


def test_one_decision_per_sentence_and_annotator_in_the_database(sample_engine: Engine) -> None:
    sid = _first_content(sample_engine)
    with session_scope(sample_engine) as session:
        save_decision(session, sentence_id=sid, annotator="ann", kind=DecisionKind.skip)
    with pytest.raises(IntegrityError), session_scope(sample_engine) as session:
        session.add(Decision(sentence_id=sid, annotator="ann", kind="no_claim"))
        session.flush()


def test_unknown_claim_is_refused_by_a_foreign_key(sample_engine: Engine) -> None:
    sid = _first_content(sample_engine)
    with pytest.raises(IntegrityError), session_scope(sample_engine) as session:
        save_decision(
            session,
            sentence_id=sid,
            annotator="ann",
            kind=DecisionKind.statements,
            statements=[StatementData("suga", "no_such_claim", "support")],
        )
    with session_scope(sample_engine) as session:
        assert get_decision(session, sentence_id=sid, annotator="ann") is None


def test_clear_keeps_history(sample_engine: Engine) -> None:
    sid = _first_content(sample_engine)
    with session_scope(sample_engine) as session:
        save_decision(session, sentence_id=sid, annotator="ann", kind=DecisionKind.no_claim)
        clear_decision(session, sentence_id=sid, annotator="ann")
        assert get_decision(session, sentence_id=sid, annotator="ann") is None
        assert len(session.exec(select(Event)).all()) == 2
