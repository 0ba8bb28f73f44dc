"""Using what is proposed: cycling through the alternatives, the next proposal after `a`,
and enter taking a complete alternative when the top proposal is incomplete."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from textual.widgets import OptionList, Static

from annotator.tui.screens.main import MainScreen
from annotator.tui.widgets.sentence_context import SentenceContext
from annotator.tui.widgets.statement_form import StatementForm
from annotator.tui.widgets.status_line import StatusLine
from models.db import session_scope
from models.tables import DecisionKind, Suggestion
from tests.tui.conftest import SIZE, current, decision, main, make_app, queue_sentences, settle

pytestmark = pytest.mark.asyncio


def _propose(engine: Engine, sentence_id: str, *proposals: dict[str, object]) -> None:
    """Pre-annotations, more confident than any rule, in the order given."""
    with session_scope(engine) as session:
        for position, fields in enumerate(proposals):
            session.add(
                Suggestion(
                    sentence_id=sentence_id,
                    source="prodigy",
                    confidence=0.99 - 0.01 * position,
                    reason=f"imported #{position}",
                    position=position,
                    **fields,  # type: ignore[arg-type]
                )
            )


def _form(screen: MainScreen) -> str:
    return str(screen.query_one(StatementForm).content)


TALKS = {"speaker_id": "jp_government", "claim_id": "bilateral_talks", "stance_id": "support"}
SETTLED = {"speaker_id": "jp_government", "claim_id": "settled_1965", "stance_id": "support"}


async def test_tab_cycles_through_the_alternatives(sqlite_sample: Engine) -> None:
    (first,) = queue_sentences(sqlite_sample, 1)
    _propose(sqlite_sample, first, TALKS, SETTLED)
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot)
        count = len(screen.view.proposals) if screen.view else 0
        assert count >= 2 and screen.draft.claim_id == "bilateral_talks"
        assert "1 of" in _form(screen)
        await pilot.press("tab")
        assert (screen.draft.claim_id, screen.draft.choice) == ("settled_1965", 1)
        assert "2 of" in _form(screen)
        await pilot.press(*["tab"] * (count - 1))
        assert screen.draft.choice == 0 and screen.draft.claim_id == "bilateral_talks"
        await pilot.press("shift+tab")
        assert screen.draft.choice == count - 1
        await pilot.press("tab", "tab", "enter")
        await settle(pilot)
    saved = decision(sqlite_sample, first)
    assert saved is not None
    (statement,) = saved.statements
    assert statement.claim_id == "settled_1965" and statement.from_suggestion


async def test_after_a_the_form_holds_the_next_unsaved_proposal(sqlite_sample: Engine) -> None:
    first, second = queue_sentences(sqlite_sample, 2)
    _propose(sqlite_sample, first, TALKS, SETTLED)
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        screen = main(pilot)
        assert current(pilot) == first
        assert (screen.draft.claim_id, screen.draft.is_suggestion) == ("settled_1965", True)
        await pilot.press("enter")
        await settle(pilot)
        assert current(pilot) == second
    saved = decision(sqlite_sample, first)
    assert saved is not None
    assert [s.claim_id for s in saved.statements] == ["bilateral_talks", "settled_1965"]
    assert all(s.from_suggestion for s in saved.statements)


async def test_enter_takes_a_complete_alternative(sqlite_sample: Engine) -> None:
    first, second = queue_sentences(sqlite_sample, 2)
    no_speaker = {"claim_id": "bilateral_talks", "stance_id": "support"}
    _propose(sqlite_sample, first, no_speaker, {"no_claim": True})
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert main(pilot).draft.missing == ["speaker"]
        await pilot.press("enter")
        await settle(pilot)
        assert current(pilot) == second
    saved = decision(sqlite_sample, first)
    assert saved is not None and saved.kind is DecisionKind.no_claim


async def test_an_edited_incomplete_form_is_still_refused(sqlite_sample: Engine) -> None:
    (first,) = queue_sentences(sqlite_sample, 1)
    no_speaker = {"claim_id": "bilateral_talks", "stance_id": "support"}
    _propose(sqlite_sample, first, no_speaker, {"no_claim": True})
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("minus", "enter")
        await settle(pilot)
        assert current(pilot) == first
        assert "not saved: choose a speaker" in str(main(pilot).query_one(StatusLine).content)
    assert decision(sqlite_sample, first) is None


async def test_the_words_behind_a_suggestion_are_marked(sqlite_sample: Engine) -> None:
    (first,) = queue_sentences(sqlite_sample, 1)
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot)
        assert screen.view is not None and current(pilot) == first
        proposal = screen.draft.proposal
        assert proposal is not None and screen.draft.is_suggestion and proposal.spans
        content = screen.query_one(SentenceContext).current_line
        text = screen.view.text
        marked = {
            content.plain[span.start : span.end]
            for span in content.spans
            if "underline" in str(span.style)
        }
        assert marked == {text[start:end] for start, end in proposal.spans}
        # Edited away from the suggestion, nothing is marked.
        await pilot.press("minus")
        content = screen.query_one(SentenceContext).current_line
        assert not any("underline" in str(span.style) for span in content.spans)


@pytest.mark.parametrize(
    ("typed", "speaker"),
    [("sk gov", "kr_government"), ("jap gov", "jp_government"), ("kjh", "kim_jung_han")],
)
async def test_speaker_by_word_prefixes_and_initials(
    sqlite_sample: Engine, typed: str, speaker: str
) -> None:
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s", *typed, "enter")
        assert main(pilot).draft.speaker_id == speaker


async def test_the_speakers_at_hand_come_first(sqlite_sample: Engine) -> None:
    (first,) = queue_sentences(sqlite_sample, 1)
    _propose(sqlite_sample, first, {**TALKS, "speaker_id": "kim_jung_han"})
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        options = pilot.app.screen.query_one(OptionList)
        first_option = options.get_option_at_index(0)
        assert first_option.id == "kim_jung_han"
        assert "South Korea" in str(first_option.prompt)  # the side is always shown


async def test_help_shows_the_coding_rules(sqlite_sample: Engine) -> None:
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        rules = str(pilot.app.screen.query_one("#help-rules", Static).content)
        assert "Coding rules" in rules
        assert "The reporter's framing, assessment or projection" in rules
