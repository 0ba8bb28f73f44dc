"""Prodigy / spaCy pattern files read as claim triggers (`annotator codebook patterns`).

A pattern file holds one JSON object per line, `{"label": ..., "pattern": ...}`, as
Prodigy's `--patterns` and spaCy's EntityRuler and Matcher take them. The label names
a claim type (its id or its label, in any case: "SETTLED_1965" is `settled_1965`).
Each pattern becomes trigger phrases, matched as every trigger is: whole words, each
finding its inflections (docs/suggest.md):

- a phrase pattern (a string) is the phrase;
- a token pattern (a list of token objects) is the tokens' words in order. A token
  gives its word by ORTH, TEXT, LOWER, NORM or LEMMA (a string, or {"IN": [...]}: one
  phrase per choice); {} is any one word; "OP": "?" or "*" makes a token a gap of up
  to six words, and "+" is read as the token once.

What a trigger cannot say (part of speech, entity type, shape, a regular expression,
"OP": "!", a token of punctuation only) is refused with the file and line: a pattern
read more loosely than written would propose claims its author ruled out."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from exports.reading import json_lines
from exports.records import LabelError
from models.codebook import ClaimSpec
from models.codebook_additions import toml_string

WORD_ATTRIBUTES = ("ORTH", "TEXT", "LOWER", "NORM", "LEMMA")
GAP = "..."
# One pattern's {"IN": [...]} choices multiply; past this many phrases it is refused.
MAX_PHRASES_PER_PATTERN = 64
_WORD = re.compile(r"[\w'’-]+")


@dataclass
class PatternTriggers:
    """Trigger phrases per claim id, in the file's order, and how many patterns."""

    phrases: dict[str, list[str]] = field(default_factory=dict)
    patterns: int = 0

    def add(self, claim_id: str, phrases: Iterable[str]) -> None:
        kept = self.phrases.setdefault(claim_id, [])
        kept += [p for p in phrases if p not in kept]

    def new_to(self, claims: Sequence[ClaimSpec]) -> PatternTriggers:
        """The phrases that are no trigger of their claim type yet."""
        triggers = {claim.id: claim.triggers for claim in claims}
        fresh = PatternTriggers(patterns=self.patterns)
        for claim_id, phrases in self.phrases.items():
            left = [p for p in phrases if p not in triggers[claim_id]]
            if left:
                fresh.add(claim_id, left)
        return fresh

    @property
    def count(self) -> int:
        return sum(len(phrases) for phrases in self.phrases.values())


def read_patterns(path: Path, claims: Sequence[ClaimSpec]) -> PatternTriggers:
    """Every pattern of the file as trigger phrases; LabelError names the first bad line."""
    by_name: dict[str, str] = {}
    for claim in claims:
        by_name.setdefault(claim.id.casefold(), claim.id)
    for claim in claims:
        by_name.setdefault(" ".join(claim.label.split()).casefold(), claim.id)
    found = PatternTriggers()
    for number, value in json_lines(path):
        try:
            claim_id, phrases = _pattern(value, by_name)
        except ValueError as exc:
            raise LabelError(str(path), number, str(exc)) from None
        found.add(claim_id, phrases)
        found.patterns += 1
    if not found.patterns:
        raise LabelError(str(path), None, "no patterns in the file")
    return found


def _pattern(value: Any, by_name: dict[str, str]) -> tuple[str, list[str]]:
    if not isinstance(value, dict):
        raise ValueError('expected an object {"label": ..., "pattern": ...}')
    label, pattern = value.get("label"), value.get("pattern")
    if not isinstance(label, str) or not label.strip():
        raise ValueError('"label" must name a claim type')
    claim_id = by_name.get(" ".join(label.split()).casefold())
    if claim_id is None:
        raise ValueError(f"label {label!r} names no claim type of the codebook (by id or label)")
    if isinstance(pattern, str):
        return claim_id, [_phrase_of(pattern)]
    if isinstance(pattern, list) and pattern:
        return claim_id, _token_phrases(pattern)
    raise ValueError('"pattern" must be a phrase (a string) or a list of token objects')


def _phrase_of(text: str) -> str:
    words = text.split()
    if not words or not any(_WORD.search(w) for w in words):
        raise ValueError(f"phrase {text!r} has no word to find")
    if words[0].startswith("-") or any("*" in w or w == GAP for w in words):
        # A trigger's own syntax ("-" denies, "*" any letters, "..." a gap).
        raise ValueError(f"phrase {text!r}: '-' at its start, '*' and '...' cannot be literal")
    return " ".join(words)


def _token_phrases(tokens: list[Any]) -> list[str]:
    """The token pattern's phrases: the cartesian product of each token's choices."""
    choices: list[list[str]] = []
    for position, token in enumerate(tokens, start=1):
        if not isinstance(token, dict):
            raise ValueError(f"token {position} is not an object")
        choices.append(_token_choices({str(k).upper(): v for k, v in token.items()}, position))
    count = 1
    for options in choices:
        count *= len(options)
    if count > MAX_PHRASES_PER_PATTERN:
        raise ValueError(
            f"the pattern's IN lists make {count} phrases (at most {MAX_PHRASES_PER_PATTERN})"
        )
    phrases = []
    for words in itertools.product(*choices):
        phrase = _joined(words)
        if not phrase:
            raise ValueError("the pattern has no word to find (only gaps and any-word tokens)")
        if phrase not in phrases:
            phrases.append(phrase)
    return phrases


def _token_choices(token: dict[str, Any], position: int) -> list[str]:
    op = token.pop("OP", None)
    if op not in (None, "1", "?", "*", "+"):
        raise ValueError(f"token {position}: OP {op!r} cannot be a trigger (only ?, * and +)")
    if op in ("?", "*"):
        # An optional word is a gap: a trigger's " ... " takes up to six words, or none.
        return [GAP]
    named = [name for name in token if name in WORD_ATTRIBUTES]
    other = [name for name in token if name not in WORD_ATTRIBUTES]
    if other:
        raise ValueError(
            f"token {position}: {other[0]} cannot be a trigger "
            "(triggers find words and their inflections: ORTH, TEXT, LOWER, NORM or LEMMA)"
        )
    if len(named) > 1:
        raise ValueError(f"token {position}: one of {', '.join(named)}, not several")
    if not named:
        return ["*"]  # {}: any one word
    value = token[named[0]]
    if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
        words = value["IN"]
    elif isinstance(value, str):
        words = [value]
    else:
        raise ValueError(f'token {position}: {named[0]} must be a word or {{"IN": [words]}}')
    if not words or not all(isinstance(w, str) and _WORD.fullmatch(w.strip()) for w in words):
        raise ValueError(f"token {position}: {named[0]} {value!r}: each choice must be one word")
    return [w.strip() for w in words]


def _joined(words: Sequence[str]) -> str:
    """Words and gaps as a trigger phrase: no gap at either end, one between words."""
    parts: list[str] = []
    for word in words:
        if word == GAP and (not parts or parts[-1] == GAP):
            continue
        parts.append(word)
    while parts and parts[-1] == GAP:
        parts.pop()
    if not any(part not in (GAP, "*") for part in parts):
        return ""
    return " ".join(parts)


def trigger_block(found: PatternTriggers, source: str) -> str:
    """The TOML [[triggers]] tables that add `found` to a codebook."""
    lines = [f"# Triggers from the pattern file {source}"]
    for claim_id, phrases in found.phrases.items():
        lines += [
            "",
            "[[triggers]]",
            f"claim = {toml_string(claim_id)}",
            f"source = {toml_string(source)}",
            "phrases = [" + ", ".join(toml_string(p) for p in phrases) + "]",
        ]
    return "\n".join(lines) + "\n"
