"""The native JSONL format: one line per decision, lossless, with a JSON Schema.

Keys are written in one fixed order (the order of `line_builder`'s parts) and lines in
the export order of `exports.query`, so an export, an import into an empty database with
the same documents and codebook, and a second export give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from exports.query import Build, Codebook, StatementKey
from exports.reading import Line, json_lines, parse_timestamp
from exports.records import (
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
def _validator() -> Any:
    # Imported here: reading labels needs jsonschema, an export does not (a tenth of
    # an export's start-up).
    from jsonschema import Draft202012Validator, FormatChecker

    return Draft202012Validator(json.loads(schema_text()), format_checker=FormatChecker())


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


def line_builder(codebook: Codebook) -> Build[bytes]:
    """The native line of a decision, straight from the export query's rows.

    A line's keys, in their fixed order, fall in five parts: the document's
    ("document_id", "document"), the sentence's ("sentence_id" ... "text"), the
    decision's ("annotator", "role", "decision"), its statements, and its own
    ("created_at", "updated_at", "codebook_version"). Each part is encoded as an object
    whose braces are cut off: compact orjson output is '{' + members joined by ',' +
    '}', so the parts joined by ',' are byte for byte the encoding of the whole line.
    What repeats is encoded once: a document's part for all its lines, a sentence's
    for its decisions, each distinct annotator/role/decision and each distinct list of
    statements (few speakers x claims x stances). Per line, only its own part is."""
    dumps = orjson.dumps
    version = codebook.versions.get
    statement = codebook.statement
    document_id: Any = None
    document = b""
    sentence_id: Any = None
    sentence = b""
    deciders: dict[tuple[Any, ...], bytes] = {}
    encoded: dict[tuple[StatementKey, ...], bytes] = {}

    def build(
        doc: tuple[Any, ...], row: tuple[Any, ...], statements: tuple[StatementKey, ...]
    ) -> bytes:
        nonlocal document_id, document, sentence_id, sentence
        if doc[0] != document_id:
            document_id = doc[0]
            _, title, date, source, url = doc
            document = dumps(
                {
                    "document_id": document_id,
                    "document": {
                        "title": title,
                        "date": date.isoformat() if date else None,
                        "source": source,
                        "url": url,
                    },
                }
            )[1:-1]
        if row[1] != sentence_id:
            sentence_id = row[1]
            sentence = dumps(
                {
                    "sentence_id": sentence_id,
                    "index": row[2],
                    "start": row[3],
                    "end": row[4],
                    "kind": row[5],
                    "text": row[6],
                }
            )[1:-1]
        decider = deciders.get(row[8:11])
        if decider is None:
            if len(deciders) >= MAX_STATEMENT_LISTS:
                deciders.clear()
            decider = deciders[row[8:11]] = dumps(
                {"annotator": row[8], "role": row[9], "decision": row[10]}
            )[1:-1]
        listed = encoded.get(statements)
        if listed is None:
            if len(encoded) >= MAX_STATEMENT_LISTS:
                encoded.clear()
            listed = encoded[statements] = dumps(
                {"statements": [statement_object(statement(key)) for key in statements]}
            )[1:-1]
        created = utc_text(row[11])
        updated = created if row[12] == row[11] else utc_text(row[12])
        own = dumps(
            {"created_at": created, "updated_at": updated, "codebook_version": version(row[13])}
        )[1:-1]
        return b"".join(
            (b"{", document, b",", sentence, b",", decider, b",", listed, b",", own, b"}\n")
        )

    return build


def write_native(pages: Iterable[list[bytes]], out: BinaryIO) -> int:
    """Compact JSON, UTF-8 as is, keys in their fixed order, one line per decision:
    `line_builder`'s lines (`exports.query.iter_pages`), a page of documents at a time.

    A page is written by a thread of its own while the next one is read and built
    (writing releases the GIL); one write at most is pending, and its error, such as a
    full disk, is raised here."""
    count = 0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="export-write") as writer:
        pending: Future[int] | None = None
        for lines in pages:
            page = b"".join(lines)
            if pending is not None:
                pending.result()
            pending = writer.submit(out.write, page)
            count += len(lines)
        if pending is not None:
            pending.result()
    return count


def _where(error: Any) -> str:
    parts = [str(p) for p in error.absolute_path]
    return (".".join(parts) + ": ") if parts else ""


def read_native(path: Path) -> Iterator[LabelRecord]:
    from jsonschema.exceptions import best_match

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
