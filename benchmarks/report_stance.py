"""`report stance --interval month --by side --per-claim` on N statements (default 1M).

Builds a synthetic corpus on SQLite (a file under benchmarks/out/) and on PostgreSQL (a
database created on the server and dropped afterwards): 40,000 documents over ten
years, 800,000 sentences, one decision each by `ann` with one or two statements, and a
second, agreeing annotator on 5 % of sentences, so resolution has real work. Rows go in
by bulk insert (COPY on PostgreSQL). Times the report query (`stance_report`) and the
whole command in a fresh process (as CSV, and as the table a user sees by default), each
next to the same aggregation written by hand over a flat table of integer codes.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from annotator.reports.periods import Interval
from annotator.reports.stance import By, StanceOptions, stance_report
from benchmarks.harness import (
    OUT,
    REPO,
    Figure,
    annotator_command,
    best,
    process_seconds,
    python,
    timed,
)
from models.codebook import load_codebook_file, store_codebook
from models.db import open_database, session_scope
from models.facts import rebuild_facts
from models.resolution import resolve
from models.tables import Actor, ClaimType, Decision, Document, Sentence, Stance, Statement

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
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for name in TABLES:
            columns = list(rows[name][0])
            quoted = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" for _ in columns)
            for chunk in chunks(rows[name]):
                cursor.executemany(
                    f"INSERT INTO {name} ({quoted}) VALUES ({marks})",
                    [tuple(_sqlite(v) for v in row.values()) for row in chunk],
                )
        raw.commit()
    finally:
        raw.close()


def _sqlite(value: Any) -> Any:
    """A value as SQLAlchemy stores it in SQLite."""
    if isinstance(value, dict):
        return json.dumps(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _copy(engine: Engine, rows: dict[str, list[dict[str, Any]]]) -> None:
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
        # The rows went in around models.decisions, so resolve them and build their facts
        # as migrations 0003 and 0006 do.
        connection.execute(resolve())
        for statement in rebuild_facts():
            connection.execute(statement)
    resolved = time.perf_counter() - loaded
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    print(
        f"  {engine.dialect.name}: loaded {len(rows['statement']):,} statements, "
        f"{len(rows['decision']):,} decisions, {len(rows['sentence']):,} sentences, "
        f"{len(rows['document']):,} documents in {time.perf_counter() - started:.1f} s "
        f"(resolved, with facts, in {resolved:.1f} s)",
        file=sys.stderr,
        flush=True,
    )
    engine.dispose()


# The floor: the same aggregation by hand over a flat table, its rows deduplicated per
# document and coded as integers (documents, month, side, claim, stance).
FLOOR_TABLE = [
    "DROP TABLE IF EXISTS floor_fact",
    "DROP TABLE IF EXISTS floor_code",
    "CREATE TABLE floor_code (kind VARCHAR(8), id VARCHAR(64), code INTEGER, "
    "PRIMARY KEY (kind, id))",
    "INSERT INTO floor_code SELECT 'document', id, row_number() OVER (ORDER BY id) FROM document",
    "INSERT INTO floor_code SELECT 'side', id, row_number() OVER (ORDER BY id) FROM side",
    "INSERT INTO floor_code SELECT 'claim', id, row_number() OVER (ORDER BY id) FROM claim_type",
    "INSERT INTO floor_code SELECT 'stance', id, row_number() OVER (ORDER BY position, id) "
    "FROM stance",
    "CREATE TABLE floor_fact AS SELECT d.code AS doc, "
    "CAST(replace(f.month, '-', '') AS INTEGER) AS month, s.code AS side, c.code AS claim, "
    "t.code AS stance FROM statement_fact f "
    "JOIN floor_code d ON d.kind = 'document' AND d.id = f.document_id "
    "JOIN floor_code s ON s.kind = 'side' AND s.id = f.side_id "
    "JOIN floor_code c ON c.kind = 'claim' AND c.id = f.claim_id "
    "JOIN floor_code t ON t.kind = 'stance' AND t.id = f.stance_id",
    "ANALYZE",
]


def floor_query(stances: int) -> str:
    counts = ", ".join(
        f"sum(CASE WHEN stance = {code} THEN 1 ELSE 0 END)" for code in range(1, stances + 1)
    )
    return (
        f"SELECT month, side, claim, count(DISTINCT doc), {counts} FROM floor_fact "
        "WHERE month IS NOT NULL GROUP BY month, side, claim"
    )


# The whole command's floor: an interpreter that runs the floor query and prints CSV.
FLOOR_COMMAND = """
import csv, sys
url, query = sys.argv[1], sys.argv[2]
if url.startswith("sqlite:///"):
    import sqlite3
    connection = sqlite3.connect(url.removeprefix("sqlite:///"))
else:
    import psycopg
    connection = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
rows = connection.execute(query).fetchall()
csv.writer(sys.stdout).writerows(rows)
"""


def _floor(engine: Engine, stances: int) -> Callable[[], float]:
    """Build the flat table; return a function timing the hand-written query on it."""
    with engine.begin() as connection:
        for statement in FLOOR_TABLE:
            connection.execute(text(statement))
    query = floor_query(stances)

    def once() -> float:
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            started = time.perf_counter()
            cursor.execute(query)
            cursor.fetchall()
            return time.perf_counter() - started
        finally:
            raw.close()

    return once


def measure(url: str, label: str, repeats: int) -> list[Figure]:
    engine = open_database(url)
    with engine.connect() as connection:
        stances = len(connection.execute(text("SELECT id FROM stance")).all())
    floor = _floor(engine, stances)
    options = StanceOptions(interval=Interval.month, by=By.side, per_claim=True)
    query = best(lambda: timed(lambda: stance_report(engine, options)), repeats)
    floor_query_seconds = best(floor, repeats)
    engine.dispose()
    report = ("report", "stance", "--interval", "month", "--by", "side", "--per-claim")
    command = annotator_command(*report, "--format", "csv", "--db", url)
    # What a user sees by default: the table, drawn for a pipe (its natural width).
    table_command = annotator_command(*report, "--db", url)
    floor_command = python("-c", FLOOR_COMMAND, url, floor_query(stances))
    floor_seconds = process_seconds(floor_command, repeats)
    name = "`report stance --interval month --by side --per-claim`"
    return [
        Figure(
            f"{name}, {label}, query",
            "s",
            query,
            floor_query_seconds,
            "hand SQL over a flat table",
            target=1.0,
            max_ratio=1.5,
        ),
        Figure(
            f"{name}, {label}, whole command",
            "s",
            process_seconds(command, repeats),
            floor_seconds,
            "python + the hand SQL",
            target=1.0,
        ),
        Figure(
            f"{name}, {label}, whole command, as a table",
            "s",
            process_seconds(table_command, repeats),
            floor_seconds,
            "python + the hand SQL",
            target=1.0,
        ),
    ]


def figures(statements: int, repeats: int, postgresql: str | None) -> list[Figure]:
    """On SQLite (a file in benchmarks/out/), and on PostgreSQL when `postgresql` (an
    admin URL) is given: a database created for the run and dropped afterwards."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "report_stance.db"
    for leftover in OUT.glob("report_stance.db*"):
        leftover.unlink()
    label = f"{statements:,} statements"
    build(f"sqlite:///{path}", statements)
    found = measure(f"sqlite:///{path}", f"{label}, SQLite", repeats)
    if postgresql is None:
        return found
    name = f"annotator_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(postgresql, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgresql).set(database=name).render_as_string(hide_password=False)
    try:
        build(url, statements)
        found += measure(url, f"{label}, PostgreSQL", repeats)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return found
