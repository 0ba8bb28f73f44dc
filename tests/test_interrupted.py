"""An import or an export stopped by a signal (SIGINT, SIGTERM, SIGKILL) at any moment
leaves nothing half-written: every stored document is whole, the database is intact, a
re-run finishes the job, and an export's target holds either its old content or the
complete new one. Real processes, real files, real SQLite; the moment of the signal
varies, the assertions hold whenever it lands."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli_helpers import run

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGKILL)
FILES = 120


def _corpus(folder: Path) -> None:
    """FILES articles of 60 sentences each, every one different (distinct document ids)."""
    folder.mkdir()
    for f in range(FILES):
        sentences = " ".join(
            f"Official {f} said on day {s} that the talks on item {s * 7 + f} would go on."
            for s in range(60)
        )
        (folder / f"article_{f:03}.txt").write_text(f"Article {f}\n\n{sentences}\n", "utf-8")


def _annotator(db: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "annotator"), *args, "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _stop(process: subprocess.Popen[bytes], signum: int, after: float) -> None:
    time.sleep(after)
    if process.poll() is None:
        process.send_signal(signum)
    code = process.wait(timeout=120)
    # Finished (0) or stopped by the signal; anything else means the command never ran.
    assert code in (0, 1, 130, 128 + signum, -signum), code


def _sentences_per_document(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return dict(
            connection.execute(
                "SELECT d.origin, count(s.id) FROM document d "
                "LEFT JOIN sentence s ON s.document_id = d.id GROUP BY d.origin"
            ).fetchall()
        )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The corpus and, from an uninterrupted import (kept as reference.db), each file's
    sentence count."""
    root = tmp_path_factory.mktemp("interrupted")
    _corpus(root / "texts")
    reference = root / "reference.db"
    assert run(f"sqlite:///{reference}", "init").exit_code == 0
    result = run(f"sqlite:///{reference}", "import", str(root / "texts"))
    assert result.exit_code == 0, result.output
    whole = _sentences_per_document(reference)
    assert len(whole) == FILES
    return root / "texts", whole


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
@pytest.mark.parametrize("after", [1.5, 2.5, 3.5])
def test_an_interrupted_import_keeps_whole_documents_only(
    tmp_path: Path, corpus: tuple[Path, dict[str, int]], signum: int, after: float
) -> None:
    texts, whole = corpus
    db = tmp_path / "a.db"
    assert run(f"sqlite:///{db}", "init").exit_code == 0
    _stop(_annotator(db, "import", str(texts)), signum, after)
    stored = _sentences_per_document(db)
    assert all(stored[origin] == whole[origin] for origin in stored), "a document is partial"
    # Running the import again finishes the job and changes nothing already stored.
    result = run(f"sqlite:///{db}", "import", str(texts))
    assert result.exit_code == 0, result.output
    assert f"{len(stored)} unchanged" in result.stderr
    assert _sentences_per_document(db) == whole


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
@pytest.mark.parametrize("after", [1.2, 1.8])
def test_an_interrupted_export_leaves_the_old_file_or_the_whole_new_one(
    tmp_path: Path, corpus: tuple[Path, dict[str, int]], signum: int, after: float
) -> None:
    texts, _ = corpus
    db = tmp_path / "a.db"
    url = f"sqlite:///{db}"
    with sqlite3.connect(texts.parent / "reference.db") as source, sqlite3.connect(db) as copy:
        source.backup(copy)
    complete = tmp_path / "complete.jsonl"
    assert run(url, "export", "--include-unlabelled", "-o", str(complete)).exit_code == 0
    expected = complete.read_bytes()
    assert expected.count(b"\n") == FILES * 60  # every content sentence, headlines aside
    target = tmp_path / "labels.jsonl"
    target.write_bytes(b"the previous export\n")
    _stop(_annotator(db, "export", "--include-unlabelled", "-o", str(target)), signum, after)
    assert target.read_bytes() in (b"the previous export\n", expected)
    # SIGINT and SIGTERM also remove the temporary file; only SIGKILL, which no process
    # outlives, can leave one (hidden, never the target).
    strays = [p.name for p in tmp_path.iterdir() if "labels.jsonl" in p.name and p != target]
    assert not strays or signum == signal.SIGKILL, strays
