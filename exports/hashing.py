"""Prodigy's task hashes, computed the way Prodigy's `set_hashes` does.

Prodigy (`prodigy.util.set_hashes`, `get_hash`): the input hash covers the keys
`text`, `image`, `html`, `input` that the task has; the task hash covers `spans`,
`label`, `options`, `arcs`, prefixed with the input hash. Each is MurmurHash3 (32-bit,
signed, seed 0: the `murmurhash` package Prodigy itself depends on) of the selected
keys as sorted, compact JSON. So every coder's answer to one question shares both
hashes: the task hash names the question, not the answer.
"""

from __future__ import annotations

import json
from typing import Any

import murmurhash

INPUT_HASH_KEYS = ("text", "image", "html", "input")
TASK_HASH_KEYS = ("spans", "label", "options", "arcs")


def keys_json(task: dict[str, Any], keys: tuple[str, ...]) -> str:
    """The part of a task a hash covers, as the JSON the hash is taken of."""
    values = {key: task[key] for key in keys if key in task}
    return json.dumps(values, sort_keys=True, separators=(",", ":"))


def murmur(text: str) -> int:
    return int(murmurhash.hash(text))


def set_hashes(task: dict[str, Any]) -> dict[str, Any]:
    """Add `_input_hash` and `_task_hash` to `task` (in place) and return it."""
    task["_input_hash"] = murmur(keys_json(task, INPUT_HASH_KEYS))
    task["_task_hash"] = murmur(str(task["_input_hash"]) + keys_json(task, TASK_HASH_KEYS))
    return task
