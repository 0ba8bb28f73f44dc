"""Tell page furniture, headlines and captions from content.

Nothing is deleted: every sentence is stored, and these rules only choose its kind.
The rules are general patterns of web captures and wire copy, not lists of lines:

- boilerplate: runs of glued icon names ("IconIcon FacebookIcon"), template
  placeholders ("{{numberArticlesLeft}}"), paywall and subscription phrasing, and
  everything after an end-of-article marker ("Sponsored Content", "Related coverage:");
  short lines repeated across documents of one source are marked by the importer.
- caption: a paragraph carrying a photo credit (©, "Photo:") or set in parentheses.
- headline: the document's title, and short unpunctuated lines (kicker, deck) before
  the first paragraph of running text.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

from annotator.ingest.segment import Span
from models.tables import SentenceKind

_GLUED_WORD = re.compile(r"[a-z][A-Z]")
_PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}|\{%.*?%\}|\$\{[^}]*\}")
_PAYWALL = re.compile(
    r"""
    \bsubscri(?:be|ption|ber)s?\b | \bfree\ articles?\b | \bunlimited\ access\b
    | \btrial\ period\b | \bTry\ \d+\ (?:day|week|month|year)s?\ for\b | \bOffer\ ends\b
    | \bSee\ all\ offers\b | \bsign\ (?:up|in)\ (?:now|today|for)\b | \balready\ a\ subscriber\b
    | \blog\ in\ to\ (?:continue|read)\b | \bSponsored\ Content\b | \bAdvertisement\b
    | \bcookie\ (?:policy|settings)\b | \ball\ rights\ reserved\b
    | \b(?:your\ )?full\ access\ to\b.*\bhas\ expired\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_TAIL_MARKER = re.compile(
    r"^(?:Sponsored\ Content|Related\ (?:coverage|articles?|stories|news|content)"
    r"|Recommended(?:\ for\ you)?|Read\ more|More\ from\ .{1,40}|You\ may\ also\ like"
    r"|Most\ read|Advertisement)\s*:?$",
    re.IGNORECASE | re.VERBOSE,
)
_CREDIT = re.compile(r"©|\(c\)\s*\w|\bPhoto(?:\s+by)?\s*:|\bPhoto\s+credit\b", re.IGNORECASE)
_TERMINAL = re.compile(r"""[.!?:;]["'”’)\]]*$""")

# How short a line must be to count as a headline or as repeated furniture.
SHORT_LINE_WORDS = 25
REPEATED_LINE_WORDS = 12


def normalise(line: str) -> str:
    return " ".join(line.split()).casefold()


# Cheap substring tests that must hold before the regular expressions are worth running.
_PAYWALL_HINTS = (
    "subscri",
    "free article",
    "unlimited access",
    "trial period",
    "try ",
    "offer ends",
    "see all offers",
    "sign ",
    "log in",
    "sponsored content",
    "advertisement",
    "cookie ",
    "all rights reserved",
    "full access",
)


# Every ASCII lower-case letter to "a", upper-case to "A", any other byte to a space: in
# a line's UTF-8 bytes, a glued pair ([a-z][A-Z]) is then b"aA" (pairs cannot overlap,
# and the bytes of a non-ASCII character are never letters).
_LETTER_CASES = (
    bytes(
        ord("a") if chr(byte).islower() else ord("A") if chr(byte).isupper() else ord(" ")
        for byte in range(128)
    )
    + b" " * 128
)


def _glued_pairs(line: str) -> int:
    return line.encode("utf-8", "surrogatepass").translate(_LETTER_CASES).count(b"aA")


def is_icon_run(line: str) -> bool:
    if _glued_pairs(line) < 3:
        return False
    words = line.split()
    glued = sum(1 for word in words if _GLUED_WORD.search(word))
    return glued >= 3 and glued * 3 >= len(words)


def is_furniture(line: str) -> bool:
    if is_icon_run(line):
        return True
    if ("{{" in line or "{%" in line or "${" in line) and _PLACEHOLDER.search(line):
        return True
    # Each hint by substring search: faster than the alternation of the same hints.
    return any(map(line.casefold().__contains__, _PAYWALL_HINTS)) and bool(_PAYWALL.search(line))


def repeatable_key(line: str) -> str | None:
    """normalise(line) if the line is short enough that a repeat across a source's
    documents means furniture, not wire copy; else None."""
    words = line.split()
    return " ".join(words).casefold() if len(words) <= REPEATED_LINE_WORDS else None


def _known_line(line: str, repeated: Container[str]) -> bool:
    key = repeatable_key(line)
    return key is not None and key in repeated


def _is_title_like(line: str) -> bool:
    return len(line.split()) <= SHORT_LINE_WORDS and not _TERMINAL.search(line)


def _is_caption(paragraph: str) -> bool:
    stripped = paragraph.strip()
    folded = stripped.casefold()
    has_credit = "©" in stripped or "(c)" in folded or "photo" in folded
    return (has_credit and bool(_CREDIT.search(stripped))) or (
        stripped.startswith("(") and stripped.endswith(")") and len(stripped.split()) >= 4
    )


def classify(
    text: str,
    spans: Sequence[Span],
    *,
    title: str | None = None,
    repeated: Container[str] = (),
) -> list[SentenceKind]:
    """The kind of each span. `repeated` holds normalised lines already seen in
    other documents of the same source."""
    # The source lines of the document: (paragraph, first span, end span, line text).
    lines: list[tuple[int, int, int, str]] = []
    paragraph_lines: dict[int, list[str]] = {}
    first = 0
    for index in range(1, len(spans) + 1):
        if index == len(spans) or spans[index][3:5] != spans[first][3:5]:
            paragraph = spans[first].paragraph
            line = text[spans[first].start : spans[index - 1].end]
            lines.append((paragraph, first, index, line))
            paragraph_lines.setdefault(paragraph, []).append(line)
            first = index
    captions = {number for number, body in paragraph_lines.items() if _is_caption(" ".join(body))}

    content, boilerplate = SentenceKind.content, SentenceKind.boilerplate
    kinds: list[SentenceKind] = [content] * len(spans)
    title_key = normalise(title) if title else None
    in_tail = False
    seen_running_text = False
    for paragraph, start, end, line in lines:
        kind = content
        if in_tail or _TAIL_MARKER.match(line.strip()):
            in_tail = True
            kind = boilerplate
        elif is_furniture(line) or (repeated and _known_line(line, repeated)):
            kind = boilerplate
        elif paragraph in captions:
            kind = SentenceKind.caption
        elif (title_key is not None and normalise(line) == title_key) or (
            not seen_running_text and _is_title_like(line)
        ):
            kind = SentenceKind.headline
        else:
            seen_running_text = True
        if kind is not content:
            kinds[start:end] = [kind] * (end - start)
    return kinds
