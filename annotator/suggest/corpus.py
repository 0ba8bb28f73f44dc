"""Labelled sentences as training and evaluation need them: plain data, per document."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from models.tables import Decision, DecisionKind, Sentence, SentenceKind, Statement

Triple = tuple[str, str, str]  # speaker, claim, stance


@dataclass(frozen=True)
class Gold:
    """One annotator's decision on one sentence ("skip" decisions are not gold)."""

    sentence_id: str
    document_id: str
    annotator: str
    no_claim: bool
    statements: tuple[Triple, ...]


@dataclass(frozen=True)
class DocumentRun:
    """A document's sentences in reading order (boilerplate left out), the context the
    speaker rules carry over through."""

    document_id: str
    sentence_ids: tuple[str, ...]
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Corpus:
    documents: dict[str, DocumentRun]
    golds: tuple[Gold, ...]
    texts: dict[str, str]


def load_corpus(session: Session, annotator: str | None = None) -> Corpus:
    """Every decision (of one annotator, or of all), with its documents' sentences."""
    query = (
        select_columns(
            col(Decision.id),
            col(Decision.sentence_id),
            col(Decision.annotator),
            col(Decision.kind),
            col(Sentence.document_id),
            col(Sentence.text),
            col(Sentence.index),
        )
        .join(Sentence, col(Sentence.id) == col(Decision.sentence_id))
        .where(col(Decision.kind) != DecisionKind.skip.value)
    )
    if annotator is not None:
        query = query.where(col(Decision.annotator) == annotator)
    # Sorted here, not in SQL: an ORDER BY on the sentence's columns made SQLite walk
    # every sentence of the corpus in that order and look for its decisions (0.18 s on
    # 1M sentences for 66 decisions, every retraining check), not the decisions alone.
    rows = sorted(session.execute(query).all(), key=lambda row: (row[4], row[6], row[2]))
    statements: dict[int, list[Triple]] = {}
    ids = [row[0] for row in rows]
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        for statement in session.exec(
            select(Statement)
            .where(col(Statement.decision_id).in_(chunk))
            .order_by(col(Statement.decision_id), col(Statement.position))
        ).all():
            statements.setdefault(statement.decision_id, []).append(
                (statement.speaker_id, statement.claim_id, statement.stance_id)
            )
    golds = tuple(
        Gold(
            sentence_id=sentence_id,
            document_id=document_id,
            annotator=who,
            no_claim=kind == DecisionKind.no_claim.value,
            statements=tuple(statements.get(decision_id, ())),
        )
        for decision_id, sentence_id, who, kind, document_id, _, _ in rows
    )
    documents = {}
    texts = {}
    for document_id in dict.fromkeys(g.document_id for g in golds):
        sentences = session.exec(
            select(Sentence.id, Sentence.text)
            .where(
                col(Sentence.document_id) == document_id,
                col(Sentence.kind) != SentenceKind.boilerplate.value,
            )
            .order_by(col(Sentence.index))
        ).all()
        documents[document_id] = DocumentRun(
            document_id, tuple(s[0] for s in sentences), tuple(s[1] for s in sentences)
        )
        texts.update(dict(sentences))
    for _, sentence_id, _, _, _, text, _ in rows:
        texts.setdefault(sentence_id, text)
    return Corpus(documents, golds, texts)
