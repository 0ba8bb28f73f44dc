"""Import documents: one transaction per input file, every error named and counted."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from annotator.ingest.readers import (
    csv_records,
    find_manifest,
    is_file,
    jsonl_records,
    read_manifest,
    txt_records,
)
from annotator.ingest.records import DocumentRecord, IngestError
from annotator.ingest.store import SourceLines, StoreStatus, store_documents, stored_kinds
from models.collector import paused
from models.db import session_scope


@dataclass
class ImportSummary:
    documents: Counter[str] = field(default_factory=Counter)  # by StoreStatus
    sentences: Counter[str] = field(default_factory=Counter)  # by kind as stored, new documents
    undated: int = 0
    errors: list[IngestError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportUnit:
    """One input file: imported whole or not at all."""

    path: Path
    read: Callable[[], list[DocumentRecord]]


def _txt_unit(record: DocumentRecord | IngestError, path: Path) -> ImportUnit:
    def read() -> list[DocumentRecord]:
        if isinstance(record, IngestError):
            raise record
        return [record]

    return ImportUnit(path, read)


def plan(paths: list[Path], manifest: Path | None = None) -> Iterator[ImportUnit]:
    """Expand folders and files into units. A folder's manifest names its files (paths
    relative to the folder); without one, every .txt in it is a document and other
    files are left alone."""
    loose_txt: list[Path] = []
    for path in paths:
        try:
            kind = "folder" if path.is_dir() else "file" if path.exists() else None
        except OSError as exc:  # e.g. a name longer than the system allows
            yield _txt_unit(IngestError(str(path), None, exc.strerror or str(exc)), path)
            continue
        if kind == "folder":
            yield from _folder_units(path, manifest)
        elif kind is None:
            yield _txt_unit(IngestError(str(path), None, "no such file or folder"), path)
        elif path.suffix.lower() == ".jsonl":
            yield ImportUnit(path, partial(jsonl_records, path))
        elif path.suffix.lower() == ".csv":
            yield ImportUnit(path, partial(csv_records, path))
        else:
            loose_txt.append(path)
    if loose_txt:
        try:
            for file, item in txt_records(loose_txt, manifest):
                yield _txt_unit(item, file)
        except IngestError as exc:
            yield _txt_unit(exc, manifest or loose_txt[0])


def _folder_units(folder: Path, manifest: Path | None) -> Iterator[ImportUnit]:
    folder_manifest = manifest or find_manifest(folder)
    try:
        if folder_manifest:
            names = list(read_manifest(folder_manifest))
            files = [folder / n for n in names if is_file(folder / n)]
        else:
            files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".txt")
        for file, item in txt_records(files, folder_manifest, folder):
            yield _txt_unit(item, file)
    except IngestError as exc:
        yield _txt_unit(exc, folder_manifest or folder)
    except OSError as exc:
        yield _txt_unit(IngestError(str(folder), None, exc.strerror or str(exc)), folder)


def run_import(
    engine: Engine,
    units: list[ImportUnit],
    on_progress: Callable[[ImportSummary], None] | None = None,
    *,
    debug: bool = False,
) -> ImportSummary:
    """Import each unit in its own transaction; `on_progress` sees the running summary
    after every file. A unit that fails, however unexpectedly, is reported with its
    file and the others still import (`debug` re-raises the unexpected instead)."""
    summary = ImportSummary()
    source_lines = SourceLines()
    new_ids: list[str] = []
    for unit in units:
        try:
            with paused():
                records = unit.read()
                with session_scope(engine) as session:
                    stored = store_documents(session, records, source_lines)
        except IngestError as exc:
            summary.errors.append(exc)
        except SQLAlchemyError as exc:
            source_lines.forget()
            summary.errors.append(IngestError(str(unit.path), None, database_reason(exc)))
        except Exception as exc:
            source_lines.forget()
            if debug:
                raise
            summary.errors.append(
                IngestError(str(unit.path), None, f"unexpected {type(exc).__name__}: {exc}")
            )
        else:
            for record, doc in zip(records, stored, strict=True):
                summary.documents[doc.status] += 1
                summary.sentences.update(doc.kinds)
                if doc.status != StoreStatus.unchanged:
                    new_ids.append(doc.id)
                    if record.date is None:
                        summary.undated += 1
                        summary.warnings.append(
                            f"{record.origin}: no date; left out of time reports"
                        )
        if on_progress:
            on_progress(summary)
    if new_ids:
        # Lines repeated across documents are re-marked after they were first counted.
        summary.sentences = stored_kinds(engine, new_ids)
    return summary


def database_reason(exc: SQLAlchemyError) -> str:
    """One line for a database error: what the database said, never the SQL, its
    parameters (document text) or DETAIL lines."""
    reason = str(getattr(exc, "orig", None) or type(exc).__name__).strip().splitlines()
    return f"database error: {reason[0] if reason else type(exc).__name__}; nothing stored"
