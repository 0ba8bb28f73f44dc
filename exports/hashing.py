"""Stable signed 32-bit hashes, the shape Prodigy gives `_input_hash` and `_task_hash`."""

from __future__ import annotations

import hashlib


def hash32(*parts: str) -> int:
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=4).digest()
    return int.from_bytes(digest, "big", signed=True)
