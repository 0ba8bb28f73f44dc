"""Export rate and memory: N decisions in SQLite, exported to native JSONL.

Builds a SQLite database with the sample codebook and N synthetic decisions (bulk rows
written straight into the tables, since the point is the export, not the writing),
then runs `annotator export` in a child process for 1/10 of N and for N decisions and
reports lines per second and the child's peak RSS: flat memory means the two peaks
are close. Target (DESIGN.md §11): >= 100,000 lines/s, memory flat.

    .venv/bin/python benchmarks/export_rate.py [--decisions 1000000] [--db FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine, text

from models.codebook import load_codebook_file, store_codebook
from models.db import open_database, session_scope

REPO = Path(__file__).resolve().parent.parent
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
    """One `annotator export` in a child process: its wall time and peak RSS."""
    code = (
        "import resource, sys, time; from annotator.cli import app; "
        "start = time.perf_counter()\n"
        "try:\n    app(sys.argv[1:])\n"
        "except SystemExit:\n    pass\n"
        "usage = resource.getrusage(resource.RUSAGE_SELF)\n"
        "print(time.perf_counter() - start, usage.ru_utime + usage.ru_stime, "
        "usage.ru_maxrss, file=sys.stderr)"
    )
    args = [sys.executable, "-c", code, "export", "--db", str(db), "-o", str(target), *extra]
    done = subprocess.run(args, capture_output=True, text=True, check=True, cwd=REPO)
    seconds, cpu, rss_kb = done.stderr.strip().splitlines()[-1].split()
    lines = sum(1 for _ in target.open(encoding="utf-8"))
    return {
        "lines": lines,
        "seconds": round(float(seconds), 2),
        "lines_per_second": round(lines / float(seconds)),
        # CPU time includes imports (~1 s); on a shared machine it is the steadier figure.
        "cpu_seconds": round(float(cpu), 2),
        "lines_per_cpu_second": round(lines / float(cpu)),
        "peak_rss_mb": round(int(rss_kb) / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="reuse or create this SQLite file")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="export_rate_"))
    db = options.db or folder / "bench.db"
    if not db.exists():
        engine = open_database(str(db))
        started = time.perf_counter()
        build(engine, options.decisions)
        engine.dispose()
        print(
            f"built {options.decisions} decisions in {time.perf_counter() - started:.1f}s",
            file=sys.stderr,
        )
    engine = open_database(str(db))
    with engine.connect() as connection:
        decisions = connection.execute(text("SELECT count(*) FROM decision")).scalar_one()
    engine.dispose()
    target = folder / "export.jsonl"
    tenth = sorted({f"Outlet {n}" for n in range(7)})[:1]
    small = run_export(db, target, ["--source", tenth[0]])
    full = run_export(db, target, [])
    report = {
        "decisions": decisions,
        "load_average_1min": os.getloadavg()[0],
        "subset (--source, ~1/7)": small,
        "full": full,
        "target_lines_per_second": 100_000,
        "platform": os.uname().machine,
    }
    print(json.dumps(report, indent=2))
    target.unlink()


if __name__ == "__main__":
    main()
