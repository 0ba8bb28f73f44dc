"""Read documents from a folder or files of .txt (with an optional manifest), a JSONL
file of records, or a CSV with a text column. Readers validate everything they read and
raise IngestError naming the file and line; they never touch the database."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from annotator.ingest.records import DocumentRecord, IngestError, parse_date
from models.text import check_text, loads_strict

MANIFEST_NAMES = ("manifest.csv", "manifest.jsonl")
MANIFEST_COLUMNS = frozenset({"file", "date", "source", "title", "url", "language", "id"})
RECORD_KEYS = frozenset({"text", "date", "source", "title", "url", "language", "id", "meta"})
CSV_TEXT_COLUMNS = ("text", "body", "content")
CSV_KNOWN_COLUMNS = frozenset({"date", "source", "title", "url", "language", "id"})
_BINARY_SNIFF = 8192
# A CSV field may hold a whole article (the csv module's default stops at 128 KiB).
MAX_CSV_FIELD = 64 * 1024 * 1024
csv.field_size_limit(MAX_CSV_FIELD)
NAME_MAX = 255  # bytes in one file name component, as file systems allow


def read_text_file(path: Path) -> str:
    """UTF-8 text (a BOM is dropped, CRLF folded); binary, non-UTF-8 and empty files
    are errors naming the line where the trouble starts."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(str(path), None, exc.strerror or str(exc)) from exc
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data[:nul].count(b"\n") + 1
        what = "binary file (NUL bytes), not text" if nul < _BINARY_SNIFF else "NUL byte"
        raise IngestError(str(path), line, what)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise IngestError(
            str(path), line, f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from exc
    if not text or text.isspace():  # as `not text.strip()`, without copying the file
        raise IngestError(str(path), 1, "empty file")
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


def _csv_rows(
    text: str, path: Path, known: frozenset[str] | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) of a CSV with a header; duplicate (or, given `known`, unknown)
    columns, stray quotes, an unclosed quote and rows longer than the header are
    errors naming their line."""
    reader = csv.DictReader(io.StringIO(text), strict=True)
    start = 1
    try:
        columns = reader.fieldnames or []
        duplicates = sorted({c for c in columns if columns.count(c) > 1})
        if duplicates:
            raise IngestError(str(path), 1, f"column {duplicates[0]!r} appears twice")
        unknown = [c for c in columns if known is not None and c not in known]
        if unknown:
            raise IngestError(str(path), 1, _unknown_column(unknown[0]))
        start = reader.line_num + 1
        for row in reader:
            if None in row:
                raise IngestError(str(path), reader.line_num, "more fields than the header has")
            yield reader.line_num, row
            start = reader.line_num + 1
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise IngestError(str(path), start, "unclosed quote (it runs to the end)") from exc
        raise IngestError(str(path), start, f"malformed CSV: {exc}") from exc


def manifest_key(name: str, path: Path, line: int) -> str:
    """A manifest's file name as a relative path inside its folder, or IngestError:
    absolute paths and '..' are refused, so a manifest cannot reach outside."""
    posix = PurePosixPath(name.replace("\\", "/"))
    if posix.is_absolute() or Path(name).is_absolute() or Path(name).drive:
        raise IngestError(
            str(path), line, f"{name!r}: absolute path; give it relative to the folder"
        )
    if ".." in posix.parts:
        raise IngestError(str(path), line, f"{name!r}: path leaves the folder ('..')")
    if any(len(part.encode("utf-8")) > NAME_MAX for part in posix.parts):
        raise IngestError(str(path), line, f"file name longer than {NAME_MAX} bytes")
    return posix.as_posix()


def _unknown_column(name: str) -> str:
    return f"unknown manifest column {name!r} (known: {', '.join(sorted(MANIFEST_COLUMNS))})"


def read_manifest(path: Path) -> dict[str, tuple[int, dict[str, str]]]:
    """relative path -> (line, row) from a CSV or JSONL manifest; unknown columns,
    paths outside the folder and names listed twice are errors."""
    text = read_text_file(path)
    rows: dict[str, tuple[int, dict[str, str]]] = {}
    if path.suffix.lower() == ".jsonl":
        entries: Iterator[tuple[int, dict[str, Any]]] = _json_lines(text, path)
    else:
        entries = _csv_rows(text, path, MANIFEST_COLUMNS)
    for line, row in entries:
        unknown = [key for key in row if key not in MANIFEST_COLUMNS]
        if unknown:
            raise IngestError(str(path), line, _unknown_column(unknown[0]))
        for key, value in row.items():
            if value is not None and not isinstance(value, str):
                raise IngestError(
                    str(path), line, f"{key!r}: expected a string, got {type(value).__name__}"
                )
        name = _clean(row.get("file"))
        if not name:
            raise IngestError(str(path), line, "manifest row without a 'file'")
        key = manifest_key(name, path, line)
        if key in rows:
            raise IngestError(str(path), line, f"{name!r} is listed twice")
        rows[key] = (line, {k: v for k, v in row.items() if v is not None})
    return rows


def is_file(path: Path) -> bool:
    """Path.is_file, with names the system refuses (too long) counted as missing."""
    try:
        return path.is_file()
    except OSError:
        return False


def find_manifest(folder: Path) -> Path | None:
    for name in MANIFEST_NAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def txt_records(
    files: list[Path], manifest: Path | None = None, base: Path | None = None
) -> Iterator[tuple[Path, DocumentRecord | IngestError]]:
    """(file, its record or the error that stops it): one per text file, after one per
    manifest row naming a file that does not exist. Manifest rows name files by their
    path relative to `base` (the folder; by default the manifest's)."""
    entries = read_manifest(manifest) if manifest else {}
    folder = base or (manifest.parent if manifest else Path())
    if manifest:
        for name, (row_line, _row) in entries.items():
            if not _inside(folder, folder / name):
                yield (
                    manifest,
                    IngestError(str(manifest), row_line, f"{name!r}: path leaves the folder"),
                )
            elif not is_file(folder / name):
                yield (
                    manifest,
                    IngestError(str(manifest), row_line, f"file {name!r} does not exist"),
                )
    for path in files:
        key = _relative_key(folder, path)
        entry = entries.get(key)
        line: int | None = entry[0] if entry else None
        row = entry[1] if entry else {}
        try:
            try:
                check_text(key)
            except ValueError as exc:
                raise IngestError(str(path), None, "file name is not UTF-8; rename it") from exc
            text = read_text_file(path)
            fields = _date_fields(row.get("date"), str(manifest or path), line)
        except IngestError as exc:
            yield path, exc
            continue
        yield (
            path,
            DocumentRecord(
                text=text,
                origin=key,
                title=_clean(row.get("title")),
                source=_clean(row.get("source")),
                url=_clean(row.get("url")),
                language=_clean(row.get("language")) or "en",
                external_id=_clean(row.get("id")) or key,
                **fields,
            ),
        )


def _inside(folder: Path, path: Path) -> bool:
    """Whether `path`, symbolic links followed, stays inside `folder`."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return True  # an unresolvable name is reported as missing instead


def _relative_key(folder: Path, path: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.name


def _json_lines(text: str, path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            obj = loads_strict(raw)
        except ValueError as exc:
            raise IngestError(str(path), number, str(exc)) from exc
        if not isinstance(obj, dict):
            raise IngestError(str(path), number, "expected a JSON object")
        yield number, obj


def _string(obj: dict[str, Any], key: str, path: Path, line: int) -> str | None:
    """A record's text field: a string or null, never another type stringified."""
    value = obj.get(key)
    if value is None or isinstance(value, str):
        return value
    raise IngestError(str(path), line, f"{key!r}: expected a string, got {type(value).__name__}")


def jsonl_records(path: Path) -> list[DocumentRecord]:
    """All records of a JSONL file, or IngestError: the file imports whole or not at all."""
    text = read_text_file(path)
    records = []
    for number, obj in _json_lines(text, path):
        unknown = sorted(set(obj) - RECORD_KEYS)
        if unknown:
            raise IngestError(str(path), number, f"unknown key {unknown[0]!r} (put it in 'meta')")
        body = _string(obj, "text", path, number)
        if body is None or not body.strip():
            raise IngestError(str(path), number, "record without 'text'")
        meta = obj.get("meta") or {}
        if not isinstance(meta, dict):
            raise IngestError(str(path), number, "'meta' must be an object")
        external_id = obj.get("id")
        if isinstance(external_id, bool) or not isinstance(external_id, str | int | None):
            raise IngestError(
                str(path), number, f"'id': expected a string, got {type(external_id).__name__}"
            )
        records.append(
            DocumentRecord(
                text=body.replace("\r\n", "\n"),
                origin=f"{path.name}:{number}",
                title=_clean(_string(obj, "title", path, number)),
                source=_clean(_string(obj, "source", path, number)),
                url=_clean(_string(obj, "url", path, number)),
                language=_clean(_string(obj, "language", path, number)) or "en",
                external_id=_clean(external_id),
                meta=meta,
                **_date_fields(_string(obj, "date", path, number), str(path), number),
            )
        )
    return records


def csv_records(path: Path) -> list[DocumentRecord]:
    """A CSV with a text column (text, body or content); other unknown columns go to meta."""
    text = read_text_file(path)
    records = []
    text_column = None
    for line, row in _csv_rows(text, path):
        if text_column is None:
            text_column = next((c for c in CSV_TEXT_COLUMNS if c in row), None)
            if text_column is None:
                raise IngestError(
                    str(path), 1, f"no text column (one of: {', '.join(CSV_TEXT_COLUMNS)})"
                )
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
    if text_column is None:
        header = next(csv.reader(io.StringIO(text)), [])
        if not any(c in header for c in CSV_TEXT_COLUMNS):
            raise IngestError(
                str(path), 1, f"no text column (one of: {', '.join(CSV_TEXT_COLUMNS)})"
            )
    return records
