"""Nothing shown as saved is lost: saved before the next sentence, kept and retried on a
locked database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, event

from annotator.tui.data import SentenceView
from annotator.tui.screens.main import MainScreen
from models.tables import DecisionKind
from tests.tui.conftest import (
    SIZE,
    current,
    decision,
    main,
    make_app,
    queue_sentences,
    settle,
    workers_done,
)

pytestmark = pytest.mark.asyncio


async def test_decision_is_committed_before_the_next_sentence_is_shown(
    sample_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second, third = queue_sentences(sample_engine, 3)
    seen: list[tuple[str, object, object]] = []
    show_view = MainScreen.show_view

    def spy(self: MainScreen, view: SentenceView) -> None:
        # Read through another connection: only committed rows are visible there.
        seen.append(
            (view.sentence_id, decision(sample_engine, first), decision(sample_engine, second))
        )
        show_view(self, view)

    monkeypatch.setattr(MainScreen, "show_view", spy)
    async with make_app(sample_engine).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert current(pilot) == third
    shown = {sentence: (one, two) for sentence, one, two in seen}
    assert shown[first] == (None, None)
    one, _ = shown[second]
    assert one is not None and one.kind is DecisionKind.no_claim
    one, two = shown[third]
    assert two is not None and two.kind is DecisionKind.skip


async def test_locked_database_keeps_the_change_and_retries(sqlite_sample: Engine) -> None:
    first, second = queue_sentences(sqlite_sample, 2)
    # Fail fast instead of waiting out the 10 s busy timeout.
    event.listen(
        sqlite_sample,
        "connect",
        lambda connection, _record: connection.execute("PRAGMA busy_timeout=20"),
    )
    sqlite_sample.dispose()
    path = Path(str(sqlite_sample.url.database))
    blocker = sqlite3.connect(path, isolation_level=None)
    async with make_app(sqlite_sample).run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        blocker.execute("BEGIN EXCLUSIVE")
        await pilot.press("n")
        await workers_done(pilot)
        await pilot.pause()
        screen = main(pilot)
        status = str(screen.query_one("#status").render())
        assert "NOT SAVED" in status and "locked" in status
        assert screen.pending is not None and current(pilot) == first
        await pilot.press("x")  # refused while the change is pending
        await pilot.pause()
        assert screen.pending.decision_kind is DecisionKind.no_claim
        blocker.execute("COMMIT")
        for _ in range(50):
            await pilot.pause(0.1)
            await workers_done(pilot)
            if screen.pending is None:
                break
        await settle(pilot)
        assert screen.pending is None and current(pilot) == second
        assert "saved" in str(screen.query_one("#status").render())
    blocker.close()
    saved = decision(sqlite_sample, first)
    assert saved is not None and saved.kind is DecisionKind.no_claim
    assert decision(sqlite_sample, second) is None


async def test_a_refused_write_is_reported_not_retried(sqlite_sample: Engine) -> None:
    (first,) = queue_sentences(sqlite_sample, 1)
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot)
        # A speaker the codebook does not have: the foreign key refuses the statement.
        screen.draft = screen.draft.with_(speaker_id="nobody", claim_id="dialogue")
        await pilot.press("plus", "enter")
        await settle(pilot)
        status = str(screen.query_one("#status").render())
        assert "NOT SAVED" in status and screen.pending is None
        assert current(pilot) == first and screen.draft.speaker_id == "nobody"
        await pilot.press("n")  # the screen is not stuck
        await settle(pilot)
    saved = decision(sqlite_sample, first)
    assert saved is not None and saved.kind is DecisionKind.no_claim
