"""Shared pieces of the label readers: JSON lines with their numbers, type checks
that name the line, and the statement shape other tools' records may carry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from exports.records import LabelError, SentenceRef, StatementIn
from models.text import loads_strict


def json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, value) for each non-blank line; malformed JSON names its line."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise LabelError(str(path), None, exc.strerror or str(exc)) from exc
    with handle:
        yield from numbered_json_lines(path, handle)


def numbered_json_lines(path: Path, handle: IO[bytes]) -> Iterator[tuple[int, Any]]:
    """`json_lines` of an open byte stream (a file, or a member of a zip) named `path`."""
    for number, raw in enumerate(handle, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise LabelError(str(path), number, "not UTF-8 text") from exc
        if not line.strip():
            continue
        try:
            value = loads_strict(line)
        except ValueError as exc:  # malformed, NaN, too deep, NUL, lone surrogate
            raise LabelError(str(path), number, str(exc)) from exc
        yield number, value


class Line:
    """One record being read: typed access to its keys, errors that name the line."""

    def __init__(self, path: Path, number: int, value: Any):
        self.path = path
        self.number = number
        if not isinstance(value, dict):
            raise self.error(f"expected a JSON object, got {type(value).__name__}")
        self.value: dict[str, Any] = value

    def error(self, message: str) -> LabelError:
        return LabelError(str(self.path), self.number, message)

    def text(self, obj: dict[str, Any], key: str, where: str = "") -> str | None:
        value = obj.get(key)
        if value is None or isinstance(value, str):
            return value
        raise self.error(f"{where}{key}: expected a string, got {type(value).__name__}")

    def integer(self, obj: dict[str, Any], key: str, where: str = "") -> int | None:
        value = obj.get(key)
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        raise self.error(f"{where}{key}: expected an integer, got {type(value).__name__}")

    def mapping(self, obj: dict[str, Any], key: str) -> dict[str, Any]:
        value = obj.get(key)
        if value is None:
            return {}
        if isinstance(value, dict):
            return value
        raise self.error(f"{key}: expected an object, got {type(value).__name__}")

    def items(self, obj: dict[str, Any], key: str) -> list[Any]:
        value = obj.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return value
        raise self.error(f"{key}: expected a list, got {type(value).__name__}")

    def statement(self, obj: Any, where: str) -> StatementIn:
        """A statement object with our keys (speaker, claim, stance, side, ...)."""
        if not isinstance(obj, dict):
            raise self.error(f"{where}: expected an object, got {type(obj).__name__}")
        score = obj.get("score")
        if score is not None and (isinstance(score, bool) or not isinstance(score, int | float)):
            raise self.error(f"{where}.score: expected a number")
        return StatementIn(
            speaker=self.text(obj, "speaker", f"{where}."),
            claim=self.text(obj, "claim", f"{where}."),
            stance=self.text(obj, "stance", f"{where}."),
            side=self.text(obj, "side", f"{where}."),
            speaker_name=self.text(obj, "speaker_name", f"{where}."),
            score=float(score) if score is not None else None,
            note=self.text(obj, "note", f"{where}."),
        )

    def sentence_ref(self, meta: dict[str, Any], text: str | None) -> SentenceRef:
        return SentenceRef(
            sentence_id=self.text(meta, "sentence_id", "meta."),
            document_id=self.text(meta, "document_id", "meta."),
            text=text,
            index=self.integer(meta, "index", "meta."),
        )


def as_utc(value: datetime) -> datetime:
    """Aware UTC: SQLite keeps a timestamp's wall clock and drops its offset, so every
    timestamp read from a file is converted before it is stored (naive means UTC)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def parse_timestamp(line: Line, value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise line.error(f"expected an ISO 8601 timestamp, got {value!r}")
    try:
        return as_utc(datetime.fromisoformat(value))
    except ValueError as exc:
        raise line.error(f"not an ISO 8601 timestamp: {value!r}") from exc


def from_unix(seconds: Any) -> datetime | None:
    if isinstance(seconds, int | float) and not isinstance(seconds, bool):
        return datetime.fromtimestamp(seconds, UTC)
    return None
