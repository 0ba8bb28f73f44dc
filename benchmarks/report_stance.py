"""Time `report stance --interval month --by side --per-claim` on 1,000,000 statements.

Builds a synthetic corpus on SQLite (a file under benchmarks/out/) and on PostgreSQL (a
database created on the server named by ANNOTATOR_TEST_PG_URL and dropped afterwards):
40,000 documents over ten years, 800,000 sentences, one decision each by `ann` with one
or two statements, and a second, agreeing annotator on 5 % of sentences, so resolution
has real work. Rows go in by bulk insert (COPY on PostgreSQL).

    .venv/bin/python benchmarks/report_stance.py [--statements N] [--backend sqlite|postgresql]

Prints, per backend, the time of the report query (`stance_report`) and of the whole
command in a fresh process (interpreter start and imports included), best of 3.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, insert, text
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from annotator.reports.periods import Interval  # noqa: E402
from annotator.reports.stance import By, StanceOptions, stance_report  # noqa: E402
from models.codebook import load_codebook_file, store_codebook  # noqa: E402
from models.db import open_database, session_scope  # noqa: E402
from models.resolution import resolve  # noqa: E402
from models.tables import Actor, ClaimType, Decision, Document, Sentence, Stance, Statement  # noqa: E402

SENTENCES_PER_DOCUMENT = 20
SECOND_ANNOTATOR_SHARE = 0.05
NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def corpus(total_statements: int, codes: dict[str, list[str]]) -> dict[str, list[dict[str, Any]]]:
    """Rows of every table, as dicts, reaching `total_statements` statements exactly."""
    rng = random.Random(0)
    sentences_n = int(total_statements / (1.25 * (1 + SECOND_ANNOTATOR_SHARE)))
    documents_n = sentences_n // SENTENCES_PER_DOCUMENT
    first = dt.date(2015, 1, 1)
    sources = ["Kyodo", "Yonhap", "Nikkei Asia", "Korea Herald", "Japan Times"]
    rows: dict[str, list[dict[str, Any]]] = {
        "document": [],
        "sentence": [],
        "decision": [],
        "statement": [],
    }
    for d in range(documents_n):
        rows["document"].append(
            {
                "id": f"d_{d:016x}",
                "text": "",
                "source": sources[d % len(sources)],
                "date": first + dt.timedelta(days=rng.randrange(3650)),
                "date_precision": "day",
                "language": "en",
                "meta": {},
                "imported_at": NOW,
            }
        )
    decision_id = 0
    statements_left = total_statements
    for s in range(documents_n * SENTENCES_PER_DOCUMENT):
        doc = rows["document"][s // SENTENCES_PER_DOCUMENT]["id"]
        sid = f"{doc}:{s % SENTENCES_PER_DOCUMENT:04d}"
        rows["sentence"].append(
            {
                "id": sid,
                "document_id": doc,
                "index": s % SENTENCES_PER_DOCUMENT,
                "paragraph": 0,
                "start": 0,
                "end": 0,
                "text": "",
                "kind": "content",
            }
        )
        held = [
            (rng.choice(codes["actors"]), rng.choice(codes["claims"]), rng.choice(codes["stances"]))
            for _ in range(2 if rng.random() < 0.25 else 1)
        ]
        annotators = ["ann", "bob"] if rng.random() < SECOND_ANNOTATOR_SHARE else ["ann"]
        for annotator in annotators:
            if statements_left <= 0:
                break
            decision_id += 1
            rows["decision"].append(
                {
                    "id": decision_id,
                    "sentence_id": sid,
                    "annotator": annotator,
                    "kind": "statements",
                    "role": "annotator",
                    "created_at": NOW,
                    "updated_at": NOW,
                }
            )
            for position, (speaker, claim, stance) in enumerate(held[:statements_left]):
                rows["statement"].append(
                    {
                        "decision_id": decision_id,
                        "position": position,
                        "speaker_id": speaker,
                        "claim_id": claim,
                        "stance_id": stance,
                        "from_suggestion": False,
                    }
                )
            statements_left -= len(held)
    return rows


TABLES = {"document": Document, "sentence": Sentence, "decision": Decision, "statement": Statement}


def chunks(items: list[dict[str, Any]], size: int = 50_000) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def load(engine: Engine, rows: dict[str, list[dict[str, Any]]]) -> None:
    if engine.dialect.name == "postgresql":
        _copy(engine, rows)
        return
    with engine.begin() as connection:
        for name, table in TABLES.items():
            for chunk in chunks(rows[name]):
                connection.execute(insert(table), chunk)


def _copy(engine: Engine, rows: dict[str, list[dict[str, Any]]]) -> None:
    import json

    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for name in TABLES:
            columns = list(rows[name][0])
            quoted = ", ".join(f'"{c}"' for c in columns)
            with cursor.copy(f"COPY {name} ({quoted}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows[name]:
                    copy.write_row(
                        [json.dumps(v) if isinstance(v, dict) else v for v in row.values()]
                    )
        cursor.execute("SELECT setval('decision_id_seq', (SELECT max(id) FROM decision))")
        raw.commit()
    finally:
        raw.close()


def build(url: str, statements: int) -> None:
    engine = open_database(url)
    book, source = load_codebook_file(REPO / "sample_data" / "codebook.toml")
    with session_scope(engine) as session:
        store_codebook(session, book, source)
        codes = {
            "actors": list(
                session.execute(text(f"SELECT id FROM {Actor.__tablename__}")).scalars()
            ),
            "claims": list(
                session.execute(text(f"SELECT id FROM {ClaimType.__tablename__}")).scalars()
            ),
            "stances": list(
                session.execute(text(f"SELECT id FROM {Stance.__tablename__}")).scalars()
            ),
        }
    started = time.perf_counter()
    rows = corpus(statements, codes)
    load(engine, rows)
    loaded = time.perf_counter()
    with engine.begin() as connection:
        # The rows went in around models.decisions, so resolve them as migration 0003 does.
        connection.execute(resolve())
    resolved = time.perf_counter() - loaded
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    print(
        f"  loaded {len(rows['statement']):,} statements, {len(rows['decision']):,} decisions, "
        f"{len(rows['sentence']):,} sentences, {len(rows['document']):,} documents "
        f"in {time.perf_counter() - started:.1f} s (resolved in {resolved:.1f} s)",
        flush=True,
    )
    engine.dispose()


def measure(url: str) -> None:
    engine = open_database(url)
    options = StanceOptions(interval=Interval.month, by=By.side, per_claim=True)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        report = stance_report(engine, options)
        times.append(time.perf_counter() - started)
    engine.dispose()
    print(
        f"  stance_report: best {min(times):.3f} s of {', '.join(f'{t:.3f}' for t in times)}; "
        f"{len(report.rows):,} rows"
    )
    command = [
        str(Path(sys.executable).parent / "annotator"),
        "report",
        "stance",
        "--interval",
        "month",
        "--by",
        "side",
        "--per-claim",
        "--format",
        "csv",
        "--db",
        url,
    ]
    times = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    print(f"  annotator report stance (whole command): best {min(times):.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append")
    args = parser.parse_args()
    backends = args.backend or ["sqlite", "postgresql"]
    if "sqlite" in backends:
        out = REPO / "benchmarks" / "out"
        out.mkdir(parents=True, exist_ok=True)
        path = out / "report_stance.db"
        for leftover in out.glob("report_stance.db*"):
            leftover.unlink()
        print("SQLite", flush=True)
        build(f"sqlite:///{path}", args.statements)
        measure(f"sqlite:///{path}")
    if "postgresql" in backends:
        admin_url = os.environ.get(
            "ANNOTATOR_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        )
        name = f"annotator_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        try:
            print("PostgreSQL", flush=True)
            build(url, args.statements)
            measure(url)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
