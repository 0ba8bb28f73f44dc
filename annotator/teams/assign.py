"""`annotator assign`: store the plan (annotator.teams.plan) and list who has what.

A run assigns only documents nobody holds yet, so running it again after an import hands
out the new documents and moves nothing; `reassign` first drops every assignment (never
a decision) and deals the whole corpus again. One run is one transaction.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import Engine, Subquery, delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from annotator.teams.plan import Candidate, Loads, plan
from models.db import session_scope
from models.tables import QUEUED_KINDS, Assignment, Document, Sentence, utcnow

MAX_NAME = 128
MAX_SEED = 2**31  # stored in a 32-bit column


class AssignError(ValueError):
    """Bad options, or a run that could not be stored; the message is one line."""


def parse_coders(text: str) -> tuple[str, ...]:
    """`alice,bob,carol` → the coders, each a non-empty name without spaces, once."""
    names = tuple(name.strip() for name in text.split(","))
    if not text.strip() or any(not name for name in names):
        raise AssignError(f"--annotators {text!r}: give comma-separated names, none empty")
    for name in names:
        if len(name) > MAX_NAME or any(ch.isspace() or not ch.isprintable() for ch in name):
            raise AssignError(
                f"--annotators: {name!r} is not a coder name "
                f"(no spaces or control characters, at most {MAX_NAME} characters)"
            )
    repeated = sorted(name for name, n in Counter(names).items() if n > 1)
    if repeated:
        raise AssignError(f"--annotators: {', '.join(repeated)} given more than once")
    return names


def check_overlap(overlap: float, coders: tuple[str, ...]) -> None:
    if not 0 <= overlap <= 1:
        raise AssignError(f"--overlap {overlap}: must be a share between 0 and 1 (0.2 = 20 %)")
    if overlap > 0 and len(coders) < 2:
        raise AssignError(
            f"--overlap {overlap}: double coding needs at least two coders, got {coders[0]!r}"
        )


def check_seed(seed: int | None) -> None:
    if seed is not None and not 0 <= seed < MAX_SEED:
        raise AssignError(f"--seed {seed}: must be a whole number from 0 to {MAX_SEED - 1}")


@dataclass(frozen=True)
class CoderLoad:
    annotator: str
    documents: int
    sentences: int
    double: int  # documents of the reliability sample (as first or second coder)
    new: int  # documents this run gave them


@dataclass(frozen=True)
class AssignResult:
    batch: int
    seed: int
    new_documents: int
    new_double: int
    removed: int  # assignments dropped by reassign
    coders: tuple[CoderLoad, ...]
    not_listed: tuple[str, ...]  # coders who hold documents but were not given this time


def _sizes() -> Subquery:
    """Content sentences per document."""
    return (
        select(col(Sentence.document_id), func.count().label("n"))
        .where(col(Sentence.kind).in_(QUEUED_KINDS))
        .group_by(col(Sentence.document_id))
        .subquery()
    )


def _candidates(session: Session) -> list[Candidate]:
    """Documents with something to code (content sentences) that nobody holds yet."""
    sizes = _sizes()
    held = select(col(Assignment.document_id))
    rows = session.execute(
        select(col(Document.id), col(Document.source), col(Document.date), sizes.c.n)
        .join(sizes, sizes.c.document_id == col(Document.id))
        .where(col(Document.id).not_in(held))
    ).all()
    return [Candidate(r[0], r[1], r[2], int(r[3])) for r in rows]


def _held(session: Session) -> Loads:
    sizes = _sizes()
    loads = Loads()
    rows = session.execute(
        select(col(Assignment.document_id), col(Assignment.annotator), sizes.c.n)
        .join(sizes, sizes.c.document_id == col(Assignment.document_id), isouter=True)
        .order_by(col(Assignment.document_id), col(Assignment.slot))
    ).all()
    by_document: dict[str, list[str]] = {}
    for document_id, annotator, n in rows:
        loads.documents[annotator] += 1
        loads.sentences[annotator] += int(n or 0)
        by_document.setdefault(document_id, []).append(annotator)
    for coders in by_document.values():
        if len(coders) == 2:
            loads.pairs[frozenset(coders)] += 1
    return loads


def coder_loads(session: Session, new_batch: int | None = None) -> tuple[CoderLoad, ...]:
    """Per coder: documents, sentences, reliability-sample documents, and how many of
    their documents batch `new_batch` added."""
    sizes = _sizes()
    doubled = (
        select(col(Assignment.document_id))
        .group_by(col(Assignment.document_id))
        .having(func.count() > 1)
    )
    rows = session.execute(
        select(
            col(Assignment.annotator),
            col(Assignment.document_id),
            col(Assignment.batch),
            sizes.c.n,
            col(Assignment.document_id).in_(doubled),
        )
        .join(sizes, sizes.c.document_id == col(Assignment.document_id), isouter=True)
        .order_by(col(Assignment.annotator))
    ).all()
    totals: dict[str, list[int]] = {}
    for annotator, _, batch, n, double in rows:
        t = totals.setdefault(annotator, [0, 0, 0, 0])
        t[0] += 1
        t[1] += int(n or 0)
        t[2] += int(bool(double))
        t[3] += int(batch == new_batch)
    return tuple(CoderLoad(a, *t) for a, t in totals.items())


def assign(
    engine: Engine,
    coders: tuple[str, ...],
    overlap: float,
    seed: int | None = None,
    *,
    reassign: bool = False,
) -> AssignResult:
    """Assign the documents nobody holds (all of them with `reassign`) in one transaction."""
    check_overlap(overlap, coders)
    check_seed(seed)
    seed = secrets.randbelow(MAX_SEED) if seed is None else seed
    try:
        with session_scope(engine) as session:
            removed = 0
            if reassign:
                removed = session.execute(select(func.count()).select_from(Assignment)).scalar_one()
                session.execute(delete(Assignment))
            batch = (session.execute(select(func.max(Assignment.batch))).scalar() or 0) + 1
            loads = _held(session)
            planned = plan(_candidates(session), coders, overlap, seed, loads)
            now = utcnow()
            if planned:
                session.execute(
                    insert(Assignment),
                    [
                        {
                            "document_id": p.document_id,
                            "annotator": p.annotator,
                            "slot": p.slot,
                            "batch": batch,
                            "seed": seed,
                            "created_at": now,
                        }
                        for p in planned
                    ],
                )
            current = coder_loads(session, batch)
    except IntegrityError as exc:
        raise AssignError(
            "another assignment was stored at the same time; nothing was changed, run it again"
        ) from exc
    return AssignResult(
        batch=batch,
        seed=seed,
        new_documents=sum(1 for p in planned if p.slot == 1),
        new_double=sum(1 for p in planned if p.slot == 2),
        removed=int(removed),
        coders=current,
        not_listed=tuple(c.annotator for c in current if c.annotator not in coders),
    )


@dataclass(frozen=True)
class AssignedDocument:
    annotator: str
    document_id: str
    date: dt.date | None
    date_precision: str | None
    source: str | None
    title: str | None
    sentences: int
    slot: int
    other: str | None  # the document's other coder, in the reliability sample
    batch: int


def listing(engine: Engine, annotators: tuple[str, ...] = ()) -> list[AssignedDocument]:
    """Who has what, by coder and queue order; only `annotators` when given (each must
    hold documents)."""
    sizes = _sizes()
    other = select(Assignment).subquery()
    query = (
        select(
            col(Assignment.annotator),
            col(Document.id),
            col(Document.date),
            col(Document.date_precision),
            col(Document.source),
            col(Document.title),
            sizes.c.n,
            col(Assignment.slot),
            other.c.annotator,
            col(Assignment.batch),
        )
        .join(Document, col(Document.id) == col(Assignment.document_id))
        .join(sizes, sizes.c.document_id == col(Document.id), isouter=True)
        .join(
            other,
            (other.c.document_id == col(Assignment.document_id))
            & (other.c.annotator != col(Assignment.annotator)),
            isouter=True,
        )
        .order_by(
            col(Assignment.annotator),
            col(Document.date).is_(None),
            col(Document.date),
            col(Document.id),
        )
    )
    with Session(engine) as session:
        if annotators:
            known = set(session.execute(select(col(Assignment.annotator)).distinct()).scalars())
            unknown = [a for a in annotators if a not in known]
            if unknown:
                holders = ", ".join(sorted(known)) or "nobody yet"
                raise AssignError(
                    f"no documents are assigned to {', '.join(unknown)} (assigned: {holders})"
                )
            query = query.where(col(Assignment.annotator).in_(annotators))
        return [
            AssignedDocument(r[0], r[1], r[2], r[3], r[4], r[5], int(r[6] or 0), r[7], r[8], r[9])
            for r in session.execute(query)
        ]
