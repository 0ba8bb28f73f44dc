"""A reader that stops early (`annotator … | head`) ends the command quietly: no error
line, exit 0, as with any Unix tool, whichever command was printing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import run


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('pipe') / 'annotations.db'}"
    assert run(url, "init", "--sample").exit_code == 0
    return url


@pytest.mark.parametrize(
    "command",
    [
        # A table of 550 rows, and a CSV: both more than a pipe holds.
        ("report", "stance", "--interval", "month", "--by", "side", "--per-claim"),
        ("export", "--format", "jsonl", "--include-unlabelled"),
        # Short output, still buffered when the reader has gone: flushed at the end.
        ("report", "progress"),
    ],
)
def test_a_reader_that_stops_early_gets_no_error(sample_db: str, command: tuple[str, ...]) -> None:
    annotator = Path(sys.executable).with_name("annotator")
    child = subprocess.Popen(
        [str(annotator), *command, "--db", sample_db],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader is gone before the command has written anything
    stderr = child.stderr.read().decode()
    assert child.wait(timeout=60) == 0, stderr
    assert "error" not in stderr.lower() and "Traceback" not in stderr
