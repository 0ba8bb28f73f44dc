"""Label-word claims: a claim type found by the words of its label, reworded.

A codebook's triggers find the wording they were written from; a sentence that puts a
claim in other words ("we will change Hagia Sophia's name from museum to mosque" for
"Hagia Sophia should become a mosque") may hold none of them, but it often holds the
label's content words. A claim type is proposed when one clause of the sentence holds
every distinctive content word of its label, in any order and any inflection (stemmed
as triggers are). Not content: function words, and the verbs of the claim's mood
("become", "keep", "built"). Not distinctive: words that two or more of the codebook's
labels share ("Iran", "Trump", "gas"), which tell no claim from another. A label left
with fewer than two such words gives none. It is weaker evidence than a trigger: it
counts only where a speaker is found (as a single-word trigger does), never for a claim
a trigger of the sentence already found, and its confidence is lower.

The stance is read as a trigger's is (`stance_at`), with one addition: since the words
may come in any order, a negation among them or just after them negates too ("Hagia
Sophia should not become a mosque", "the pipeline will never be built"). A label worded
as a negation ("The protests are not riots") reads the other way round: its words
without a negation oppose it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from annotator.suggest.claims import (
    NEGATION_CUES,
    NEGATION_WORDS,
    ClaimHit,
    clause_spans,
    stance_at,
)
from annotator.suggest.index import CodebookIndex
from annotator.suggest.lexicon import word_set
from annotator.suggest.stems import fold, stem

_WORD = re.compile(r"\w+(?:['’]\w+)?")
# Words of a label that say nothing of what is claimed.
_FUNCTION_WORDS = word_set(
    """the a an and or of by on off in at to for from with about under through into over
    because if than as so is are was were be been being have has had do does did can
    could will would shall should must may might cannot not no never its it their his
    her our own this that these those what which who more all now"""
)
# Verbs that carry the claim's mood, not its matter ("Hagia Sophia should *become* a
# mosque", "The EastMed pipeline should be *built*", "*Keep* the nuclear deal"): a
# sentence reporting the claim words it in a verb of its own ("convert Hagia Sophia
# into a mosque", "the EastMed pipeline project").
_LIGHT_VERBS = word_set(
    """be become becomes keep keeps hold holds take takes make makes let get give go
    goes going show shows help helps build built begin begins"""
)
# One word alone ("offensive", "mail") is no more a claim than a single-word trigger
# nobody chose: on the development halves every claim proposed from one was wrong.
MIN_WORDS = 2


@dataclass(frozen=True)
class LabelWords:
    """A claim type's distinctive label words, as stems and as written."""

    claim_id: str
    stems: frozenset[str]
    written: tuple[str, ...]
    negated: bool  # the label is worded as a negation


def _words(text: str) -> list[tuple[int, int, str]]:
    """The words of a text, each with its place and stem ("Khashoggi's" → "khashoggi")."""
    found = []
    for match in _WORD.finditer(text):
        word = fold(match.group(0)).removesuffix("'s")
        found.append((match.start(), match.end(), stem(word)))
    return found


@lru_cache(maxsize=64)
def _label_words(labels: tuple[tuple[str, str], ...]) -> tuple[LabelWords, ...]:
    content = {
        claim_id: {
            stem_: label[start:end]
            for start, end, stem_ in _words(label)
            if fold(label[start:end]).removesuffix("'s") not in _FUNCTION_WORDS | _LIGHT_VERBS
        }
        for claim_id, label in labels
    }
    claims_of: dict[str, int] = {}
    for stems in content.values():
        for stem_ in stems:
            claims_of[stem_] = claims_of.get(stem_, 0) + 1
    found = []
    for claim_id, label in labels:
        distinctive = {s: w for s, w in content[claim_id].items() if claims_of[s] == 1}
        if len(distinctive) >= MIN_WORDS:
            negated = bool(NEGATION_CUES.search(label))
            found.append(
                LabelWords(claim_id, frozenset(distinctive), tuple(distinctive.values()), negated)
            )
    return tuple(found)


def label_words(index: CodebookIndex) -> tuple[LabelWords, ...]:
    """Each claim type's distinctive label words (none for a label of shared words)."""
    return _label_words(tuple(index.claim_labels.items()))


def find_label_claims(
    text: str, index: CodebookIndex, found: list[ClaimHit] | None = None
) -> list[ClaimHit]:
    """Claims whose distinctive label words all stand in one clause of the sentence,
    other than the claims `found` by triggers."""
    known = {hit.claim_id for hit in found or ()}
    clauses = [
        [(start + s, start + e, w) for s, e, w in _words(text[start:end])]
        for start, end in clause_spans(text)
    ]
    hits = []
    for claim in label_words(index):
        if claim.claim_id in known:
            continue
        for words in clauses:
            if {w for _, _, w in words} >= claim.stems:
                hits.append(_hit(text, claim, words, index))
                break
    return sorted(hits, key=lambda hit: hit.start)


def _hit(
    text: str, claim: LabelWords, clause: list[tuple[int, int, str]], index: CodebookIndex
) -> ClaimHit:
    """The claim found by its label words in one clause (`clause`: that clause's words)."""
    places = [i for i, (_, _, w) in enumerate(clause) if w in claim.stems]
    start, end = clause[places[0]][0], clause[places[-1]][1]
    stance_id, cue = stance_at(text, start, end, index, negated=claim.negated)
    # In any order, the label's words may have a negation among them or just after them
    # ("Hagia Sophia should not become a mosque", "the EastMed pipeline will never be
    # built", the mood's verbs not being label words): it negates them as one before them
    # does.
    after = clause[places[-1] + 1 : places[-1] + 1 + NEGATION_WORDS]
    reach = after[-1][1] if after else end
    among = NEGATION_CUES.search(text, start, reach)
    if among is not None and stance_id in (index.support_id, index.oppose_id):
        stance_id = index.oppose_id if stance_id == index.support_id else index.support_id
        cue = among.group(0)
    return ClaimHit(
        claim.claim_id,
        claim.written,
        stance_id,
        cue,
        start,
        weak=True,
        end=end,
        starts=(start,),
        by_label=True,
    )
