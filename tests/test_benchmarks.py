"""The harness runs (`python -m benchmarks --quick`) and gives every figure a row with
numbers, so it cannot rot. Its timings are not checked: they belong to benchmarks/."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

FIGURES = [
    "`annotator --help`",
    "`annotator report progress` on the sample",
    "`annotator report progress` on the sample, over loading its libraries",
    "import (clean + segment + store)",
    "report stance --interval month --by side --per-claim`, 2,000 statements, SQLite, query",
    "report stance --interval month --by side --per-claim`, 2,000 statements, SQLite, whole",
    "report stance --interval month --by side --per-claim`, 2,000 statements, SQLite, whole "
    "command, as a table",
    "export native JSONL",
    "one decision, key → saved → next sentence drawn (Pilot, 2,000 sentences), median",
    "one decision (Pilot, 2,000 sentences), p99",
    "TUI start, launch → first sentence drawn",
]


def test_quick_run_measures_every_figure_next_to_its_reference(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(out.read_text())
    rows = report["figures"]
    names = [row["name"] for row in rows]
    for figure in FIGURES:
        assert any(figure in name for name in names), (figure, names)
    if any("PostgreSQL" in name for name in names):
        assert sum("PostgreSQL" in name for name in names) == 3
    for row in rows:
        assert row["measured"] > 0 and row["reference"] > 0, row
        assert row["ratio"] == (
            row["reference"] / row["measured"]
            if row["unit"] == "/s"
            else row["measured"] / row["reference"]
        )
        assert isinstance(row["passed"], bool)
    assert "export native JSONL" in done.stdout and "| figure | target |" in done.stdout
    assert report["machine"]["load_average"] and report["machine"]["cores"]
    export = next(row for row in rows if row["name"].startswith("export"))
    assert "same bytes" in export["reference_name"] and "NOT" not in export["reference_name"]
