"""Split a document into paragraphs and sentences, keeping character offsets.

Sentence boundaries come from sentencex (Wikimedia's rule-based segmenter: knows news
abbreviations such as Corp., Ltd., U.S., Feb., No., and closing quotes). Paragraphs are
blocks separated by blank lines; inside a block a line break also ends a sentence when
the next line starts like a new one (upper case, digit, bullet), so page captures whose
lines are separate items do not fuse, while hard-wrapped prose stays whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from sentencex import segment as _sentencex_segment

# A sentence longer than this is cut at white space: a 10 MB line must not become one
# sentence that no screen can show.
MAX_SENTENCE_CHARS = 5_000

# A line break that separates blocks (a blank line follows: group 1) or else starts a
# new line (what follows starts like one). Written with the line break first, so that
# the scan jumps from line break to line break.
_BREAK = re.compile(r"\n(?:([ \t\f\v\xa0]*\n\s*)|(?=[ \t\xa0]*[^\sa-z]))")


class Span(NamedTuple):
    start: int
    end: int
    text: str
    paragraph: int
    line: int  # running number of the source line (block line) the sentence came from


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    # str.strip drops exactly the characters str.isspace accepts, in C.
    piece = text[start:end]
    core = piece.lstrip()
    if not core:
        return end, end
    start += len(piece) - len(core)
    return start, start + len(core.rstrip())


def _cut_long(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start, start + MAX_SENTENCE_CHARS)
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS
        yield start, cut
        start, _ = _trimmed(text, cut, end)
    if start < end:
        yield start, end


def _sentences(text: str, start: int, piece: str, parts: list[str]) -> Iterator[tuple[int, int]]:
    """Offsets of sentencex's `parts` of `piece` (text from `start`), trimmed."""
    cursor = 0
    for sentence in parts:
        found = piece.find(sentence, cursor)
        if found < 0:  # sentencex returns slices of its input; guard all the same
            found = cursor
            s, e = _trimmed(text, start + found, start + found + len(sentence))
        else:  # the same offsets, from the sentence itself rather than from the text
            core = sentence.lstrip()
            s = start + found + len(sentence) - len(core)
            e = s + len(core.rstrip())
        cursor = found + len(sentence)
        if s < e:
            if e - s <= MAX_SENTENCE_CHARS:
                yield s, e
            else:
                yield from _cut_long(text, s, e)


def segment(text: str, language: str = "en") -> list[Span]:
    """The sentences of `text`, block by block and line by line.

    One scan finds both block separators and line starts (a line start never reaches
    into a separator, which begins with a line break, so scanning the whole text finds
    the same breaks as scanning each block). Most lines are one sentence, which needs
    no search for its offsets."""
    spans: list[Span] = []
    add = spans.append
    new = tuple.__new__
    split = _sentencex_segment
    paragraph = 0  # number of the current block, if it turns out not to be blank
    has_text = False
    line = 0
    position = 0
    breaks = _BREAK.finditer(text)
    while True:
        found = next(breaks, None)
        end = len(text) if found is None else found.start()
        piece = text[position:end]
        left = piece.lstrip()
        if left:
            start = position + len(piece) - len(left)
            core = left.rstrip()
            parts = split(language, core)
            if len(parts) == 1 and parts[0] == core and len(core) <= MAX_SENTENCE_CHARS:
                add(new(Span, (start, start + len(core), core, paragraph, line)))
            else:
                for s, e in _sentences(text, start, core, parts):
                    add(new(Span, (s, e, text[s:e], paragraph, line)))
            line += 1
            has_text = True
        if found is None:
            return spans
        if found.lastindex and has_text:  # a block separator after a block with text
            paragraph += 1
            has_text = False
        position = found.end()
