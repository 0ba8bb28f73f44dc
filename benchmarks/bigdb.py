"""Build a large SQLite database fast (bulk inserts, no segmentation) for benchmarks.

The sample codebook is stored through the normal path; documents and sentences are
written with executemany, each document's sentences cycling through the sample
corpus's content sentences so the text looks like news.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import time
from pathlib import Path

from annotator.sample import sample_data_dir
from models.codebook import load_codebook_file, store_codebook
from models.db import open_database, session_scope

TEXTS = [
    "Japan's top government spokesman said the issue was settled completely and finally.",
    "Seoul said it respects the Supreme Court ruling and cannot intervene.",
    "The two sides agreed to keep communicating through diplomatic channels.",
    "Plaintiffs' lawyers asked the court to sell the seized assets of Nippon Steel.",
    "Foreign Minister Taro Kono urged South Korea to take appropriate measures.",
    "Officials met in Tokyo on Thursday for the first in-person talks in months.",
    "Analysts said the dispute could hurt trade between the neighbours.",
    "The ministry declined to comment on the details of the negotiations.",
]


def build(path: Path, sentences: int, per_document: int = 40) -> float:
    """Create `path` with `sentences` content sentences; return the seconds it took."""
    started = time.perf_counter()
    path.unlink(missing_ok=True)
    engine = open_database(f"sqlite:///{path}")
    book, source = load_codebook_file(sample_data_dir() / "codebook.toml")
    with session_scope(engine) as session:
        store_codebook(session, book, source)
    engine.dispose()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")
    documents = sentences // per_document
    start = dt.date(2015, 1, 1)
    imported = dt.datetime.now(dt.UTC).isoformat()
    with connection:
        connection.executemany(
            "INSERT INTO document (id, text, title, source, url, date, date_precision, "
            "language, meta, imported_at) VALUES (?, '', ?, ?, NULL, ?, 'day', 'en', '{}', ?)",
            (
                (
                    f"d_{n:016x}",
                    f"Generated article {n}",
                    f"Source {n % 7}",
                    (start + dt.timedelta(days=n % 3650)).isoformat(),
                    imported,
                )
                for n in range(documents)
            ),
        )
        connection.executemany(
            'INSERT INTO sentence (id, document_id, "index", paragraph, start, "end", '
            "text, kind) VALUES (?, ?, ?, ?, 0, 0, ?, ?)",
            (
                (
                    f"d_{n // per_document:016x}:{n % per_document:04d}",
                    f"d_{n // per_document:016x}",
                    n % per_document,
                    (n % per_document) // 4,
                    TEXTS[n % len(TEXTS)],
                    "headline" if n % per_document == 0 else "content",
                )
                for n in range(documents * per_document)
            ),
        )
    connection.execute("ANALYZE")
    connection.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--sentences", type=int, default=1_000_000)
    args = parser.parse_args()
    seconds = build(args.path, args.sentences)
    print(f"{args.path}: {args.sentences} sentences in {seconds:.1f} s")


if __name__ == "__main__":
    main()
