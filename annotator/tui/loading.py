"""Reads for the annotation screen, run inside thread workers; they return frozen data."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    CompoundSelect,
    Integer,
    Select,
    Table,
    bindparam,
    func,
    literal_column,
    select,
    union_all,
)
from sqlmodel import Session, col

from annotator.suggest.base import CONTEXT_BEFORE, suggest_in_context
from annotator.teams.scope import assigned_count, in_scope, is_assigned
from annotator.tui.data import (
    ActorInfo,
    ClaimInfo,
    CodebookData,
    ContextLine,
    DocumentInfo,
    QueueStats,
    SentenceView,
    SideInfo,
    StanceInfo,
)
from annotator.tui.queue import Position, decided
from models.codebook import coding_rules, current_version
from models.decisions import get_decision, version_of
from models.tables import (
    QUEUED_KINDS,
    Actor,
    Assignment,
    ClaimType,
    Decision,
    DecisionKind,
    Document,
    Sentence,
    SentenceKind,
    Side,
    Stance,
    Statement,
)

# Sentences read on either side of the current one: the context pane shows what fits,
# and keeps its place while the coder moves on through them (paragraph breaks marked).
CONTEXT_RADIUS = 8
DONE_KINDS = (DecisionKind.statements.value, DecisionKind.no_claim.value)


def load_codebook(session: Session) -> CodebookData:
    version = current_version(session)
    sides = session.scalars(select(Side).where(col(Side.active)).order_by(col(Side.position))).all()
    side_label = {side.id: side.label for side in sides}
    actors = session.scalars(
        select(Actor).where(col(Actor.active)).order_by(col(Actor.position))
    ).all()
    claims = session.scalars(
        select(ClaimType).where(col(ClaimType.active)).order_by(col(ClaimType.position))
    ).all()
    stances = session.scalars(
        select(Stance).where(col(Stance.active)).order_by(col(Stance.position))
    ).all()
    return CodebookData(
        name=version.name if version else "(no codebook)",
        version=version.version if version else "",
        version_id=version.id if version else None,
        sides=tuple(SideInfo(s.id, s.label, s.description) for s in sides),
        actors=tuple(
            ActorInfo(
                a.id, a.name, a.side_id, side_label.get(a.side_id, a.side_id), tuple(a.aliases)
            )
            for a in actors
        ),
        claims=tuple(
            ClaimInfo(c.id, c.label, c.definition, tuple(c.examples), c.key) for c in claims
        ),
        stances=tuple(StanceInfo(s.id, s.label, s.score, s.definition, s.key) for s in stances),
        rules=tuple((r.rule, tuple(r.examples)) for r in coding_rules(version)),
        source=version.source if version else "",
    )


def local_midnight() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)


def load_stats(session: Session, annotator: str) -> QueueStats:
    """Queue size and this annotator's totals; counted once, then kept up to date by deltas.
    With an assignment, the queue is the assigned documents."""
    assigned = assigned_count(session, annotator)
    content = col(Sentence.kind).in_(QUEUED_KINDS)
    sentences = select(func.count()).select_from(Sentence).where(content)
    done_query = (
        select(func.count())
        .select_from(Decision)
        .join(Sentence, col(Sentence.id) == col(Decision.sentence_id))
        .where(col(Decision.annotator) == annotator, col(Decision.kind).in_(DONE_KINDS), content)
    )
    if assigned:
        # From the assignment to its sentences, not a probe per sentence of the corpus.
        sentences = sentences.join(
            Assignment, col(Assignment.document_id) == col(Sentence.document_id)
        ).where(col(Assignment.annotator) == annotator)
        done_query = done_query.where(is_assigned(annotator, col(Sentence.document_id)))
    total = session.execute(sentences).scalar_one()
    done = session.execute(done_query).scalar_one()
    today, first = session.execute(
        select(func.count(), func.min(Decision.updated_at)).where(
            col(Decision.annotator) == annotator,
            col(Decision.kind).in_(DONE_KINDS),
            col(Decision.updated_at) >= local_midnight(),
        )
    ).one()
    return QueueStats(
        total=total,
        done=done,
        today=today,
        first_today=first,
        scope=f"assigned to {annotator} ({assigned:,} doc{'s' if assigned != 1 else ''})"
        if assigned
        else None,
    )


def in_queue_scope(session: Session, annotator: str, sentence_id: str) -> bool:
    """The sentence's document is in the annotator's queue (their assignment, if any)."""
    return bool(
        session.connection()
        .execute(_scope_query(), {"scope_annotator": annotator, "scope_sentence_id": sentence_id})
        .scalar()
    )


@cache
def _scope_query() -> Select:
    return select(in_scope(bindparam("scope_annotator"), col(Sentence.document_id))).where(
        col(Sentence.id) == bindparam("scope_sentence_id")
    )


_SENTENCES: Table = Sentence.__table__  # type: ignore[attr-defined]
_LINE = (
    col(Sentence.id),
    col(Sentence.index),
    col(Sentence.paragraph),
    col(Sentence.kind),
    col(Sentence.text),
)
# Which part of the sentence's surroundings a row of `_lines_query` is.
_EARLIER, _FROM_HERE, _HEADLINE = 0, 1, 2


def load_view(session: Session, sentence_id: str, annotator: str) -> SentenceView | None:
    """One sentence with its context, decision, suggestions and document progress.

    Statements built once, on the session's connection (no ORM identity map, never the
    whole document text): the sentence with its document and everything counted about
    it, then its surroundings in one query, which also give the suggestions their
    context."""
    row = _view_row(session, sentence_id, annotator)
    if row is None:
        return None
    current = ContextLine(*row[:5])
    document = DocumentInfo(*row[5:10])
    document_total, document_done, version, previous_speaker = row[10:]
    lines = (
        session.connection()
        .execute(_lines_query(), {"lines_document_id": document.id, "lines_index": current.index})
        .all()
    )
    earlier = sorted((line[1:] for line in lines if line[0] == _EARLIER), key=_index)
    following = sorted((line[1:] for line in lines if line[0] == _FROM_HERE), key=_index)
    headline = next((line[1:] for line in lines if line[0] == _HEADLINE), None)
    context = [line for line in earlier if line[1] >= current.index - CONTEXT_RADIUS]
    texts = [line[4] for line in earlier[-CONTEXT_BEFORE:]] + [current.text]
    return SentenceView(
        sentence_id=current.sentence_id,
        index=current.index,
        kind=current.kind,
        text=current.text,
        position=Position(document.date, document.id, current.index),
        document=document,
        headline=ContextLine(*headline)
        if headline and headline[0] != current.sentence_id
        else None,
        context=tuple(ContextLine(*line) for line in context + following),
        decision=get_decision(session, sentence_id=current.sentence_id, annotator=annotator),
        proposals=tuple(suggest_in_context(session, current.sentence_id, texts)),
        previous_speaker_id=previous_speaker,
        document_total=document_total,
        document_done=document_done,
        version=version,
    )


def refresh_view(session: Session, view: SentenceView, annotator: str) -> SentenceView | None:
    """`view` as `load_view` would read it now, reading again only what a decision can
    change: the decision, its version, the document's progress and the speaker carried
    over. Its text, context and proposals do not depend on decisions (the annotation
    screen reads them ahead, while the coder reads the sentence before)."""
    row = _view_row(session, view.sentence_id, annotator)
    if row is None:
        return None
    document_total, document_done, version, previous_speaker = row[10:]
    return replace(
        view,
        decision=get_decision(session, sentence_id=view.sentence_id, annotator=annotator),
        previous_speaker_id=previous_speaker,
        document_total=document_total,
        document_done=document_done,
        version=version,
    )


def _view_row(session: Session, sentence_id: str, annotator: str) -> Any:
    """The row of `_view_query` for this sentence and annotator (None if no such sentence)."""
    return (
        session.connection()
        .execute(_view_query(), {"view_sentence_id": sentence_id, "view_annotator": annotator})
        .first()
    )


def _index(line: Any) -> int:
    return int(line[1])


@cache
def _view_query() -> Select:
    """The sentence and its document, with the document's progress, the decision's
    version and the speaker of the annotator's latest statement up to here."""
    current = _SENTENCES.alias("current")
    annotator: BindParameter[str] = bindparam("view_annotator")
    in_document = col(Sentence.document_id) == current.c.document_id
    total = (
        select(func.count())
        .where(in_document, col(Sentence.kind).in_(QUEUED_KINDS))
        .scalar_subquery()
    )
    done = (
        select(func.count())
        .where(in_document, col(Sentence.kind).in_(QUEUED_KINDS), decided(annotator, DONE_KINDS))
        .scalar_subquery()
    )
    previous_speaker = (
        select(col(Statement.speaker_id))
        .join(Decision, col(Decision.id) == col(Statement.decision_id))
        .join(Sentence, col(Sentence.id) == col(Decision.sentence_id))
        .where(
            in_document,
            col(Sentence.index) <= current.c.index,
            col(Decision.annotator) == annotator,
        )
        .order_by(col(Sentence.index).desc(), col(Statement.position).desc())
        .limit(1)
        .scalar_subquery()
    )
    return (
        select(
            current.c.id,
            current.c.index,
            current.c.paragraph,
            current.c.kind,
            current.c.text,
            col(Document.id),
            col(Document.title),
            col(Document.source),
            col(Document.date),
            col(Document.date_precision),
            total,
            done,
            version_of(current.c.id, annotator),
            previous_speaker,
        )
        .join(Document, col(Document.id) == current.c.document_id)
        .where(current.c.id == bindparam("view_sentence_id"))
    )


@cache
def _lines_query() -> CompoundSelect:
    """Around one sentence of a document: the sentences before it that the suggestions
    read (boilerplate left out), the sentence and those after it up to the context's
    radius, and the document's headline; each row tagged with its part."""
    index = bindparam("lines_index", type_=Integer)
    in_document = col(Sentence.document_id) == bindparam("lines_document_id")
    shown = col(Sentence.kind) != SentenceKind.boilerplate.value

    def part(tag: int) -> Any:
        return literal_column(str(tag)).label("part")

    earlier = (
        select(part(_EARLIER), *_LINE)
        .where(in_document, shown, col(Sentence.index) < index)
        .order_by(col(Sentence.index).desc())
        .limit(max(CONTEXT_BEFORE, CONTEXT_RADIUS))
        .subquery()
    )
    following = select(part(_FROM_HERE), *_LINE).where(
        in_document, shown, col(Sentence.index).between(index, index + CONTEXT_RADIUS)
    )
    headline = (
        select(part(_HEADLINE), *_LINE)
        .where(in_document, col(Sentence.kind) == SentenceKind.headline.value)
        .order_by(col(Sentence.index))
        .limit(1)
        .subquery()
    )
    return union_all(select(earlier), following, select(headline))
