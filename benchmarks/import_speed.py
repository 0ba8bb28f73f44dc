"""Import speed (clean + segment + store) on a corpus made from the sample articles.

Each copy of a sample article gets a distinct closing sentence, so every copy is a new
document (identical texts would be skipped as re-imports). The floor does the same
splitting with sentencex alone and stores the same sentence rows with one executemany.
Both run in this process, on one core.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import tempfile
import time
from pathlib import Path

from sentencex import segment as sentencex_segment

from annotator.ingest.importer import plan, run_import
from annotator.ingest.segment import segment
from benchmarks.harness import REPO, Figure
from models.db import open_database

SAMPLE = REPO / "sample_data"


def build_corpus(folder: Path, sentences: int) -> tuple[Path, int]:
    rows = list(csv.DictReader((SAMPLE / "manifest.csv").open(encoding="utf-8")))
    texts = [(row, (SAMPLE / row["file"]).read_text(encoding="utf-8")) for row in rows]
    per_copy = sum(len(segment(text)) for _, text in texts) + len(texts)
    copies = sentences // per_copy + 1
    path = folder / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            for row, text in texts:
                record = {
                    "text": f"{text}\n\nThis is copy number {copy} of the article.",
                    "date": row["date"],
                    "source": row["source"],
                    "title": row["title"] or None,
                }
                out.write(json.dumps(record) + "\n")
    return path, copies * per_copy


def floor(corpus: Path, db: Path) -> tuple[int, float]:
    """Read the JSONL, split with sentencex, store (id, document, index, text) rows."""
    started = time.perf_counter()
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute(
        'CREATE TABLE sentence (id TEXT PRIMARY KEY, document_id TEXT, "index" INTEGER, text TEXT)'
    )
    rows = []
    with corpus.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            text = json.loads(line)["text"]
            document = f"d_{number:016x}"
            rows.extend(
                (f"{document}:{i:04d}", document, i, sentence)
                for i, sentence in enumerate(sentencex_segment("en", text))
            )
    with connection:
        connection.executemany("INSERT INTO sentence VALUES (?, ?, ?, ?)", rows)
    connection.close()
    return len(rows), time.perf_counter() - started


def figures(sentences: int) -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus, _ = build_corpus(folder, sentences)
        floor_rows, floor_seconds = floor(corpus, folder / "floor.db")
        engine = open_database(f"sqlite:///{folder / 'bench.db'}")
        started = time.perf_counter()
        summary = run_import(engine, list(plan([corpus])))
        seconds = time.perf_counter() - started
        engine.dispose()
        assert not summary.errors, summary.errors
        stored = sum(summary.sentences.values())
    return [
        Figure(
            f"import (clean + segment + store), {stored:,} sentences, one core",
            "/s",
            stored / seconds,
            floor_rows / floor_seconds,
            "sentencex + executemany",
            target=40_000,
        )
    ]
