"""DNA (Discourse Network Analyzer) event list: one statement per row, `;`-separated.

Columns, in the order rDNA's event list data frame names them:
statement_id;time;person;organization;concept;agreement;document_id;document_title;
author;source;section;type;text, then our own annotator;speaker_id;side;stance;score.

- person: the speaker's name when its codebook kind is `person`, else empty;
- organization: the speaker's name for every other kind (government, ministry, court,
  ...); for a person, the label of the person's side (DNA codes a person with the
  organization they speak for);
- concept: the claim type's label;
- agreement: 1 when the stance score is positive, 0 when it is negative. DNA's
  qualifier is binary, so statements with a neutral stance (score 0) and statements of
  undated documents (DNA needs a time) are left out and counted;
- time: the document date at midnight, `yyyy-MM-dd HH:mm:ss` as DNA writes it;
- statement_id: a running number in export order; author, section and type are empty.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from exports.records import DecisionRecord

HEADER = (
    "statement_id",
    "time",
    "person",
    "organization",
    "concept",
    "agreement",
    "document_id",
    "document_title",
    "author",
    "source",
    "section",
    "type",
    "text",
    "annotator",
    "speaker_id",
    "side",
    "stance",
    "score",
)


@dataclass
class DnaCounts:
    rows: int = 0
    neutral: int = 0
    undated: int = 0


def write_dna(records: Iterable[DecisionRecord], out: TextIO) -> DnaCounts:
    counts = DnaCounts()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(HEADER)
    for record in records:
        for s in record.statements:
            if s.score == 0:
                counts.neutral += 1
                continue
            if record.date is None:
                counts.undated += 1
                continue
            counts.rows += 1
            person = s.speaker_name if s.speaker_kind == "person" else ""
            organization = s.side_label if s.speaker_kind == "person" else s.speaker_name
            writer.writerow(
                (
                    counts.rows,
                    f"{record.date.isoformat()} 00:00:00",
                    person,
                    organization,
                    s.claim_label,
                    1 if s.score > 0 else 0,
                    record.document_id,
                    record.title or "",
                    "",
                    record.source or "",
                    "",
                    "",
                    record.text,
                    record.annotator,
                    s.speaker,
                    s.side,
                    s.stance,
                    s.score,
                )
            )
    return counts
