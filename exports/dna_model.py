"""Our statements as DNA 3 statements: the one mapping behind both DNA formats.

DNA's default statement type ("DNA Statement") has four variables: `person`,
`organization`, `concept` (short text) and `agreement` (boolean).

- person: the speaker's name when its codebook kind is `person`, else empty;
- organization: the speaker's name for every other kind (government, ministry, court,
  ...); for a person, the label of the person's side (DNA codes a person together with
  the organization they speak for);
- concept: the claim type's label;
- agreement: 1 when the stance score is positive, 0 when negative. The qualifier is
  binary, so statements with a neutral stance (score 0) have no DNA statement, nor have
  statements of undated documents (every DNA document has a time): both are counted;
- coder: DNA numbers its coders and keeps 1 for its `Admin`; our annotators are 2, 3,
  ... in order of first appearance in the export;
- document: numbered 1, 2, ... in export order; start and stop are the sentence's
  character offsets in the document text, so DNA highlights the sentence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from exports.records import DecisionRecord

ADMIN_CODER_ID = 1


@dataclass
class DnaCounts:
    rows: int = 0
    neutral: int = 0
    undated: int = 0
    coders: dict[str, int] = field(default_factory=dict)

    def notes(self) -> list[str]:
        notes = []
        if self.neutral:
            notes.append(f"{self.neutral} neutral statement(s) left out (DNA's agreement is 1/0)")
        if self.undated:
            notes.append(
                f"{self.undated} statement(s) of undated documents left out (DNA needs a time)"
            )
        if self.coders:
            numbered = ", ".join(f"{number}={name}" for name, number in self.coders.items())
            notes.append(f"DNA coders: {numbered} (1 is DNA's Admin)")
        return notes


@dataclass(frozen=True)
class DnaStatement:
    statement_id: int
    time: str  # yyyy-MM-dd HH:mm:ss, as DNA writes it
    date: dt.date
    person: str
    organization: str
    organization_kind: str
    concept: str
    agreement: int
    stance: str
    score: float
    note: str
    start: int
    stop: int
    text: str
    coder_id: int
    coder: str
    document_number: int
    document_id: str
    document_title: str
    document_source: str
    document_url: str


def dna_statements(records: Iterable[DecisionRecord], counts: DnaCounts) -> Iterator[DnaStatement]:
    documents: dict[str, int] = {}
    for record in records:
        for s in record.statements:
            if s.score == 0:
                counts.neutral += 1
                continue
            if record.date is None:
                counts.undated += 1
                continue
            assert record.annotator is not None  # statements belong to decisions
            coder_id = counts.coders.setdefault(record.annotator, len(counts.coders) + 2)
            number = documents.setdefault(record.document_id, len(documents) + 1)
            counts.rows += 1
            person_speaks = s.speaker_kind == "person"
            yield DnaStatement(
                statement_id=counts.rows,
                time=f"{record.date.isoformat()} 00:00:00",
                date=record.date,
                person=s.speaker_name if person_speaks else "",
                organization=s.side_label if person_speaks else s.speaker_name,
                organization_kind="side" if person_speaks else s.speaker_kind,
                concept=s.claim_label,
                agreement=1 if s.score > 0 else 0,
                stance=s.stance_label,
                score=s.score,
                note=s.note or "",
                start=record.start,
                stop=record.end,
                text=record.text,
                coder_id=coder_id,
                coder=record.annotator,
                document_number=number,
                document_id=record.document_id,
                document_title=record.title or record.document_id,
                document_source=record.source or "",
                document_url=record.url or "",
            )
