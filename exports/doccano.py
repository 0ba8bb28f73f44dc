"""doccano JSONL (text classification): one line per decision, never merged.

doccano exports one file per user; we write one line per (sentence, annotator), with
the annotator on the line, so no two annotators' labels share a label list. `label` is
a list of category names: `speaker|claim|stance` for each statement, `no_claim` or
`skip` for the other decisions. The other keys (document_id, sentence_id, ...) sit at
the top level, where doccano keeps a record's metadata. An unlabelled sentence has an
empty `label` list.

Read: `label` as category names (`speaker|claim|stance`, a bare claim id, `no_claim`,
`skip`) or as spans `[start, end, name]`; the annotator from `annotator` (or `user`),
else the file's name (doccano names each user's file after the user).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

import orjson

from exports.reading import Line, json_lines
from exports.records import DecisionRecord, LabelRecord, StatementIn
from models.tables import DecisionKind

SEPARATOR = "|"


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
        "annotator": record.annotator,
        "document_id": record.document_id,
        "sentence_id": record.sentence_id,
        "index": record.sentence_index,
        "title": record.title,
        "source": record.source,
        "date": record.date.isoformat() if record.date else None,
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


def read_doccano(path: Path) -> Iterator[LabelRecord]:
    for number, value in json_lines(path):
        line = Line(path, number, value)
        text = line.text(line.value, "text")
        meta = {**line.mapping(line.value, "meta"), **line.value}
        annotator = line.text(line.value, "annotator") or line.text(line.value, "user") or path.stem
        labels = line.items(line.value, "label") or line.items(line.value, "labels")
        names = [_label_name(line, item) for item in labels]
        ref = line.sentence_ref(meta, text)
        if not names:
            yield LabelRecord(line=number, ref=ref, annotator=annotator, kind=None)
            continue
        if names == [DecisionKind.no_claim.value] or names == [DecisionKind.skip.value]:
            kind = DecisionKind(names[0])
            yield LabelRecord(line=number, ref=ref, annotator=annotator, kind=kind)
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
            annotator=annotator,
            kind=DecisionKind.statements,
            statements=tuple(statements),
        )
