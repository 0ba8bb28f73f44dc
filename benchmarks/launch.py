"""Start an app headless on a database and print `drawn` once its first sentence is on
screen: what `benchmarks.tui_latency` times from spawn to that line.

    python -m benchmarks.launch annotator|minimal DB_FILE"""

from __future__ import annotations

import asyncio
import sys
from typing import Any


async def _annotator(path: str) -> None:
    from models.collector import loading_modules

    with loading_modules():  # as `annotator annotate` loads the TUI
        from annotator.tui.app import AnnotatorApp
        from annotator.tui.screens.main import MainScreen
        from models.db import open_database

    drawn = asyncio.Event()
    shown = False
    show_view, display = MainScreen.show_view, AnnotatorApp._display

    def spy_show(self: MainScreen, view: Any) -> None:
        nonlocal shown
        show_view(self, view)
        shown = True

    def spy_display(self: AnnotatorApp, *args: Any, **kwargs: Any) -> None:
        display(self, *args, **kwargs)
        if shown:
            drawn.set()

    MainScreen.show_view = spy_show  # type: ignore[method-assign]
    AnnotatorApp._display = spy_display  # type: ignore[method-assign]
    app = AnnotatorApp(open_database(f"sqlite:///{path}"), "bench")
    async with app.run_test(size=(120, 40)):
        await drawn.wait()
        print("drawn", flush=True)


async def _minimal(path: str) -> None:
    from pathlib import Path

    from benchmarks.minimal_app import MinimalApp

    app = MinimalApp(Path(path))
    async with app.run_test(size=(120, 40)):
        await app.painted.wait()
        print("drawn", flush=True)


if __name__ == "__main__":
    which, db = sys.argv[1], sys.argv[2]
    asyncio.run(_annotator(db) if which == "annotator" else _minimal(db))
