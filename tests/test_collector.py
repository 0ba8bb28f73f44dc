"""The import pauses the garbage collector per file and always turns it back on, also
when a file fails."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import annotator.ingest.importer as importer
from annotator.ingest.importer import plan, run_import
from models.db import open_database


def test_each_file_is_stored_without_collections_and_the_collector_comes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text('{"text": "The minister said the talks will go on."}\n', encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "An unfinished record\n', encoding="utf-8")
    collector_during_store: list[bool] = []
    store = importer.store_documents

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        collector_during_store.append(gc.isenabled())
        return store(*args, **kwargs)

    monkeypatch.setattr(importer, "store_documents", spy)
    engine = open_database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    assert gc.isenabled()
    summary = run_import(engine, list(plan([bad, good])))
    engine.dispose()
    assert len(summary.errors) == 1 and "bad.jsonl" in str(summary.errors[0])
    assert sum(summary.documents.values()) == 1
    assert collector_during_store == [False]
    assert gc.isenabled()
