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
from collections.abc import Iterable, Sequence
from itertools import groupby

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
_PAYWALL_HINT = re.compile("|".join(re.escape(hint) for hint in _PAYWALL_HINTS))


# Three glued words or more (non-overlapping, like findall), found by one search.
_THREE_GLUED = re.compile(r"[a-z][A-Z].*?[a-z][A-Z].*?[a-z][A-Z]", re.DOTALL)


def is_icon_run(line: str) -> bool:
    if not _THREE_GLUED.search(line):
        return False
    words = line.split()
    glued = sum(1 for word in words if _GLUED_WORD.search(word))
    return glued >= 3 and glued * 3 >= len(words)


def is_furniture(line: str) -> bool:
    if is_icon_run(line):
        return True
    if ("{{" in line or "{%" in line or "${" in line) and _PLACEHOLDER.search(line):
        return True
    return bool(_PAYWALL_HINT.search(line.casefold())) and bool(_PAYWALL.search(line))


def is_repeatable(line: str) -> bool:
    """Short enough that a repeat across a source's documents means furniture, not wire copy."""
    return len(line.split()) <= REPEATED_LINE_WORDS


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
    repeated: Iterable[str] = (),
) -> list[SentenceKind]:
    """The kind of each span. `repeated` holds normalised lines already seen in
    other documents of the same source."""
    repeated_lines = set(repeated)
    kinds: list[SentenceKind] = [SentenceKind.content] * len(spans)
    by_line = [
        (key, [i for i, _ in group])
        for key, group in groupby(
            enumerate(spans), key=lambda item: (item[1].paragraph, item[1].line)
        )
    ]

    def line_text(indices: list[int]) -> str:
        return text[spans[indices[0]].start : spans[indices[-1]].end]

    paragraph_text: dict[int, str] = {}
    for (paragraph, _line), indices in by_line:
        paragraph_text[paragraph] = paragraph_text.get(paragraph, "") + " " + line_text(indices)
    captions = {number for number, body in paragraph_text.items() if _is_caption(body)}

    title_key = normalise(title) if title else None
    in_tail = False
    seen_running_text = False
    for (paragraph, _line), indices in by_line:
        line = line_text(indices)
        kind = SentenceKind.content
        if in_tail or _TAIL_MARKER.match(line.strip()):
            in_tail = True
            kind = SentenceKind.boilerplate
        elif is_furniture(line) or (is_repeatable(line) and normalise(line) in repeated_lines):
            kind = SentenceKind.boilerplate
        elif paragraph in captions:
            kind = SentenceKind.caption
        elif (title_key is not None and normalise(line) == title_key) or (
            not seen_running_text and _is_title_like(line)
        ):
            kind = SentenceKind.headline
        else:
            seen_running_text = True
        for index in indices:
            kinds[index] = kind
    return kinds
