"""The sample corpus with a codebook that lacks one of its speakers, so the suggester
meets a real sentence whose speaker is new ("Japan's top government spokesman
Yoshihide Suga described …" once Suga has no entry)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from annotator.ingest.importer import plan, run_import
from models.codebook import parse_codebook, store_codebook
from models.db import open_database, session_scope
from tests.conftest import SAMPLE

SUGA_SENTENCE = "top government spokesman Yoshihide Suga described"


def without_actor(source: str, actor_id: str) -> str:
    """The codebook's TOML text with one [[actors]] entry cut out."""
    entries = re.split(r"(?m)^(?=\[\[)", source)
    kept = [e for e in entries if not (e.startswith("[[actors]]") and f'id = "{actor_id}"' in e)]
    assert len(kept) == len(entries) - 1
    return "".join(kept)


@pytest.fixture
def sample_without_suga(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(f"sqlite:///{tmp_path / 'annotations.db'}")
    source = without_actor((SAMPLE / "codebook.toml").read_text(encoding="utf-8"), "suga")
    with session_scope(engine) as session:
        store_codebook(session, parse_codebook(source), source)
    assert not run_import(engine, list(plan([SAMPLE]))).errors
    yield engine
    engine.dispose()
