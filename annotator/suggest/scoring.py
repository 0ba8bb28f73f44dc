"""How good suggestions are: precision and recall per field, and keystrokes saved.

The keystroke cost model follows the annotation screen's keymap (docs/suggest.md):
accepting a suggested statement is one key (enter) and "no claim" is one key (n); a
statement typed by hand costs its speaker (about three letters and enter to pick it, or
`p` when it is the previous statement's speaker), a claim key, a stance key and enter;
a wrong or missing suggested field costs what typing it would; every statement after
the first costs `a` more. So a "no claim" suggestion never saves a key (n is one key
too): what saves keys is a pre-filled statement."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from annotator.suggest.corpus import Gold, Triple
from annotator.suggest.index import CodebookIndex
from annotator.suggest.proposal import Proposal

FIELDS = ("speaker", "side", "claim", "stance", "no_claim")
SPEAKER_TYPED = 4  # about three letters of an alias, then enter
SPEAKER_SAME = 1  # `p`: same speaker as the previous statement
CLAIM_KEY = 1
STANCE_KEY = 1
ENTER = 1
ADD_STATEMENT = 1  # `a`
NO_CLAIM_KEY = 1  # `n`


@dataclass
class Tally:
    """Counts for one source over many sentences."""

    tp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    fp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    fn: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    sentences: int = 0
    covered: int = 0  # sentences with a proposed statement (a speaker or claim filled in)
    right_first_time: int = 0
    keys_with: int = 0
    keys_without: int = 0

    def precision(self, name: str) -> float | None:
        found = self.tp[name] + self.fp[name]
        return self.tp[name] / found if found else None

    def recall(self, name: str) -> float | None:
        wanted = self.tp[name] + self.fn[name]
        return self.tp[name] / wanted if wanted else None

    def f1(self, name: str) -> float | None:
        p, r = self.precision(name), self.recall(name)
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


def offered(proposals: Sequence[Proposal]) -> tuple[bool, list[Proposal]]:
    """The decision a list of proposals suggests: "no claim" when that ranks first, and
    the statement proposals, which pre-fill the form in their order either way."""
    no_claim = bool(proposals) and proposals[0].no_claim
    return no_claim, [p for p in proposals if not p.no_claim]


def _sets(
    statements: Sequence[Triple] | Sequence[Proposal], index: CodebookIndex
) -> dict[str, set[object]]:
    triples = [
        (s.speaker_id, s.claim_id, s.stance_id) if isinstance(s, Proposal) else s
        for s in statements
    ]
    return {
        "speaker": {t[0] for t in triples if t[0]},
        "side": {index.side_of(t[0]) for t in triples if index.side_of(t[0])},
        "claim": {t[1] for t in triples if t[1]},
        "stance": {(t[1], t[2]) for t in triples if t[1] and t[2]},
    }


def score(
    tally: Tally,
    gold: Gold,
    proposals: Sequence[Proposal],
    index: CodebookIndex,
    previous_speaker: str | None,
) -> None:
    """Add one sentence's comparison to the tally."""
    no_claim, statements = offered(proposals)
    tally.sentences += 1
    tally.covered += bool(statements)
    wanted = _sets(gold.statements, index)
    found = _sets([] if no_claim else statements, index)
    for name in ("speaker", "side", "claim", "stance"):
        tally.tp[name] += len(wanted[name] & found[name])
        tally.fp[name] += len(found[name] - wanted[name])
        tally.fn[name] += len(wanted[name] - found[name])
    tally.tp["no_claim"] += no_claim and gold.no_claim
    tally.fp["no_claim"] += no_claim and not gold.no_claim
    tally.fn["no_claim"] += gold.no_claim and not no_claim
    with_, without = keystrokes(gold, proposals, previous_speaker)
    tally.keys_with += with_
    tally.keys_without += without
    tally.right_first_time += with_ == 1


def keystrokes(
    gold: Gold, proposals: Sequence[Proposal], previous_speaker: str | None
) -> tuple[int, int]:
    """Keys to record the gold decision with the suggestions, and without them.

    As on the annotation screen, the form is pre-filled from the top proposal (left
    empty when that is "no claim"), and after `a` from the next proposed statement not
    saved yet (typed by hand when none is left). The annotator enters first the
    statement the pre-filled form fits best."""
    if gold.no_claim:
        return NO_CLAIM_KEY, NO_CLAIM_KEY
    without = _typed(gold.statements, previous_speaker)
    top = proposals[0] if proposals and not proposals[0].no_claim else None
    if top is None:
        return without, without
    remaining = list(gold.statements)
    saved: list[Triple] = []
    with_ = 0
    prefill: Proposal | None = top
    while remaining:
        if prefill is None:
            return with_ + _typed(remaining, previous_speaker, after_first=True), without
        fits = [_fit(s, prefill) for s in remaining]
        statement = remaining.pop(fits.index(max(fits)))
        with_ += (ADD_STATEMENT if saved else 0) + ENTER
        if statement[0] != prefill.speaker_id:
            with_ += SPEAKER_SAME if statement[0] == previous_speaker else SPEAKER_TYPED
        with_ += (statement[1] != prefill.claim_id) * CLAIM_KEY
        with_ += (statement[2] != prefill.stance_id) * STANCE_KEY
        saved.append(statement)
        previous_speaker = statement[0]
        prefill = next_unsaved(proposals, saved)
    return with_, without


def _fit(statement: Triple, proposal: Proposal) -> int:
    return (
        (statement[0] == proposal.speaker_id)
        + (statement[1] == proposal.claim_id)
        + (statement[2] == proposal.stance_id)
    )


def next_unsaved(proposals: Sequence[Proposal], saved: Sequence[Triple]) -> Proposal | None:
    """What the form holds after `a`: the first proposed statement not saved yet."""
    done = set(saved)
    return next(
        (
            p
            for p in proposals
            if not p.no_claim and (p.speaker_id, p.claim_id, p.stance_id) not in done
        ),
        None,
    )


def _typed(
    statements: Sequence[Triple], previous_speaker: str | None, after_first: bool = False
) -> int:
    """Keys to type statements by hand: `a` before each but the sentence's first, then
    speaker (`p` when it repeats the previous statement's), claim, stance, enter."""
    keys = 0
    for position, (speaker, _, _) in enumerate(statements):
        keys += ADD_STATEMENT if position or after_first else 0
        keys += SPEAKER_SAME if speaker == previous_speaker else SPEAKER_TYPED
        keys += CLAIM_KEY + STANCE_KEY + ENTER
        previous_speaker = speaker
    return keys


def last_speakers(golds: Sequence[Gold]) -> dict[tuple[str, str], str | None]:
    """For each (sentence, annotator), the speaker of that annotator's previous
    statement in the same document: what `p` would pick."""
    result: dict[tuple[str, str], str | None] = {}
    last: dict[tuple[str, str], str | None] = {}
    for gold in golds:
        key = (gold.document_id, gold.annotator)
        result[(gold.sentence_id, gold.annotator)] = last.get(key)
        if gold.statements:
            last[key] = gold.statements[-1][0]
    return result
