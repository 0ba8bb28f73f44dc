"""On SQLite the screen's commits leave the write-ahead log's copy into the database
file to a background checkpoint: saves no longer wait for it, and nothing is lost."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.tui.conftest import ANNOTATOR, make_app, settle

pytestmark = pytest.mark.asyncio


def _database_file(engine: Engine) -> Path:
    assert engine.url.database is not None
    return Path(engine.url.database)


async def test_decisions_reach_the_database_file_through_background_checkpoints(
    sqlite_sample: Engine, tmp_path: Path
) -> None:
    async with make_app(sqlite_sample).run_test() as pilot:
        await settle(pilot)
        with sqlite_sample.connect() as connection:
            # The screen's connections do not checkpoint on commit.
            assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
        for _ in range(5):
            await pilot.press("n")
            await settle(pilot)
        app = pilot.app
        app._checkpoint()  # what the timer runs every CHECKPOINT_SECONDS
        await settle(pilot)
        # The database file alone, without its log, already holds the decisions.
        copy = tmp_path / "copy.db"
        shutil.copyfile(_database_file(sqlite_sample), copy)
        with sqlite3.connect(copy) as alone:
            count = alone.execute(
                "SELECT count(*) FROM decision WHERE annotator = ?", (ANNOTATOR,)
            ).fetchone()[0]
        assert count == 5
        await pilot.press("n")
        await settle(pilot)
    # Quitting checkpoints what is left.
    copy.unlink()
    shutil.copyfile(_database_file(sqlite_sample), copy)
    with sqlite3.connect(copy) as alone:
        count = alone.execute(
            "SELECT count(*) FROM decision WHERE annotator = ?", (ANNOTATOR,)
        ).fetchone()[0]
    assert count == 6
