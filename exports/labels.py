"""Import label files: decisions from our own JSONL, suggestions from other tools.

One transaction per file: the first bad line (malformed, unknown sentence, unknown
speaker, claim or stance) raises a `LabelError` naming file and line, and nothing of
that file stays in the database. Decisions are written only through
`models.decisions.save_decision`, with the timestamps and codebook version read from
the file, so a round trip through the native format is exact. Pre-annotations from
Prodigy, doccano and Label Studio become rows of the suggestion table (source = the
tool's name) unless the caller asks for decisions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Engine, delete
from sqlmodel import Session, col, select

from exports.doccano import LOST as DOCCANO_LOST
from exports.doccano import read_doccano
from exports.label_studio import read_label_studio
from exports.native import read_native
from exports.prodigy import read_prodigy
from exports.records import LabelError, LabelRecord, SentenceRef, StatementIn
from models.codebook import ID_PATTERN
from models.db import session_scope
from models.decisions import StatementData, get_decision, save_decision
from models.tables import (
    Actor,
    ClaimType,
    CodebookVersion,
    DecisionKind,
    Sentence,
    Side,
    Stance,
    Suggestion,
)


class LabelFormat(StrEnum):
    jsonl = "jsonl"
    prodigy = "prodigy"
    doccano = "doccano"
    label_studio = "label-studio"


READERS: dict[LabelFormat, Callable[[Path], Iterator[LabelRecord]]] = {
    LabelFormat.jsonl: read_native,
    LabelFormat.prodigy: read_prodigy,
    LabelFormat.doccano: read_doccano,
    LabelFormat.label_studio: read_label_studio,
}


@dataclass
class LabelSummary:
    path: Path
    decisions: int = 0
    unchanged: int = 0
    suggestions: int = 0
    task_lines: int = 0
    added: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Sentences:
    """Finds a line's sentence: by id, else by document id and text (then index)."""

    def __init__(self, session: Session, path: Path):
        self.session = session
        self.path = path

    def find(self, ref: SentenceRef, line: int) -> str:
        if ref.sentence_id:
            found = self.session.exec(
                select(Sentence.id).where(Sentence.id == ref.sentence_id)
            ).first()
            if found:
                return found
        if ref.text is not None and ref.document_id:
            in_document = self.session.exec(
                select(Sentence.id, Sentence.index)
                .where(Sentence.document_id == ref.document_id, Sentence.text == ref.text)
                .order_by(col(Sentence.index))
            ).all()
            for sentence_id, index in in_document:
                if index == ref.index:
                    return sentence_id
            if in_document:
                return in_document[0][0]
        elif ref.text is not None and not ref.sentence_id:
            rows = self.session.exec(
                select(Sentence.id).where(Sentence.text == ref.text).limit(2)
            ).all()
            if len(rows) == 1:
                return rows[0]
            if rows:
                raise LabelError(
                    str(self.path),
                    line,
                    "sentence text occurs in several documents; give sentence_id or document_id",
                )
        raise LabelError(str(self.path), line, f"unknown sentence: {_describe(ref)}")


def _describe(ref: SentenceRef) -> str:
    parts = []
    if ref.sentence_id:
        parts.append(f"no sentence with id {ref.sentence_id!r}")
    if ref.text is not None:
        text = ref.text if len(ref.text) <= 60 else ref.text[:57] + "..."
        where = f" in document {ref.document_id!r}" if ref.document_id else ""
        parts.append(f"no sentence{where} with text {text!r}")
    return "; ".join(parts) or "the line names no sentence (sentence_id, or document_id and text)"


class _Codebook:
    """The codebook's ids, checked per statement; with `add`, unknown ids are added."""

    def __init__(self, session: Session, path: Path, add: bool, summary: LabelSummary):
        self.session = session
        self.path = path
        self.add = add
        self.summary = summary
        self.sides = set(session.exec(select(Side.id)).all())
        self.actors = set(session.exec(select(Actor.id)).all())
        self.claims = set(session.exec(select(ClaimType.id)).all())
        self.stances = set(session.exec(select(Stance.id)).all())

    def _error(self, line: int, message: str) -> LabelError:
        return LabelError(str(self.path), line, message)

    def _new_id(self, line: int, what: str, value: str) -> None:
        if not self.add:
            raise self._error(
                line, f"unknown {what} {value!r} (not in the codebook; --add-to-codebook adds it)"
            )
        if not re.match(ID_PATTERN, value) or len(value) > 64:
            raise self._error(line, f"cannot add {what} {value!r}: ids are lowercase a-z, 0-9, _ -")
        self.summary.added.append(f"{what} {value}")

    def check(self, statement: StatementIn, line: int) -> None:
        added = False
        if statement.speaker is not None and statement.speaker not in self.actors:
            self._add_speaker(statement, line)
            added = True
        if statement.claim is not None and statement.claim not in self.claims:
            self._new_id(line, "claim", statement.claim)
            self.session.add(ClaimType(id=statement.claim, label=statement.claim))
            self.claims.add(statement.claim)
            added = True
        if statement.stance is not None and statement.stance not in self.stances:
            self._new_id(line, "stance", statement.stance)
            if statement.score is None:
                raise self._error(line, f"new stance {statement.stance!r} needs a score")
            self.session.add(
                Stance(id=statement.stance, label=statement.stance, score=statement.score)
            )
            self.stances.add(statement.stance)
            added = True
        if added:
            self.session.flush()

    def _add_speaker(self, statement: StatementIn, line: int) -> None:
        assert statement.speaker is not None
        self._new_id(line, "speaker", statement.speaker)
        if not statement.side:
            raise self._error(line, f"new speaker {statement.speaker!r} needs a side")
        if statement.side not in self.sides:
            self._new_id(line, "side", statement.side)
            self.session.add(Side(id=statement.side, label=statement.side))
            self.session.flush()  # the actor's foreign key needs the side first
            self.sides.add(statement.side)
        self.session.add(
            Actor(
                id=statement.speaker,
                name=statement.speaker_name or statement.speaker,
                side_id=statement.side,
            )
        )
        self.actors.add(statement.speaker)


class _Versions:
    """Codebook version names from the file, mapped to the stored versions."""

    def __init__(self, session: Session, summary: LabelSummary):
        self.session = session
        self.summary = summary
        self.known: dict[str, int | None] = {}

    def id_for(self, name: str | None) -> int | None:
        if name is None:
            return None
        if name not in self.known:
            version = self.session.exec(
                select(CodebookVersion)
                .where(CodebookVersion.version == name)
                .order_by(col(CodebookVersion.activated_at).desc())
            ).first()
            self.known[name] = version.id if version else None
            if version is None:
                self.summary.warnings.append(
                    f"{self.summary.path}: codebook version {name!r} is not stored; "
                    "its decisions are recorded under the codebook in force"
                )
        return self.known[name]


def _decision_statements(
    record: LabelRecord, path: Path, source: str | None
) -> tuple[StatementData, ...]:
    statements = []
    for number, s in enumerate(record.statements, start=1):
        if s.speaker is None or s.claim is None or s.stance is None:
            raise LabelError(
                str(path),
                record.line,
                f"statement {number} lacks a speaker, claim or stance; a decision needs all "
                "three (import it as a suggestion instead: leave out --as-decisions)",
            )
        statements.append(
            StatementData(
                speaker_id=s.speaker,
                claim_id=s.claim,
                stance_id=s.stance,
                note=s.note,
                from_suggestion=s.from_suggestion,
                suggestion_source=s.suggestion_source or source,
            )
        )
    return tuple(statements)


def import_labels(
    engine: Engine,
    path: Path,
    fmt: LabelFormat = LabelFormat.jsonl,
    *,
    as_decisions: bool = False,
    add_to_codebook: bool = False,
) -> LabelSummary:
    """Import one file in one transaction; raise LabelError and keep nothing on bad input."""
    summary = LabelSummary(path)
    decisions = fmt is LabelFormat.jsonl or as_decisions
    source = None if fmt is LabelFormat.jsonl else fmt.value
    with session_scope(engine) as session:
        sentences = _Sentences(session, path)
        codebook = _Codebook(session, path, add_to_codebook, summary)
        versions = _Versions(session, summary)
        positions: dict[str, int] = {}
        decided: dict[tuple[str, str], tuple[int, bool]] = {}  # → (line, changed?)
        for record in READERS[fmt](path):
            if record.kind is None:
                summary.task_lines += 1
                continue
            sentence_id = sentences.find(record.ref, record.line)
            for statement in record.statements:
                codebook.check(statement, record.line)
            if decisions:
                if not record.annotator:
                    raise LabelError(str(path), record.line, "a decision needs an annotator")
                earlier = decided.get((sentence_id, record.annotator))
                if earlier is not None and fmt is LabelFormat.jsonl:
                    # Our own format never holds two; another tool's export may (a task
                    # re-annotated by one user), and then the later one wins, said aloud.
                    raise LabelError(
                        str(path),
                        record.line,
                        f"a second decision by {record.annotator!r} on sentence {sentence_id} "
                        f"(the first is on line {earlier[0]}); keep one",
                    )
                statements = _decision_statements(record, path, source)
                version_id = versions.id_for(record.codebook_version)
                current = get_decision(session, sentence_id=sentence_id, annotator=record.annotator)
                if current is not None and (
                    current.kind,
                    current.role,
                    current.statements,
                    current.codebook_version_id,
                ) == (record.kind, record.role, statements, version_id):
                    # Importing the same file twice changes nothing and logs nothing.
                    _count(summary, decided, (sentence_id, record.annotator), record.line, False)
                    continue
                save_decision(
                    session,
                    sentence_id=sentence_id,
                    annotator=record.annotator,
                    kind=record.kind,
                    statements=statements,
                    role=record.role,
                    action="import",
                    codebook_version_id=version_id,
                    created_at=record.created_at,
                    updated_at=record.updated_at,
                )
                _count(summary, decided, (sentence_id, record.annotator), record.line, True)
            else:
                summary.suggestions += _store_suggestions(
                    session, record, sentence_id, fmt.value, positions, path
                )
    if fmt is LabelFormat.doccano and decisions and (summary.decisions or summary.unchanged):
        summary.warnings.append(DOCCANO_LOST.format(name=path))
    return summary


def _count(
    summary: LabelSummary,
    decided: dict[tuple[str, str], tuple[int, bool]],
    key: tuple[str, str],
    line: int,
    changed: bool,
) -> None:
    """One decision per (sentence, annotator): a second one in the same file replaces
    the first, the summary says so (never silently) and counts what is stored."""
    if key in decided:
        earlier, earlier_changed = decided[key]
        sentence_id, annotator = key
        summary.warnings.append(
            f"{summary.path}:{line}: {annotator}'s decision on sentence {sentence_id} replaces "
            f"the one on line {earlier} of the same file"
        )
        if earlier_changed:
            summary.decisions -= 1
        else:
            summary.unchanged -= 1
    decided[key] = (line, changed)
    if changed:
        summary.decisions += 1
    else:
        summary.unchanged += 1


def _store_suggestions(
    session: Session,
    record: LabelRecord,
    sentence_id: str,
    source: str,
    positions: dict[str, int],
    path: Path,
) -> int:
    """Replace this tool's earlier suggestions for the sentence (first time it is seen in
    this file), then append the record's proposals."""
    if sentence_id not in positions:
        session.execute(
            delete(Suggestion).where(
                col(Suggestion.sentence_id) == sentence_id, col(Suggestion.source) == source
            )
        )
        positions[sentence_id] = 0
    reason = f"{record.annotator or source} in {path.name}:{record.line}"
    rows: list[Suggestion] = []
    if record.kind is DecisionKind.no_claim:
        rows.append(
            Suggestion(sentence_id=sentence_id, source=source, no_claim=True, reason=reason)
        )
    for s in record.statements if record.kind is DecisionKind.statements else ():
        rows.append(
            Suggestion(
                sentence_id=sentence_id,
                source=source,
                speaker_id=s.speaker,
                claim_id=s.claim,
                stance_id=s.stance,
                reason=reason,
            )
        )
    for row in rows:
        row.position = positions[sentence_id]
        positions[sentence_id] += 1
        session.add(row)
    session.flush()
    return len(rows)
