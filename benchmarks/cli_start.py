"""How long a command takes from launch: `annotator --help` and a report on the sample,
next to an interpreter that does nothing, or reads the same counts with sqlite3; and the
report next to an interpreter that only imports the libraries the report needs
(SQLAlchemy Core with the schema it reads, models/schema.py; typer; rich for the
table), which no lazy import can avoid."""

from __future__ import annotations

from pathlib import Path

from benchmarks.harness import Figure, annotator_command, process_seconds, python

FLOOR_REPORT = (
    "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
    "print(c.execute('SELECT annotator, count(*) FROM decision GROUP BY annotator').fetchall())"
)
# As every command loads (annotator/collector.py): the collector off, then what loaded frozen.
REPORT_LIBRARIES = (
    "import gc; gc.disable(); import models.schema, sqlalchemy.dialects.sqlite, typer, "
    "rich.console, rich.table; gc.freeze()"
)


def sample_database(folder: Path) -> Path:
    """The sample corpus with its annotations (`annotator init --sample`)."""
    path = folder / "sample.db"
    if not path.exists():
        process_seconds(annotator_command("init", "--sample", "--db", str(path)), 1)
    return path


def figures(folder: Path, repeats: int) -> list[Figure]:
    sample = sample_database(folder)
    nothing = process_seconds(python("-c", "pass"), repeats)
    report = process_seconds(annotator_command("report", "progress", "--db", str(sample)), repeats)
    return [
        Figure(
            "`annotator --help`",
            "s",
            process_seconds(annotator_command("--help"), repeats),
            nothing,
            "python -c pass",
            target=0.3,
        ),
        Figure(
            "`annotator report progress` on the sample",
            "s",
            report,
            process_seconds(python("-c", FLOOR_REPORT, str(sample)), repeats),
            "python + sqlite3 count",
            target=0.3,
        ),
        Figure(
            "`annotator report progress` on the sample, over loading its libraries",
            "s",
            report,
            process_seconds(python("-c", REPORT_LIBRARIES), repeats),
            "python importing SQLAlchemy Core, the schema, typer, rich",
            max_ratio=1.25,
        ),
    ]
