"""Moving around: documents, search, filters, and the queue order behind them."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from annotator.tui.queue import QueueFilter, position_of
from annotator.tui.widgets.sentence_context import SentenceContext
from models.tables import Document, Sentence
from tests.tui.conftest import SIZE, current, main, make_app, settle

pytestmark = pytest.mark.asyncio


def _documents(engine: Engine) -> list[tuple[str, str | None, str | None]]:
    with Session(engine) as session:
        rows = session.exec(
            select(Document.id, Document.title, Document.source).order_by(
                col(Document.date), col(Document.id)
            )
        ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def _document_of(engine: Engine, sentence_id: str) -> str:
    with Session(engine) as session:
        pos = position_of(session, sentence_id)
    assert pos is not None
    return pos.document_id


async def test_next_and_previous_document(sqlite_sample: Engine) -> None:
    docs = [d[0] for d in _documents(sqlite_sample)]
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert _document_of(sqlite_sample, current(pilot)) == docs[0]
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert _document_of(sqlite_sample, current(pilot)) == docs[2]
        await pilot.press("j", "j", "left_square_bracket")
        await settle(pilot)
        landed = current(pilot)
        assert _document_of(sqlite_sample, landed) == docs[1]
    with Session(sqlite_sample) as session:
        first_index = session.exec(
            select(Sentence.index)
            .where(Sentence.document_id == docs[1], col(Sentence.kind) == "content")
            .order_by(col(Sentence.index))
        ).first()
        pos = position_of(session, landed)
    assert pos is not None and pos.index == first_index


async def test_go_to_a_document_by_title(sqlite_sample: Engine) -> None:
    target = next(d for d in _documents(sqlite_sample) if d[1] and "Kono presses" in d[1])
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        await pilot.press(*"kono presses")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert _document_of(sqlite_sample, current(pilot)) == target[0]
        await pilot.press("j", "j")
        await settle(pilot)
        view = main(pilot).view
        assert view is not None and view.headline is not None
        context = main(pilot).query_one(SentenceContext).text
        assert context.count(view.headline.text) == 1  # the headline once, on top or in place


async def test_search_text_forward_and_back(sample_engine: Engine) -> None:
    async with make_app(sample_engine).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"SUPREME COURT", "enter")
        await settle(pilot)
        view = main(pilot).view
        assert view is not None and "supreme court" in view.text.lower()
        hit = view.sentence_id
        await pilot.press("greater_than_sign")
        await settle(pilot)
        view = main(pilot).view
        assert view is not None and view.sentence_id != hit
        assert "supreme court" in view.text.lower()
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert current(pilot) == hit


async def test_filter_by_source_and_status(sqlite_sample: Engine) -> None:
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("tab", *"Nikkei Asia", "enter")
        await settle(pilot)
        screen = main(pilot)
        assert screen.flt == QueueFilter(source="Nikkei Asia")
        assert screen.view is not None and screen.view.document.source == "Nikkei Asia"
        for _ in range(8):  # walking never leaves the filtered source
            await pilot.press("j")
            await settle(pilot)
            assert screen.view.document.source == "Nikkei Asia"
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("tab", *["backspace"] * 11, "tab", *"2019-02-01", "tab", *"2019-06-30")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.flt.since is not None and screen.flt.source is None
        assert screen.view.document.date is not None
        assert str(screen.view.document.date) >= "2019-02-01"


async def test_a_bad_date_in_the_filter_is_named(sqlite_sample: Engine) -> None:
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f", "tab", "tab", *"2019-13-45", "enter")
        await settle(pilot)
        error = pilot.app.screen.query_one("#filter-error")
        assert "from date" in str(error.render())
        await pilot.press("escape")
        await settle(pilot)
        assert main(pilot).flt == QueueFilter()
