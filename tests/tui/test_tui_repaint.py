"""The panes repaint only the rows that changed, and what they show then is what a
whole repaint shows."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from textual.geometry import Region
from textual.strip import Strip

from annotator.tui.widgets.key_legend import KeyLegend
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
