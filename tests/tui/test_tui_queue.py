"""Queue order and keyset steps, without the app."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, select

from annotator.tui.queue import QueueFilter, Status, position_of, step
from models.db import session_scope
from models.tables import Document, Sentence
from tests.tui.conftest import ANNOTATOR, queue_sentences


def test_queue_order_is_date_then_document_then_index(sqlite_sample: Engine) -> None:
    order = queue_sentences(sqlite_sample, 76)
    with Session(sqlite_sample) as session:
        keys = [position_of(session, sid) for sid in order]
        kinds = {
            session.exec(select(Sentence.kind).where(Sentence.id == sid)).one() for sid in order
        }
    assert kinds == {"content"}
    assert [(k.date, k.document_id, k.index) for k in keys if k] == sorted(
        (k.date, k.document_id, k.index) for k in keys if k
    )


def test_status_filter_names() -> None:
    assert QueueFilter(source="Kyodo", status=Status.todo).describe() == "source Kyodo, status todo"


def test_undated_documents_come_last_and_back_again(sample_engine: Engine) -> None:
    with session_scope(sample_engine) as session:
        session.add(Document(id="d_undated", text="An undated note.", title="undated"))
        session.flush()
        for index in range(2):
            session.add(
                Sentence(
                    id=f"d_undated:{index:04d}",
                    document_id="d_undated",
                    index=index,
                    paragraph=0,
                    start=0,
                    end=1,
                    text="An undated note.",
                )
            )
    order = queue_sentences(sample_engine, 78)
    assert order[-2:] == ["d_undated:0000", "d_undated:0001"]
    with Session(sample_engine) as session:
        back = step(
            session,
            annotator=ANNOTATOR,
            flt=QueueFilter(),
            pos=position_of(session, "d_undated:0000"),
            forward=False,
        )
        assert back == order[-3]
        assert (
            step(
                session, annotator=ANNOTATOR, flt=QueueFilter(), pos=position_of(session, order[-1])
            )
            is None
        )
