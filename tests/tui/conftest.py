"""Helpers for driving the annotation TUI through Pilot against a real database."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from textual.pilot import Pilot
from textual.worker import WorkerFailed

from annotator.ingest.importer import plan, run_import
from annotator.tui.app import AnnotatorApp
from annotator.tui.screens.main import MainScreen
from models.codebook import load_codebook_file, store_codebook
from models.db import open_database, session_scope
from models.decisions import DecisionData, get_decision
from models.tables import Event

SIZE = (120, 40)
SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
ANNOTATOR = "alice"


@pytest.fixture
def sqlite_sample(tmp_path: Path) -> Iterator[Engine]:
    """The sample on SQLite only, for flows where the backend does not matter."""
    engine = open_database(f"sqlite:///{tmp_path / 'annotations.db'}")
    book, source = load_codebook_file(SAMPLE / "codebook.toml")
    with session_scope(engine) as session:
        store_codebook(session, book, source)
    assert not run_import(engine, list(plan([SAMPLE]))).errors
    yield engine
    engine.dispose()


def make_app(engine: Engine, **kwargs: object) -> AnnotatorApp:
    return AnnotatorApp(engine, ANNOTATOR, **kwargs)  # type: ignore[arg-type]


async def workers_done(pilot: Pilot[None]) -> None:
    """Wait for the running workers. A database worker that failed is the screen's to
    report (`_db_failed`); waiting on it before the manager drops it would raise."""
    with contextlib.suppress(WorkerFailed):
        await pilot.app.workers.wait_for_complete()


async def settle(pilot: Pilot[None]) -> None:
    """Let every worker finish and every message it posted be handled."""
    for _ in range(2):
        await workers_done(pilot)
        await pilot.pause()


def main(pilot: Pilot[None]) -> MainScreen:
    screen = pilot.app.screen_stack[1] if len(pilot.app.screen_stack) > 1 else pilot.app.screen
    assert isinstance(screen, MainScreen)
    return screen


def current(pilot: Pilot[None]) -> str:
    view = main(pilot).view
    assert view is not None
    return view.sentence_id


def decision(engine: Engine, sentence_id: str) -> DecisionData | None:
    with Session(engine) as session:
        return get_decision(session, sentence_id=sentence_id, annotator=ANNOTATOR)


def actions(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(Event.action).where(Event.annotator == ANNOTATOR).order_by(col(Event.id))
            ).all()
        )


def queue_sentences(engine: Engine, count: int) -> list[str]:
    """The first `count` sentences of the queue, in queue order."""
    from annotator.tui.queue import QueueFilter, position_of, step

    found: list[str] = []
    with Session(engine) as session:
        pos = None
        while len(found) < count:
            sid = step(session, annotator=ANNOTATOR, flt=QueueFilter(), pos=pos)
            assert sid is not None
            found.append(sid)
            pos = position_of(session, sid)
    return found
