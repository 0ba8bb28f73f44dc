"""One decision costs the database a fixed, small number of statements and one commit:
saving it (one transaction), then reading the next sentence with everything the screen
shows about it. A count, not a time: a statement added to the hot path fails here."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import Engine, event

from annotator.tui.backend import Backend
from models.tables import DecisionKind
from tests.tui.conftest import SIZE, current, decision, make_app, settle

# Saving: the document's lock, the version check, the decision before, the upsert, its
# resolution, the document's facts (forget, count), the event, whether it counts for
# the annotator's queue. Reading the next sentence: the position decided, the queue's
# step, the sentence with its document and progress, its surroundings, its decision,
# its stored suggestions, the codebook version for the rules.
SAVE_STATEMENTS = 9
READ_STATEMENTS = 7


class DecisionStatements:
    """The statements and commits run by the annotation screen's writes (the worker's
    thread only: the training and statistics workers run beside it)."""

    def __init__(self, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
        self.statements: list[str] = []
        self.commits = 0
        self._inside = threading.local()
        write = Backend.write

        def counted_write(backend: Backend, *args: Any) -> Any:
            self._inside.on = True
            try:
                return write(backend, *args)
            finally:
                self._inside.on = False

        monkeypatch.setattr(Backend, "write", counted_write)
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)

    def _counting(self) -> bool:
        return bool(getattr(self._inside, "on", False))

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        # PostgreSQL bounds the write's lock waits first (backend.bound_waits).
        if self._counting() and not statement.startswith("SET LOCAL"):
            self.statements.append(statement)

    def _commit(self, _conn: Any) -> None:
        if self._counting():
            self.commits += 1

    def clear(self) -> None:
        self.statements.clear()
        self.commits = 0


@pytest.mark.asyncio
async def test_a_decision_runs_a_fixed_number_of_statements_and_one_commit(
    sample_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = DecisionStatements(sample_engine, monkeypatch)
    async with make_app(sample_engine).run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(3):
            decided = current(pilot)
            counted.clear()
            await pilot.press("n")
            await settle(pilot)
            saved = decision(sample_engine, decided)
            assert saved is not None and saved.kind is DecisionKind.no_claim
            assert current(pilot) != decided
            assert counted.commits == 1
            assert len(counted.statements) == SAVE_STATEMENTS + READ_STATEMENTS, "\n".join(
                counted.statements
            )
