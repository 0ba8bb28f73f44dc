"""Annotation flows driven by keys, checked in the database afterwards."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from models.codebook import current_version
from models.db import session_scope
from models.decisions import save_decision
from models.tables import DecisionKind, Suggestion
from tests.tui.conftest import (
    ANNOTATOR,
    SIZE,
    actions,
    current,
    decision,
    main,
    make_app,
    queue_sentences,
    settle,
)

pytestmark = pytest.mark.asyncio


def _suggest(engine: Engine, sentence_id: str, **fields: object) -> None:
    values: dict[str, object] = {
        "speaker_id": "jp_government",
        "claim_id": "bilateral_talks",
        "stance_id": "support",
    }
    values.update(fields)
    with session_scope(engine) as session:
        session.add(
            Suggestion(
                sentence_id=sentence_id,
                source="rule:test.said",
                confidence=0.8,
                reason="'urged ... talks' with Japan as subject",
                **values,  # type: ignore[arg-type]
            )
        )


async def test_one_key_accepts_a_suggestion_and_moves_on(sample_engine: Engine) -> None:
    first, second = queue_sentences(sample_engine, 2)
    _suggest(sample_engine, first)
    async with make_app(sample_engine).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert current(pilot) == first and main(pilot).draft.is_suggestion
        await pilot.press("enter")
        await settle(pilot)
        assert current(pilot) == second
    saved = decision(sample_engine, first)
    assert saved is not None and saved.kind is DecisionKind.statements
    (statement,) = saved.statements
    assert (statement.speaker_id, statement.claim_id, statement.stance_id) == (
        "jp_government",
        "bilateral_talks",
        "support",
    )
    assert statement.from_suggestion and statement.suggestion_source == "rule:test.said"


async def test_an_edited_suggestion_is_not_marked_accepted(sqlite_sample: Engine) -> None:
    (first,) = queue_sentences(sqlite_sample, 1)
    _suggest(sqlite_sample, first)
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("minus", "enter")
        await settle(pilot)
    saved = decision(sqlite_sample, first)
    assert saved is not None
    assert saved.statements[0].stance_id == "oppose"
    assert not saved.statements[0].from_suggestion
    assert saved.statements[0].suggestion_source == "rule:test.said"


async def test_a_suggested_no_claim_is_one_key(sqlite_sample: Engine) -> None:
    (first,) = queue_sentences(sqlite_sample, 1)
    _suggest(sqlite_sample, first, speaker_id=None, claim_id=None, stance_id=None, no_claim=True)
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    saved = decision(sqlite_sample, first)
    assert saved is not None and saved.kind is DecisionKind.no_claim


async def test_speaker_by_alias_then_claim_and_stance_keys(sqlite_sample: Engine) -> None:
    first, second, third = queue_sentences(sqlite_sample, 3)
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s", *"top govern", "enter")  # alias "Japan's top government..."
        await pilot.press("1", "plus", "enter")
        await settle(pilot)
        assert current(pilot) == second
        # Four keys: same speaker, claim, stance, accept.
        await pilot.press("p", "2", "minus", "enter")
        await settle(pilot)
        assert current(pilot) == third
    one, two = decision(sqlite_sample, first), decision(sqlite_sample, second)
    assert one is not None and two is not None
    assert [(s.speaker_id, s.claim_id, s.stance_id) for s in one.statements] == [
        ("suga", "settled_1965", "support")
    ]
    assert [(s.speaker_id, s.claim_id, s.stance_id) for s in two.statements] == [
        ("suga", "breach_intl_law", "oppose")
    ]
    assert not one.statements[0].from_suggestion


async def test_incomplete_form_saves_nothing(sqlite_sample: Engine) -> None:
    (first,) = queue_sentences(sqlite_sample, 1)
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape", "1", "enter")  # clear the suggestion, then a claim alone
        await settle(pilot)
        assert current(pilot) == first
        assert "speaker" in str(main(pilot).query_one("#status").render())
    assert decision(sqlite_sample, first) is None


async def test_no_claim_and_skip_then_next_unannotated(sqlite_sample: Engine) -> None:
    first, second, third, fourth = queue_sentences(sqlite_sample, 4)
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert current(pilot) == third
        await pilot.press("j")
        await settle(pilot)
        assert current(pilot) == fourth
        await pilot.press("k", "k", "k")
        await settle(pilot)
        assert current(pilot) == first
        await pilot.press("space")  # the next sentence without a decision
        await settle(pilot)
        assert current(pilot) == third
    no_claim, skipped = decision(sqlite_sample, first), decision(sqlite_sample, second)
    assert no_claim is not None and no_claim.kind is DecisionKind.no_claim
    with Session(sqlite_sample) as session:
        version = current_version(session)
    assert version is not None and no_claim.codebook_version_id == version.id
    assert skipped is not None and skipped.kind is DecisionKind.skip
    assert decision(sqlite_sample, third) is None


async def test_add_edit_delete_and_note_statements(sqlite_sample: Engine) -> None:
    (first,) = queue_sentences(sqlite_sample, 1)
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s", *"kono", "enter", "4", "plus", "a")  # add, stay
        await settle(pilot)
        assert current(pilot) == first
        await pilot.press("p", "6", "plus", "a")  # a second statement, same speaker
        await settle(pilot)
        saved = decision(sqlite_sample, first)
        assert saved is not None and [s.claim_id for s in saved.statements] == [
            "bilateral_talks",
            "stop_liquidation",
        ]
        await pilot.press("down", "e", "0", "a")  # edit the second: neutral
        await settle(pilot)
        await pilot.press("m", *"quoted [b]", "enter")  # note on the selected statement
        await settle(pilot)
        saved = decision(sqlite_sample, first)
        assert saved is not None
        assert [(s.claim_id, s.stance_id, s.note) for s in saved.statements] == [
            ("bilateral_talks", "support", None),
            ("stop_liquidation", "neutral", "quoted [b]"),
        ]
        await pilot.press("up", "d")  # delete the first
        await settle(pilot)
        saved = decision(sqlite_sample, first)
        assert saved is not None and [s.claim_id for s in saved.statements] == ["stop_liquidation"]
        await pilot.press("d")  # delete the last: the sentence is undecided again
        await settle(pilot)
    assert decision(sqlite_sample, first) is None
    assert actions(sqlite_sample) == ["decide"] * 5 + ["clear"]


async def test_undo_and_redo_across_sentences(sample_engine: Engine) -> None:
    first, second, third = queue_sentences(sample_engine, 3)
    async with make_app(sample_engine).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert current(pilot) == third
        await pilot.press("u")
        await settle(pilot)
        assert current(pilot) == second  # undo shows the sentence it changed
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert decision(sample_engine, first) is None
        assert decision(sample_engine, second) is None
        await pilot.press("u")  # nothing left to undo: nothing changes
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        redone = decision(sample_engine, first)
        assert redone is not None and redone.kind is DecisionKind.no_claim
        await pilot.press("ctrl+y")
        await settle(pilot)
        redone = decision(sample_engine, second)
        assert redone is not None and redone.kind is DecisionKind.skip
        await pilot.press("r")  # nothing left to redo
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
    assert decision(sample_engine, second) is None
    assert actions(sample_engine) == ["decide", "decide", "undo", "undo", "redo", "redo", "undo"]


async def test_a_new_change_clears_redo(sqlite_sample: Engine) -> None:
    first, _ = queue_sentences(sqlite_sample, 2)
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("x")  # a fresh change on the same sentence
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
    skipped = decision(sqlite_sample, first)
    assert skipped is not None and skipped.kind is DecisionKind.skip
    assert actions(sqlite_sample) == ["decide", "undo", "decide"]


async def test_progress_counts_the_queue_and_today(sqlite_sample: Engine) -> None:
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        stats = main(pilot).stats
        assert stats is not None and (stats.done, stats.today) == (1, 1)
        text = str(main(pilot).query_one("#progress").render())
        assert "queue 1/76" in text and "document 1/" in text


async def test_when_all_is_done_it_says_so(sqlite_sample: Engine) -> None:
    order = queue_sentences(sqlite_sample, 76)
    with session_scope(sqlite_sample) as session:
        for sentence_id in order:
            save_decision(
                session, sentence_id=sentence_id, annotator=ANNOTATOR, kind=DecisionKind.no_claim
            )
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert current(pilot) == order[0]  # the start of the queue, to review
        assert "no unannotated sentence left" in str(main(pilot).query_one("#status").render())
        await pilot.press("space")
        await settle(pilot)
        assert current(pilot) == order[0]


async def test_saving_asks_for_the_model_to_be_retrained(
    sqlite_sample: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first save asks whether to retrain, then every RETRAIN_EVERY saves (the model
    itself decides from every coder's changes in the database)."""
    import annotator.tui.screens.main as main_screen
    from annotator.suggest.training import RETRAIN_EVERY

    asked: list[Engine] = []
    monkeypatch.setattr(main_screen, "maybe_retrain", lambda engine: asked.append(engine))
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert asked == [sqlite_sample]
        for _ in range(RETRAIN_EVERY - 1):
            await pilot.press("n")
            await settle(pilot)
        assert asked == [sqlite_sample]
        await pilot.press("n")
        await settle(pilot)
    assert asked == [sqlite_sample, sqlite_sample]
