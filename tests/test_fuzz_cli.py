"""Property-based bad input through the real CLI (CliRunner, files on disk, a real
SQLite file): never a traceback, a failure names its file and line and exits non-zero,
and a refused file leaves the database as it was. The larger campaign with counts per
class is `python -m benchmarks.fuzz_cli`."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import Session, select

from models.db import open_database
from models.tables import Sentence
from tests.cli_helpers import run
from tests.conftest import SAMPLE, load_sample
from tests.fuzz_inputs import (
    check_run,
    codebook_text,
    db_counts,
    document_csv,
    document_jsonl,
    document_txt,
    hostile_text,
    label_jsonl,
    manifest_folder,
    raw_controls,
    reported_stored,
)

FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_names = itertools.count()


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Engine]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'annotations.db'}"
    engine = open_database(url)
    load_sample(engine)
    yield url, engine
    engine.dispose()


@pytest.fixture(scope="module")
def sentence_ids(sample_db: tuple[str, Engine]) -> list[str]:
    with Session(sample_db[1]) as session:
        return list(session.exec(select(Sentence.id).limit(20)).all())


def _import(db: tuple[str, Engine], folder: Path, suffix: str, data: bytes) -> None:
    url, engine = db
    path = folder / f"in{next(_names)}{suffix}"
    path.write_bytes(data)
    before = db_counts(engine)
    result = run(url, "import", str(path))
    if check_run(result, path) == "refused":
        assert db_counts(engine) == before  # nothing of the refused file stored


@FUZZ
@given(data=document_jsonl())
def test_document_jsonl(sample_db: tuple[str, Engine], tmp_path: Path, data: bytes) -> None:
    _import(sample_db, tmp_path, ".jsonl", data)


@FUZZ
@given(data=document_csv())
def test_document_csv(sample_db: tuple[str, Engine], tmp_path: Path, data: bytes) -> None:
    _import(sample_db, tmp_path, ".csv", data)


@FUZZ
@given(data=document_txt())
def test_document_txt(sample_db: tuple[str, Engine], tmp_path: Path, data: bytes) -> None:
    _import(sample_db, tmp_path, ".txt", data)


@FUZZ
@given(files=manifest_folder())
def test_manifest_folders(
    sample_db: tuple[str, Engine], tmp_path: Path, files: dict[str, bytes]
) -> None:
    url, engine = sample_db
    folder = tmp_path / f"corpus{next(_names)}"
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    before = db_counts(engine)
    result = run(url, "import", str(folder))
    check_run(result, folder / "manifest.csv")
    # Each file is its own transaction: a bad manifest row stores nothing, the good rows'
    # files import all the same, and the summary counts exactly what was stored.
    documents, sentences = reported_stored(result.stderr)
    after = db_counts(engine)
    assert (after[0] - before[0], after[1] - before[1]) == (documents, sentences)
    assert after[2:] == before[2:]


@FUZZ
@given(data=st.data())
def test_label_files(
    sample_db: tuple[str, Engine], sentence_ids: list[str], tmp_path: Path, data: st.DataObject
) -> None:
    url, engine = sample_db
    path = tmp_path / f"labels{next(_names)}.jsonl"
    path.write_bytes(data.draw(label_jsonl(sentence_ids)))
    before = db_counts(engine)
    result = run(url, "import", "--labels", str(path))
    if check_run(result, path) == "refused":
        assert db_counts(engine) == before


@FUZZ
@given(data=st.data())
def test_codebooks(sample_db: tuple[str, Engine], tmp_path: Path, data: st.DataObject) -> None:
    url, engine = sample_db
    path = tmp_path / f"book{next(_names)}.toml"
    sample = (SAMPLE / "codebook.toml").read_text(encoding="utf-8")
    path.write_text(data.draw(codebook_text(sample)), encoding="utf-8", errors="surrogatepass")
    before = db_counts(engine)
    result = run(url, "codebook", "load", str(path))
    if check_run(result, path) == "refused":
        assert db_counts(engine) == before


@settings(FUZZ, max_examples=30)  # three commands per example
@given(title=hostile_text, body=hostile_text, source=hostile_text)
def test_hostile_text_never_reaches_the_terminal(
    tmp_path: Path, title: str, body: str, source: str
) -> None:
    """Whatever a document holds, what the CLI shows carries no control character."""
    url = f"sqlite:///{tmp_path / 'shown.db'}"
    path = tmp_path / f"docs{next(_names)}.jsonl"
    record = {"text": f"Suga spoke. {body} It ended.", "title": title, "source": source}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    imported = run(url, "import", str(path))
    check_run(imported, path)
    for args in (("docs",), ("docs", "-f", "markdown"), ("docs", "-f", "json")):
        shown = run(url, *args)
        assert shown.exit_code == 0
        assert raw_controls(shown.stdout + shown.stderr) == []
