"""An interrupted export never leaves a truncated file under the target name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

import exports.writers
from exports.query import ExportFilter, iter_records
from exports.records import DecisionRecord
from exports.writers import ExportFormat, export
from tests.export_helpers import label_sample, run


class Interrupted(Exception):
    pass


def failing_after(count: int) -> object:
    def records(engine: Engine, filters: ExportFilter) -> Iterator[DecisionRecord]:
        for number, record in enumerate(iter_records(engine, filters)):
            if number == count:
                raise Interrupted
            yield record

    return records


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_failure_mid_way_keeps_the_old_file_and_leaves_no_temporary(
    sample_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: ExportFormat
) -> None:
    label_sample(sample_engine)
    target = tmp_path / "out" / "labels.export"
    target.parent.mkdir()
    target.write_text("previous export\n", encoding="utf-8")
    monkeypatch.setattr(exports.writers, "iter_records", failing_after(3))
    with pytest.raises(Interrupted):
        export(sample_engine, fmt, target, ExportFilter(include_unlabelled=True))
    assert target.read_text(encoding="utf-8") == "previous export\n"
    assert [p.name for p in target.parent.iterdir()] == ["labels.export"]


def test_failure_mid_way_creates_no_file(
    sample_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "new.jsonl"
    monkeypatch.setattr(exports.writers, "iter_records", failing_after(10))
    with pytest.raises(Interrupted):
        export(sample_engine, ExportFormat.jsonl, target, ExportFilter(include_unlabelled=True))
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".new.jsonl")]


def test_success_replaces_the_file(sample_engine: Engine, db_url: str, tmp_path: Path) -> None:
    label_sample(sample_engine)
    target = tmp_path / "labels.jsonl"
    target.write_text("previous export\n", encoding="utf-8")
    result = run("export", "--db", db_url, "-o", str(target))
    assert result.exit_code == 0
    assert "exported 5 lines (jsonl)" in result.stderr
    assert len(target.read_text(encoding="utf-8").splitlines()) == 5
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".part"]
