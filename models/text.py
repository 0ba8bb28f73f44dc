"""Untrusted text (documents, codebooks, names, notes, file names) on its way out.

One rule for every view, the CLI's and the annotation screen's: such text is data, so a
terminal must never receive its control characters. Human output shows them as visible
placeholders (`visible`); JSON keeps them exact but spelled as \\u escapes
(`json_escape`). The same characters are what input validation refuses where they can
only be mistakes (hotkeys, ids), and what `unpaired_surrogate` finds before text is
stored (a lone surrogate cannot be encoded, so it would fail on every later write).
"""

from __future__ import annotations

import json
import re
from typing import Any

# Bidirectional formatting: marks, embeddings, overrides and isolates. They reorder what
# follows them on screen, so a title can make a line read differently from its bytes.
BIDI_CONTROLS = frozenset([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])

# C0 controls become their Unicode "control pictures" (ESC -> U+241B), DEL -> U+2421;
# C1 controls, bidi controls, line/paragraph separators and lone surrogates -> U+FFFD.
_PLACEHOLDERS: dict[int, int] = {code: 0x2400 + code for code in range(0x20)}
_PLACEHOLDERS[0x7F] = 0x2421
_PLACEHOLDERS.update(dict.fromkeys(range(0x80, 0xA0), 0xFFFD))
_PLACEHOLDERS.update(dict.fromkeys(BIDI_CONTROLS, 0xFFFD))
_PLACEHOLDERS.update(dict.fromkeys((0x2028, 0x2029), 0xFFFD))
_PLACEHOLDERS.update(dict.fromkeys(range(0xD800, 0xE000), 0xFFFD))

_WHITESPACE = {ord("\n"): " ", ord("\t"): " ", ord("\r"): " "}
_MULTILINE = dict(_PLACEHOLDERS)
_MULTILINE[ord("\t")] = ord(" ")
_MULTILINE[ord("\r")] = None  # type: ignore[assignment]
del _MULTILINE[ord("\n")]

_UNSAFE_CLASS = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_UNSAFE = re.compile(f"[{_UNSAFE_CLASS}\ud800-\udfff]")
# In JSON text (already encoded by json.dumps, so C0 controls are escaped), what is left.
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def visible(text: str | None, *, keep_newlines: bool = False) -> str:
    """`text` with every control character shown as a placeholder, one for one.

    Newlines and tabs in prose become spaces (or newlines stay, with keep_newlines, for
    multi-line text such as definitions; carriage returns go); every other control
    character stays visible. Without keep_newlines the result has the length of `text`,
    so styles laid over it keep their place."""
    if not text:
        return ""
    if keep_newlines:
        return text.translate(_MULTILINE)
    return text.translate(_WHITESPACE).translate(_PLACEHOLDERS)


def is_unsafe(char: str) -> bool:
    """A control, bidi or surrogate character: never shown raw."""
    return bool(_UNSAFE.match(char))


def json_escape(encoded: str) -> str:
    """JSON text (from json.dumps) with DEL, C1, bidi controls, U+2028/9 and lone
    surrogates spelled as \\u escapes: the same JSON value, safe on a terminal."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)


def unpaired_surrogate(text: str) -> int | None:
    """Offset of the first lone surrogate (JSON's "\\ud800"), which no UTF-8 file or
    database can hold; None when the text is clean."""
    match = _SURROGATE.search(text)
    return match.start() if match else None


# Input files: how deep a JSON value may nest (meta objects are shallow in practice;
# past this, storing and printing them would only recurse).
MAX_JSON_DEPTH = 32


def loads_strict(raw: str) -> Any:
    """Parse one JSON value as input files must be: no NaN or Infinity, no integer
    too long to convert, no nesting deeper than MAX_JSON_DEPTH, and no string holding
    a NUL or a lone surrogate (neither can be stored). Raises ValueError saying what."""
    try:
        value = json.loads(raw, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc.msg} (column {exc.colno})") from exc
    except RecursionError as exc:
        raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels") from exc
    except ValueError as exc:
        if "integer string conversion" in str(exc):  # Python's limit on int digits
            raise ValueError("a number with more than 4,300 digits") from exc
        raise
    check_value(value)
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def check_value(value: Any) -> None:
    """ValueError for a value (parsed JSON, TOML) that nests too deep or holds a string
    no database can store."""
    stack: list[tuple[Any, int, str]] = [(value, 0, "")]
    while stack:
        item, depth, where = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise ValueError(f"nested deeper than {MAX_JSON_DEPTH} levels")
        if isinstance(item, str):
            check_text(item, where)
        elif isinstance(item, dict):
            for key, child in item.items():
                check_text(key, where)
                stack.append((child, depth + 1, f"{where}.{key}" if where else key))
        elif isinstance(item, list):
            stack.extend((child, depth + 1, f"{where}[{i}]") for i, child in enumerate(item))


def check_text(text: str, where: str = "") -> None:
    """ValueError for text holding a NUL or a lone surrogate."""
    at = f" in {where!r}" if where else ""
    offset = unpaired_surrogate(text)
    if offset is not None:
        raise ValueError(f"lone surrogate \\u{ord(text[offset]):04x}{at} (not Unicode text)")
    if "\x00" in text:
        raise ValueError(f"NUL character{at}")
