"""Print rows as a table, CSV, JSON or Markdown: every command's tabular output.

Data goes to stdout; the footer (what was left out) follows a table or Markdown on
stdout, but goes to stderr for CSV and JSON so that their output stays machine-readable.

Cell text is data, never markup, and never reaches a terminal raw (`models.text`):
tables, Markdown and messages show control and bidi characters as placeholders (␛);
JSON always spells them as \\u escapes (the same JSON value); CSV keeps them exact
unless stdout is a terminal, where its cells show placeholders too.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from annotator.table import draw, natural_width
from models.text import json_escape, visible


class DataConsole(Console):
    """A console for data: the strings and `Text` it prints are never markup (nor
    emoji codes), and their control and bidi characters show as placeholders, so
    nothing from a document, a codebook or a file name can drive the terminal.
    Other renderables (tables) must be built from `cell`s."""

    def print(self, *objects: Any, **options: Any) -> None:
        options["markup"] = False
        options["emoji"] = False
        super().print(*(_shown(o) for o in objects), **options)

    def on_broken_pipe(self) -> None:
        # Every command's reader gone is handled alike, by the command group's guard
        # (annotator/cli/guard.py), rather than by rich's exit 1.
        self.quiet = True
        raise BrokenPipeError


def _shown(value: Any) -> Any:
    if isinstance(value, str):
        return visible(value, keep_newlines=True)
    if isinstance(value, Text):
        safe = value.copy()
        safe.plain = visible(value.plain)  # one for one: the spans keep their place
        return safe
    return value


def cell(value: Any, style: str = "") -> Text:
    """A table cell: untrusted text as Text, on one line, controls made visible."""
    return Text(visible(plain(value)), style=style)


# No highlighting, no emoji, no wrapping of data.
out = DataConsole(highlight=False, soft_wrap=True, emoji=False)
err = DataConsole(stderr=True, highlight=False, soft_wrap=True, emoji=False)
MACHINE_FORMATS = ("csv", "json")
PIPED_MAX_WIDTH = 240


def plain(value: Any) -> str:
    return "" if value is None else str(value)


def signed(value: float | None) -> str:
    return "" if value is None else f"{value:+.2f}"


def decimal(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def flag(value: bool) -> str:
    return "yes" if value else ""


@dataclass(frozen=True)
class Column:
    """`key` names the CSV column and the value in each record; `title` heads the table."""

    key: str
    title: str
    show: Callable[[Any], str] = plain
    justify: Literal["left", "right"] = "left"


def machine(value: Any) -> Any:
    """Values as CSV and JSON carry them: floats to 4 decimals, so both backends agree."""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: machine(v) for k, v in value.items()}
    return value


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(machine(value))


def print_json(data: Any) -> None:
    """JSON on stdout: indented, UTF-8 as is, but every control, bidi and lone
    surrogate character as a \\u escape, so the output is safe to show and still
    decodes to exactly the data."""
    out.print(json_escape(json.dumps(data, ensure_ascii=False, indent=2)))


def emit(
    fmt: str,
    columns: Sequence[Column],
    records: Sequence[dict[str, Any]],
    *,
    json_records: Sequence[dict[str, Any]] | None = None,
    footer: Sequence[str] = (),
    title: str | None = None,
) -> None:
    """Print `records` (dicts keyed by column key) as table, csv, json or markdown,
    then the footer."""
    if fmt == "json":
        print_json([machine(r) for r in (json_records if json_records is not None else records)])
    elif fmt == "csv":
        shown = visible if sys.stdout.isatty() else str
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([shown(c.key) for c in columns])
        writer.writerows([shown(_csv_cell(r[c.key])) for c in columns] for r in records)
        sys.stdout.flush()
    elif fmt == "markdown":
        print_markdown(columns, records)
    else:
        print_table(columns, records, title)
    console = err if fmt in MACHINE_FORMATS else out
    for line in footer:
        console.print(visible(line))


def print_table(
    columns: Sequence[Column], records: Sequence[dict[str, Any]], title: str | None
) -> None:
    """A table of one-line cells: drawn in one pass where it fits (annotator/table.py),
    else by rich, which folds the text columns to the width."""
    titles = [c.title for c in columns]
    rows = [[visible(plain(c.show(r[c.key]))) for c in columns] for r in records]
    console = _console_for(natural_width(titles, rows))
    if draw(console, title, titles, [c.justify for c in columns], rows):
        return
    table = Table(title=title, title_justify="left")
    for c in columns:
        # Numbers and periods never wrap; text folds rather than being elided ("2019…").
        keep = c.justify == "right" or c.key == "period"
        table.add_column(c.title, justify=c.justify, overflow="fold", no_wrap=keep)
    for row in rows:
        table.add_row(*map(Text, row))
    console.print(table)


def _console_for(natural: int) -> Console:
    """On a terminal, its width; piped or redirected, the table's natural width (up to
    PIPED_MAX_WIDTH), so that files and pipes get whole rows rather than 80 columns."""
    if out.is_terminal:
        return out
    width = max(min(natural, PIPED_MAX_WIDTH), 80)
    return DataConsole(width=width, highlight=False, soft_wrap=True, emoji=False)


def print_markdown(columns: Sequence[Column], records: Sequence[dict[str, Any]]) -> None:
    out.print("| " + " | ".join(c.title for c in columns) + " |")
    out.print("|" + "".join("---:|" if c.justify == "right" else "---|" for c in columns))
    for r in records:
        cells = [visible(c.show(r[c.key])).replace("|", "\\|") for c in columns]
        out.print("| " + " | ".join(cells) + " |")


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else words or word + 's'}"


class _TerminalStream(io.TextIOBase):
    """stdout for a file format written to a terminal: its text passes `escape`
    first. `buffer` takes the bytes of writers that encode their own (UTF-8)."""

    def __init__(self, target: TextIO, escape: Callable[[str], str]):
        self._target = target
        self._escape = escape
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.buffer = _TerminalBytes(self)

    def write(self, text: str) -> int:
        self._target.write(self._escape(text))
        return len(text)

    def write_bytes(self, data: bytes) -> int:
        self.write(self._decoder.decode(data))
        return len(data)

    def flush(self) -> None:
        self._target.flush()

    def isatty(self) -> bool:
        return True


class _TerminalBytes:
    def __init__(self, stream: _TerminalStream):
        self._stream = stream

    def write(self, data: bytes) -> int:
        return self._stream.write_bytes(data)

    def flush(self) -> None:
        self._stream.flush()


@contextlib.contextmanager
def terminal_safe_stdout(*, json_text: bool) -> Iterator[None]:
    """While a file format goes to stdout: when stdout is a terminal, JSON has its
    control and bidi characters spelled as \\u escapes (still the same JSON) and other
    text (CSV) shows them as placeholders. Piped or redirected, the bytes stay exact."""
    if not sys.stdout.isatty():
        yield
        return
    escape = json_escape if json_text else partial(visible, keep_newlines=True)
    with contextlib.redirect_stdout(_TerminalStream(sys.stdout, escape)):
        yield
