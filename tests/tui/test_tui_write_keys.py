"""A write is applied once, even when the screen retries it after its commit; writes from
a stale screen (the same coder name in another terminal) are refused, not lost; undo and
redo with nothing to do stay put."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col

from annotator.tui import backend as backend_module
from annotator.tui.backend import Backend, Move, Navigation
from annotator.tui.draft import Draft
from annotator.tui.queue import QueueFilter
from annotator.tui.widgets.status_line import StatusLine
from annotator.tui.writes import Seen, save_draft
from models.db import make_engine
from models.tables import Decision, DecisionKind, Event
from tests.conftest import load_sample
from tests.tui.conftest import (
    ANNOTATOR,
    SIZE,
    actions,
    current,
    decision,
    main,
    make_app,
    queue_sentences,
    settle,
)

pytestmark = pytest.mark.asyncio


async def wait_saved(pilot: object, screen: object, seconds: float = 30.0) -> None:
    """Poll until the screen has no pending write (retries back off 1 s, 2 s, …)."""
    for _ in range(int(seconds / 0.1)):
        await pilot.pause(0.1)  # type: ignore[attr-defined]
        if screen.pending is None:  # type: ignore[attr-defined]
            break
    await settle(pilot)  # type: ignore[arg-type]


@pytest.fixture
def fail_read_after_commit(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Arm it (append 1) and the next read the backend makes raises once, as a dropped
    connection would, after the write before it committed."""
    armed: list[int] = []
    navigate = Backend.navigate

    def flaky(self: Backend, nav: Navigation) -> object:
        if armed:
            armed.clear()
            raise OperationalError("SELECT …", {}, Exception("server closed the connection"))
        return navigate(self, nav)

    monkeypatch.setattr(Backend, "navigate", flaky)
    yield armed


def _counts(engine: Engine) -> tuple[int, int]:
    with Session(engine) as session:
        events = session.execute(select(func.count()).select_from(Event)).scalar_one()
        decisions = session.execute(select(func.count()).select_from(Decision)).scalar_one()
    return events, decisions


async def test_a_write_retried_after_its_commit_is_applied_once(
    sample_engine: Engine, fail_read_after_commit: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second, third = queue_sentences(sample_engine, 3)
    said: list[str] = []
    say = StatusLine.say

    def record(self: StatusLine, text: str, kind: str = "info") -> None:
        said.append(text)
        say(self, text, kind)

    # Recorded, not read off the screen: on a loaded machine the retry may already
    # have saved by the time the test looks.
    monkeypatch.setattr(StatusLine, "say", record)
    async with make_app(sample_engine).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot)
        for _ in range(2):
            said.clear()
            fail_read_after_commit.append(1)
            await pilot.press("n")
            await wait_saved(pilot, screen)
            assert any("NOT SAVED" in text for text in said), said
        assert current(pilot) == third
        assert screen.stats is not None and screen.stats.done == 2
        assert actions(sample_engine) == ["decide", "decide"]
        fail_read_after_commit.append(1)
        await pilot.press("u")
        await pilot.app.workers.wait_for_complete()
        await wait_saved(pilot, screen)
        assert current(pilot) == second
        assert screen.stats is not None and screen.stats.done == 1
    assert actions(sample_engine) == ["decide", "decide", "undo"]
    assert _counts(sample_engine) == (3, 1)
    saved = decision(sample_engine, first)
    assert saved is not None and saved.kind is DecisionKind.no_claim
    assert decision(sample_engine, second) is None


async def test_undo_and_redo_with_nothing_to_do_stay_put(sqlite_sample: Engine) -> None:
    _, _, third = queue_sentences(sqlite_sample, 3)
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        await settle(pilot)
        assert current(pilot) == third
        for key, word in (("r", "redo"), ("u", "undo")):
            await pilot.press(key)
            await settle(pilot)
            assert current(pilot) == third
            assert f"nothing to {word}" in str(main(pilot).query_one("#status").render())
    assert actions(sqlite_sample) == []


def _statement(speaker: str, claim: str) -> Draft:
    return Draft(speaker_id=speaker, claim_id=claim, stance_id="support")


async def test_same_coder_in_two_terminals_never_loses_a_statement(
    sample_engine: Engine,
) -> None:
    """Terminal A is the real screen; terminal B is a second Backend (its own engine)
    through the same write path. Both start on the first sentence with nothing saved."""
    (first,) = queue_sentences(sample_engine, 1)
    other = make_engine(sample_engine.url.render_as_string(hide_password=False))
    b = Backend(other, ANNOTATOR)
    b.codebook()
    flt = QueueFilter()
    b_view = b.navigate(Navigation(Move.start, flt)).view
    assert b_view is not None and b_view.sentence_id == first
    async with make_app(sample_engine).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot)
        assert current(pilot) == first
        # A saves one statement and stays (✔ saved).
        screen.draft = _statement("suga", "settled_1965")
        await pilot.press("a")
        await settle(pilot)
        assert "saved" in str(screen.query_one("#status").render())
        # B saves another from the screen it still shows: refused, shown as changed.
        stale = replace(
            save_draft(
                first, b_view.decision, _statement("moon_hee_sang", "respect_ruling"), advance=False
            ),
            seen=Seen(b_view.version),
        )
        outcome = b.write(stale, flt)
        assert outcome.conflict and outcome.view is not None
        assert [s.speaker_id for s in outcome.view.statements] == ["suga"]
        # B, now looking at A's statement, adds its own: both kept.
        again = save_draft(
            first,
            outcome.view.decision,
            _statement("moon_hee_sang", "respect_ruling"),
            advance=False,
        )
        again = replace(again, seen=Seen(outcome.view.version))
        assert not b.write(again, flt).conflict
        # A, still showing only its own, adds one more: told, reloaded, draft kept.
        screen.draft = _statement("kono", "bilateral_talks")
        await pilot.press("a")
        await settle(pilot)
        status = str(screen.query_one("#status").render())
        assert "NOT SAVED" in status and "changed elsewhere" in status
        assert [s.speaker_id for s in screen.view.statements] == ["suga", "moon_hee_sang"]  # type: ignore[union-attr]
        assert screen.draft.speaker_id == "kono"
        await pilot.press("a")
        await settle(pilot)
        assert "saved" in str(screen.query_one("#status").render())
    other.dispose()
    saved = decision(sample_engine, first)
    assert saved is not None
    assert [s.speaker_id for s in saved.statements] == ["suga", "moon_hee_sang", "kono"]


@pytest.fixture
def pg_sample(pg_url: str) -> Iterator[Engine]:
    engine = make_engine(pg_url)
    from models.migrate import upgrade

    upgrade(engine)
    load_sample(engine)
    yield engine
    engine.dispose()


async def test_postgres_row_lock_wait_says_not_saved_and_retries(
    pg_sample: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backend_module, "LOCK_TIMEOUT_MS", 300)
    first, second = queue_sentences(pg_sample, 2)
    async with make_app(pg_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot)
        with pg_sample.connect() as holder:
            # A long transaction (an import, say) holds the sentence's row lock.
            holder.execute(text("SELECT id FROM sentence WHERE id = :id FOR UPDATE"), {"id": first})
            await pilot.press("n")
            for _ in range(100):
                await pilot.pause(0.1)
                if "NOT SAVED" in str(screen.query_one("#status").render()):
                    break
            status = str(screen.query_one("#status").render())
            assert "NOT SAVED" in status and "lock timeout" in status, status
            assert screen.pending is not None and current(pilot) == first
            holder.rollback()
        await wait_saved(pilot, screen)
        assert current(pilot) == second
    assert actions(pg_sample) == ["decide"]
    with Session(pg_sample) as session:
        kinds = session.scalars(select(col(Decision.kind))).all()
    assert kinds == [DecisionKind.no_claim.value]
