"""The Textual app: app-wide concerns only (theme, keymap, the main screen)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
from typing import ClassVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from annotator.tui.backend import Backend
from annotator.tui.bindings import MAIN_BINDINGS
from annotator.tui.queue import Order, QueueFilter
from annotator.tui.safe import visible
from annotator.tui.screens.main import MainScreen
from models.db import checkpoint, defer_checkpoints

# How often the write-ahead log is copied into a SQLite database file, off the writes.
CHECKPOINT_SECONDS = 2.0


class AnnotatorApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "Stance Annotator"
    ENABLE_COMMAND_PALETTE = False
    # Screen classes for app.tcss: below these sizes panels collapse so the current
    # sentence stays whole (80 x 24 is the smallest size supported).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (Textual types it)
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="force_quit", priority=True, show=False)
    ]

    def __init__(
        self,
        engine: Engine,
        annotator: str,
        *,
        keymap: dict[str, str] | None = None,
        keymap_problems: list[str] | None = None,
        adjudicate: bool = False,
        order: Order = Order.document,
    ) -> None:
        super().__init__()
        self.adjudicate = adjudicate
        self.order = order
        self.backend = Backend(engine, annotator)
        self.annotator = annotator
        self.user_keymap = dict(keymap or {})
        self.deferred_checkpoints = False
        self.keymap_problems = list(keymap_problems or [])

    def on_mount(self) -> None:
        # Not on Windows, nor in an event loop off the main thread.
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, self._terminated)
        self.deferred_checkpoints = defer_checkpoints(self.backend.engine)
        if self.deferred_checkpoints:
            self.set_interval(CHECKPOINT_SECONDS, self._checkpoint)
        self.set_keymap(self.user_keymap)
        for problem in self.keymap_problems:
            self.notify(visible(problem), title="keymap", severity="warning", markup=False)
        screen: Screen[None]
        if self.adjudicate:
            # Its screen, disputes and coder columns load only for `annotator adjudicate`.
            from annotator.tui.screens.adjudicate import AdjudicationScreen

            screen = AdjudicationScreen()
        else:
            screen = MainScreen(QueueFilter(order=self.order))
        self.push_screen(screen)
        self.keep_loaded()

    def keep_loaded(self) -> None:
        """What the app holds by now (Textual's styles, the ORM's metadata, imported
        modules) lives as long as the app: kept out of the cyclic collector, a full
        collection scans only what decisions create, instead of pausing the screen
        ~100 ms every ~150 decisions (measured on the 1M-sentence benchmark). Called at
        mount, and by screens once a load brought in more of that kind (the first
        sentence's suggestion model, the first training's modules: a full collection
        after those took 25-60 ms every ~40 decisions)."""
        gc.freeze()

    @work(thread=True, exclusive=True, exit_on_error=False, group="checkpoint", name="checkpoint")
    def _checkpoint(self) -> None:
        """On SQLite, a commit no longer does the log's copy into the database file (a
        decision's save waited tens of milliseconds for it every few hundred saves)."""
        checkpoint(self.backend.engine)

    def _terminated(self) -> None:
        """SIGTERM (`kill`, a shutdown, a session manager) quits as ctrl+q does, through
        Textual's own shutdown: the terminal is given back as it was, and what was saved
        stays saved. The command's handler for other commands raises SystemExit, which
        inside the event loop skips that shutdown (once seen: a process that stayed,
        its screen stopped and the terminal raw)."""
        self.exit(return_code=128 + signal.SIGTERM)

    def on_unmount(self) -> None:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().remove_signal_handler(signal.SIGTERM)
        # What is committed is safe in the log either way: a checkpoint that cannot run
        # now (the disk full, the file gone) is left to the next connection, not a crash.
        if self.deferred_checkpoints:
            with contextlib.suppress(DBAPIError):
                checkpoint(self.backend.engine)

    def key_table(self, bindings: list[Binding] = MAIN_BINDINGS) -> list[tuple[str, str]]:
        """Every key of a screen (the annotation screen's by default) as the user has it
        (keymap applied)."""
        rows = []
        for binding in bindings:
            keys = self.user_keymap.get(binding.id or "", binding.key)
            rows.append((_display(keys), binding.description))
        rows.append(("codebook keys", "set the claim or the stance (see above)"))
        rows.append(("ctrl+q", "quit at once"))
        return rows


_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "less_than_sign": "<",
    "greater_than_sign": ">",
}


def _display(keys: str) -> str:
    return ", ".join(_NAMES.get(key, key) for key in keys.split(","))
