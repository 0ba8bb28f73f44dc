"""Several coders at once, each in their own OS process, on one database (a SQLite file,
a PostgreSQL database): hundreds of writes each on the same sentences, through the
annotation screen's write path (tests/concurrent_coder.py). Nothing may be lost or
doubled: one decision per (sentence, coder), one event per write, each decision equal to
its last event's `after`, and the stored resolution equal to the rule computed afresh."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from typing import Any

from sqlalchemy import Engine, select
from sqlmodel import Session, col

from models.decisions import get_decision
from models.resolution import counts, disputed
from models.schema import decisions
from models.tables import Decision, Event
from tests.conftest import REPO, load_sample

CODERS = ("alice", "bob", "carol")
WRITES = 200


def run_coders(url: str) -> tuple[list[dict[str, Any]], float]:
    """Start every coder, let them go at once, and collect their summaries."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.concurrent_coder", url, coder, str(WRITES), str(seed)],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for seed, coder in enumerate(CODERS)
    ]
    for process in processes:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    started = time.perf_counter()
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    summaries = []
    for process in processes:
        out, _ = process.communicate(timeout=600)
        assert process.returncode == 0
        summaries.append(json.loads(out.strip().splitlines()[-1]))
    return summaries, time.perf_counter() - started


def test_coders_in_parallel_lose_and_double_nothing(engine: Engine, db_url: str) -> None:
    load_sample(engine)
    summaries, seconds = run_coders(db_url)
    with Session(engine) as session:
        events = session.execute(
            select(Event.id, Event.annotator, Event.action, Event.sentence_id, Event.after)
            .where(col(Event.annotator).in_(CODERS))
            .order_by(col(Event.id))
        ).all()
        for summary in summaries:
            # Exactly one event per applied write, of the write's kind.
            logged = Counter(e.action for e in events if e.annotator == summary["coder"])
            assert logged == Counter(summary["applied"])
        last: dict[tuple[str, str], dict[str, Any] | None] = {}
        for event in events:
            last[(event.sentence_id, event.annotator)] = event.after
        stored = session.execute(
            select(Decision.sentence_id, Decision.annotator).where(
                col(Decision.annotator).in_(CODERS)
            )
        ).all()
        # One decision per (sentence, coder), and only where the log says there is one.
        assert len(stored) == len(set(stored))
        assert {tuple(r) for r in stored} == {key for key, after in last.items() if after}
        for (sentence_id, annotator), after in last.items():
            decision = get_decision(session, sentence_id=sentence_id, annotator=annotator)
            assert (decision.snapshot() if decision else None) == after
        # The stored resolution equals the rule computed from scratch.
        flags = session.execute(
            select(decisions.c.id, decisions.c.counted, decisions.c.disputed, counts(), disputed())
        ).all()
        assert flags and all((bool(f[1]), bool(f[2])) == (bool(f[3]), bool(f[4])) for f in flags)
        per_sentence = Counter(sentence for sentence, _ in stored)
        assert sum(1 for n in per_sentence.values() if n > 1) > 10  # the coders did collide
        assert any(f[2] for f in flags) and any(f[1] for f in flags)
    print(
        f"\n{db_url.split(':')[0]}: {len(CODERS)} processes x {WRITES} writes, "
        f"{len(events)} events, {len(stored)} decisions on {len(per_sentence)} sentences "
        f"({sum(1 for n in per_sentence.values() if n > 1)} by several coders), "
        f"{sum(f[2] for f in flags)} disputed, retries "
        f"{sum(s['retries'] for s in summaries)}, {seconds:.1f} s wall; per process "
        + ", ".join(f"{s['coder']} {s['seconds']} s" for s in summaries)
    )
