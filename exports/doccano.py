"""doccano JSONL (text classification): one line per decision, never merged.

doccano keeps one label set per user and exports one file per user
(`<username>.jsonl` inside its export zip). We write one line per (sentence,
annotator): `text`, `label` (category names: `speaker|claim|stance` per statement,
`no_claim` or `skip`; `[]` for an unlabelled sentence), and our own keys, which doccano
keeps as the example's metadata, under a `stance_annotator.` prefix so that no key of
ours can pass for one of doccano's (or for its user).

Read: the coder is the doccano user, the file's name (`admin.jsonl` → `admin`), for a
plain file or for each member of doccano's export zip; any annotator named in the
line's metadata is never used. `label` holds category names (`speaker|claim|stance`,
a bare claim id, `no_claim`, `skip`) or spans `[start, end, name]`. doccano keeps no
notes, roles, timestamps or statement order: `LOST` says so on import.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO, Any, TextIO

import orjson

from exports.reading import Line, numbered_json_lines
from exports.records import DecisionRecord, LabelError, LabelRecord, SentenceRef, StatementIn
from models.tables import DecisionKind

SEPARATOR = "|"
PREFIX = "stance_annotator."
LOST = (
    "doccano keeps no notes, roles, timestamps or statement order: decisions read from "
    "{name} have no notes, the annotator role, the import time and doccano's label order"
)


def _encode(value: Any) -> str:
    """Compact JSON, UTF-8 as is, keys in insertion order (orjson: fast enough to
    keep exports at 100,000+ lines/s)."""
    return orjson.dumps(value).decode("utf-8")


def doccano_record(record: DecisionRecord) -> dict[str, Any]:
    if record.decision == DecisionKind.statements.value:
        labels = [SEPARATOR.join((s.speaker, s.claim, s.stance)) for s in record.statements]
    elif record.decision is None:
        labels = []
    else:
        labels = [record.decision]
    return {
        "text": record.text,
        "label": labels,
        PREFIX + "annotator": record.annotator,
        PREFIX + "document_id": record.document_id,
        PREFIX + "sentence_id": record.sentence_id,
        PREFIX + "index": record.sentence_index,
        PREFIX + "title": record.title,
        PREFIX + "source": record.source,
        PREFIX + "date": record.date.isoformat() if record.date else None,
    }


def write_doccano(records: Iterable[DecisionRecord], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(_encode(doccano_record(record)))
        out.write("\n")
        count += 1
    return count


def _label_name(line: Line, item: Any) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, list) and len(item) == 3 and isinstance(item[2], str):
        return item[2]
    raise line.error(f"label: expected a category name or [start, end, name], got {item!r}")


def _ref(line: Line, text: str | None) -> SentenceRef:
    value = line.value
    meta = line.mapping(value, "meta")

    def key(name: str) -> Any:
        for source in (value, meta):
            if PREFIX + name in source:
                return source[PREFIX + name]
        return meta.get(name, value.get(name))

    return line.sentence_ref(
        {
            "sentence_id": key("sentence_id"),
            "document_id": key("document_id"),
            "index": key("index"),
        },
        text,
    )


def _records(path: Path, handle: IO[bytes], user: str) -> Iterator[LabelRecord]:
    for number, value in numbered_json_lines(path, handle):
        line = Line(path, number, value)
        text = line.text(line.value, "text")
        labels = line.items(line.value, "label") or line.items(line.value, "labels")
        names = [_label_name(line, item) for item in labels]
        ref = _ref(line, text)
        if not names:
            yield LabelRecord(line=number, ref=ref, annotator=user, kind=None)
            continue
        if names == [DecisionKind.no_claim.value] or names == [DecisionKind.skip.value]:
            yield LabelRecord(line=number, ref=ref, annotator=user, kind=DecisionKind(names[0]))
            continue
        statements = []
        for name in names:
            parts = name.split(SEPARATOR)
            if len(parts) == 3:
                statements.append(StatementIn(speaker=parts[0], claim=parts[1], stance=parts[2]))
            elif len(parts) == 1 and name not in (DecisionKind.no_claim, DecisionKind.skip):
                statements.append(StatementIn(speaker=None, claim=name, stance=None))
            else:
                raise line.error(f"label {name!r}: expected speaker|claim|stance or a claim id")
        yield LabelRecord(
            line=number,
            ref=ref,
            annotator=user,
            kind=DecisionKind.statements,
            statements=tuple(statements),
        )


def read_doccano(path: Path) -> Iterator[LabelRecord]:
    """A user's file, or doccano's export zip (one `<user>.jsonl` per user)."""
    if not zipfile.is_zipfile(path):
        try:
            handle = path.open("rb")
        except OSError as exc:
            raise LabelError(str(path), None, exc.strerror or str(exc)) from exc
        with handle:
            yield from _records(path, handle, path.stem)
        return
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            name = PurePosixPath(member)
            if name.suffix != ".jsonl":
                continue
            with archive.open(member) as raw:
                yield from _records(Path(f"{path}:{member}"), raw, name.stem)
