"""The filter dialog: enter applies from every field, ctrl+r clears them all, and an
empty field's placeholder never looks like a value."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from textual.widgets import Input

from annotator.tui.queue import QueueFilter, Status
from annotator.tui.screens.filter import FilterScreen
from tests.tui.conftest import SIZE, main, make_app, settle

pytestmark = pytest.mark.asyncio


async def test_enter_on_the_status_field_applies(sqlite_sample: Engine) -> None:
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("tab", "tab", "tab", "tab", "right", "enter")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, FilterScreen)
        assert main(pilot).flt == QueueFilter(status=Status.todo)


async def test_reset_clears_every_field_in_one_key(sqlite_sample: Engine) -> None:
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot)
        await pilot.press("f", "tab", *"Nikkei Asia", "tab", *"2019-02-01")
        await pilot.press("tab", "tab", "left", "enter")
        await settle(pilot)
        assert screen.flt.source == "Nikkei Asia" and screen.flt.status is Status.skipped
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("ctrl+r", "enter")
        await settle(pilot)
        assert screen.flt == QueueFilter()


async def test_placeholders_are_dim_and_italic(sqlite_sample: Engine) -> None:
    async with make_app(sqlite_sample).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f", "tab", *"Kyodo")
        await settle(pilot)
        dialog = pilot.app.screen
        empty = dialog.query_one("#filter-document", Input)
        filled = dialog.query_one("#filter-source", Input)
        assert empty.value == "" and empty.placeholder.startswith("any (this one: ")

        def styles(field: Input) -> set[tuple[bool, object]]:
            return {
                (
                    bool(segment.style and segment.style.italic),
                    segment.style and segment.style.color,
                )
                for segment in field.render_line(0)
                if segment.text.strip()
            }

        placeholder, value = styles(empty), styles(filled)
        assert all(italic for italic, _ in placeholder)
        assert not any(italic for italic, _ in value)
        assert {color for _, color in placeholder}.isdisjoint({color for _, color in value})
