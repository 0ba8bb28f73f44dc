"""Label Studio JSON tasks: one task per sentence, one annotation per annotator.

A task's `data` holds the sentence `text` and its document. Each decision is an entry
of `annotations`: per statement three `choices` results (`from_name` speaker, claim,
stance; `to_name` text) and a `textarea` result for its note, all sharing one result
`id` (`s0`, `s1`, ...); "no claim" is a `decision` choice `no_claim`; skip is
`was_cancelled: true` (Label Studio's Skip button); an adjudicator's decision has
`ground_truth: true`. The labeling config that matches is `label_studio_config`.

Who decided: Label Studio accepts `completed_by` only as the email of one of its
users, so it is written only for annotators given an email (`--ls-email-map`); the
others' annotations belong to the user who imports. Label Studio also replaces the
annotations' timestamps on import. So the task's `meta` (which Label Studio keeps and
exports as is) lists, under `stance_annotator`, each exported decision's annotator,
timestamps and a fingerprint of its content, and the mapped emails.

Read: an annotation whose content still matches an exported decision's fingerprint is
that decision (its annotator and timestamps come back); any other annotation (made or
changed in Label Studio) belongs to the Label Studio user in `completed_by`: the
mapped annotator for a mapped email, else the email (Label Studio's snapshot export
with `completed_by` expanded) or `label-studio:<user id>`. Results are grouped into
statements whatever their ids (see `_statements`). Line numbers in errors are the
task's line in the JSON file.
"""

from __future__ import annotations

import hashlib
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


def fingerprint(kind: str, statements: Iterable[tuple[Any, ...]]) -> str:
    """What a decision says (kind; speaker, claim, stance, note of each statement), so
    an annotation that Label Studio kept unchanged is recognised on the way back."""
    content = json.dumps([kind, [list(s) for s in statements]], ensure_ascii=False)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:16]


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


def _exported(record: DecisionRecord) -> dict[str, Any]:
    assert record.decision is not None and record.annotator is not None
    content = ((s.speaker, s.claim, s.stance, s.note or None) for s in record.statements)
    return {
        "annotator": record.annotator,
        "created_at": utc_text(record.created_at),
        "updated_at": utc_text(record.updated_at),
        "fingerprint": fingerprint(record.decision, content),
    }


def _task(
    first: DecisionRecord, exported: list[dict[str, Any]], emails: Mapping[str, str]
) -> dict[str, Any]:
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
        "meta": {
            NAMESPACE: {
                "annotations": exported,
                "emails": {
                    emails[e["annotator"]]: e["annotator"]
                    for e in exported
                    if e["annotator"] in emails
                },
            }
        },
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
    exported: list[dict[str, Any]] = []

    def flush() -> None:
        nonlocal count
        assert first is not None
        task = _task(first, exported, emails)
        task["annotations"] = annotations
        task["predictions"] = []
        out.write(",\n" if count else "\n")
        out.write(_encode(task))
        count += 1

    for record in records:
        if first is not None and record.sentence_id != first.sentence_id:
            flush()
            annotations = []
            exported = []
        first = record
        if record.decision is not None:
            assert record.annotator is not None
            annotations.append(_annotation(record, emails))
            exported.append(_exported(record))
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


def _ls_user(line: Line, value: Any, emails: Mapping[str, Any]) -> str | None:
    """The Label Studio user who made an annotation, as our annotator name."""
    if isinstance(value, dict):
        email = value.get("email")
        if isinstance(email, str) and email:
            mapped = emails.get(email)
            return mapped if isinstance(mapped, str) else email
        value = value.get("id")
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | str):
        return f"label-studio:{value}"
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
        speakers: list[str | None] = [*self.values.get("speaker", [])] or [None]
        stances: list[str | None] = [*self.values.get("stance", [])] or [None]
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


class _Exported:
    """The decisions a task's meta says we exported, each claimed at most once."""

    def __init__(self, line: Line):
        ours = line.mapping(line.mapping(line.value, "meta"), NAMESPACE)
        self.emails = line.mapping(ours, "emails")
        self.entries = [e for e in line.items(ours, "annotations") if isinstance(e, dict)]

    def claim(self, mark: str) -> dict[str, Any] | None:
        for number, entry in enumerate(self.entries):
            if entry.get("fingerprint") == mark and isinstance(entry.get("annotator"), str):
                return self.entries.pop(number)
        return None


def read_label_studio(path: Path) -> Iterator[LabelRecord]:
    for number, value in _array_items(path):
        line = Line(path, number, value)
        data = line.mapping(line.value, "data")
        ref = line.sentence_ref(data, line.text(data, "text", "data."))
        annotations = line.items(line.value, "annotations")
        if not annotations:
            yield LabelRecord(line=number, ref=ref, annotator=None, kind=None)
        exported = _Exported(line)
        for annotation in annotations:
            if not isinstance(annotation, dict):
                raise line.error("annotations: expected objects")
            no_claim, statements = _statements(line, line.items(annotation, "result"))
            if annotation.get("was_cancelled"):
                kind: DecisionKind | None = DecisionKind.skip
                statements = ()
            elif statements:
                kind = DecisionKind.statements
            elif no_claim:
                kind = DecisionKind.no_claim
            else:
                kind = None
            role = (
                DecisionRole.adjudicator
                if annotation.get("ground_truth") is True
                else DecisionRole.annotator
            )
            stamps: dict[str, Any] = annotation
            annotator = _ls_user(line, annotation.get("completed_by"), exported.emails)
            if kind is not None:
                content = ((s.speaker, s.claim, s.stance, s.note) for s in statements)
                ours = exported.claim(fingerprint(kind.value, content))
                if ours is not None:  # unchanged since we exported it
                    annotator, stamps = ours["annotator"], ours
            yield LabelRecord(
                line=number,
                ref=ref,
                annotator=annotator,
                kind=kind,
                statements=statements,
                role=role,
                created_at=parse_timestamp(line, stamps.get("created_at")),
                updated_at=parse_timestamp(line, stamps.get("updated_at")),
            )
