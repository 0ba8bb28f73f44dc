"""Snapshots of the main screen, the codebook help, the speaker picker and the new-speaker
dialog (reviewed SVGs)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from textual.pilot import Pilot
from textual.widgets import Input

from models.db import session_scope
from models.tables import Suggestion
from tests.tui.conftest import SIZE, make_app, queue_sentences, settle
from tests.tui.new_speaker_fixture import SUGA_SENTENCE, sample_without_suga

__all__ = ["sample_without_suga"]


def _painted(pilot: Pilot[None]) -> str:
    return "\n".join(strip.text for strip in pilot.app.screen._compositor.render_strips())


async def _settled(pilot: Pilot[None]) -> None:
    """Workers done and two paints in a row alike: the auto-height panes take a second
    layout pass, which a loaded machine may not have run when the last message is handled."""
    previous = None
    for _ in range(20):
        await settle(pilot)
        await pilot.pause(0.05)
        painted = _painted(pilot)
        if painted == previous:
            return
        previous = painted


def test_main_screen_with_a_suggestion(sqlite_sample: Engine, snap_compare: Any) -> None:
    first, _ = queue_sentences(sqlite_sample, 2)
    with session_scope(sqlite_sample) as session:
        session.add(
            Suggestion(
                sentence_id=first,
                source="rule:speaker.urged",
                speaker_id="jp_government",
                claim_id="bilateral_talks",
                stance_id="support",
                confidence=0.7,
                reason="'Japan urged ... talks based on their key diplomatic agreement'",
            )
        )
    assert snap_compare(make_app(sqlite_sample), terminal_size=SIZE, run_before=_settled)


def test_main_screen_after_saving(sqlite_sample: Engine, snap_compare: Any) -> None:
    async def save_two(pilot: Pilot[None]) -> None:
        await _settled(pilot)
        await pilot.press("s", *"suga", "enter", "1", "plus", "a")
        await _settled(pilot)
        await pilot.press("p", "2", "plus", "a")
        await _settled(pilot)

    assert snap_compare(make_app(sqlite_sample), terminal_size=SIZE, run_before=save_two)


def test_codebook_help(sqlite_sample: Engine, snap_compare: Any) -> None:
    async def open_help(pilot: Pilot[None]) -> None:
        await _settled(pilot)
        await pilot.press("question_mark")
        await _settled(pilot)

    assert snap_compare(make_app(sqlite_sample), terminal_size=SIZE, run_before=open_help)


def test_speaker_picker(sqlite_sample: Engine, snap_compare: Any) -> None:
    async def pick(pilot: Pilot[None]) -> None:
        await _settled(pilot)
        await pilot.press("s", *"korea")
        await _settled(pilot)

    assert snap_compare(make_app(sqlite_sample), terminal_size=SIZE, run_before=pick)


def test_new_speaker_dialog_at_80x24(sample_without_suga: Engine, snap_compare: Any) -> None:
    """`b` on a proposed new speaker: the dialog pre-filled, on the smallest terminal."""

    async def open_dialog(pilot: Pilot[None]) -> None:
        await _settled(pilot)
        await pilot.press("slash", *SUGA_SENTENCE, "enter")
        await _settled(pilot)
        await pilot.press("b")
        await _settled(pilot)
        # A blinking cursor is on or off depending on when the picture is taken.
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await _settled(pilot)

    app = make_app(sample_without_suga)
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_dialog)


def test_new_speaker_in_the_form(sample_without_suga: Engine, snap_compare: Any) -> None:
    async def to_suga(pilot: Pilot[None]) -> None:
        await _settled(pilot)
        await pilot.press("slash", *SUGA_SENTENCE, "enter")
        await _settled(pilot)

    app = make_app(sample_without_suga)
    assert snap_compare(app, terminal_size=(80, 24), run_before=to_suga)
