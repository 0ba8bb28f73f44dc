"""Write a file so that its name only ever holds complete content.

The writer fills a temporary file in the target's folder (same file system, so the
final rename is atomic), syncs it to disk, and renames it over the target only when
everything was written. An interrupted export leaves the old file (or none) in place
and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO, cast

# Large writes in few system calls; exports are written line by line.
BUFFER_BYTES = 1 << 20


@contextlib.contextmanager
def _atomic(target: Path, mode: str, **options: Any) -> Iterator[IO[Any]]:
    folder = target.parent if str(target.parent) else Path()
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, mode, buffering=BUFFER_BYTES, **options) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        temp.replace(target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_text(target: Path, *, newline: str | None = "\n") -> Iterator[TextIO]:
    """A text file that replaces `target` on success and vanishes on any error."""
    with _atomic(target, "w", encoding="utf-8", newline=newline) as handle:
        yield cast(TextIO, handle)


@contextlib.contextmanager
def output(target: Path | None, *, newline: str | None = "\n") -> Iterator[TextIO]:
    """`target` written atomically, or stdout when it is None (`-o -`)."""
    if target is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    with atomic_text(target, newline=newline) as handle:
        yield handle


@contextlib.contextmanager
def binary_output(target: Path | None) -> Iterator[BinaryIO]:
    """`output` for writers that encode their own bytes (the native JSONL): no text
    layer to decode and encode every line again."""
    if target is None:
        sys.stdout.flush()
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    with _atomic(target, "wb") as handle:
        yield cast(BinaryIO, handle)
