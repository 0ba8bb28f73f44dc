"""Prodigy JSONL: one record per decision, in the shape of a `choice` task.

Written: `text`, `meta` (document and sentence), `_input_hash` (of the text),
`_task_hash` (of the text and the accepted claims), `options` (the codebook's claims),
`accept` (the claims of the decision's statements), `answer` (statements → "accept",
no claim → "reject", skip → "ignore"), `_annotator_id`, `_session_id`, `_timestamp`
(Unix seconds of the last change), plus `speaker`, `side`, `claim`, `stance` of the
first statement and every statement in `statements`. An unlabelled sentence is a bare
task (no answer), ready to be annotated in Prodigy.

Read: the same keys; statements come from `statements`, else from top-level
`speaker`/`claim`/`stance`, else from `accept` (claim ids, as Prodigy's choice
interface saves them). A record without `answer` is a task, not a label.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

import orjson

from exports.hashing import hash32
from exports.reading import Line, from_unix, json_lines
from exports.records import DecisionRecord, LabelRecord, StatementIn, unix_seconds
from models.tables import DecisionKind

ANSWERS = {
    DecisionKind.statements.value: "accept",
    DecisionKind.no_claim.value: "reject",
    DecisionKind.skip.value: "ignore",
}


def _encode(value: Any) -> str:
    """Compact JSON, UTF-8 as is, keys in insertion order (orjson: fast enough to
    keep exports at 100,000+ lines/s)."""
    return orjson.dumps(value).decode("utf-8")


def prodigy_record(record: DecisionRecord, options: list[dict[str, str]]) -> dict[str, Any]:
    accept = list(dict.fromkeys(s.claim for s in record.statements))
    task: dict[str, Any] = {
        "text": record.text,
        "meta": {
            "document_id": record.document_id,
            "sentence_id": record.sentence_id,
            "index": record.sentence_index,
            "title": record.title,
            "source": record.source,
            "date": record.date.isoformat() if record.date else None,
            "url": record.url,
        },
        "_input_hash": hash32(record.text),
        "_task_hash": hash32(record.text, *accept),
        "options": options,
    }
    if record.decision is None:
        return task
    first = record.statements[0] if record.statements else None
    stamp = record.updated_at or record.created_at
    task.update(
        {
            "accept": accept,
            "answer": ANSWERS[record.decision],
            "_annotator_id": record.annotator,
            "_session_id": record.annotator,
            "_timestamp": unix_seconds(stamp),
            "speaker": first.speaker if first else None,
            "side": first.side if first else None,
            "claim": first.claim if first else None,
            "stance": first.stance if first else None,
            "statements": [
                {
                    "speaker": s.speaker,
                    "side": s.side,
                    "claim": s.claim,
                    "stance": s.stance,
                    "score": s.score,
                    "note": s.note,
                }
                for s in record.statements
            ],
        }
    )
    return task


def write_prodigy(
    records: Iterable[DecisionRecord], out: TextIO, claims: list[tuple[str, str]]
) -> int:
    options = [{"id": claim_id, "text": label} for claim_id, label in claims]
    count = 0
    for record in records:
        out.write(_encode(prodigy_record(record, options)))
        out.write("\n")
        count += 1
    return count


def _statements(line: Line) -> tuple[StatementIn, ...]:
    value = line.value
    listed = line.items(value, "statements")
    if listed:
        return tuple(line.statement(s, f"statements[{i}]") for i, s in enumerate(listed))
    if any(value.get(k) is not None for k in ("speaker", "claim", "stance")):
        return (line.statement(value, "record"),)
    claims = line.items(value, "accept")
    for claim in claims:
        if not isinstance(claim, str):
            raise line.error(f"accept: expected claim ids (strings), got {claim!r}")
    return tuple(StatementIn(speaker=None, claim=c, stance=None) for c in claims)


def read_prodigy(path: Path) -> Iterator[LabelRecord]:
    for number, value in json_lines(path):
        line = Line(path, number, value)
        text = line.text(line.value, "text")
        answer = line.text(line.value, "answer")
        ref = line.sentence_ref(line.mapping(line.value, "meta"), text)
        annotator = line.text(line.value, "_annotator_id") or line.text(line.value, "_session_id")
        when = from_unix(line.value.get("_timestamp"))
        if answer is None:
            yield LabelRecord(line=number, ref=ref, annotator=annotator, kind=None)
            continue
        if answer not in ("accept", "reject", "ignore"):
            raise line.error(f"answer: expected accept, reject or ignore, got {answer!r}")
        statements = _statements(line) if answer == "accept" else ()
        if answer == "ignore":
            kind = DecisionKind.skip
        elif statements:
            kind = DecisionKind.statements
        else:
            kind = DecisionKind.no_claim
        yield LabelRecord(
            line=number,
            ref=ref,
            annotator=annotator,
            kind=kind,
            statements=statements,
            created_at=when,
            updated_at=when,
        )
