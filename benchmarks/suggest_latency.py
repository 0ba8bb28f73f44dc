"""How long `suggest()` takes per sentence, the way the annotation screen calls it.

Usage: python benchmarks/suggest_latency.py [--db URL] [--rounds N]
Without --db, a fresh SQLite database with the sample corpus is built in a temporary
folder (rules only: it holds no decisions). With a database holding decisions, run
`annotator suggest train` first to time the model as well."""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sqlmodel import Session, col, select

from annotator.suggest import suggest
from annotator.suggest.training import current_model
from models.db import open_database
from models.tables import Sentence, SentenceKind


def _sample_database(folder: Path) -> str:
    from annotator.ingest.importer import plan, run_import
    from models.codebook import load_codebook_file, store_codebook
    from models.db import session_scope

    sample = Path(__file__).resolve().parent.parent / "sample_data"
    url = f"sqlite:///{folder / 'annotations.db'}"
    engine = open_database(url)
    book, source = load_codebook_file(sample / "codebook.toml")
    with session_scope(engine) as session:
        store_codebook(session, book, source)
    run_import(engine, list(plan([sample])))
    engine.dispose()
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: a fresh sample database)")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(args.db or _sample_database(Path(folder)))
        with Session(engine) as session:
            ids = session.exec(
                select(Sentence.id)
                .where(col(Sentence.kind) == SentenceKind.content.value)
                .order_by(col(Sentence.document_id), col(Sentence.index))
            ).all()
            suggest(session, ids[0])  # warm the codebook index and model caches
            timings = []
            for _ in range(args.rounds):
                for sentence_id in ids:
                    start = time.perf_counter()
                    suggest(session, sentence_id)
                    timings.append(time.perf_counter() - start)
        trained = current_model(engine)
        model = f"model: {trained.choice.describe()}" if trained else "rules only"
        timings.sort()
        print(
            f"suggest(): {len(ids)} sentences x {args.rounds} rounds ({model}): "
            f"median {statistics.median(timings) * 1000:.2f} ms, "
            f"p99 {timings[int(len(timings) * 0.99)] * 1000:.2f} ms, "
            f"max {timings[-1] * 1000:.2f} ms"
        )
        engine.dispose()


if __name__ == "__main__":
    main()
