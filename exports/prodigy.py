"""Prodigy JSONL: one record per decision, as Prodigy's `choice` interface saves it.

Written, per decision: `text`, `options` (the codebook's claims, `{"id", "text"}`),
`_input_hash` and `_task_hash` (as Prodigy computes them: `exports.hashing`; the same
for every coder of a sentence), `_view_id: "choice"`, `config: {"choice_style":
"multiple"}`, `accept` (the claims of the decision's statements), `answer` ("accept"
for statements and for "no claim", which is an accepted empty choice; "ignore" for
skip), `_annotator_id`, `_session_id`, `_timestamp` (Unix seconds of the last change),
`meta` (document and sentence). What Prodigy has no key for sits under
`stance_annotator`: the role, the timestamps and the statements with their speaker,
stance and note. An unlabelled sentence is a bare task (no answer).

Read: Prodigy's `answer` and `accept` decide; `stance_annotator` only adds what
Prodigy cannot hold. A statement whose claim is no longer in `accept` (re-answered in
Prodigy) is dropped, a claim accepted in Prodigy that has no statement of ours becomes
a claim-only statement (a suggestion). "reject" reads as "no claim", "ignore" as
skip; a record without `answer` is a task, not a label.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

import orjson

from exports.hashing import INPUT_HASH_KEYS, TASK_HASH_KEYS, keys_json, murmur
from exports.reading import Line, from_unix, json_lines, parse_timestamp
from exports.records import (
    DecisionRecord,
    LabelRecord,
    StatementIn,
    unix_seconds,
    utc_text,
)
from models.tables import DecisionKind, DecisionRole

NAMESPACE = "stance_annotator"
ANSWERS = {
    DecisionKind.statements.value: "accept",
    DecisionKind.no_claim.value: "accept",
    DecisionKind.skip.value: "ignore",
}


def _encode(value: Any) -> str:
    """Compact JSON, UTF-8 as is, keys in insertion order (orjson: fast enough to
    keep exports at 100,000+ lines/s)."""
    return orjson.dumps(value).decode("utf-8")


class _Tasks:
    """Builds records; the options (and so their part of the task hash) are shared."""

    def __init__(self, claims: list[tuple[str, str]]):
        self.options = [{"id": claim_id, "text": label} for claim_id, label in claims]
        self.options_json = keys_json({"options": self.options}, TASK_HASH_KEYS)

    def record(self, record: DecisionRecord) -> dict[str, Any]:
        entered = murmur(keys_json({"text": record.text}, INPUT_HASH_KEYS))
        task: dict[str, Any] = {
            "text": record.text,
            "options": self.options,
            "_input_hash": entered,
            "_task_hash": murmur(str(entered) + self.options_json),
            "_view_id": "choice",
            "config": {"choice_style": "multiple"},
            "meta": {
                "document_id": record.document_id,
                "sentence_id": record.sentence_id,
                "index": record.sentence_index,
                "title": record.title,
                "source": record.source,
                "date": record.date.isoformat() if record.date else None,
                "url": record.url,
            },
        }
        if record.decision is None:
            return task
        task.update(
            {
                "accept": list(dict.fromkeys(s.claim for s in record.statements)),
                "answer": ANSWERS[record.decision],
                "_annotator_id": record.annotator,
                "_session_id": record.annotator,
                "_timestamp": unix_seconds(record.updated_at or record.created_at),
                NAMESPACE: {
                    "decision": record.decision,
                    "role": record.role,
                    "created_at": utc_text(record.created_at),
                    "updated_at": utc_text(record.updated_at),
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
                },
            }
        )
        return task


def write_prodigy(
    records: Iterable[DecisionRecord], out: TextIO, claims: list[tuple[str, str]]
) -> int:
    tasks = _Tasks(claims)
    count = 0
    for record in records:
        out.write(_encode(tasks.record(record)))
        out.write("\n")
        count += 1
    return count


def _accepted(line: Line) -> list[str]:
    claims = line.items(line.value, "accept")
    for claim in claims:
        if not isinstance(claim, str):
            raise line.error(f"accept: expected claim ids (strings), got {claim!r}")
    return list(dict.fromkeys(claims))


def _statements(line: Line, ours: dict[str, Any]) -> tuple[StatementIn, ...]:
    """Prodigy's `accept` decides which claims; ours add speaker, stance and note."""
    accepted = _accepted(line)
    listed = [
        line.statement(s, f"{NAMESPACE}.statements[{i}]")
        for i, s in enumerate(line.items(ours, "statements"))
    ]
    kept = [s for s in listed if s.claim in accepted]
    covered = {s.claim for s in kept}
    added = [StatementIn(speaker=None, claim=c, stance=None) for c in accepted if c not in covered]
    return (*kept, *added)


def read_prodigy(path: Path) -> Iterator[LabelRecord]:
    for number, value in json_lines(path):
        line = Line(path, number, value)
        text = line.text(line.value, "text")
        answer = line.text(line.value, "answer")
        ref = line.sentence_ref(line.mapping(line.value, "meta"), text)
        annotator = line.text(line.value, "_annotator_id") or line.text(line.value, "_session_id")
        if answer is None:
            yield LabelRecord(line=number, ref=ref, annotator=annotator, kind=None)
            continue
        if answer not in ("accept", "reject", "ignore"):
            raise line.error(f"answer: expected accept, reject or ignore, got {answer!r}")
        ours = line.mapping(line.value, NAMESPACE)
        statements = _statements(line, ours) if answer == "accept" else ()
        if answer == "ignore":
            kind = DecisionKind.skip
        elif statements:
            kind = DecisionKind.statements
        else:
            kind = DecisionKind.no_claim
        role = line.text(ours, "role", f"{NAMESPACE}.") or DecisionRole.annotator.value
        if role not in {r.value for r in DecisionRole}:
            raise line.error(f"{NAMESPACE}.role: expected annotator or adjudicator, got {role!r}")
        answered = from_unix(line.value.get("_timestamp"))
        updated = parse_timestamp(line, ours.get("updated_at"))
        if answered is not None and (
            updated is None or unix_seconds(updated) != int(answered.timestamp())
        ):
            updated = answered  # answered again in Prodigy since our export
        created = parse_timestamp(line, ours.get("created_at")) or updated
        yield LabelRecord(
            line=number,
            ref=ref,
            annotator=annotator,
            kind=kind,
            statements=statements,
            role=DecisionRole(role),
            created_at=created,
            updated_at=updated,
        )
