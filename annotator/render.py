"""Print rows as a table, CSV, JSON or Markdown: every command's tabular output.

Data goes to stdout; the footer (what was left out) follows a table or Markdown on
stdout, but goes to stderr for CSV and JSON so that their output stays machine-readable.
Cell text is data, never markup.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

# The same settings as the CLI's consoles: no highlighting, no wrapping of data.
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
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


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return machine(value)


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
        data = [machine(r) for r in (json_records if json_records is not None else records)]
        out.print(json.dumps(data, ensure_ascii=False, indent=2), markup=False)
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([c.key for c in columns])
        writer.writerows([_csv_cell(r[c.key]) for c in columns] for r in records)
        sys.stdout.flush()
    elif fmt == "markdown":
        print_markdown(columns, records)
    else:
        table = Table(title=title, title_justify="left")
        for c in columns:
            # Numbers and periods never wrap; text folds rather than being elided ("2019…").
            keep = c.justify == "right" or c.key == "period"
            table.add_column(c.title, justify=c.justify, overflow="fold", no_wrap=keep)
        for r in records:
            table.add_row(*[Text(c.show(r[c.key])) for c in columns])
        _console_for(table).print(table)
    console = err if fmt in MACHINE_FORMATS else out
    for line in footer:
        console.print(line, markup=False)


def _console_for(table: Table) -> Console:
    """On a terminal, its width; piped or redirected, the table's natural width (up to
    PIPED_MAX_WIDTH), so that files and pipes get whole rows rather than 80 columns."""
    if out.is_terminal:
        return out
    natural = Measurement.get(out, out.options.update_width(PIPED_MAX_WIDTH), table).maximum
    return Console(width=max(natural, 80), highlight=False, soft_wrap=True)


def print_markdown(columns: Sequence[Column], records: Sequence[dict[str, Any]]) -> None:
    out.print("| " + " | ".join(c.title for c in columns) + " |", markup=False)
    out.print(
        "|" + "".join("---:|" if c.justify == "right" else "---|" for c in columns), markup=False
    )
    for r in records:
        cells = [c.show(r[c.key]).replace("|", "\\|").replace("\n", " ") for c in columns]
        out.print("| " + " | ".join(cells) + " |", markup=False)


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else words or word + 's'}"
