"""Reads for the annotation screen, run inside thread workers; they return frozen data."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlmodel import Session, col

from annotator.suggest import suggest
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
from models.decisions import decision_version, get_decision
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

# Sentences shown on either side of the current one (paragraph breaks are marked).
CONTEXT_RADIUS = 3
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
        session.execute(
            select(in_scope(annotator, col(Sentence.document_id))).where(
                col(Sentence.id) == sentence_id
            )
        ).scalar()
    )


_LINE = (
    col(Sentence.id),
    col(Sentence.index),
    col(Sentence.paragraph),
    col(Sentence.kind),
    col(Sentence.text),
)


def load_view(session: Session, sentence_id: str, annotator: str) -> SentenceView | None:
    """One sentence with its context, decision, suggestions and document progress.

    Plain column queries: no ORM identity map, and never the whole document text."""
    row = session.execute(
        select(
            *_LINE,
            col(Document.id),
            col(Document.title),
            col(Document.source),
            col(Document.date),
            col(Document.date_precision),
        )
        .join(Document, col(Document.id) == col(Sentence.document_id))
        .where(col(Sentence.id) == sentence_id)
    ).first()
    if row is None:
        return None
    current = ContextLine(*row[:5])
    document = DocumentInfo(*row[5:])
    context = session.execute(
        select(*_LINE)
        .where(
            col(Sentence.document_id) == document.id,
            col(Sentence.index).between(
                current.index - CONTEXT_RADIUS, current.index + CONTEXT_RADIUS
            ),
            col(Sentence.kind) != SentenceKind.boilerplate.value,
        )
        .order_by(col(Sentence.index))
    ).all()
    headline = session.execute(
        select(*_LINE)
        .where(
            col(Sentence.document_id) == document.id,
            col(Sentence.kind) == SentenceKind.headline.value,
        )
        .order_by(col(Sentence.index))
        .limit(1)
    ).first()
    document_total, document_done = session.execute(
        select(func.count(), func.count().filter(decided(annotator, DONE_KINDS)))
        .select_from(Sentence)
        .where(col(Sentence.document_id) == document.id, col(Sentence.kind).in_(QUEUED_KINDS))
    ).one()
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
        context=tuple(ContextLine(*line) for line in context),
        decision=get_decision(session, sentence_id=current.sentence_id, annotator=annotator),
        proposals=tuple(suggest(session, current.sentence_id)),
        previous_speaker_id=_previous_speaker(session, document.id, current.index, annotator),
        document_total=document_total,
        document_done=document_done,
        version=decision_version(session, sentence_id=current.sentence_id, annotator=annotator),
    )


def _previous_speaker(session: Session, document_id: str, index: int, annotator: str) -> str | None:
    """The speaker of this annotator's latest statement up to this sentence in the document."""
    return session.execute(
        select(col(Statement.speaker_id))
        .join(Decision, col(Decision.id) == col(Statement.decision_id))
        .join(Sentence, col(Sentence.id) == col(Decision.sentence_id))
        .where(
            col(Sentence.document_id) == document_id,
            col(Sentence.index) <= index,
            col(Decision.annotator) == annotator,
        )
        .order_by(col(Sentence.index).desc(), col(Statement.position).desc())
        .limit(1)
    ).scalar()
