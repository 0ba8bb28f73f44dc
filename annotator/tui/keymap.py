"""User key overrides: a TOML file mapping binding ids to keys, applied with App.set_keymap.

# ~/.config/stance-annotator/keymap.toml
[keys]
next_sentence = "j,down"
no_claim = "n,0"
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

KEYMAP_ENV_VAR = "ANNOTATOR_KEYMAP"


def default_keymap_path() -> Path:
    """$ANNOTATOR_KEYMAP, else $XDG_CONFIG_HOME (or ~/.config)/stance-annotator/keymap.toml."""
    explicit = os.environ.get(KEYMAP_ENV_VAR)
    if explicit:
        return Path(explicit).expanduser()
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "stance-annotator" / "keymap.toml"


def load_keymap(path: Path, known_ids: set[str]) -> tuple[dict[str, str], list[str]]:
    """The overrides in `path` and a list of problems (each naming the file); a missing
    file is no keymap, not a problem."""
    if not path.is_file():
        return {}, []
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, [f"{path}: {exc}"]
    keys = raw.get("keys", {})
    if not isinstance(keys, dict):
        return {}, [f'{path}: [keys] must be a table of binding id = "key,key"']
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in keys.items():
        if binding_id not in known_ids:
            problems.append(f"{path}: unknown binding id {binding_id!r}")
        elif not isinstance(value, str) or not value.strip():
            problems.append(f'{path}: {binding_id} must be a string of keys, e.g. "j,down"')
        else:
            keymap[binding_id] = value.replace(" ", "")
    return keymap, problems
