"""Word stems, so a claim trigger finds the other inflections of its words: "settled"
finds "settle", "settles" and "settling", "finally" finds "final", "seize" finds
"seized", "apologize" finds "apologised", "31" finds "31st".

Only inflections (-s, -es, -ies, -ed, -ing, and the adverb's -ly) are removed, never
derivations: "impeachable" (the misconduct) does not find "impeachment" (the act), nor
"investigate" "investigation", as a derivational stemmer such as Porter's would make
them. A possessive stays: "people's vote" does not find "the people vote"."""

from __future__ import annotations

import re
from functools import lru_cache

_BRITISH = re.compile(r"is(e|es|ed|ing)$")
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)$")
_SIBILANT_ES = re.compile(r"(?:ss|sh|ch|x|z)es$")
# Doubled before -ed or -ing ("stopped", "committed"); these doubles are the word's own.
_KEPT_DOUBLES = frozenset("lsfz")
_MIN_STEM = 3


def fold(word: str) -> str:
    """The word in lower case with curly apostrophes straight, as words are compared."""
    return word.lower().replace("’", "'")


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """The word without its inflection, folded (see `fold`)."""
    w = _BRITISH.sub(r"iz\1", fold(word))
    if w[:1].isdigit():
        return _ORDINAL.sub("", w)
    if "'" in w:
        return w
    if w.endswith(("ies", "ied")) and len(w) > 4:
        return stem(w[:-3] + "y")
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= _MIN_STEM:
            base = w[: -len(suffix)]
            # "agreed" is "agree" + "d"; "stopped" is "stop" with its consonant doubled.
            base = w[:-1] if base.endswith("e") else _undouble(base)
            return base.removesuffix("e")
    if _SIBILANT_ES.search(w):
        return w[:-2]
    if w.endswith("ly") and len(w) > 5:
        return w[:-2].removesuffix("e")
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > _MIN_STEM + 1:
        w = w[:-1]
    return w.removesuffix("e") if len(w) > _MIN_STEM else w


def _undouble(base: str) -> str:
    if len(base) > _MIN_STEM and base[-1] == base[-2] and base[-1] not in _KEPT_DOUBLES:
        return base[:-1]
    return base
