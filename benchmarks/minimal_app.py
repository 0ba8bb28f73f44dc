"""The floor of the annotation screen: a minimal Textual app doing the same work.

`n` runs one INSERT + COMMIT in a thread worker, which then reads the next sentence
with two neighbours on each side and hands them back by message; the app repaints a
header and the context. Same database file, same SQLite pragmas as the application:
WAL, and the durability it commits with (`models.db.sqlite_synchronous`: FULL unless
ANNOTATOR_SQLITE_SYNCHRONOUS=normal), so both pay the same fsync per decision."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path
from typing import Any

from textual import work
from textual.app import App, ComposeResult
from textual.message import Message
from textual.widgets import Static

from models.db import sqlite_synchronous


class Shown(Message):
    def __init__(self, title: str, sentence_id: str, lines: tuple[str, ...]) -> None:
        super().__init__()
        self.title, self.sentence_id, self.lines = title, sentence_id, lines


class MinimalApp(App[None]):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.local = threading.local()
        self.sentence_id: str | None = None
        self.painted = asyncio.Event()
        self.shown = False

    def compose(self) -> ComposeResult:
        yield Static(id="header")
        yield Static(id="context")
        yield Static("n no claim", id="footer")

    def on_mount(self) -> None:
        self.advance(None)

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self.local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=10)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(f"PRAGMA synchronous={sqlite_synchronous().upper()}")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS minimal_decision (sentence_id TEXT PRIMARY KEY, "
                "kind TEXT, at TEXT)"
            )
            self.local.connection = connection
        return connection

    @work(thread=True, exclusive=True, group="db")
    def advance(self, decided: str | None) -> None:
        connection = self._connection()
        if decided is not None:
            connection.execute(
                "INSERT OR REPLACE INTO minimal_decision VALUES (?, 'no_claim', datetime('now'))",
                (decided,),
            )
            connection.commit()
        row = connection.execute(
            'SELECT s.id, s.document_id, s."index", d.title FROM sentence s '
            "JOIN document d ON d.id = s.document_id WHERE s.kind = 'content' AND s.id > ? "
            "AND s.id NOT IN (SELECT sentence_id FROM minimal_decision) ORDER BY s.id LIMIT 1",
            (decided or "",),
        ).fetchone()
        lines = connection.execute(
            'SELECT text FROM sentence WHERE document_id = ? AND "index" BETWEEN ? AND ? '
            'ORDER BY "index"',
            (row[1], row[2] - 2, row[2] + 2),
        ).fetchall()
        self.post_message(Shown(row[3], row[0], tuple(line[0] for line in lines)))

    def on_shown(self, message: Shown) -> None:
        self.sentence_id = message.sentence_id
        self.query_one("#header", Static).update(message.title)
        self.query_one("#context", Static).update("\n\n".join(message.lines))
        self.shown = True

    def on_key(self, event: Any) -> None:
        if event.key == "n" and self.sentence_id is not None:
            self.advance(self.sentence_id)

    def reset(self) -> None:
        self.shown = False
        self.painted.clear()

    def _display(self, *args: Any, **kwargs: Any) -> None:
        super()._display(*args, **kwargs)  # type: ignore[misc]
        if self.shown:
            self.painted.set()
