"""The queue follows the coder's assignment: opening, next unannotated, next document and
progress go through their documents; `g` and the filter still reach everything."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, insert
from sqlmodel import Session, col, select

from annotator.tui.queue import QueueFilter, step
from models.db import session_scope
from models.tables import Assignment, Decision, Sentence
from tests.tui.conftest import ANNOTATOR, SIZE, current, main, make_app, settle

KONO = "d_577078cea12c0a02"  # 2019-02-15, 16 content sentences; second in queue order
PAINTING = "d_3158c3636e641d9c"  # 2019-06-19, 11 content sentences; third
FIRST = "d_d169360f8b62d6e9"  # 2019-01-09: the queue's first document, not alice's

pytestmark = pytest.mark.asyncio


def assign(engine: Engine, held: dict[str, list[str]]) -> None:
    now = dt.datetime.now(dt.UTC)
    with session_scope(engine) as session:
        for annotator, documents in held.items():
            for document_id in documents:
                session.execute(
                    insert(Assignment).values(
                        document_id=document_id,
                        annotator=annotator,
                        slot=1,
                        batch=1,
                        seed=1,
                        created_at=now,
                    )
                )


def document_of(engine: Engine, sentence_id: str) -> str:
    with Session(engine) as session:
        return session.exec(select(Sentence.document_id).where(Sentence.id == sentence_id)).one()


def progress(pilot: object) -> str:
    return str(main(pilot).query_one("#progress").render())  # type: ignore[arg-type]


async def test_the_queue_is_the_assigned_documents(sqlite_sample: Engine) -> None:
    assign(sqlite_sample, {ANNOTATOR: [KONO, PAINTING], "bob": [FIRST]})
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert document_of(sqlite_sample, current(pilot)) == KONO
        assert "queue assigned to alice (2 docs) 0/27 (0%)" in progress(pilot)
        seen = set()
        for _ in range(27):
            seen.add(document_of(sqlite_sample, current(pilot)))
            await pilot.press("n")
            await settle(pilot)
        assert seen == {KONO, PAINTING}
        assert "no unannotated sentence left" in str(main(pilot).query_one("#status").render())
        assert "queue assigned to alice (2 docs) 27/27 (100%)" in progress(pilot)
    with Session(sqlite_sample) as session:
        decided = session.exec(
            select(Sentence.document_id)
            .join(Decision, col(Decision.sentence_id) == col(Sentence.id))
            .where(Decision.annotator == ANNOTATOR)
        ).all()
    assert len(decided) == 27 and set(decided) == {KONO, PAINTING}


async def test_next_document_skips_what_is_not_assigned_and_g_reaches_it(
    sqlite_sample: Engine,
) -> None:
    assign(sqlite_sample, {ANNOTATOR: [KONO, PAINTING]})
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("]")
        await settle(pilot)
        assert document_of(sqlite_sample, current(pilot)) == PAINTING
        await pilot.press("]")
        await settle(pilot)
        assert document_of(sqlite_sample, current(pilot)) == PAINTING  # end of the queue
        await pilot.press("g")
        await settle(pilot)
        await pilot.press(*FIRST, "enter")
        await settle(pilot)
        assert document_of(sqlite_sample, current(pilot)) == FIRST
        for _ in range(3):  # the document you went to stays yours to walk
            await pilot.press("j")
            await settle(pilot)
            assert document_of(sqlite_sample, current(pilot)) == FIRST
        await pilot.press("n")  # a decision outside the assignment
        await settle(pilot)
        assert "0/27" in progress(pilot)
        assert document_of(sqlite_sample, current(pilot)) == FIRST  # its next unannotated


async def test_the_filter_opens_the_queue_to_every_document(sqlite_sample: Engine) -> None:
    assign(sqlite_sample, {ANNOTATOR: [PAINTING]})
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert document_of(sqlite_sample, current(pilot)) == PAINTING
        await pilot.press("f", *["tab"] * 5, "enter", "down", "enter")
        await settle(pilot)
        await pilot.press(*["shift+tab"] * 5, "enter")
        await settle(pilot)
        assert main(pilot).flt == QueueFilter(everything=True)
        assert document_of(sqlite_sample, current(pilot)) == FIRST
        assert "all documents" in progress(pilot)


async def test_without_an_assignment_everybody_sees_everything(sqlite_sample: Engine) -> None:
    assign(sqlite_sample, {"bob": [KONO]})
    with Session(sqlite_sample) as session:
        first = step(session, annotator="zed", flt=QueueFilter(), pos=None)
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert current(pilot) == first and document_of(sqlite_sample, first) == FIRST
        assert "queue 0/76" in progress(pilot) and "assigned" not in progress(pilot)
