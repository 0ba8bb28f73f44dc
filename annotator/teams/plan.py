"""Who codes which document: the assignment plan, as a pure function of the documents,
the coders, what they already hold, the overlap share and a seed.

Documents are laid out in strata order: by source, then by date (undated last), then
id. The reliability sample is a systematic sample along that order (a random start, then
every 1/overlap-th document), so it spreads across sources and dates in proportion.
First coders are dealt in rounds along that order, the sample first and then the rest:
each run of as many documents as there are coders gives every coder one of them, the
longest to the coder with the fewest content sentences so far, so each coder gets an
even share of every source, of every stretch of time, and of the sample (a stratum's
last, incomplete round goes to the coders holding the fewest sentences). Each sampled
document gets its second coder before the rest is dealt: among the other coders who share
(nearly) the fewest documents with its first coder, so that every pair of coders can be
compared, the one holding the fewest sentences. Dealing the rest against everything held
then evens out what double coding added.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby

# A second coder may share this many more documents with the first than the pair that
# shares fewest, when that evens out the sentences coders hold.
PAIR_SLACK = 2


@dataclass(frozen=True)
class Candidate:
    """A document still to assign."""

    id: str
    source: str | None
    date: dt.date | None
    sentences: int


@dataclass(frozen=True)
class Planned:
    document_id: str
    annotator: str
    slot: int  # 1: the document's first coder; 2: its second (reliability sample)


@dataclass
class Loads:
    """What each coder holds: documents, content sentences, and documents shared per pair."""

    documents: Counter[str] = field(default_factory=Counter)
    sentences: Counter[str] = field(default_factory=Counter)
    pairs: Counter[frozenset[str]] = field(default_factory=Counter)

    def add(self, coder: str, candidate: Candidate) -> None:
        self.documents[coder] += 1
        self.sentences[coder] += candidate.sentences


def strata_order(documents: Sequence[Candidate]) -> list[Candidate]:
    return sorted(
        documents,
        key=lambda d: (
            d.source is None,
            d.source or "",
            d.date is None,
            d.date or dt.date.min,
            d.id,
        ),
    )


def sample(count: int, overlap: float, rng: random.Random) -> list[int]:
    """Systematic sample: positions (j + u) / overlap for a random start u in [0, 1);
    floor or ceil of count × overlap positions, evenly spaced."""
    if overlap <= 0 or count == 0:
        return []
    start = rng.random()
    positions = []
    j = 0
    while (index := int((j + start) / overlap)) < count:
        positions.append(index)
        j += 1
    return positions


def plan(
    documents: Sequence[Candidate],
    coders: Sequence[str],
    overlap: float,
    seed: int,
    loads: Loads | None = None,
) -> list[Planned]:
    """Every document to one coder, an `overlap` share of them to a second, distinct one.
    `loads` holds what coders already have (it is updated); the same inputs and seed give
    the same plan."""
    if not coders:
        raise ValueError("no coders to assign to")
    if overlap > 0 and len(coders) < 2:
        raise ValueError("a double-coded share needs at least two coders")
    rng = random.Random(seed)
    loads = loads or Loads()
    ordered = strata_order(documents)
    sampled = {ordered[i].id for i in sample(len(ordered), overlap, rng)}
    double = [d for d in ordered if d.id in sampled]
    first: dict[str, str] = {}
    # The sample first, so that every coder is first coder of an even share of it (and
    # second coder of another); then the rest, dealt against everything held so far.
    _deal_strata(double, coders, loads, rng, first)
    seconds = [_second(d, first[d.id], coders, loads, rng) for d in double]
    _deal_strata([d for d in ordered if d.id not in sampled], coders, loads, rng, first)
    return [Planned(d.id, first[d.id], 1) for d in ordered] + seconds


def _deal_strata(
    documents: list[Candidate],
    coders: Sequence[str],
    loads: Loads,
    rng: random.Random,
    first: dict[str, str],
) -> None:
    for _, stratum in groupby(documents, key=lambda d: d.source):
        docs = list(stratum)
        for start in range(0, len(docs), len(coders)):
            _deal(docs[start : start + len(coders)], coders, loads, rng, first)


def _second(
    candidate: Candidate, primary: str, coders: Sequence[str], loads: Loads, rng: random.Random
) -> Planned:
    tie = {c: rng.random() for c in coders}
    others = [c for c in coders if c != primary]
    fewest = min(loads.pairs[frozenset((primary, c))] for c in others)
    second = min(
        (c for c in others if loads.pairs[frozenset((primary, c))] <= fewest + PAIR_SLACK),
        key=lambda c: (loads.sentences[c], tie[c]),
    )
    loads.add(second, candidate)
    loads.pairs[frozenset((primary, second))] += 1
    return Planned(candidate.id, second, 2)


def _deal(
    round_: list[Candidate],
    coders: Sequence[str],
    loads: Loads,
    rng: random.Random,
    first: dict[str, str],
) -> None:
    """One round: the longest documents to the coders holding the fewest sentences."""
    tie = {c: rng.random() for c in coders}
    order = sorted(coders, key=lambda c: (loads.sentences[c], loads.documents[c], tie[c]))
    longest = sorted(round_, key=lambda d: (-d.sentences, d.id))
    for candidate, coder in zip(longest, order, strict=False):
        first[candidate.id] = coder
        loads.add(coder, candidate)
