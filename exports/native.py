"""The native JSONL format: one line per decision, lossless, with a JSON Schema.

Keys are written in one fixed order (the order of `native_line`) and lines in the
export order of `exports.query`, so an export, an import into an empty database with
the same documents and codebook, and a second export give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

import orjson
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import best_match

from exports.reading import Line, json_lines, parse_timestamp
from exports.records import (
    DecisionRecord,
    LabelError,
    LabelRecord,
    SentenceRef,
    StatementIn,
    StatementRecord,
    utc_text,
)
from models.tables import DecisionKind, DecisionRole

SCHEMA_PATH = Path(__file__).with_name("decision.schema.json")


# Distinct statement lists kept encoded; past this many the cache starts again.
MAX_STATEMENT_LISTS = 100_000


def schema_text() -> str:
    return SCHEMA_PATH.read_text(encoding="utf-8")


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(schema_text()), format_checker=FormatChecker())


def document_object(record: DecisionRecord) -> dict[str, Any]:
    return {
        "title": record.title,
        "date": record.date.isoformat() if record.date else None,
        "source": record.source,
        "url": record.url,
    }


def statement_object(s: StatementRecord) -> dict[str, Any]:
    return {
        "speaker": s.speaker,
        "speaker_name": s.speaker_name,
        "side": s.side,
        "claim": s.claim,
        "claim_label": s.claim_label,
        "stance": s.stance,
        "score": s.score,
        "from_suggestion": s.from_suggestion,
        "suggestion_source": s.suggestion_source,
        "note": s.note,
    }


def native_line(
    record: DecisionRecord, document: Any = None, statements: Any = None
) -> dict[str, Any]:
    """The line's keys in their fixed order. `document` and `statements` may be passed
    in already encoded (`orjson.Fragment`), as `write_native` does."""
    created = utc_text(record.created_at)
    updated = created if record.updated_at == record.created_at else utc_text(record.updated_at)
    return {
        "document_id": record.document_id,
        "document": document_object(record) if document is None else document,
        "sentence_id": record.sentence_id,
        "index": record.sentence_index,
        "start": record.start,
        "end": record.end,
        "kind": record.kind,
        "text": record.text,
        "annotator": record.annotator,
        "role": record.role,
        "decision": record.decision,
        "statements": (
            [statement_object(s) for s in record.statements] if statements is None else statements
        ),
        "created_at": created,
        "updated_at": updated,
        "codebook_version": record.codebook_version,
    }


def write_native(records: Iterable[DecisionRecord], out: BinaryIO) -> int:
    """Compact JSON, UTF-8 as is, keys in insertion order, one line per record.

    What repeats is encoded once: a document's object for all its lines, and each
    distinct list of statements (few speakers x claims x stances), which the line then
    embeds as a ready `orjson.Fragment`."""
    count = 0
    write = out.write
    dumps = orjson.dumps
    fragment = orjson.Fragment
    newline = orjson.OPT_APPEND_NEWLINE
    document_id = None
    document = None
    encoded: dict[tuple[StatementRecord, ...], orjson.Fragment] = {}
    for record in records:
        if record.document_id != document_id:
            document_id = record.document_id
            document = fragment(dumps(document_object(record)))
        statements = encoded.get(record.statements)
        if statements is None:
            if len(encoded) >= MAX_STATEMENT_LISTS:
                encoded.clear()
            statements = encoded[record.statements] = fragment(
                dumps([statement_object(s) for s in record.statements])
            )
        write(dumps(native_line(record, document, statements), option=newline))
        count += 1
    return count


def _where(error: Any) -> str:
    parts = [str(p) for p in error.absolute_path]
    return (".".join(parts) + ": ") if parts else ""


def read_native(path: Path) -> Iterator[LabelRecord]:
    validator = _validator()
    for number, value in json_lines(path):
        error = best_match(validator.iter_errors(value))
        if error is not None:
            raise LabelError(str(path), number, f"{_where(error)}{error.message}")
        line = Line(path, number, value)
        decision = value.get("decision")
        statements = tuple(
            StatementIn(
                speaker=s["speaker"],
                claim=s["claim"],
                stance=s["stance"],
                side=s.get("side"),
                speaker_name=s.get("speaker_name"),
                score=s.get("score"),
                note=s.get("note"),
                from_suggestion=s.get("from_suggestion", False),
                suggestion_source=s.get("suggestion_source"),
            )
            for s in value.get("statements", [])
        )
        yield LabelRecord(
            line=number,
            ref=SentenceRef(
                sentence_id=value.get("sentence_id"),
                document_id=value.get("document_id"),
                text=value.get("text"),
                index=value.get("index"),
            ),
            annotator=value.get("annotator"),
            kind=DecisionKind(decision) if decision else None,
            statements=statements,
            role=DecisionRole(value.get("role") or DecisionRole.annotator.value),
            created_at=parse_timestamp(line, value.get("created_at")),
            updated_at=parse_timestamp(line, value.get("updated_at")),
            codebook_version=value.get("codebook_version"),
        )
