"""TUI latency with App.run_test: cold start to first sentence, and per decision
(key press -> committed -> next sentence drawn), median and p99.

    .venv/bin/python benchmarks/tui_latency.py                 # sample + 1M sentences
    .venv/bin/python benchmarks/tui_latency.py --sentences 0   # sample only

The large database is built in benchmarks/out/ (git-ignored) and reused when present.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from bigdb import build

from annotator.cli.importing import import_paths
from annotator.sample import sample_data_dir
from annotator.tui.app import AnnotatorApp
from annotator.tui.backend import Backend, Move, Navigation
from annotator.tui.data import SentenceView
from annotator.tui.queue import QueueFilter
from annotator.tui.screens.main import MainScreen
from annotator.tui.writes import Write, WriteKind
from models.codebook import load_codebook_file, store_codebook
from models.db import open_database, session_scope
from models.tables import DecisionKind

OUT = Path(__file__).resolve().parent / "out"


async def measure(url: str, decisions: int) -> dict[str, float]:
    """Times run from the key press to the first frame painted after the next sentence
    was put on screen (App._display), so Pilot's own idle waits are not counted."""
    painted = asyncio.Event()
    shown = False
    show_view = MainScreen.show_view
    display = AnnotatorApp._display

    def spy_show(self: MainScreen, view: SentenceView) -> None:
        nonlocal shown
        show_view(self, view)
        shown = True

    def spy_display(self: AnnotatorApp, *args: Any, **kwargs: Any) -> None:
        display(self, *args, **kwargs)
        if shown:
            painted.set()

    MainScreen.show_view = spy_show  # type: ignore[method-assign]
    AnnotatorApp._display = spy_display  # type: ignore[method-assign]
    started = time.perf_counter()
    engine = open_database(url)
    app = AnnotatorApp(engine, "bench")
    async with app.run_test(size=(120, 40)) as pilot:
        await painted.wait()
        cold = time.perf_counter() - started
        await app.workers.wait_for_complete()
        await pilot.pause()
        latencies = []
        for _ in range(decisions):
            shown = False
            painted.clear()
            before = time.perf_counter()
            press = asyncio.create_task(pilot.press("n"))
            await painted.wait()
            latencies.append(time.perf_counter() - before)
            await press
    MainScreen.show_view = show_view  # type: ignore[method-assign]
    AnnotatorApp._display = display  # type: ignore[method-assign]
    engine.dispose()
    latencies.sort()
    return {
        "cold_start_s": cold,
        "decisions": len(latencies),
        "median_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[max(int(len(latencies) * 0.99) - 1, 0)] * 1000,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def measure_database(url: str, decisions: int) -> float:
    """Median ms of the database part alone: save + commit + find and load the next."""
    engine = open_database(url)
    backend = Backend(engine, "bench-db")
    backend.codebook()
    view = backend.navigate(Navigation(Move.start, QueueFilter())).view
    times = []
    for _ in range(decisions):
        assert view is not None
        write = Write(WriteKind.decide, "no claim", view.sentence_id, DecisionKind.no_claim)
        before = time.perf_counter()
        view = backend.write(replace(write, advance=True), QueueFilter()).view
        times.append(time.perf_counter() - before)
    engine.dispose()
    return statistics.median(times) * 1000


def sample_db(folder: Path) -> str:
    url = f"sqlite:///{folder / 'sample.db'}"
    engine = open_database(url)
    book, source = load_codebook_file(sample_data_dir() / "codebook.toml")
    with session_scope(engine) as session:
        store_codebook(session, book, source)
    import_paths(engine, [sample_data_dir()])
    engine.dispose()
    return url


def report(name: str, url: str, numbers: dict[str, float]) -> None:
    database = measure_database(url, int(numbers["decisions"]))
    print(
        f"{name}: cold start {numbers['cold_start_s'] * 1000:.0f} ms; "
        f"{numbers['decisions']:.0f} decisions: median {numbers['median_ms']:.1f} ms, "
        f"p99 {numbers['p99_ms']:.1f} ms (database part alone: median {database:.1f} ms); "
        f"max RSS {numbers['max_rss_mb']:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sentences", type=int, default=1_000_000)
    parser.add_argument("--decisions", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = sample_db(Path(folder))
        report("sample (89 queue sentences)", url, asyncio.run(measure(url, 80)))
    if args.sentences:
        OUT.mkdir(exist_ok=True)
        path = OUT / f"big-{args.sentences}.db"
        if not path.exists():
            print(f"building {path} ({build(path, args.sentences):.1f} s)")
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
        report(f"{args.sentences:,} sentences", url, asyncio.run(measure(url, args.decisions)))


if __name__ == "__main__":
    main()
