"""How long the "least sure first" queue order takes on a large database.

Usage: python -m benchmarks.uncertain_order [--sentences 100000] [--db PATH]

Builds a database of that many sentences (`benchmarks.bigdb`, the sample codebook),
gives it the model trained on the sample's gold coding, and times what the annotation
screen's database worker does: opening at the least sure sentence (which ranks every
unannotated sentence of the queue, in batches), then moving on after decisions (which
reuses the ranking)."""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from annotator.suggest.training import Trained, maybe_retrain, store_model
from annotator.tui.backend import Backend, Move, Navigation
from annotator.tui.queue import Order, QueueFilter
from annotator.tui.writes import Write, WriteKind
from benchmarks.bigdb import build
from benchmarks.suggest_corpora import SAMPLE, load
from models.db import open_database
from models.tables import DecisionKind

MOVES = 20


def sample_model(workdir: Path) -> Trained:
    """The model trained on the sample's gold coding (the big database's codebook)."""
    engine = open_database(load([SAMPLE], workdir, "sample"))
    trained = maybe_retrain(engine, force=True)
    engine.dispose()
    assert trained is not None
    return trained


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="where to build it (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        path = args.db or workdir / "big.db"
        built = build(path, args.sentences)
        print(f"built {args.sentences:,} sentences in {built:.1f} s")
        engine = open_database(f"sqlite:///{path}")
        store_model(engine, sample_model(workdir))
        backend = Backend(engine, "bench")
        backend.codebook()
        flt = QueueFilter(order=Order.uncertain)
        started = time.perf_counter()
        outcome = backend.navigate(Navigation(Move.start, flt))
        opened = time.perf_counter() - started
        assert outcome.view is not None and backend.ranking is not None
        print(
            f"open at the least sure sentence: {opened:.2f} s "
            f"(ranking {len(backend.ranking.ids):,} sentences: {backend.ranking.seconds:.2f} s)"
        )
        steps = []
        sentence_id = outcome.view.sentence_id
        for _ in range(MOVES):
            write = Write(
                WriteKind.decide,
                "no claim",
                sentence_id,
                decision_kind=DecisionKind.no_claim,
                advance=True,
            )
            started = time.perf_counter()
            saved = backend.write(write, flt)
            steps.append(time.perf_counter() - started)
            assert saved.view is not None
            sentence_id = saved.view.sentence_id
        print(
            f"decision saved and next least sure shown: median "
            f"{statistics.median(steps) * 1000:.0f} ms, max {max(steps) * 1000:.0f} ms "
            f"over {MOVES} decisions"
        )
        engine.dispose()


if __name__ == "__main__":
    main()
