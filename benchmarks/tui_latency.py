"""The annotation screen on a large database (App.run_test, headless): per decision, key
press → committed → next sentence drawn, median and p99; and start from launch to the
first sentence drawn, in a fresh process.

The reference is a minimal Textual app (benchmarks/minimal_app.py) doing the same
work the plainest way: the key press runs an INSERT + COMMIT in a thread worker that
then reads the next sentence with its neighbours, and the app repaints them."""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.bigdb import build
from benchmarks.harness import OUT, REPO, Figure, _env, percentile

# Pilot waits for a frame after the next sentence was put on screen, at most this long.
FRAME_TIMEOUT_S = 30.0
# A coder reads the sentence drawn before deciding it: each key comes this long after
# the frame (a fast coder needs some hundreds of milliseconds; 0 for keys back to back).
READING_S = 0.05


async def _decide(
    app: Any, pilot: Any, painted: asyncio.Event, reset: Any, n: int, reading: float = READING_S
) -> list[float]:
    """Press `n` (no claim) `n` times, `reading` seconds after each sentence was drawn;
    seconds from each press to the frame after."""
    latencies = []
    for _ in range(n):
        await asyncio.sleep(reading)
        reset()
        before = time.perf_counter()
        press = asyncio.create_task(pilot.press("n"))
        await asyncio.wait_for(painted.wait(), FRAME_TIMEOUT_S)
        latencies.append(time.perf_counter() - before)
        await press
    return latencies


async def annotator_latencies(url: str, decisions: int) -> list[float]:
    """Times run from the key press to the first frame painted after the next sentence
    was put on screen (App._display), so Pilot's own idle waits are not counted."""
    from annotator.tui.app import AnnotatorApp
    from annotator.tui.screens.main import MainScreen
    from models.db import open_database

    painted = asyncio.Event()
    shown = False
    show_view = MainScreen.show_view
    display = AnnotatorApp._display

    def spy_show(self: MainScreen, view: Any) -> None:
        nonlocal shown
        show_view(self, view)
        shown = True

    def spy_display(self: AnnotatorApp, *args: Any, **kwargs: Any) -> None:
        display(self, *args, **kwargs)
        if shown:
            painted.set()

    def reset() -> None:
        nonlocal shown
        shown = False
        painted.clear()

    MainScreen.show_view = spy_show  # type: ignore[method-assign]
    AnnotatorApp._display = spy_display  # type: ignore[method-assign]
    engine = open_database(url)
    try:
        app = AnnotatorApp(engine, "bench")
        async with app.run_test(size=(120, 40)) as pilot:
            await asyncio.wait_for(painted.wait(), FRAME_TIMEOUT_S)
            await app.workers.wait_for_complete()
            await pilot.pause()
            return await _decide(app, pilot, painted, reset, decisions)
    finally:
        MainScreen.show_view = show_view  # type: ignore[method-assign]
        AnnotatorApp._display = display  # type: ignore[method-assign]
        engine.dispose()


async def minimal_latencies(path: Path, decisions: int) -> list[float]:
    from benchmarks.minimal_app import MinimalApp

    app = MinimalApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await asyncio.wait_for(app.painted.wait(), FRAME_TIMEOUT_S)
        await app.workers.wait_for_complete()
        await pilot.pause()
        return await _decide(app, pilot, app.painted, app.reset, decisions)


def launch_seconds(which: str, path: Path) -> float:
    """From spawning `python -m benchmarks.launch` to its first sentence drawn."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.launch", which, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=_env(),
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    seconds = time.perf_counter() - started
    child.wait()
    if line.strip() != "drawn" or child.returncode != 0:
        raise RuntimeError(f"benchmarks.launch {which} failed ({child.returncode}): {line!r}")
    return seconds


def database(sentences: int) -> Path:
    """A database of `sentences` sentences, built once and reused (benchmarks/out/)."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"big-{sentences}.db"
    if not path.exists():
        build(path, sentences)
    return path


def _fresh(path: Path) -> Path:
    """A copy of the database without decisions, so every run starts the same queue."""
    import sqlite3

    copy = path.with_name(f"run-{path.name}")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    source, target = sqlite3.connect(path), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    return copy


def figures(sentences: int, decisions: int, repeats: int) -> list[Figure]:
    built = database(sentences)
    path = _fresh(built)
    queue = sentences - sentences // 40  # one headline per 40 sentences
    decisions = min(decisions, queue - 1)
    ours = asyncio.run(annotator_latencies(f"sqlite:///{path}", decisions))
    reference = asyncio.run(minimal_latencies(path, decisions))
    start = min(launch_seconds("annotator", path) for _ in range(repeats))
    start_reference = min(launch_seconds("minimal", path) for _ in range(repeats))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    label = f"{sentences:,} sentences"
    return [
        Figure(
            f"one decision, key → saved → next sentence drawn (Pilot, {label}), median",
            "ms",
            statistics.median(ours) * 1000,
            statistics.median(reference) * 1000,
            "minimal Textual app",
            target=15,
            max_ratio=2,
            notes=f"{decisions} decisions",
        ),
        Figure(
            f"one decision (Pilot, {label}), p99",
            "ms",
            percentile(ours, 0.99) * 1000,
            percentile(reference, 0.99) * 1000,
            "minimal Textual app",
            target=50,
            max_ratio=4,
            notes=f"{decisions} decisions",
        ),
        Figure(
            f"TUI start, launch → first sentence drawn, {label}",
            "s",
            start,
            start_reference,
            "minimal Textual app",
            target=1.0,
        ),
    ]
