"""The adjudication screen, driven by keys through the real app on a real database:
its queue holds exactly the disputed sentences, and every way of settling one is stored
as the adjudicator's decision while the coders' own stay as they were."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session, col

from annotator.tui.disputes import in_dispute
from annotator.tui.queue import QueueFilter, position_of, step
from models.decisions import StatementData
from models.tables import Decision, DecisionKind, DecisionRole
from tests.cli_helpers import run
from tests.tui.conftest import SIZE, settle
from tests.tui.disputes_fixture import (
    ADJUDICATOR,
    adjudicate_app,
    code,
    decision,
    keys,
    painted,
    screen,
    shown,
    two_coders,
)

pytestmark = pytest.mark.asyncio


def dispute_queue(engine: Engine) -> list[str]:
    found: list[str] = []
    with Session(engine) as session:
        pos = None
        while sid := step(
            session, annotator=ADJUDICATOR, flt=QueueFilter(), pos=pos, extra=[in_dispute()]
        ):
            found.append(sid)
            pos = position_of(session, sid)
    return found


async def test_queue_holds_exactly_the_disagreements_in_document_order(
    sample_engine: Engine,
) -> None:
    s = two_coders(sample_engine)
    assert dispute_queue(sample_engine) == [s["stance"], s["kind"], s["merge"]]
    async with adjudicate_app(sample_engine).run_test(size=SIZE) as pilot:
        await settle(pilot)
        seen = [shown(pilot)]
        for _ in range(3):
            await pilot.press("j")
            await settle(pilot)
            seen.append(shown(pilot))
        assert seen == [s["stance"], s["kind"], s["merge"], s["merge"]]
        assert "end of the disputes" in painted(pilot)
        await pilot.press("k", "k")
        await settle(pilot)
        assert shown(pilot) == s["stance"]
        assert "disputes left 3" in painted(pilot)


async def test_one_key_takes_a_coder_and_reopening_skips_it(sample_engine: Engine) -> None:
    s = two_coders(sample_engine)
    async with adjudicate_app(sample_engine).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert shown(pilot) == s["stance"]
        text = painted(pilot)
        assert "1 alice" in text and "2 bob" in text
        await pilot.press("2")
        await settle(pilot)
        assert shown(pilot) == s["kind"]
        assert "adjudicated: bob's decision (1 statement)" in painted(pilot)
    taken = decision(sample_engine, s["stance"], ADJUDICATOR)
    assert taken is not None and taken.role is DecisionRole.adjudicator
    assert keys(taken) == [("kono", "stop_liquidation", "oppose")]
    # The coders' own decisions are untouched.
    assert keys(decision(sample_engine, s["stance"], "alice")) == [
        ("kono", "stop_liquidation", "support")
    ]
    assert keys(decision(sample_engine, s["stance"], "bob")) == [
        ("kono", "stop_liquidation", "oppose")
    ]
    assert dispute_queue(sample_engine) == [s["kind"], s["merge"]]
    async with adjudicate_app(sample_engine).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert shown(pilot) == s["kind"]
        assert "disputes left 2" in painted(pilot)


async def test_merge_statements_from_two_coders(sample_engine: Engine) -> None:
    s = two_coders(sample_engine)
    async with adjudicate_app(sample_engine).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        await settle(pilot)
        assert shown(pilot) == s["merge"]
        # Cursor order: alice's Kono, alice's Suga, bob's Kono, bob's Moon.
        await pilot.press("space", "down", "space", "down", "down", "space")
        merged = screen(pilot).merged
        assert [(m.speaker_id, m.claim_id) for m in merged] == [
            ("kono", "stop_liquidation"),
            ("suga", "settled_1965"),
            ("kr_government", "respect_ruling"),
        ]
        await pilot.press("enter")
        await settle(pilot)
        # Past the last dispute the queue wraps to the first one still open.
        assert shown(pilot) == s["stance"]
        await pilot.press("1")  # a key pressed while a change is saving is refused: wait
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        # Nothing is left: the screen stays on the last one settled and says so.
        assert shown(pilot) == s["kind"]
        assert "no disagreement left" in painted(pilot)
        assert "disputes left 0" in painted(pilot)
    saved = decision(sample_engine, s["merge"], ADJUDICATOR)
    assert saved is not None and saved.role is DecisionRole.adjudicator
    assert keys(saved) == [
        ("kono", "stop_liquidation", "support"),
        ("suga", "settled_1965", "support"),
        ("kr_government", "respect_ruling", "support"),
    ]
    assert saved.statements[1].note == "quoted"  # the coder's note comes along


async def test_no_claim_new_statement_undo_and_redo(sample_engine: Engine) -> None:
    s = two_coders(sample_engine)
    async with adjudicate_app(sample_engine).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert shown(pilot) == s["kind"]
        # A statement of the adjudicator's own, with the annotation screen's form keys.
        await pilot.press("a", "s", *"suga", "enter", "1", "minus", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert shown(pilot) == s["merge"]
        assert keys(decision(sample_engine, s["kind"], ADJUDICATOR)) == [
            ("suga", "settled_1965", "oppose")
        ]
        await pilot.press("u")
        await settle(pilot)
        assert shown(pilot) == s["kind"]  # undo shows the sentence it changed
        assert decision(sample_engine, s["kind"], ADJUDICATOR) is None
        assert s["kind"] in dispute_queue(sample_engine)
        await pilot.press("u")
        await settle(pilot)
        assert shown(pilot) == s["stance"]
        assert decision(sample_engine, s["stance"], ADJUDICATOR) is None
        await pilot.press("r")
        await settle(pilot)
        redone = decision(sample_engine, s["stance"], ADJUDICATOR)
        assert redone is not None and redone.kind is DecisionKind.no_claim
        assert redone.role is DecisionRole.adjudicator
    with Session(sample_engine) as session:
        coders = session.scalars(
            select(col(Decision.annotator)).where(
                col(Decision.role) == DecisionRole.annotator.value
            )
        ).all()
    assert ADJUDICATOR not in coders


async def test_differences_are_marked(sample_engine: Engine) -> None:
    s = two_coders(sample_engine)
    async with adjudicate_app(sample_engine).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        await settle(pilot)
        assert shown(pilot) == s["merge"]
        comparison = screen(pilot).comparison
        alice, bob = comparison.marks
        assert [m.shared for m in alice] == [True, False] and alice[1].claim
        assert [m.shared for m in bob] == [True, False] and bob[1].claim
        await pilot.press("k", "k")
        await settle(pilot)
        alice, bob = screen(pilot).comparison.marks
        assert alice[0].stance and not alice[0].speaker and not alice[0].claim
        text = painted(pilot)
        assert "≠ Taro Kono" in text or "≠ " in text


async def test_an_adjudicator_who_coded_the_sentence_is_refused(sample_engine: Engine) -> None:
    s = two_coders(sample_engine)
    async with adjudicate_app(sample_engine, "alice").run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert shown(pilot) == s["stance"]
        await pilot.press("2")
        await settle(pilot)
        assert "NOT SAVED" in painted(pilot) and "another name" in painted(pilot)
    mine = decision(sample_engine, s["stance"], "alice")
    assert mine is not None and mine.role is DecisionRole.annotator
    assert keys(mine) == [("kono", "stop_liquidation", "support")]


async def test_hostile_text_shows_literally(sample_engine: Engine, tmp_path: Path) -> None:
    from tests.tui.test_tui_safety import MARKUP, _check, _import_hostile

    sentence = _import_hostile(sample_engine, tmp_path)
    hostile = StatementData("suga", "settled_1965", "support", note="[bold]n[/] [$accent] [x")
    code(sample_engine, sentence, "[bold]ann[/]", hostile)
    code(sample_engine, sentence, "[$accent]bob\x1b[31m")
    async with adjudicate_app(sample_engine, "[x pi").run_test(
        size=SIZE, notifications=True
    ) as pilot:
        await settle(pilot)
        assert shown(pilot) == sentence
        text = painted(pilot)
        _check(text)
        for literal in (*MARKUP, "[bold]ann[/]", "[$accent]bob␛[31m", "[x pi"):
            assert literal in text, literal
        await pilot.press("e")  # the statement form, titled with the coder's name
        await settle(pilot)
        text = painted(pilot)
        _check(text)
        for literal in ("Correct [bold]ann[/]'s statement", "[bold]n[/] [$accent] [x"):
            assert literal in text, literal
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("2")  # coders by name: "[$accent]bob…" sorts before "[bold]ann[/]"
        await settle(pilot)
    saved = decision(sample_engine, sentence, "[x pi")
    assert saved is not None and saved.statements[0].note == hostile.note


def _japan_2019_01(db_url: str) -> tuple[dict[str, str], str]:
    result = run(db_url, "report", "stance", "--dedupe", "none", "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = csv.DictReader(io.StringIO(result.stdout))
    (row,) = [r for r in rows if r["period"] == "2019-01" and r["side"] == "japan"]
    return row, result.stderr


async def test_report_stance_counts_the_adjudicated_decision(
    sample_engine: Engine, db_url: str
) -> None:
    s = two_coders(sample_engine)
    before, notes = _japan_2019_01(db_url)
    assert (before["statements"], before["oppose"]) == ("3", "0")
    assert "left out: 3 sentences on which annotators disagree" in notes
    async with adjudicate_app(sample_engine).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert shown(pilot) == s["stance"]
        await pilot.press("2")  # bob: Kono opposes
        await settle(pilot)
    after, notes = _japan_2019_01(db_url)
    assert (after["statements"], after["oppose"]) == ("4", "1")
    assert "left out: 2 sentences on which annotators disagree" in notes


async def test_nothing_to_adjudicate_says_so(sqlite_sample: Engine) -> None:
    async with adjudicate_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert shown(pilot) is None
        assert "no disagreement left to adjudicate" in painted(pilot)
        await pilot.press("1", "space", "enter", "n", "a", "j", "u")
        await settle(pilot)
        assert "nothing to undo" in painted(pilot)
        assert shown(pilot) is None
