"""Read documents from a folder or files of .txt (with an optional manifest), a JSONL
file of records, or a CSV with a text column. Readers validate everything they read and
raise IngestError naming the file and line; they never touch the database."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.ingest.records import DocumentRecord, IngestError, parse_date

MANIFEST_NAMES = ("manifest.csv", "manifest.jsonl")
MANIFEST_COLUMNS = frozenset({"file", "date", "source", "title", "url", "language", "id"})
RECORD_KEYS = frozenset({"text", "date", "source", "title", "url", "language", "id", "meta"})
CSV_TEXT_COLUMNS = ("text", "body", "content")
CSV_KNOWN_COLUMNS = frozenset({"date", "source", "title", "url", "language", "id"})
_BINARY_SNIFF = 8192


def read_text_file(path: Path) -> str:
    """UTF-8 text (a BOM is dropped, CRLF folded); binary, non-UTF-8 and empty files
    are errors naming the line where the trouble starts."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(str(path), None, exc.strerror or str(exc)) from exc
    if b"\x00" in data[:_BINARY_SNIFF]:
        raise IngestError(str(path), None, "binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise IngestError(
            str(path), line, f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from exc
    if not text.strip():
        raise IngestError(str(path), None, "empty file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _date_fields(value: Any, path: str, line: int | None) -> dict[str, Any]:
    try:
        date, precision = parse_date(None if value is None else str(value))
    except ValueError as exc:
        raise IngestError(path, line, str(exc)) from exc
    return {"date": date, "date_precision": precision}


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def read_manifest(path: Path) -> dict[str, tuple[int, dict[str, str]]]:
    """file name -> (line, row) from a CSV or JSONL manifest; unknown columns are errors."""
    text = read_text_file(path)
    rows: dict[str, tuple[int, dict[str, str]]] = {}
    if path.suffix.lower() == ".jsonl":
        entries = [(n, obj) for n, obj in _json_lines(text, path)]
    else:
        reader = csv.DictReader(io.StringIO(text))
        unknown = [c for c in (reader.fieldnames or []) if c not in MANIFEST_COLUMNS]
        if unknown:
            raise IngestError(
                str(path),
                1,
                f"unknown manifest column {unknown[0]!r} "
                f"(known: {', '.join(sorted(MANIFEST_COLUMNS))})",
            )
        entries = [(reader.line_num, dict(row)) for row in reader]
    for line, row in entries:
        unknown = [key for key in row if key not in MANIFEST_COLUMNS]
        if unknown:
            raise IngestError(str(path), line, f"unknown manifest column {unknown[0]!r}")
        name = _clean(row.get("file"))
        if not name:
            raise IngestError(str(path), line, "manifest row without a 'file'")
        if name in rows:
            raise IngestError(str(path), line, f"{name!r} is listed twice")
        rows[name] = (line, {k: v for k, v in row.items() if v is not None})
    return rows


def find_manifest(folder: Path) -> Path | None:
    for name in MANIFEST_NAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def txt_records(
    files: list[Path], manifest: Path | None = None
) -> Iterator[tuple[Path, DocumentRecord | IngestError]]:
    """(file, its record or the error that stops it): one per text file, after one per
    manifest row naming a file that does not exist."""
    entries = read_manifest(manifest) if manifest else {}
    if manifest:
        for name, (row_line, _row) in entries.items():
            if not (manifest.parent / name).is_file():
                yield (
                    manifest,
                    IngestError(str(manifest), row_line, f"file {name!r} does not exist"),
                )
    for path in files:
        entry = entries.get(path.name)
        line: int | None = entry[0] if entry else None
        row = entry[1] if entry else {}
        try:
            text = read_text_file(path)
            fields = _date_fields(row.get("date"), str(manifest or path), line)
        except IngestError as exc:
            yield path, exc
            continue
        yield (
            path,
            DocumentRecord(
                text=text,
                origin=path.name,
                title=_clean(row.get("title")),
                source=_clean(row.get("source")),
                url=_clean(row.get("url")),
                language=_clean(row.get("language")) or "en",
                external_id=_clean(row.get("id")) or path.name,
                **fields,
            ),
        )


def _json_lines(text: str, path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise IngestError(str(path), number, f"malformed JSON: {exc.msg}") from exc
        if not isinstance(obj, dict):
            raise IngestError(str(path), number, "expected a JSON object")
        yield number, obj


def jsonl_records(path: Path) -> list[DocumentRecord]:
    """All records of a JSONL file, or IngestError: the file imports whole or not at all."""
    text = read_text_file(path)
    records = []
    for number, obj in _json_lines(text, path):
        unknown = sorted(set(obj) - RECORD_KEYS)
        if unknown:
            raise IngestError(str(path), number, f"unknown key {unknown[0]!r} (put it in 'meta')")
        body = obj.get("text")
        if not isinstance(body, str) or not body.strip():
            raise IngestError(str(path), number, "record without 'text'")
        meta = obj.get("meta") or {}
        if not isinstance(meta, dict):
            raise IngestError(str(path), number, "'meta' must be an object")
        records.append(
            DocumentRecord(
                text=body.replace("\r\n", "\n"),
                origin=f"{path.name}:{number}",
                title=_clean(obj.get("title")),
                source=_clean(obj.get("source")),
                url=_clean(obj.get("url")),
                language=_clean(obj.get("language")) or "en",
                external_id=_clean(obj.get("id")),
                meta=meta,
                **_date_fields(obj.get("date"), str(path), number),
            )
        )
    return records


def csv_records(path: Path) -> list[DocumentRecord]:
    """A CSV with a text column (text, body or content); other unknown columns go to meta."""
    text = read_text_file(path)
    reader = csv.DictReader(io.StringIO(text))
    columns = reader.fieldnames or []
    text_column = next((c for c in CSV_TEXT_COLUMNS if c in columns), None)
    if text_column is None:
        raise IngestError(str(path), 1, f"no text column (one of: {', '.join(CSV_TEXT_COLUMNS)})")
    records = []
    try:
        for row in reader:
            line = reader.line_num
            if None in row:
                raise IngestError(str(path), line, "more fields than the header has")
            body = row.get(text_column) or ""
            if not body.strip():
                raise IngestError(str(path), line, f"empty {text_column!r}")
            meta = {
                k: v
                for k, v in row.items()
                if k not in CSV_KNOWN_COLUMNS and k != text_column and v not in (None, "")
            }
            records.append(
                DocumentRecord(
                    text=body.replace("\r\n", "\n"),
                    origin=f"{path.name}:{line}",
                    title=_clean(row.get("title")),
                    source=_clean(row.get("source")),
                    url=_clean(row.get("url")),
                    language=_clean(row.get("language")) or "en",
                    external_id=_clean(row.get("id")),
                    meta=meta,
                    **_date_fields(row.get("date"), str(path), line),
                )
            )
    except csv.Error as exc:
        raise IngestError(str(path), reader.line_num, f"malformed CSV: {exc}") from exc
    return records
