"""Snapshots of the adjudication screen at the smallest supported terminal and at the
default test size (reviewed SVGs): two coders side by side, differences marked, one of
coder 1's statements merged."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine
from textual.pilot import Pilot

from tests.tui.disputes_fixture import adjudicate_app, two_coders
from tests.tui.test_tui_snapshots import _settled


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_adjudication_screen(
    sqlite_sample: Engine, snap_compare: Any, size: tuple[int, int]
) -> None:
    two_coders(sqlite_sample)

    async def merge_one(pilot: Pilot[None]) -> None:
        await _settled(pilot)
        await pilot.press("j", "j")  # the sentence where each coder has a statement of their own
        await _settled(pilot)
        await pilot.press("down", "space")
        await _settled(pilot)

    assert snap_compare(adjudicate_app(sqlite_sample), terminal_size=size, run_before=merge_one)
