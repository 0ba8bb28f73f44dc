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
from dataclasses import dataclass

from sentencex import segment as _sentencex_segment

# A sentence longer than this is cut at white space: a 10 MB line must not become one
# sentence that no screen can show.
MAX_SENTENCE_CHARS = 5_000

_BLOCK_SEPARATOR = re.compile(r"\n[ \t\f\v\xa0]*\n\s*")
_NEW_LINE_START = re.compile(r"\n(?=[ \t\xa0]*[^\sa-z])")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str
    paragraph: int
    line: int  # running number of the source line (block line) the sentence came from


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank block, in order."""
    position = 0
    for match in _BLOCK_SEPARATOR.finditer(text):
        if text[position : match.start()].strip():
            yield position, match.start()
        position = match.end()
    if text[position:].strip():
        yield position, len(text)


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    position = start
    for match in _NEW_LINE_START.finditer(text, start, end):
        yield position, match.start()
        position = match.end()
    yield position, end


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


def sentences_in(
    text: str, start: int, end: int, language: str = "en"
) -> Iterator[tuple[int, int]]:
    """Offsets of the sentences of text[start:end], trimmed of white space."""
    piece = text[start:end]
    cursor = 0
    for sentence in _sentencex_segment(language, piece):
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
    spans: list[Span] = []
    line = 0
    for number, (p_start, p_end) in enumerate(paragraphs(text)):
        for l_start, l_end in _lines(text, p_start, p_end):
            s, e = _trimmed(text, l_start, l_end)
            if s >= e:
                continue
            for start, end in sentences_in(text, s, e, language):
                spans.append(Span(start, end, text[start:end], number, line))
            line += 1
    return spans
