"""One coder's process for tests/test_concurrent_coders.py.

`python -m tests.concurrent_coder URL CODER WRITES SEED` opens the database as the
annotation screen does, prints `ready`, waits for a line on stdin, then makes WRITES
changes on the first sentences of the queue through the screen's own write path
(annotator.tui.backend.Backend.write: writes.perform in one unit of work, then the next
sentence loaded), retrying a locked or busy database as the screen does. It ends by
printing a JSON line: how many writes of each kind were applied, retries, seconds.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections import Counter

from sqlalchemy import select
from sqlmodel import Session, col

from annotator.tui.backend import Backend, is_transient
from annotator.tui.queue import QueueFilter
from annotator.tui.writes import Write, WriteKind
from models.db import open_database
from models.decisions import StatementData
from models.tables import DecisionKind, Sentence

SENTENCES = 60  # every coder works on the same ones, so their writes collide
SPEAKERS = ("suga", "kr_government")
CLAIMS = ("settled_1965", "respect_ruling")
STANCES = ("support", "oppose")


def statements(rng: random.Random) -> tuple[StatementData, ...]:
    """One or two statements from a small pool, so coders often agree and often not."""
    return tuple(
        StatementData(rng.choice(SPEAKERS), rng.choice(CLAIMS), rng.choice(STANCES))
        for _ in range(rng.choice((1, 1, 2)))
    )


def next_write(rng: random.Random, sentence_id: str) -> Write:
    roll = rng.random()
    if roll < 0.65:
        return Write(
            WriteKind.decide,
            "statements",
            sentence_id,
            DecisionKind.statements,
            statements(rng),
            advance=True,
        )
    if roll < 0.80:
        return Write(WriteKind.decide, "no claim", sentence_id, DecisionKind.no_claim, advance=True)
    if roll < 0.85:
        return Write(WriteKind.decide, "skip", sentence_id, DecisionKind.skip, advance=True)
    if roll < 0.92:
        return Write(WriteKind.clear, "clear", sentence_id)
    return Write(WriteKind.undo, "undo")


def main(url: str, coder: str, writes: int, seed: int) -> None:
    engine = open_database(url)
    backend = Backend(engine, coder)
    backend.codebook()
    with Session(engine) as session:
        sentences = list(
            session.execute(
                select(col(Sentence.id))
                .where(col(Sentence.kind) == "content")
                .order_by(col(Sentence.id))
                .limit(SENTENCES)
            ).scalars()
        )
    rng = random.Random(seed)
    applied: Counter[str] = Counter()
    retries = 0
    print("ready", flush=True)
    sys.stdin.readline()
    started = time.perf_counter()
    for _ in range(writes):
        write = next_write(rng, rng.choice(sentences))
        while True:
            try:
                outcome = backend.write(write, QueueFilter())
                break
            except Exception as exc:
                if not is_transient(exc):
                    raise
                retries += 1
                time.sleep(0.05)
        if outcome.saved is not None:
            applied[write.kind.value] += 1
    seconds = time.perf_counter() - started
    engine.dispose()
    print(
        json.dumps(
            {"coder": coder, "applied": applied, "retries": retries, "seconds": round(seconds, 2)}
        ),
        flush=True,
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
