"""The "least sure first" order: with a model, the screen opens at the unannotated
sentence the model is least sure about, and moves on to the next least sure after each
decision; without one it keeps document order and says so."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from textual.widgets import Select

from annotator.cli.importing import import_label_files
from annotator.suggest.index import load_index
from annotator.suggest.training import maybe_retrain
from annotator.tui.backend import NO_MODEL
from annotator.tui.queue import Order, QueueFilter
from annotator.tui.widgets.status_line import StatusLine
from exports.labels import LabelFormat
from models.tables import QUEUED_KINDS, Document, Sentence
from tests.tui.conftest import SAMPLE, SIZE, current, main, make_app, queue_sentences, settle


def with_model(engine: Engine) -> None:
    """The sample's gold coding, by the annotator `sample` (not the one coding here),
    and a model trained on it."""
    import_label_files(
        engine,
        [SAMPLE / "annotations.jsonl"],
        LabelFormat.jsonl,
        as_decisions=True,
        add_to_codebook=False,
    )
    assert maybe_retrain(engine, force=True) is not None


def least_sure_order(engine: Engine) -> list[str]:
    """Queue sentences by the model's probability of its best decision, computed from
    its ranked classes: "no claim", or the likeliest codebook claim times "a claim"."""
    from annotator.suggest.training import current_model

    trained = current_model(engine)
    assert trained is not None
    model = trained.model
    with Session(engine) as session:
        index = load_index(session)
        rows = session.exec(
            select(Sentence.id, Sentence.text)
            .join(Document, col(Document.id) == col(Sentence.document_id))
            .where(col(Sentence.kind).in_(QUEUED_KINDS))
            .order_by(col(Document.date), col(Document.id), col(Sentence.index))
        ).all()
    matrix = model.words.transform([text for _, text in rows])
    none = model.no_claim.ranked(matrix)
    claims = model.claim.ranked(matrix)
    sure = []
    for row in range(len(rows)):
        p_none = dict(none[row]).get("yes", 0.0)
        p_claim = next(p for claim, p in claims[row] if claim in index.claim_labels)
        sure.append(max(p_none, (1 - p_none) * p_claim))
    ordered = sorted(range(len(rows)), key=lambda i: sure[i])  # stable: document order
    assert sure[ordered[0]] < sure[ordered[1]] or ordered[0] < ordered[1]
    return [rows[i][0] for i in ordered]


def status(pilot: object) -> str:
    return str(main(pilot).query_one(StatusLine).content)  # type: ignore[arg-type]


@pytest.mark.asyncio
async def test_opens_at_the_least_sure_sentence_and_follows_the_ranking(
    sqlite_sample: Engine,
) -> None:
    with_model(sqlite_sample)
    expected = least_sure_order(sqlite_sample)
    assert expected[0] != queue_sentences(sqlite_sample, 1)[0]  # not document order
    app = make_app(sqlite_sample, order=Order.uncertain)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert current(pilot) == expected[0]
        assert "least sure first" in status(pilot)
        assert main(pilot).flt.order is Order.uncertain
        await pilot.press("n")  # no claim, and on to the next
        await settle(pilot)
        assert current(pilot) == expected[1]
        await pilot.press("n")
        await settle(pilot)
        assert current(pilot) == expected[2]


@pytest.mark.asyncio
async def test_without_a_model_document_order_with_a_notice(sqlite_sample: Engine) -> None:
    first, second = queue_sentences(sqlite_sample, 2)
    async with make_app(sqlite_sample, order=Order.uncertain).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert current(pilot) == first
        assert NO_MODEL in status(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert current(pilot) == second


@pytest.mark.asyncio
async def test_the_filter_dialog_chooses_the_order(sqlite_sample: Engine) -> None:
    with_model(sqlite_sample)
    expected = least_sure_order(sqlite_sample)
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert current(pilot) == queue_sentences(sqlite_sample, 1)[0]
        await pilot.press("f")
        await settle(pilot)
        await pilot.press(*["tab"] * 6)
        assert pilot.app.focused is pilot.app.screen.query_one("#filter-order", Select)
        await pilot.press("enter", "down", "enter")  # open the list, next choice, pick it
        await pilot.press("tab", "enter")  # enter in a text field applies
        await settle(pilot)
        assert main(pilot).flt == QueueFilter(order=Order.uncertain)
        assert current(pilot) == expected[0]


def test_a_retrained_model_ranks_the_queue_again(sqlite_sample: Engine) -> None:
    """After retraining, the training worker re-ranks: the decided sentences leave the
    ranking and the new model's figures come in; moving on never scores anything."""
    from annotator.suggest.training import current_model
    from annotator.tui.backend import Backend, Move, Navigation
    from models.db import session_scope
    from models.decisions import save_decision
    from models.tables import DecisionKind

    with_model(sqlite_sample)
    backend = Backend(sqlite_sample, "alice")
    flt = QueueFilter(order=Order.uncertain)
    shown = backend.navigate(Navigation(Move.start, flt)).view
    before = backend.ranking
    assert shown is not None and before is not None
    assert shown.sentence_id == before.ids[0]
    decided = list(before.ids[:12])
    with session_scope(sqlite_sample) as session:
        for sentence_id in decided:
            save_decision(
                session, sentence_id=sentence_id, annotator="alice", kind=DecisionKind.no_claim
            )
    # Moving on uses the ranking it has: the first not yet decided.
    moved = backend.navigate(Navigation(Move.next_unannotated, flt, decided[-1])).view
    assert moved is not None and moved.sentence_id == before.ids[12]
    assert backend.ranking is before
    assert maybe_retrain(sqlite_sample, force=True) is not None
    backend.rerank(flt)
    after = backend.ranking
    trained = current_model(sqlite_sample)
    assert after is not None and after is not before and trained is not None
    assert after.decisions == trained.decisions == before.decisions + len(decided)
    assert not set(decided) & set(after.ids)
    assert len(after.ids) == len(before.ids) - len(decided)


def test_a_queue_of_done_sentences_keeps_document_order(sqlite_sample: Engine) -> None:
    """The ranking holds unannotated sentences: filtered to done ones, the queue is in
    document order, and no unannotated sentence slips in."""
    from annotator.tui.backend import Backend, Move, Navigation
    from annotator.tui.queue import Status
    from models.db import session_scope
    from models.decisions import save_decision
    from models.tables import DecisionKind

    with_model(sqlite_sample)
    in_order = queue_sentences(sqlite_sample, 6)
    with session_scope(sqlite_sample) as session:
        for sentence_id in in_order[2:6]:
            save_decision(
                session, sentence_id=sentence_id, annotator="alice", kind=DecisionKind.no_claim
            )
    backend = Backend(sqlite_sample, "alice")
    flt = QueueFilter(order=Order.uncertain, status=Status.done)
    shown = backend.navigate(Navigation(Move.start, flt)).view
    assert shown is not None and shown.sentence_id == in_order[2]
    moved = backend.navigate(Navigation(Move.next_unannotated, flt, in_order[2])).view
    assert moved is not None and moved.sentence_id == in_order[3]
    assert backend.ranking is None
