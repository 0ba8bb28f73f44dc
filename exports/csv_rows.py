"""Plain CSV for R and pandas: one row per statement, with its decision and document.

Decisions without statements (no claim, skip) have no row here; the native JSONL
keeps them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from exports.records import DecisionRecord, utc_text

HEADER = (
    "document_id",
    "date",
    "source",
    "title",
    "sentence_id",
    "index",
    "text",
    "annotator",
    "role",
    "position",
    "speaker",
    "speaker_name",
    "side",
    "claim",
    "claim_label",
    "stance",
    "score",
    "from_suggestion",
    "note",
    "updated_at",
)


def write_csv(records: Iterable[DecisionRecord], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    count = 0
    for record in records:
        for position, s in enumerate(record.statements):
            writer.writerow(
                (
                    record.document_id,
                    record.date.isoformat() if record.date else "",
                    record.source or "",
                    record.title or "",
                    record.sentence_id,
                    record.sentence_index,
                    record.text,
                    record.annotator,
                    record.role,
                    position,
                    s.speaker,
                    s.speaker_name,
                    s.side,
                    s.claim,
                    s.claim_label,
                    s.stance,
                    s.score,
                    "true" if s.from_suggestion else "false",
                    s.note or "",
                    utc_text(record.updated_at),
                )
            )
            count += 1
    return count
