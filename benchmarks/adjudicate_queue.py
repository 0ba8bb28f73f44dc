"""The adjudication screen's database side on a large corpus: moving through the dispute
queue and taking a coder's decision, next to the annotation queue's own move (the floor).

    .venv/bin/python benchmarks/adjudicate_queue.py                  # 1M sentences
    .venv/bin/python benchmarks/adjudicate_queue.py --sentences 100000

Two coders decide `--coded` sentences spread over the corpus and disagree on one in 50,
so the disputes are sparse, as in a real project. The database is built in
benchmarks/out/ (git-ignored) and rebuilt each run.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from bigdb import build

from annotator.tui.adjudication import take_coder
from annotator.tui.backend import Backend, Move, Navigation
from annotator.tui.disputes import DisputeBackend
from annotator.tui.queue import QueueFilter
from annotator.tui.writes import Write, WriteKind
from models.db import open_database, session_scope
from models.resolution import resolve
from models.tables import DecisionKind

OUT = Path(__file__).resolve().parent / "out"


def code_two_coders(path: Path, coded: int, every: int) -> int:
    """alice and bob decide `coded` content sentences; on every `every`-th they disagree.
    Returns the number of disputed sentences."""
    connection = sqlite3.connect(path)
    ids = [
        row[0]
        for row in connection.execute(
            "SELECT id FROM sentence WHERE kind = 'content' ORDER BY id"
        ).fetchall()
    ]
    stride = max(len(ids) // coded, 1)
    chosen = ids[::stride][:coded]
    now = "2026-01-01 00:00:00"
    with connection:
        for n, sentence_id in enumerate(chosen):
            for coder in ("alice", "bob"):
                cursor = connection.execute(
                    "INSERT INTO decision (sentence_id, annotator, kind, role, "
                    "codebook_version_id, created_at, updated_at, counted, disputed) "
                    "VALUES (?, ?, 'statements', 'annotator', 1, ?, ?, 0, 0)",
                    (sentence_id, coder, now, now),
                )
                stance = "oppose" if coder == "bob" and n % every == 0 else "support"
                connection.execute(
                    "INSERT INTO statement (decision_id, position, speaker_id, claim_id, "
                    "stance_id, note, from_suggestion, suggestion_source) "
                    "VALUES (?, 0, 'suga', 'settled_1965', ?, NULL, 0, NULL)",
                    (cursor.lastrowid, stance),
                )
    connection.execute("ANALYZE")
    connection.close()
    engine = open_database(f"sqlite:///{path}")
    with session_scope(engine) as session:
        session.execute(resolve())
    engine.dispose()
    return len(range(0, len(chosen), every))


def timed(action: Callable[[], object], times: int) -> list[float]:
    laps = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        laps.append((time.perf_counter() - started) * 1000)
    return laps


def summary(laps: list[float]) -> str:
    ordered = sorted(laps)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"median {statistics.median(laps):.1f} ms, p99 {p99:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sentences", type=int, default=1_000_000)
    parser.add_argument("--coded", type=int, default=20_000)
    parser.add_argument("--every", type=int, default=50)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    path = OUT / "adjudicate.db"
    build(path, args.sentences)
    disputes = code_two_coders(path, args.coded, args.every)
    engine = open_database(f"sqlite:///{path}")
    backend = Backend(engine, "pi")
    backend.codebook()
    queue = DisputeBackend(backend)

    started = time.perf_counter()
    shown = queue.navigate(Move.start)
    first_ms = (time.perf_counter() - started) * 1000
    assert shown.dispute is not None and shown.left == disputes

    here = {"dispute": shown.dispute.sentence_id, "sentence": shown.dispute.sentence_id}

    def next_dispute() -> None:
        outcome = queue.navigate(Move.next, here["dispute"])
        assert outcome.dispute is not None
        here["dispute"] = outcome.dispute.sentence_id

    def next_sentence() -> None:
        outcome = backend.navigate(Navigation(Move.next, QueueFilter(), here["sentence"]))
        assert outcome.view is not None
        here["sentence"] = outcome.view.sentence_id

    moves = min(200, disputes - 1)
    dispute_laps = timed(next_dispute, moves)
    floor_laps = timed(next_sentence, moves)

    def take() -> None:
        current = queue.navigate(Move.stay, here["dispute"]).dispute
        assert current is not None
        outcome = queue.write(take_coder(current.sentence_id, current.coders[1]))
        assert outcome.dispute is not None
        here["dispute"] = outcome.dispute.sentence_id

    take_laps = timed(take, 50)

    def no_claim() -> None:
        write = Write(WriteKind.decide, "no claim", here["sentence"], DecisionKind.no_claim)
        outcome = backend.write(replace(write, advance=True), QueueFilter())
        assert outcome.view is not None
        here["sentence"] = outcome.view.sentence_id

    write_floor = timed(no_claim, 50)
    engine.dispose()
    print(
        f"{args.sentences:,} sentences, {disputes} disputes among {args.coded:,} double-coded: "
        f"first dispute {first_ms:.1f} ms; next dispute {summary(dispute_laps)} "
        f"(annotation queue's next sentence, the floor: {summary(floor_laps)}); "
        f"take a coder, committed and next dispute loaded: {summary(take_laps)} "
        f"(annotation screen's no claim, committed and next sentence loaded: "
        f"{summary(write_floor)})"
    )


if __name__ == "__main__":
    main()
