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


def decisions_in_the_file_alone(engine: Engine, folder: Path) -> int:
    """The decisions a copy of the database file holds without its write-ahead log."""
    assert engine.url.database is not None
    copy = folder / "copy.db"
    copy.unlink(missing_ok=True)
    shutil.copyfile(engine.url.database, copy)
    with sqlite3.connect(copy) as alone:
        return int(
            alone.execute(
                "SELECT count(*) FROM decision WHERE annotator = ?", (ANNOTATOR,)
            ).fetchone()[0]
        )


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
        assert decisions_in_the_file_alone(sqlite_sample, tmp_path) == 5
        await pilot.press("n")
        await settle(pilot)
    # Quitting checkpoints what is left.
    assert decisions_in_the_file_alone(sqlite_sample, tmp_path) == 6
