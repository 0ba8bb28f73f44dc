"""The performance harness: every figure of DESIGN.md §11 next to its floor, in one run.

    python -m benchmarks [--quick] [--sentences N] [--json FILE] [--no-postgresql]

Builds the synthetic corpora (SQLite files under benchmarks/out/, a PostgreSQL database
created for the run and dropped afterwards when the server answers), measures each
figure and its reference in the same run, and prints figure, target, measured,
reference, ratio and pass/miss as a Markdown table, with the machine and its load.
`--quick` runs every figure on small corpora in seconds (the test suite runs it, so the
harness cannot rot); its numbers mean nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from benchmarks import cli_start, export_rate, import_speed, report_stance, tui_latency
from benchmarks.harness import Figure, machine, table

PG_ENV_VAR = "ANNOTATOR_TEST_PG_URL"
PG_DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _postgresql() -> str | None:
    """The admin URL of a PostgreSQL server that answers, else None."""
    url = os.environ.get(PG_ENV_VAR) or PG_DEFAULT_URL
    try:
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except OperationalError:
        print(f"PostgreSQL: no server at {url}; SQLite only", file=sys.stderr)
        return None
    return url


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--quick", action="store_true", help="small corpora, seconds")
    parser.add_argument(
        "--sentences",
        type=int,
        help="size of the large corpora: sentences for the TUI, statements for the report, "
        "decisions for the export (default 1,000,000; --quick 2,000)",
    )
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--no-postgresql", action="store_true", help="SQLite only")
    args = parser.parse_args()
    size = args.sentences or (2_000 if args.quick else 1_000_000)
    repeats = 2 if args.quick else 5
    decisions = 10 if args.quick else 300
    imported = min(size, 2_000) if args.quick else 100_000
    postgresql = None if args.no_postgresql else _postgresql()
    started = time.perf_counter()
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as folder:
        sections = [
            ("command start", lambda: cli_start.figures(Path(folder), repeats)),
            ("import", lambda: import_speed.figures(imported)),
            ("report stance", lambda: report_stance.figures(size, repeats, postgresql)),
            ("export", lambda: export_rate.figures(size, min(repeats, 3))),
            ("annotation screen", lambda: tui_latency.figures(size, decisions, repeats)),
        ]
        for name, run in sections:
            began = time.perf_counter()
            found = run()
            figures += found
            print(f"{name}: {time.perf_counter() - began:.1f} s", file=sys.stderr, flush=True)
            print(table(found), file=sys.stderr, flush=True)
    about = machine() | {"seconds": round(time.perf_counter() - started, 1), "size": size}
    print(table(figures))
    print(
        f"\n{about['cpu']}, {about['cores']} cores, Python {about['python']}; load average "
        f"{' '.join(str(v) for v in about['load_average'])} at the end of the run "
        f"({about['seconds']} s)" + (" — --quick: numbers mean nothing" if args.quick else "")
    )
    if args.json:
        args.json.write_text(
            json.dumps({"machine": about, "figures": [f.row() for f in figures]}, indent=2)
        )


if __name__ == "__main__":
    main()
