"""The commands' tables drawn in one pass, as rich's Table draws them.

rich measures and renders every cell through its layout engine: about a millisecond per
row of a report, seconds for the few thousand rows of a month-by-side-by-claim report on
a large corpus. A table of one-line cells that fits the width needs none of that: each
column is as wide as its widest cell, and each row is one line. `draw` writes that line
by line, with the same box, padding, justification and styles as `rich.table.Table`
(tests/test_table.py compares the two byte for byte), and says when a table does not fit
(then rich folds its cells)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from rich.box import HEAVY_HEAD
from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment, Segments
from rich.style import Style

Justify = Literal["left", "right"]


def natural_width(titles: Sequence[str], rows: Sequence[Sequence[str]]) -> int:
    """The table's width with every cell on one line: columns, padding and borders."""
    return sum(w + 2 for w in _widths(titles, rows)) + len(titles) + 1


def _widths(titles: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    widths = [cell_len(title) for title in titles]
    for row in rows:
        for i, text in enumerate(row):
            if (length := cell_len(text)) > widths[i]:
                widths[i] = length
    return widths


def draw(
    console: Console,
    title: str | None,
    titles: Sequence[str],
    justify: Sequence[Justify],
    rows: Sequence[Sequence[str]],
) -> bool:
    """Print the table (cells already one line of visible text); False, printing
    nothing, when it does not fit the console's width."""
    widths = _widths(titles, rows)
    width = natural_width(titles, rows)
    if width > console.width or (title is not None and cell_len(title) > width):
        return False
    box = HEAVY_HEAD.substitute(console.options, safe=console.safe_box)
    padded = [w + 2 for w in widths]
    header = console.get_style("table.header")
    new_line = Segment.line()
    segments: list[Segment] = []
    add = segments.append
    if title is not None:
        add(Segment(title, console.get_style("table.title")))
        add(new_line)
    add(Segment(box.get_top(padded)))
    add(new_line)
    add(Segment(box.head_left))
    for i, text in enumerate(titles):
        if i:
            add(Segment(box.head_vertical))
        add(Segment(" ", header))
        add(Segment(_justified(text, widths[i], justify[i]), header))
        add(Segment(" ", header))
    add(Segment(box.head_right))
    add(new_line)
    add(Segment(box.get_row(padded, "head")))
    add(new_line)
    left, vertical, right = box.mid_left, f" {box.mid_vertical} ", box.mid_right
    for row in rows:
        cells = vertical.join(
            _justified(t, w, j) for t, w, j in zip(row, widths, justify, strict=True)
        )
        add(Segment(f"{left} {cells} {right}"))
        add(new_line)
    add(Segment(box.get_bottom(padded)))
    add(new_line)
    console.print(Segments(segments), end="", style=Style())
    return True


def _justified(text: str, width: int, justify: Justify) -> str:
    if justify == "right":
        text = text.rstrip()  # as rich's right justification does
        return " " * (width - cell_len(text)) + text
    return text + " " * (width - cell_len(text))
