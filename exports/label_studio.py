"""Label Studio JSON tasks: one task per sentence, one annotation per annotator.

Each task's `data` holds the sentence `text` and its document; each decision is an
entry of `annotations` with `completed_by` (an object with the annotator's name in
`email`), `created_at`, `updated_at`, and `result`: per statement three `choices`
results (`from_name` speaker, claim, stance; `to_name` text) that share one result
`id` (`s0`, `s1`, ...), so the statement's fields stay together. "No claim" is a
`decision` choice `no_claim`; "skip" is an annotation with `was_cancelled: true`, as
Label Studio's own skip button records it. The labelling config that matches is in
docs/exports.md.

Read: the same, plus `completed_by` as Label Studio's numeric user id, and results
without ids (each control's choices then combine into statements).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

import orjson

from exports.reading import Line, parse_timestamp
from exports.records import DecisionRecord, LabelError, LabelRecord, StatementIn, utc_text
from models.tables import DecisionKind, DecisionRole

FIELDS = ("speaker", "claim", "stance")
DECISION = "decision"
NOTE = "note"
NAMESPACE = "stance_annotator"


def _encode(value: Any) -> str:
    """Compact JSON, UTF-8 as is, keys in insertion order (orjson: fast enough to
    keep exports at 100,000+ lines/s)."""
    return orjson.dumps(value).decode("utf-8")


def _result(result_id: str, control: str, value: str) -> dict[str, Any]:
    return {
        "id": result_id,
        "from_name": control,
        "to_name": "text",
        "type": "choices",
        "value": {"choices": [value]},
    }


def _note(result_id: str, note: str) -> dict[str, Any]:
    return {
        "id": result_id,
        "from_name": NOTE,
        "to_name": "text",
        "type": "textarea",
        "value": {"text": [note]},
    }


def _annotation(record: DecisionRecord, emails: Mapping[str, str]) -> dict[str, Any]:
    result: list[dict[str, Any]] = []
    for number, s in enumerate(record.statements):
        for control, value in zip(FIELDS, (s.speaker, s.claim, s.stance), strict=True):
            result.append(_result(f"s{number}", control, value))
        if s.note:
            result.append(_note(f"s{number}", s.note))
    if record.decision == DecisionKind.no_claim.value:
        result.append(_result(DECISION, DECISION, DecisionKind.no_claim.value))
    annotation: dict[str, Any] = {
        "result": result,
        "was_cancelled": record.decision == DecisionKind.skip.value,
        "ground_truth": record.role == DecisionRole.adjudicator.value,
        "created_at": utc_text(record.created_at),
        "updated_at": utc_text(record.updated_at),
    }
    assert record.annotator is not None
    email = emails.get(record.annotator)
    if email is not None:
        annotation["completed_by"] = {"email": email}
    return annotation


def _task(first: DecisionRecord, coders: list[str]) -> dict[str, Any]:
    return {
        "data": {
            "text": first.text,
            "document_id": first.document_id,
            "sentence_id": first.sentence_id,
            "index": first.sentence_index,
            "title": first.title,
            "source": first.source,
            "date": first.date.isoformat() if first.date else None,
            "url": first.url,
        },
        "meta": {NAMESPACE: {"coders": coders}},
    }


def write_label_studio(
    records: Iterable[DecisionRecord], out: TextIO, emails: Mapping[str, str] | None = None
) -> int:
    """A JSON array written task by task; records arrive grouped by sentence."""
    emails = emails or {}
    count = 0
    out.write("[")
    first: DecisionRecord | None = None
    annotations: list[dict[str, Any]] = []
    coders: list[str] = []

    def flush() -> None:
        nonlocal count
        assert first is not None
        task = _task(first, coders)
        task["annotations"] = annotations
        task["predictions"] = []
        out.write(",\n" if count else "\n")
        out.write(_encode(task))
        count += 1

    for record in records:
        if first is not None and record.sentence_id != first.sentence_id:
            flush()
            annotations = []
            coders = []
        first = record
        if record.decision is not None:
            assert record.annotator is not None
            annotations.append(_annotation(record, emails))
            coders.append(record.annotator)
    if first is not None:
        flush()
    out.write("\n]\n")
    return count


def _array_items(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, task) for each element of the top-level JSON array (or JSONL)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise LabelError(str(path), None, "not UTF-8 text") from exc
    except OSError as exc:
        raise LabelError(str(path), None, exc.strerror or str(exc)) from exc
    decoder = json.JSONDecoder()
    position = _skip(text, 0)
    array = text.startswith("[", position)
    if array:
        position = _skip(text, position + 1)
    while position < len(text) and not (array and text[position] == "]"):
        try:
            value, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            raise LabelError(str(path), exc.lineno, f"not valid JSON: {exc.msg}") from exc
        yield text.count("\n", 0, position) + 1, value
        position = _skip(text, end)
        if array and text.startswith(",", position):
            position = _skip(text, position + 1)
        elif array and not text.startswith("]", position):
            line = text.count("\n", 0, position) + 1
            raise LabelError(str(path), line, "not valid JSON: expected ',' or ']'")


def _skip(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _annotator(line: Line, value: Any) -> str | None:
    if isinstance(value, dict):
        name = value.get("email") or value.get("username") or value.get("id")
        return str(name) if name is not None else None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | str):
        return str(value)
    raise line.error(f"completed_by: expected a user id or object, got {value!r}")


class _Group:
    """The results that share one result id: a statement, or part of one."""

    def __init__(self) -> None:
        self.values: dict[str, list[str]] = {}
        self.notes: list[str] = []

    def complete(self) -> bool:
        return all(self.values.get(control) for control in FIELDS)

    def absorb(self, other: _Group) -> None:
        for control, values in other.values.items():
            self.values.setdefault(control, []).extend(values)
        self.notes.extend(other.notes)

    def statements(self) -> list[StatementIn]:
        speakers = self.values.get("speaker") or [None]
        stances = self.values.get("stance") or [None]
        claims: list[str | None] = [*self.values.get("claim", [])] or [None]
        note = "\n".join(self.notes) or None
        return [
            StatementIn(speaker=speakers[0], claim=claim, stance=stances[0], note=note)
            for claim in claims
        ]


def _strings(line: Line, value: Any, what: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        raise line.error(f"result value.{what}: expected a list of strings, got {value!r}")
    return value


def _statements(line: Line, result: list[Any]) -> tuple[bool, tuple[StatementIn, ...]]:
    """(no claim?, statements) from one annotation's results.

    Our results share an id per statement (s0, s1, ...). Label Studio's own editor
    gives every control's result an id of its own: results whose id group is not a
    whole statement (speaker, claim and stance) are pooled into one statement, so
    an annotation made in Label Studio reads the same as one of ours."""
    groups: dict[str, _Group] = {}
    no_claim = False
    for item in result:
        if not isinstance(item, dict) or not isinstance(item.get("value"), dict):
            raise line.error(f"result: expected objects with a value, got {item!r}")
        control = item.get("from_name")
        group = groups.setdefault(str(item.get("id") or ""), _Group())
        if control == DECISION:
            choices = _strings(line, item["value"].get("choices", []), "choices")
            no_claim = no_claim or DecisionKind.no_claim.value in choices
        elif control in FIELDS:
            choices = _strings(line, item["value"].get("choices", []), "choices")
            group.values.setdefault(control, []).extend(choices)
        elif control == NOTE:
            texts = _strings(line, item["value"].get("text", []), "text")
            group.notes.extend(t for t in texts if t.strip())
    pooled = _Group()
    statements: list[StatementIn] = []
    for group in groups.values():
        if group.complete():
            statements += group.statements()
        else:
            pooled.absorb(group)
    if pooled.values:
        statements += pooled.statements()
    elif pooled.notes and len(statements) == 1:
        statements = [replace(statements[0], note="\n".join(pooled.notes))]
    return no_claim, tuple(statements)


def read_label_studio(path: Path) -> Iterator[LabelRecord]:
    for number, value in _array_items(path):
        line = Line(path, number, value)
        data = line.mapping(line.value, "data")
        ref = line.sentence_ref(data, line.text(data, "text", "data."))
        annotations = line.items(line.value, "annotations")
        if not annotations:
            yield LabelRecord(line=number, ref=ref, annotator=None, kind=None)
        for annotation in annotations:
            if not isinstance(annotation, dict):
                raise line.error("annotations: expected objects")
            annotator = _annotator(line, annotation.get("completed_by"))
            role = (
                DecisionRole.adjudicator
                if annotation.get("ground_truth") is True
                else DecisionRole.annotator
            )
            no_claim, statements = _statements(line, line.items(annotation, "result"))
            if annotation.get("was_cancelled"):
                kind = DecisionKind.skip
                statements = ()
            elif statements:
                kind = DecisionKind.statements
            elif no_claim:
                kind = DecisionKind.no_claim
            else:
                kind = None
            yield LabelRecord(
                line=number,
                ref=ref,
                annotator=annotator,
                kind=kind,
                statements=statements,
                role=role,
                created_at=parse_timestamp(line, annotation.get("created_at")),
                updated_at=parse_timestamp(line, annotation.get("updated_at")),
            )
