"""A database made by the first release (schema 0001, tests/fixtures/schema_0001.db, with
labels) opens in this one with every label intact, on the screen too, and undo works on
the old events."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from annotator.tui.backend import Backend, Move, Navigation
from annotator.tui.queue import QueueFilter
from models.db import open_database
from models.decisions import get_decision
from models.migrate import current_revision, head_revision
from models.tables import Decision, Document, Sentence
from tests.fixtures.make_schema_0001 import LABELS
from tests.tui.conftest import main, make_app, settle

FIXTURE = Path(__file__).parent / "fixtures" / "schema_0001.db"


def _sentence_id(session: Session, origin: str, index: int) -> str:
    return session.exec(
        select(Sentence.id)
        .join(Document, col(Document.id) == col(Sentence.document_id))
        .where(col(Document.origin).contains(origin), Sentence.index == index)
    ).one()


@pytest.mark.asyncio
async def test_first_release_database_keeps_every_label(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(FIXTURE, path)
    engine = open_database(f"sqlite:///{path}")
    assert current_revision(engine) == head_revision(engine)
    with Session(engine) as session:
        assert len(session.exec(select(Decision)).all()) == len(LABELS)
        ids = {}
        for origin, index, annotator, kind, statements in LABELS:
            sentence_id = ids[(origin, index)] = _sentence_id(session, origin, index)
            saved = get_decision(session, sentence_id=sentence_id, annotator=annotator)
            assert saved is not None and saved.kind.value == kind
            got = [(s.speaker_id, s.claim_id, s.stance_id) for s in saved.statements]
            assert got == statements
    # The screen shows them as they were stored.
    for origin, index, annotator, _, statements in LABELS:
        view = (
            Backend(engine, annotator)
            .navigate(Navigation(Move.stay, QueueFilter(), ids[(origin, index)]))
            .view
        )
        assert view is not None
        assert [(s.speaker_id, s.claim_id, s.stance_id) for s in view.statements] == statements
    # Undo takes alice's latest old event (no write key): the no-claim goes, the rest stays.
    async with make_app(engine).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert "undone" in str(main(pilot).query_one("#status").render())
    with Session(engine) as session:
        assert len(session.exec(select(Decision)).all()) == len(LABELS) - 1
    engine.dispose()
