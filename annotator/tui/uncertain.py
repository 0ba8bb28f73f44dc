"""The "least sure first" queue order: unannotated sentences ranked by the model's
sureness (`annotator.suggest.uncertainty`), least sure first, ties in document order.

The ranking is computed in the screen's database worker when the order is chosen (or
the screen opens with it) or the filter changes, and again in the training worker, off
the coder's path, each time the model is retrained: the queue's unannotated sentences are
read in batches of BATCH and scored a batch at a time. Moving on costs one small query
per CHUNK ranked sentences (which of them were decided meanwhile, here or in another
terminal), never a scoring."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlmodel import Session, col

from annotator.suggest.index import load_index
from annotator.suggest.training import Trained
from annotator.tui.queue import QueueFilter, Status, conditions, doc_date, doc_id, sentence_index
from models.tables import Decision, Document, Sentence

BATCH = 5_000
CHUNK = 200


@dataclass(frozen=True)
class Ranking:
    """The queue's unannotated sentences, least sure first, as of one model and filter."""

    key: tuple[object, ...]  # the annotator and the filter it was ranked for
    decisions: int  # what the model it was ranked with was trained on
    ids: tuple[str, ...]
    positions: dict[str, int]
    sureness: dict[str, float]
    seconds: float

    def position(self, sentence_id: str | None) -> int:
        """Where `sentence_id` sits in the ranking; -1 when it is not ranked."""
        return -1 if sentence_id is None else self.positions.get(sentence_id, -1)


def ranking_key(annotator: str, flt: QueueFilter) -> tuple[object, ...]:
    return (annotator, replace(flt, status=Status.all))


def rank(session: Session, annotator: str, flt: QueueFilter, trained: Trained) -> Ranking:
    """Score every unannotated sentence of the queue, a batch at a time."""
    # numpy loads with the model, not with the screen: most sessions never rank.
    import numpy as np

    from annotator.suggest.uncertainty import sureness

    started = time.perf_counter()
    index = load_index(session)
    todo = replace(flt, status=Status.todo)
    query = (
        select(col(Sentence.id), col(Sentence.text))
        .join(Document, col(Sentence.document_id) == doc_id)
        .where(*conditions(annotator, todo))
        .order_by(doc_date.is_(None), doc_date, doc_id, sentence_index)
        .execution_options(yield_per=BATCH)
    )
    ids: list[str] = []
    scores = []
    for batch in session.execute(query).partitions(BATCH):
        ids.extend(row[0] for row in batch)
        scores.append(sureness(trained.model, [row[1] for row in batch], index))
    values = np.concatenate(scores) if scores else np.zeros(0)
    order = np.argsort(values, kind="stable")  # ties keep document order
    ranked = tuple(ids[i] for i in order)
    return Ranking(
        key=ranking_key(annotator, flt),
        decisions=trained.decisions,
        ids=ranked,
        positions={sentence_id: i for i, sentence_id in enumerate(ranked)},
        sureness={ids[i]: float(values[i]) for i in order},
        seconds=time.perf_counter() - started,
    )


def next_least_sure(
    session: Session, annotator: str, ranking: Ranking, after: str | None
) -> str | None:
    """The first sentence ranked after `after` (from the top when it is not ranked) that
    the annotator has not decided yet, wrapping round to the top; None when none is left."""
    start = ranking.position(after) + 1
    ordered = ranking.ids[start:] + ranking.ids[:start]
    for offset in range(0, len(ordered), CHUNK):
        chunk = [i for i in ordered[offset : offset + CHUNK] if i != after]
        decided = set(
            session.execute(
                select(col(Decision.sentence_id)).where(
                    col(Decision.annotator) == annotator, col(Decision.sentence_id).in_(chunk)
                )
            ).scalars()
        )
        found = next((i for i in chunk if i not in decided), None)
        if found is not None:
            return found
    return None
