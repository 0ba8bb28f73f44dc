"""Export rate: N decisions in SQLite, exported to native JSONL (`python -m benchmarks`).

Builds a SQLite database with the sample codebook and N synthetic decisions (bulk rows
written straight into the tables, since the point is the export, not the writing),
then runs `annotator export` in a child process and the floor, raw sqlite3 + orjson
writing the same lines (benchmarks/raw_export.py), and compares lines per second.
Target (DESIGN.md §11): >= 100,000 lines/s.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine

from benchmarks.harness import OUT, REPO, Figure, best
from models.codebook import load_codebook_file, store_codebook
from models.db import open_database, session_scope

SENTENCES_PER_DOCUMENT = 100
ANNOTATORS_PER_SENTENCE = 2
WORDS = [
    "the",
    "government",
    "said",
    "on",
    "Tuesday",
    "that",
    "the",
    "1965",
    "agreement",
    "settled",
    "the",
    "issue",
]


def build(engine: Engine, decisions: int) -> None:
    book, source = load_codebook_file(REPO / "sample_data" / "codebook.toml")
    with session_scope(engine) as session:
        store_codebook(session, book, source)
        actors = [a.id for a in book.actors]
        claims = [c.id for c in book.claims]
        stances = [s.id for s in book.stances]
    rng = random.Random(7)
    sentences = decisions // ANNOTATORS_PER_SENTENCE
    documents = max(1, sentences // SENTENCES_PER_DOCUMENT)
    raw = engine.raw_connection()
    cursor = raw.cursor()
    stamp = "2024-05-01 10:00:00.000000"
    cursor.executemany(
        "INSERT INTO document (id, text, title, source, url, date, language, meta, imported_at)"
        " VALUES (?, '', ?, ?, NULL, ?, 'en', '{}', ?)",
        [
            (
                f"d_{n:016x}",
                f"Synthetic article {n}",
                f"Outlet {n % 7}",
                f"20{19 + n % 5}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                stamp,
            )
            for n in range(documents)
        ],
    )
    decision_id = 0
    statement_rows = []
    decision_rows = []
    sentence_rows = []
    for n in range(sentences):
        document = f"d_{n // SENTENCES_PER_DOCUMENT:016x}"
        index = n % SENTENCES_PER_DOCUMENT
        sentence_id = f"{document}:{index:04d}"
        words = rng.choices(WORDS, k=25)
        text = " ".join(words) + "."
        sentence_rows.append(
            (sentence_id, document, index, 0, index * 200, index * 200 + len(text), text)
        )
        for annotator in ("ann", "bob")[:ANNOTATORS_PER_SENTENCE]:
            decision_id += 1
            kind = "statements" if rng.random() < 0.8 else "no_claim"
            decision_rows.append((decision_id, sentence_id, annotator, kind, stamp, stamp))
            if kind == "statements":
                statement_rows.append(
                    (decision_id, 0, rng.choice(actors), rng.choice(claims), rng.choice(stances))
                )
        if len(decision_rows) >= 100_000:
            _flush(cursor, sentence_rows, decision_rows, statement_rows)
    _flush(cursor, sentence_rows, decision_rows, statement_rows)
    raw.commit()
    raw.close()


def _flush(cursor: object, sentences: list, decisions: list, statements: list) -> None:
    cursor.executemany(  # type: ignore[attr-defined]
        'INSERT INTO sentence (id, document_id, "index", paragraph, start, "end", text, kind)'
        " VALUES (?, ?, ?, ?, ?, ?, ?, 'content')",
        sentences,
    )
    cursor.executemany(  # type: ignore[attr-defined]
        "INSERT INTO decision (id, sentence_id, annotator, kind, role, codebook_version_id,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, 'annotator', 1, ?, ?)",
        decisions,
    )
    cursor.executemany(  # type: ignore[attr-defined]
        "INSERT INTO statement (decision_id, position, speaker_id, claim_id, stance_id,"
        " from_suggestion) VALUES (?, ?, ?, ?, ?, 0)",
        statements,
    )
    sentences.clear()
    decisions.clear()
    statements.clear()


def run_export(db: Path, target: Path, extra: list[str]) -> dict[str, float]:
    """One `annotator export` in a child process: its wall time (imports left out) and
    peak RSS."""
    code = (
        "import resource, sys, time; from annotator.cli import app; "
        "start = time.perf_counter()\n"
        "try:\n    app(sys.argv[1:])\n"
        "except SystemExit:\n    pass\n"
        "usage = resource.getrusage(resource.RUSAGE_SELF)\n"
        "print(time.perf_counter() - start, usage.ru_maxrss, file=sys.stderr)"
    )
    args = [sys.executable, "-c", code, "export", "--db", str(db), "-o", str(target), *extra]
    done = subprocess.run(args, capture_output=True, text=True, check=True, cwd=REPO)
    seconds, rss_kb = done.stderr.strip().splitlines()[-1].split()
    return {"seconds": float(seconds), "peak_rss_mb": int(rss_kb) / 1024}


def run_raw(db: Path, target: Path) -> float:
    """The floor (benchmarks/raw_export.py) in a child process: seconds, imports left out."""
    args = [sys.executable, "-m", "benchmarks.raw_export", str(db), str(target)]
    done = subprocess.run(args, capture_output=True, text=True, check=True, cwd=REPO)
    return float(done.stdout.split()[1])


def figures(decisions: int, repeats: int) -> list[Figure]:
    """Export of native JSONL next to raw sqlite3 + orjson writing the same lines."""
    OUT.mkdir(exist_ok=True)
    db = OUT / f"export-{decisions}.db"
    if not db.exists():
        engine = open_database(str(db))
        build(engine, decisions)
        engine.dispose()
    ours, raw = OUT / "export.jsonl", OUT / "export-raw.jsonl"
    runs = [run_export(db, ours, []) for _ in range(repeats)]
    seconds = min(r["seconds"] for r in runs)
    raw_seconds = best(lambda: run_raw(db, raw), repeats)
    lines = sum(1 for _ in ours.open("rb"))
    same = ours.read_bytes() == raw.read_bytes()
    ours.unlink()
    raw.unlink()
    return [
        Figure(
            f"export native JSONL, {lines:,} decisions",
            "/s",
            lines / seconds,
            lines / raw_seconds,
            "raw sqlite3 + orjson" + (", same bytes" if same else ", NOT the same bytes"),
            target=100_000,
            notes=f"peak RSS {max(r['peak_rss_mb'] for r in runs):.0f} MB",
        )
    ]
