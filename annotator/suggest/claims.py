"""What is claimed, and with which stance: codebook triggers and stance cues.

A trigger proposes its claim type; the words just before it (or the trigger's own
wording) decide the stance: rejection and negation cues make it oppose, hedges such as
"considering" or "only said" make it neutral, and anything else is support, the way
most reported claims are worded."""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.suggest.index import CodebookIndex

NEUTRAL_CUES = re.compile(
    r"\b(?:consider(?:s|ed|ing)?|only\s+said|did\s+not\s+comment|declined\s+to\s+comment|"
    r"no\s+clear\s+answer|did\s+not\s+provide\s+a\s+clear|undecided|weigh(?:s|ing)?|"
    r"review(?:s|ing)?)\b",
    re.IGNORECASE,
)
OPPOSE_CUES = re.compile(
    r"\b(?:reject(?:s|ed|ing)?|refus(?:e|es|ed|ing)|den(?:y|ies|ied|ying)|not|never|no|"
    r"cannot|can't|won't|n't|ignor(?:e|es|ed|ing)|dismiss(?:es|ed|ing)?|oppos(?:e|es|ed|ing)|"
    r"against|moved\s+on\s+from|push(?:ed|es|ing)?\s+ahead|inappropriate|protest(?:s|ed)?)\b",
    re.IGNORECASE,
)
# How far before a trigger a cue still governs it: a clause, roughly.
_WINDOW_WORDS = 10
_CLAUSE_BREAK = re.compile(r"[;:]|\bbut\b|\bwhile\b|\bwhereas\b", re.IGNORECASE)


@dataclass(frozen=True)
class ClaimHit:
    claim_id: str
    triggers: tuple[str, ...]
    stance_id: str | None
    cue: str | None
    start: int

    @property
    def confidence(self) -> float:
        return min(0.8, 0.6 + 0.1 * (len(self.triggers) - 1))

    @property
    def reason(self) -> str:
        quoted = ", ".join(f'"{t}"' for t in self.triggers)
        why = f"claim trigger {quoted}"
        if self.cue:
            why += f'; stance cue "{self.cue}"'
        return why


def find_claims(text: str, index: CodebookIndex) -> list[ClaimHit]:
    """Claims whose triggers occur in the sentence, in order of first occurrence.

    One hit per claim and stance: "Japan holds it was settled…, but the court ruled the
    accord did not terminate the right…" reports the claim twice, once each way."""
    grouped: dict[tuple[str, str | None], list[tuple[int, str, str | None]]] = {}
    for trigger in index.triggers:
        match = trigger.pattern.search(text)
        if match is not None:
            stance_id, cue = stance_for(text, match, trigger.negated, index)
            grouped.setdefault((trigger.claim_id, stance_id), []).append(
                (match.start(), trigger.phrase, cue)
            )
    hits = []
    for (claim_id, stance_id), found in grouped.items():
        found.sort(key=lambda item: item[0])
        cue = next((c for _, _, c in found if c), None)
        phrases = tuple(phrase for _, phrase, _ in found)
        hits.append(ClaimHit(claim_id, phrases, stance_id, cue, found[0][0]))
    return sorted(hits, key=lambda hit: hit.start)


def stance_for(
    text: str, match: re.Match[str], negated: bool, index: CodebookIndex
) -> tuple[str | None, str | None]:
    """The stance toward a claim found at `match`, and the cue that decided it."""
    if negated:
        return index.oppose_id, match.group(0)
    window = _window_before(text, match.start())
    neutral = list(NEUTRAL_CUES.finditer(window))
    if neutral:
        return index.neutral_id, neutral[-1].group(0)
    oppose = list(OPPOSE_CUES.finditer(window))
    if oppose:
        return index.oppose_id, oppose[-1].group(0)
    return index.support_id, None


def _window_before(text: str, at: int) -> str:
    before = text[:at]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    words = before.split()
    return " ".join(words[-_WINDOW_WORDS:])
