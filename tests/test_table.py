"""Tables drawn in one pass (annotator/table.py) are rich's tables, byte for byte, on a
terminal (with styles) and piped; a table wider than the console is left to rich."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from annotator.table import Justify, draw, natural_width

_TEXT = st.text(
    alphabet=st.sampled_from([*"abcXYZ019 -+.,:[]/_()#", "日", "本", "é", "…"]),
    max_size=14,
)


@st.composite
def _tables(draw_: st.DrawFn) -> tuple[str | None, list[str], list[Justify], list[list[str]]]:
    count = draw_(st.integers(1, 7))
    titles = draw_(st.lists(_TEXT.filter(bool), min_size=count, max_size=count))
    justify = draw_(st.lists(st.sampled_from(["left", "right"]), min_size=count, max_size=count))
    rows = draw_(st.lists(st.lists(_TEXT, min_size=count, max_size=count), max_size=12))
    title = draw_(st.none() | _TEXT.filter(bool))
    return title, titles, justify, rows


def _console(terminal: bool, width: int) -> Console:
    return Console(
        file=io.StringIO(),
        width=width,
        force_terminal=terminal,
        color_system="truecolor" if terminal else None,
        highlight=False,
        soft_wrap=True,
        emoji=False,
    )


def _rich(console: Console, title: str | None, titles, justify, rows) -> str:  # type: ignore[no-untyped-def]
    # Strings with their markup escaped: rich reads a string as markup.
    table = Table(title=None if title is None else escape(title), title_justify="left")
    for name, how in zip(titles, justify, strict=True):
        table.add_column(escape(name), justify=how, overflow="fold", no_wrap=how == "right")
    for row in rows:
        table.add_row(*map(Text, row))
    console.print(table)
    return console.file.getvalue()  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None)
@given(table=_tables(), terminal=st.booleans())
def test_a_table_that_fits_is_drawn_as_rich_draws_it(table, terminal: bool) -> None:  # type: ignore[no-untyped-def]
    title, titles, justify, rows = table
    width = natural_width(titles, rows) + 5
    ours = _console(terminal, width)
    if title is not None and len(title) * 2 > width:
        return  # a title wider than the table wraps: rich's case
    assert draw(ours, title, titles, justify, rows)
    assert ours.file.getvalue() == _rich(_console(terminal, width), title, titles, justify, rows)  # type: ignore[attr-defined]


def test_a_table_wider_than_the_console_is_left_to_rich() -> None:
    console = _console(False, 20)
    rows = [["a long cell of text", "another one"]]
    assert not draw(console, None, ["first", "second"], ["left", "left"], rows)
    assert console.file.getvalue() == ""  # type: ignore[attr-defined]
