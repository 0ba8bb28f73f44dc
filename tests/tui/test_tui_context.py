"""The sentence in context: what fits is shown, the current sentence whole and a third
down, cut neighbours marked, the wheel scrolls, and the pane keeps its place while the
next sentence is in sight."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from textual import events
from textual.screen import Screen

from annotator.tui.widgets.sentence_context import SentenceContext, window_top
from tests.tui.conftest import main, make_app, settle

SMALL = (80, 24)


@pytest.mark.parametrize(
    ("total", "start", "end", "height", "top"),
    [
        (8, 3, 5, 10, 0),  # everything fits: from the top
        (30, 10, 14, 10, 8),  # a third down: two rows before, four after
        (30, 1, 3, 10, 0),  # near the start: no empty rows above
        (30, 27, 29, 10, 20),  # near the end: the pane stays full
        (30, 12, 25, 10, 12),  # taller than the pane: from its first row
    ],
)
def test_window_keeps_the_current_sentence_in_sight(
    total: int, start: int, end: int, height: int, top: int
) -> None:
    assert window_top(total, start, end, height) == top


def _pane_rows(context: SentenceContext) -> list[str]:
    return context.render().plain.split("\n")


@pytest.mark.asyncio
async def test_context_in_a_small_terminal(sqlite_sample: Engine) -> None:
    async with make_app(sqlite_sample).run_test(size=SMALL) as pilot:
        await settle(pilot)
        for _ in range(8):  # into the long paragraphs of the first article
            await pilot.press("j")
            await settle(pilot)
        screen = main(pilot)
        context = screen.query_one(SentenceContext)
        assert screen.view is not None
        rows = _pane_rows(context)
        assert len(rows) == context.content_size.height
        shown = " ".join(row.strip() for row in rows)
        assert " ".join(screen.view.text.split()) in " ".join(shown.split())
        # Not all of the context fits: a neighbour cut by the edge says so.
        assert rows[0].startswith("… ") or rows[-1].endswith(" …")

        # The wheel scrolls the context; the next sentence centres again.
        wheel = events.MouseScrollDown(context, 2, 2, 0, 1, 0, False, False, False)
        context.post_message(wheel)
        await pilot.pause()
        assert _pane_rows(context) != rows

        layouts = 0
        refresh_layout = Screen._refresh_layout

        def counted(self: Screen[object], *args: object, **kwargs: object) -> None:
            nonlocal layouts
            layouts += 1
            refresh_layout(self, *args, **kwargs)  # type: ignore[arg-type]

        Screen._refresh_layout = counted  # type: ignore[method-assign]
        try:
            await pilot.press("j")
            await settle(pilot)
        finally:
            Screen._refresh_layout = refresh_layout  # type: ignore[method-assign]
        assert screen.view is not None
        assert " ".join(screen.view.text.split()) in " ".join(
            " ".join(row.strip() for row in _pane_rows(context)).split()
        )
        # Showing the next sentence repaints the panes; nothing is laid out again.
        assert layouts == 0


def _without_marker(rows: list[str]) -> list[str]:
    return [row[1:] for row in rows]


@pytest.mark.asyncio
async def test_the_pane_keeps_its_place_while_the_next_sentence_is_in_sight(
    sqlite_sample: Engine,
) -> None:
    async with make_app(sqlite_sample).run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        screen = main(pilot)
        context = screen.query_one(SentenceContext)
        steps, kept = 20, 0
        for _ in range(steps):
            before = _without_marker(_pane_rows(context))
            await pilot.press("j")
            await settle(pilot)
            shown = _pane_rows(context)
            assert screen.view is not None
            assert " ".join(screen.view.text.split()) in " ".join(
                " ".join(row.strip() for row in shown).split()
            )
            after = _without_marker(shown)
            # The same rows stand where they stood (the pane may grow or shrink at its
            # foot as the form below it does); only the current sentence's marker moved.
            shared = min(len(before), len(after)) - 1
            kept += after[:shared] == before[:shared]
        # The reader's eye seldom has to find the text again: the pane moves only when
        # the next sentence would leave its sight (long paragraphs often do), not at
        # every sentence.
        assert kept >= steps // 2  # 11 of 20 on the sample; centring kept 3
