"""The panes repaint only the rows that changed, draw only rows they did not show
before, and what they show then is what a whole repaint shows."""

from __future__ import annotations

from typing import Any

import pytest
from rich.segment import Segment
from sqlalchemy import Engine
from textual.geometry import Region
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

from annotator.tui.widgets.key_legend import KeyLegend
from annotator.tui.widgets.rows import RowsWidget
from annotator.tui.widgets.sentence_context import SentenceContext
from tests.tui.conftest import SIZE, main, make_app, settle


def _rows(legend: KeyLegend) -> list[list[object]]:
    """The legend as drawn (styles included), row by row."""
    strips: list[Strip] = legend.render_lines(Region(0, 0, *legend.size))
    return [list(strip) for strip in strips]


@pytest.mark.asyncio
async def test_a_claim_key_repaints_one_row_of_the_legend(
    sqlite_sample: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # an empty form: nothing highlighted
        await settle(pilot)
        screen = main(pilot)
        legend = screen.query_one(KeyLegend)
        assert screen.codebook is not None and screen.draft.claim_id is None
        claim = screen.codebook.claim_by_key["1"]

        repainted: list[int] = []
        render_line = KeyLegend.render_line

        def counted(self: KeyLegend, y: int) -> Strip:
            repainted.append(y)
            return render_line(self, y)

        monkeypatch.setattr(KeyLegend, "render_line", counted)
        await pilot.press("1")
        await settle(pilot)

        assert screen.draft.claim_id == claim.id
        assert len(repainted) == 1
        assert claim.label in legend.content.split("\n")[repainted[0]].plain
        # The row repainted alone sits among the others as a whole repaint draws them.
        drawn = _rows(legend)
        legend.refresh()
        await pilot.pause()
        assert _rows(legend) == drawn


def _row_by_row(widget: RowsWidget) -> list[list[Segment]]:
    return [list(widget.render_line(y)) for y in range(widget.size.height)]


def _keys(widget: RowsWidget) -> list[tuple[str, tuple[object, ...]]]:
    """Each row on screen: its text and spans."""
    return [(row.plain, tuple(row.spans)) for row in widget.shown_rows(*widget.size)]


def _whole(widget: RowsWidget) -> list[list[Segment]]:
    """What Textual draws of the widget's whole content at once."""
    width, height = widget.size
    strips = Visual.to_strips(widget, widget.render(), width, height, widget.visual_style)
    blank = Strip.blank(width, widget.visual_style.rich_style)
    return [list(strip) for strip in strips] + [list(blank)] * (height - len(strips))


@pytest.mark.asyncio
async def test_the_next_sentence_draws_only_new_rows_and_the_screen_is_the_same(
    sqlite_sample: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(6):  # into the running text, where the context scrolls
            await pilot.press("j")
            await settle(pilot)
        screen = main(pilot)
        context = screen.query_one(SentenceContext)
        legend = screen.query_one(KeyLegend)
        drawn_rows: dict[str, int] = {"context": 0, "legend": 0}
        to_strips = Visual.to_strips

        def counted(widget: Widget, *args: Any, **kwargs: Any) -> list[Strip]:
            strips = to_strips(widget, *args, **kwargs)
            name = "context" if widget is context else "legend" if widget is legend else ""
            if name:
                drawn_rows[name] += len(strips)
            return strips

        before = set(_keys(context))
        monkeypatch.setattr(Visual, "to_strips", counted)
        await pilot.press("j")
        await settle(pilot)
        monkeypatch.setattr(Visual, "to_strips", to_strips)

        # Only rows not on screen before are drawn (the ones that entered, and those
        # whose highlight changed), fewer still when they were shown a sentence ago.
        after = _keys(context)
        new_rows = [row for row in after if row not in before]
        assert 0 < drawn_rows["context"] <= len(new_rows) < len(after)
        assert drawn_rows["legend"] <= 2
        for widget in (context, legend):
            assert _row_by_row(widget) == _whole(widget)
