"""When the cyclic garbage collector runs: not while a command makes many objects that
are not garbage.

Importing SQLAlchemy, SQLModel, the tables and (for the annotation screen) Textual
creates a few hundred thousand objects that live as long as the process. The collector
would scan them again and again while they are made (a tenth of the TUI's start, measured
with benchmarks/launch.py), and free nothing: modules, classes and functions are not
garbage. So it is off while a command loads, and what loaded is then frozen out of every
later collection (gc.freeze), which scans only what the command itself creates.

An import and an export are the same: a file's records, sentences and rows, or a page
of exported rows and records, are built and kept until they are stored or written, and
none of them is a cycle, yet their number keeps triggering collections that walk them
all. So the collector is paused for each imported file (100,000 sentences of
benchmarks/import_speed.py's corpus in a fresh process, best of four: 3.21 -> 2.98 s) and
for an export (a tenth of its time), and collects whatever cyclic garbage they left
after them."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No collection inside this block; the collector is as it was afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def loading_modules() -> Iterator[None]:
    """Import inside this block; what it loaded is never scanned again."""
    with paused():
        try:
            yield
        finally:
            gc.freeze()
