"""An interrupted export never leaves a truncated file under the target name."""

from __future__ import annotations

import errno
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

import exports.query
import exports.writers
from exports.native import write_native
from exports.query import ExportFilter
from exports.writers import ExportFormat, export
from tests.export_helpers import label_sample, run


class Interrupted(Exception):
    pass


def fail_after(monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    """Every format's lines come from exports.query.iter_pages (records through
    iter_records): make it fail once `count` items are out."""
    pages = exports.query.iter_pages

    def failing(engine: Engine, filters: ExportFilter, builder: Any) -> Iterator[list[Any]]:
        left = count
        for page in pages(engine, filters, builder):
            if len(page) >= left:
                yield page[:left]
                raise Interrupted
            left -= len(page)
            yield page

    monkeypatch.setattr(exports.query, "iter_pages", failing)
    monkeypatch.setattr(exports.writers, "iter_pages", failing)


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_failure_mid_way_keeps_the_old_file_and_leaves_no_temporary(
    sample_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: ExportFormat
) -> None:
    label_sample(sample_engine)
    target = tmp_path / "out" / "labels.export"
    target.parent.mkdir()
    target.write_text("previous export\n", encoding="utf-8")
    fail_after(monkeypatch, 3)
    with pytest.raises(Interrupted):
        export(sample_engine, fmt, target, ExportFilter(include_unlabelled=True))
    assert target.read_text(encoding="utf-8") == "previous export\n"
    assert [p.name for p in target.parent.iterdir()] == ["labels.export"]


def test_failure_mid_way_creates_no_file(
    sample_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "new.jsonl"
    fail_after(monkeypatch, 10)
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


class FullDisk(io.BytesIO):
    """A file that takes one page and then fails as a full disk does."""

    def write(self, data: Any) -> int:
        if self.tell():
            raise OSError(errno.ENOSPC, "No space left on device")
        return super().write(data)


def test_a_failed_write_is_raised_and_no_later_page_is_written() -> None:
    pages = [[b"a\n", b"b\n"], [b"c\n"], [b"d\n"], [b"e\n"]]
    out = FullDisk()
    with pytest.raises(OSError, match="No space left"):
        write_native(iter(pages), out)
    assert out.getvalue() == b"a\nb\n"
