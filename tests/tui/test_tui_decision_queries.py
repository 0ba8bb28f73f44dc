"""One decision costs the database a fixed, small number of statements and one commit:
saving it (one transaction), then reading what the decision changed about the next
sentence, which was read whole while the coder read this one. A count, not a time: a
statement added to the hot path fails here."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import Engine, event

from annotator.tui.backend import Backend
from annotator.tui.screens.main import READ_AHEAD_SECONDS
from models.tables import DecisionKind
from tests.tui.conftest import SIZE, current, decision, make_app, settle

# Saving: the document's lock, the version check, the decision before, the upsert, its
# resolution, the document's facts (forget, count), the event, whether it counts for
# the annotator's queue. Then the next sentence, read ahead: its document's progress
# with its decision's version and the speaker carried over, and its decision.
SAVE_STATEMENTS = 9
READ_STATEMENTS = 2
# Reading ahead, in its own worker while the coder reads: the position decided, the
# queue's step, the sentence with its document and progress, its surroundings, its
# decision, its stored suggestions, the codebook version for the rules.
AHEAD_STATEMENTS = 7


class DecisionStatements:
    """The statements and commits run by the annotation screen's writes (the worker's
    thread only: the training and statistics workers run beside it)."""

    def __init__(self, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
        self.statements: list[str] = []
        self.ahead: list[str] = []
        self.commits = 0
        self._inside = threading.local()
        self._count_into(monkeypatch, "write", self.statements)
        self._count_into(monkeypatch, "read_ahead", self.ahead)
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)

    def _count_into(self, monkeypatch: pytest.MonkeyPatch, method: str, into: list[str]) -> None:
        """The statements run inside `Backend.<method>` go to `into`."""
        original = getattr(Backend, method)

        def counted(backend: Backend, *args: Any) -> Any:
            self._inside.on = into
            try:
                return original(backend, *args)
            finally:
                self._inside.on = None

        monkeypatch.setattr(Backend, method, counted)

    def _counting(self) -> list[str] | None:
        return getattr(self._inside, "on", None)

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        # PostgreSQL bounds the write's lock waits first (backend.bound_waits).
        counting = self._counting()
        if counting is not None and not statement.startswith("SET LOCAL"):
            counting.append(statement)

    def _commit(self, _conn: Any) -> None:
        if self._counting() is self.statements:
            self.commits += 1

    def clear(self) -> None:
        self.statements.clear()
        self.ahead.clear()
        self.commits = 0


async def read_ahead(pilot: Any) -> None:
    """Wait until the sentence after the one shown has been read ahead."""
    await pilot.pause(2 * READ_AHEAD_SECONDS)
    await settle(pilot)


@pytest.mark.asyncio
async def test_a_decision_runs_a_fixed_number_of_statements_and_one_commit(
    sample_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = DecisionStatements(sample_engine, monkeypatch)
    async with make_app(sample_engine).run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(3):
            decided = current(pilot)
            await read_ahead(pilot)
            counted.clear()
            await pilot.press("n")
            await settle(pilot)
            await read_ahead(pilot)
            saved = decision(sample_engine, decided)
            assert saved is not None and saved.kind is DecisionKind.no_claim
            assert current(pilot) != decided
            assert counted.commits == 1
            assert len(counted.statements) == SAVE_STATEMENTS + READ_STATEMENTS, "\n".join(
                counted.statements
            )
            # And once the next sentence is drawn, the one after it is read ahead.
            assert len(counted.ahead) == AHEAD_STATEMENTS, "\n".join(counted.ahead)
