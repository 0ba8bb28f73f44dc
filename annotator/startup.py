"""Loading a command's modules without the cyclic garbage collector.

Importing SQLAlchemy, SQLModel, the tables and (for the annotation screen) Textual
creates a few hundred thousand objects that live as long as the process. The collector
would scan them again and again while they are made (a tenth of the TUI's start, measured
with benchmarks/launch.py), and free nothing: modules, classes and functions are not
garbage. So it is off while a command loads, and what loaded is then frozen out of every
later collection (gc.freeze), which scans only what the command itself creates."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def loading_modules() -> Iterator[None]:
    """Import inside this block; the collector is as it was afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
