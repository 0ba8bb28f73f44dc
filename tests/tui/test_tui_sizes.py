"""The main screen from 80 x 24 up: the sentence being coded is always shown whole, with
0, 1 and 3 statements saved (reviewed SVG snapshots, and a check of the painted text)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import Engine
from textual.pilot import Pilot

from tests.tui.conftest import main, make_app
from tests.tui.test_tui_snapshots import _painted, _settled

SIZES = [(80, 24), (120, 40), (200, 60)]
# Keys that save 1, 2 and 3 statements on the first sentence.
SAVES = [
    ("s", *"suga", "enter", "1", "plus", "a"),
    ("p", "2", "plus", "a"),
    ("p", "7", "minus", "a"),
]


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def current_sentence_is_whole(pilot: Pilot[None]) -> bool:
    """The current sentence's full text lies inside the context pane as painted."""
    screen = main(pilot)
    assert screen.view is not None
    pane = screen.query_one("#context-pane").scrollable_content_region
    lines = _painted(pilot).splitlines()[pane.y : pane.bottom]
    inside = " ".join(line[pane.x : pane.right] for line in lines)
    return _words(screen.view.text) in _words(inside)


@pytest.mark.parametrize("saved", [0, 1, 3])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_main_screen_at_every_size(
    sqlite_sample: Engine, snap_compare: Any, size: tuple[int, int], saved: int
) -> None:
    whole: list[bool] = []

    async def save(pilot: Pilot[None]) -> None:
        await _settled(pilot)
        for keys in SAVES[:saved]:
            await pilot.press(*keys)
            await _settled(pilot)
        view = main(pilot).view
        assert view is not None and len(view.statements) == saved
        whole.append(current_sentence_is_whole(pilot))

    assert snap_compare(make_app(sqlite_sample), terminal_size=size, run_before=save)
    assert whole == [True]


@pytest.mark.asyncio
async def test_help_lists_every_key_and_the_footer_starts_with_it(sqlite_sample: Engine) -> None:
    from annotator.tui.bindings import MAIN_BINDINGS

    async with make_app(sqlite_sample).run_test(size=(80, 24)) as pilot:
        await _settled(pilot)
        footer = _painted(pilot).splitlines()[-1]
        assert footer.startswith("? Help ⏎ Accept") and "u Undo" in footer
        await pilot.press("question_mark")
        await _settled(pilot)
        keys = str(pilot.app.screen.query_one("#help-keys").render())
    for binding in MAIN_BINDINGS:
        assert binding.description in keys, binding.id
