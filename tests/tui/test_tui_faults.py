"""Faults caused for real: kill -9 of the app on a pseudo-terminal, a PostgreSQL server
(our own cluster on another port) stopped and started mid-session, a full disk (a tiny
tmpfs), a read-only database file, and a lock held past the busy timeout. Nothing the
screen showed as saved is lost, nothing is written twice, the pending change stays on
screen with the reason, and the database stays consistent."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, event, func, select, text
from sqlalchemy.orm import Session as SASession
from sqlmodel import Session, col
from textual.pilot import Pilot

from annotator.tui.widgets.status_line import StatusLine
from models.db import make_engine, open_database
from models.tables import Decision, Event
from tests.conftest import load_sample
from tests.tui.conftest import SIZE, actions, current, main, make_app, settle
from tests.tui.terminal import Terminal, wait_until

ROUNDS = 2  # kill -9 rounds
QUEUE = 76  # content sentences of the sample
KEYS_PER_ROUND = 5


def _decisions(engine: Engine) -> int:
    with Session(engine) as session:
        return session.execute(select(func.count()).select_from(Decision)).scalar_one()


def _log_matches_decisions(engine: Engine) -> None:
    """Every decision is its latest event's `after`, and each n press logged one event."""
    with Session(engine) as session:
        decisions = session.scalars(select(Decision)).all()
        events = session.scalars(select(Event).order_by(col(Event.id))).all()
    latest = {(e.sentence_id, e.annotator): e for e in events}
    assert len(events) == len(decisions)  # one decide per sentence, no doubles
    assert len({e.write_id for e in events}) == len(events)
    for d in decisions:
        after = latest[(d.sentence_id, d.annotator)].after
        assert after is not None and after["kind"] == d.kind


def test_kill_9_loses_nothing_shown_as_saved(tmp_path: Path) -> None:
    path = tmp_path / "annotations.db"
    url = f"sqlite:///{path}"
    engine = open_database(url)
    load_sample(engine)
    confirmed = 0
    for round_ in range(ROUNDS):
        terminal = Terminal(url, "alice")
        try:
            terminal.wait_for_output("document ")
            for _ in range(KEYS_PER_ROUND):
                terminal.press("n")
                confirmed += 1
                wait_until(lambda n=confirmed: _decisions(engine) == n, 60, f"{confirmed} saved")
                # Shown as saved: the progress line counts it (the screen takes keys again).
                terminal.wait_for_output(rf"(?<![0-9]){confirmed}/{QUEUE} \(")
            terminal.press("n")  # one more in flight when the process dies
        finally:
            terminal.kill()
        shown = confirmed
        confirmed = _decisions(engine)  # the in-flight one either committed or not
        assert shown <= confirmed <= shown + 1
        assert confirmed >= (round_ + 1) * KEYS_PER_ROUND
        connection = sqlite3.connect(path)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        connection.close()
        _log_matches_decisions(engine)
    assert ROUNDS * KEYS_PER_ROUND <= confirmed <= ROUNDS * (KEYS_PER_ROUND + 1)
    engine.dispose()


def test_sigterm_quits_at_once_and_gives_the_terminal_back(tmp_path: Path) -> None:
    """`kill` (SIGTERM) quits as ctrl+q does: exit code 143, the alternate screen left
    and the cursor shown again, what was saved kept. (Under `timeout` it used to end
    with exit code 1, or hang for ever with the terminal raw.)"""
    url = f"sqlite:///{tmp_path / 'annotations.db'}"
    engine = open_database(url)
    load_sample(engine)
    # Under `timeout`, which passes the signal on: the app runs in a process group of its
    # own, not the terminal's foreground one.
    terminal = Terminal(url, "alice", size=(80, 24), wrapper=("timeout", "600"))
    try:
        terminal.wait_for_output("document ")
        terminal.press("n")
        wait_until(lambda: _decisions(engine) == 1, 60, "the decision saved")
        terminal.wait_for_output(rf"(?<![0-9])1/{QUEUE} \(")
        drawn = len(terminal.output)
        os.kill(terminal.process.pid, signal.SIGTERM)
        assert terminal.process.wait(timeout=30) == 128 + signal.SIGTERM
        wait_until(lambda: b"\x1b[?25h" in terminal.output[drawn:], 10, "the cursor shown")
        assert b"\x1b[?1049l" in terminal.output[drawn:]  # the alternate screen left
    finally:
        if terminal.process.poll() is None:
            terminal.kill()
    assert _decisions(engine) == 1
    _log_matches_decisions(engine)
    engine.dispose()


# ------------------------------------------------------------------ PostgreSQL restart


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def own_cluster() -> Iterator[tuple[str, str]]:
    """A PostgreSQL 15 cluster of our own on a free port (trust auth, fsync off), so
    stopping it disturbs nobody; dropped afterwards."""
    if os.geteuid() != 0 or not shutil.which("pg_createcluster"):
        pytest.skip("needs root and pg_createcluster (postgresql-common) to start a cluster")
    name = f"annotator_fault_{uuid.uuid4().hex[:8]}"
    port = _free_port()
    subprocess.run(
        ["pg_createcluster", "15", name, "--port", str(port), "--start-conf", "manual",
         "-o", "fsync=off", "--", "--auth-local=trust", "--auth-host=trust", "--no-sync"],
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        subprocess.run(["pg_ctlcluster", "15", name, "start"], check=True, capture_output=True)
        yield name, f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(["pg_dropcluster", "15", name, "--stop"], capture_output=True)


def _pg(name: str, *args: str) -> None:
    done = subprocess.run(["pg_ctlcluster", "15", name, *args], capture_output=True, text=True)
    # Starting a cluster that is already up (exit 2) is fine; anything else is not.
    assert done.returncode == 0 or (args[0] == "start" and "already running" in done.stderr), (
        done.stderr
    )


async def _wait_saved(pilot: Pilot[None], timeout: float = 60.0) -> None:
    screen = main(pilot)
    for _ in range(int(timeout / 0.1)):
        await pilot.pause(0.1)
        if screen.pending is None:
            break
    assert screen.pending is None, "still pending"
    await settle(pilot)


def _status(pilot: Pilot[None]) -> str:
    return str(main(pilot).query_one("#status").render())


@pytest.mark.asyncio
async def test_postgres_restarted_mid_session(own_cluster: tuple[str, str]) -> None:
    name, url = own_cluster
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    database = f"restart_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    engine = make_engine(url.rsplit("/", 1)[0] + f"/{database}")
    from models.migrate import upgrade

    upgrade(engine)
    load_sample(engine)
    async with make_app(engine).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await _wait_saved(pilot)
        before = current(pilot)
        # Down before the key: the screen says so, keeps the change, saves it once back up.
        _pg(name, "stop", "-m", "immediate")
        await pilot.press("n")
        for _ in range(300):
            await pilot.pause(0.1)
            if "NOT SAVED" in _status(pilot):
                break
        assert "NOT SAVED (no claim)" in _status(pilot) and "retrying" in _status(pilot)
        assert main(pilot).pending is not None and current(pilot) == before
        _pg(name, "start")
        await _wait_saved(pilot)
        assert current(pilot) != before and "saved" in _status(pilot)
        # Down right after a write's COMMIT, before the screen reads what to show next:
        # the retry must find the committed write, not apply it again.
        armed: list[str] = []

        def stop_after_commit(_session: SASession) -> None:
            if armed:
                armed.clear()
                _pg(name, "stop", "-m", "immediate")

        event.listen(SASession, "after_commit", stop_after_commit)
        try:
            for key in ("n", "u", "r"):
                armed.append(key)
                await pilot.press(key)
                for _ in range(300):
                    await pilot.pause(0.1)
                    if "NOT SAVED" in _status(pilot):
                        break
                assert "NOT SAVED" in _status(pilot), key
                _pg(name, "start")
                await _wait_saved(pilot)
                # Told it is saved (not "changed elsewhere", not a duplicate key).
                assert "NOT SAVED" not in _status(pilot), (key, _status(pilot))
                assert "nothing to" not in _status(pilot), (key, _status(pilot))
        finally:
            event.remove(SASession, "after_commit", stop_after_commit)
    log = actions(engine)
    assert log == ["decide", "decide", "decide", "undo", "redo"], log
    _log_consistent_after_undo(engine)
    engine.dispose()


def _log_consistent_after_undo(engine: Engine) -> None:
    with Session(engine) as session:
        decisions = session.scalars(select(Decision)).all()
        events = session.scalars(select(Event).order_by(col(Event.id))).all()
    latest = {(e.sentence_id, e.annotator): e for e in events}
    assert {(d.sentence_id, d.annotator) for d in decisions} == {
        key for key, e in latest.items() if e.after is not None
    }
    assert len(decisions) == 3  # three decided, one undone, then redone


# ------------------------------------------------------------------ disk full, read-only


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs holding the database."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a tmpfs")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)])
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)])


def _fill(directory: Path) -> Path:
    filler = directory / "filler"
    # Unbuffered: a buffered file keeps the bytes that did not fit and fails again on close.
    with filler.open("wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 65536)
        except OSError:
            pass
    return filler


async def _refused_then_saved(
    engine: Engine, pilot: Pilot[None], reason: str, repair: object
) -> None:
    """Press n: NOT SAVED with `reason`, kept, same sentence; repair; saved once."""
    await settle(pilot)
    first = current(pilot)
    await pilot.press("n")
    for _ in range(300):
        await pilot.pause(0.1)
        if "NOT SAVED" in _status(pilot):
            break
    status = _status(pilot)
    assert "NOT SAVED (no claim)" in status and reason in status, status
    assert main(pilot).pending is not None and current(pilot) == first
    assert _decisions(engine) == 0
    repair()  # type: ignore[operator]
    await _wait_saved(pilot)
    assert current(pilot) != first and _decisions(engine) == 1
    assert actions(engine) == ["decide"]


@pytest.mark.asyncio
async def test_disk_full_keeps_the_change_pending(tiny_disk: Path) -> None:
    path = tiny_disk / "annotations.db"
    engine = open_database(f"sqlite:///{path}")
    load_sample(engine)
    async with make_app(engine).run_test(size=SIZE) as pilot:
        await settle(pilot)
        filler = _fill(tiny_disk)
        await _refused_then_saved(engine, pilot, "disk is full", filler.unlink)
    engine.dispose()
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()


@pytest.mark.asyncio
async def test_read_only_database_keeps_the_change_pending(tmp_path: Path) -> None:
    if os.geteuid() == 0 and not shutil.which("chattr"):
        pytest.skip("root ignores file modes; needs chattr to make the file immutable")
    path = tmp_path / "annotations.db"
    engine = open_database(f"sqlite:///{path}")
    load_sample(engine)
    engine.dispose()  # checkpoints the WAL into the file
    protect = ["chattr", "+i", str(path)] if os.geteuid() == 0 else ["chmod", "a-w", str(path)]
    release = ["chattr", "-i", str(path)] if os.geteuid() == 0 else ["chmod", "u+w", str(path)]
    engine = make_engine(f"sqlite:///{path}")
    try:
        subprocess.run(protect, check=True)
        async with make_app(engine).run_test(size=SIZE) as pilot:

            def writable() -> None:
                subprocess.run(release, check=True)
                engine.dispose()  # connections opened read-only reopen read-write

            await _refused_then_saved(engine, pilot, "readonly database", writable)
    finally:
        subprocess.run(release)
    engine.dispose()
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()


@pytest.mark.asyncio
async def test_lock_held_past_the_busy_timeout_says_why_and_retries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "annotations.db"
    engine = open_database(f"sqlite:///{path}")
    load_sample(engine)
    # A shorter busy timeout than the real 10 s, still longer than the waiting notice.
    event.listen(engine, "connect", lambda c, _r: c.execute("PRAGMA busy_timeout=2500"))
    engine.dispose()
    said: list[str] = []
    say = StatusLine.say

    def record(self: StatusLine, text: str, kind: str = "info") -> None:
        said.append(text)
        say(self, text, kind)

    monkeypatch.setattr(StatusLine, "say", record)
    blocker = sqlite3.connect(path, isolation_level=None)
    async with make_app(engine).run_test(size=SIZE) as pilot:
        await settle(pilot)
        blocker.execute("BEGIN IMMEDIATE")  # another writer, holding on
        await pilot.press("n")
        for _ in range(200):
            await pilot.pause(0.1)
            if any("NOT SAVED" in text for text in said):
                break
        waiting = [t for t in said if "waiting for the database" in t]
        refused = [t for t in said if "NOT SAVED" in t]
        assert waiting and refused, said
        assert said.index(waiting[0]) < said.index(refused[0])
        assert "locked" in refused[0] and "retrying" in refused[0]
        assert main(pilot).pending is not None
        blocker.execute("COMMIT")
        await _wait_saved(pilot)
    blocker.close()
    assert actions(engine) == ["decide"] and _decisions(engine) == 1
    engine.dispose()
