"""What is claimed, and with which stance: codebook triggers and stance cues.

A trigger proposes its claim type; the words just before it (or the trigger's own
wording) decide the stance: rejection, negation and stopping cues make it oppose, hedges
such as "considering" or "only said" make it neutral, and anything else is support, the
way most reported claims are worded. A trigger naming what its claim would stop ("seize"
for "Stop the seizure…") reads the other way round: pursuing the thing opposes the
claim, speaking against it supports it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.suggest.index import CodebookIndex, Trigger
from annotator.suggest.lexicon import PREVENTION, REPORTING, inflect

NEUTRAL_CUES = re.compile(
    r"\b(?:consider(?:s|ed|ing)?|only\s+said|did\s+not\s+comment|declined\s+to\s+comment|"
    r"no\s+clear\s+answer|did\s+not\s+provide\s+a\s+clear|undecided|weigh(?:s|ing)?|"
    r"review(?:s|ing)?)\b",
    re.IGNORECASE,
)
OPPOSE_CUES = re.compile(
    r"\b(?:reject(?:s|ed|ing)?|refus(?:e|es|ed|ing)|den(?:y|ies|ied|ying)|"
    r"ignor(?:e|es|ed|ing)|dismiss(?:es|ed|ing)?|oppos(?:e|es|ed|ing)|attack(?:s|ed|ing)?|"
    r"moved\s+on\s+from|push(?:ed|es|ing)?\s+ahead|inappropriate|protested|"
    r"protest(?:s|ing)?\s+against|in\s+protest)\b",
    re.IGNORECASE,
)
# Words that stop, undo or keep off what follows: "stop the liquidation", "withdraw the
# bill", "lift the export controls", "put an end to the talks". And after a trigger:
# "a sell-off … must be avoided".
PREVENTION_CUES = re.compile(PREVENTION, re.IGNORECASE)
_PREVENTED_AFTER = re.compile(
    r"^\W*(?:[\w'’-]+\W+){0,6}?(?:must|should|would|will|to|be|been|is|are|was|were)\s+"
    r"(?:not\s+)?(?:be\s+)?(?:avoided|stopped|halted|prevented|blocked|scrapped|withdrawn|"
    r"dropped|lifted|eased|reversed|overturned|repealed|revoked|suspended|cancell?ed|"
    r"abandoned|ended)\b",
    re.IGNORECASE,
)
# What pushes or defends the very thing a prevention claim would stop: "requested …
# seize", "pushed ahead with plans to liquidate", "the liquidation process would begin
# soon", "denied the export curbs were linked to the row".
PURSUIT_CUES = re.compile(
    r"\b(?:request(?:s|ed|ing)?|seek(?:s|ing)?|sought|ask(?:s|ed|ing)?\s+(?:[\w'’-]+\s+){0,4}?to|"
    r"call(?:s|ed|ing)?\s+for|demand(?:s|ed|ing)?|urg(?:e|es|ed|ing)|want(?:s|ed)?|"
    r"appl(?:y|ies|ied|ying)\s+for|fil(?:e|es|ed|ing)\s+for|push(?:es|ed|ing)?\s+(?:ahead|for)|"
    r"press(?:es|ed|ing)?\s+(?:ahead|on|for)|proceed(?:s|ed|ing)?|pursu(?:e|es|ed|ing)|"
    r"mov(?:e|es|ed|ing)\s+to|plan(?:s|ned|ning)?\s+to|go(?:es|ing)?\s+ahead|went\s+ahead|"
    r"defend(?:s|ed|ing)?|justif(?:y|ies|ied|ying)|uph(?:old|olds|eld|olding)|"
    r"den(?:y|ies|ied|ying))\b",
    re.IGNORECASE,
)
_PURSUED_AFTER = re.compile(
    r"^\W*(?:[\w'’-]+\W+){0,4}?(?:would|will|to|is\s+set\s+to|could)\s+"
    r"(?:begin|start|proceed|go\s+ahead|move\s+forward|continue)\b",
    re.IGNORECASE,
)
# Negation words govern only the few words after them: "should not liquidate" negates
# liquidation, "we're not going to wait until Oct. 31 before getting on with our plans"
# does not negate the plans.
NEGATION_CUES = re.compile(
    r"\b(?:not|never|no(?!-)|nobody|no\s+one|cannot|can't|won't|n't|against)\b|n't\b",
    re.IGNORECASE,
)
NEGATION_WORDS = 4
# How far before a trigger a cue still governs it: a clause, roughly.
_WINDOW_WORDS = 12
_IF = re.compile(r"\b(?:if|unless|whether)\b", re.IGNORECASE)
# A clause ends at ";", ":", "but", "while", "whereas", and where a participle of
# saying starts the speaker's own words: "Tokyo rejected the rulings, claiming that all
# issues were settled" (the rejection is of the rulings, not of the settlement).
_SAYING = "|".join(form for lemma in REPORTING for form in inflect(lemma)[-1:])
_CLAUSE_BREAK = re.compile(
    rf"[;:]|\bbut\b|\bwhile\b|\bwhereas\b|,(?=\s+(?:{_SAYING})\b)", re.IGNORECASE
)
# A claim found by its label's words (annotator.suggest.label_words) is less sure than
# one found by a trigger (0.6 and up).
LABEL_WORDS_CONFIDENCE = 0.45


@dataclass(frozen=True)
class ClaimHit:
    claim_id: str
    triggers: tuple[str, ...]
    stance_id: str | None
    cue: str | None
    start: int
    weak: bool = False  # only single-word triggers: needs a speaker to be proposed
    end: int = 0
    starts: tuple[int, ...] = ()  # where each of its triggers begins, `start` first
    # Found by its label's words, not a trigger (annotator.suggest.label_words):
    # `triggers` then holds those words.
    by_label: bool = False

    @property
    def confidence(self) -> float:
        if self.by_label:
            return LABEL_WORDS_CONFIDENCE
        return min(0.8, 0.6 + 0.1 * (len(self.triggers) - 1))

    @property
    def source(self) -> str:
        """The claim's part of a rule proposal's source, e.g. "claim.trigger+stance.cue"."""
        return ("claim.label_words" if self.by_label else "claim.trigger") + (
            "+stance.cue" if self.cue else ""
        )

    @property
    def reason(self) -> str:
        quoted = ", ".join(f'"{t}"' for t in self.triggers)
        why = f"claim label words {quoted}" if self.by_label else f"claim trigger {quoted}"
        if self.cue:
            why += f'; stance cue "{self.cue}"'
        return why


def find_claims(text: str, index: CodebookIndex) -> list[ClaimHit]:
    """Claims whose triggers occur in the sentence, in order of first occurrence.

    One hit per claim and stance: "Japan holds it was settled…, but the court ruled the
    accord did not terminate the right…" reports the claim twice, once each way."""
    grouped: dict[tuple[str, str | None], list[tuple[int, int, str, str | None, bool]]] = {}
    matches = [(trigger, trigger.pattern.search(text)) for trigger in index.triggers]
    spans = [(t.claim_id, m.span()) for t, m in matches if m is not None and not t.weak]
    for trigger, match in matches:
        if match is not None and not (trigger.weak and _inside(trigger, match, spans)):
            stance_id, cue = stance_for(text, match, trigger, index)
            grouped.setdefault((trigger.claim_id, stance_id), []).append(
                (match.start(), match.end(), trigger.phrase, cue, trigger.weak)
            )
    hits = []
    for (claim_id, stance_id), found in grouped.items():
        found.sort(key=lambda item: item[0])
        cue = next((c for *_, c, _ in found if c), None)
        phrases = tuple(phrase for _, _, phrase, _, _ in found)
        weak = all(w for *_, w in found)
        starts = tuple(dict.fromkeys(item[0] for item in found))
        hits.append(
            ClaimHit(claim_id, phrases, stance_id, cue, found[0][0], weak, found[0][1], starts)
        )
    return sorted(hits, key=lambda hit: hit.start)


def _inside(
    trigger: Trigger, match: re.Match[str], spans: list[tuple[str, tuple[int, int]]]
) -> bool:
    """A single word within another claim's phrase belongs to that phrase: "violence" in
    "police violence" (an inquiry into the police) does not call for an end to violence."""
    start, end = match.span()
    return any(
        claim_id != trigger.claim_id and first <= start and end <= last
        for claim_id, (first, last) in spans
    )


def stance_for(
    text: str, match: re.Match[str], trigger: Trigger, index: CodebookIndex
) -> tuple[str | None, str | None]:
    """The stance toward a claim found at `match`, and the cue that decided it."""
    return stance_at(text, match.start(), match.end(), index, trigger.negated, trigger.prevented)


def stance_at(
    text: str,
    start: int,
    end: int,
    index: CodebookIndex,
    negated: bool = False,
    prevented: bool = False,
) -> tuple[str | None, str | None]:
    """The stance toward a claim whose words stand at `start:end`, and the cue that
    decided it; `negated` and `prevented` as a trigger's (annotator.suggest.index)."""
    window = _window_before(text, start)
    if prevented:
        # From the trigger on: the thing may be named with its fate ("bill to be dropped").
        return _toward_prevented(window, _clause_after(text, start), index)
    after = _clause_after(text, end)
    near = " ".join(window.split()[-NEGATION_WORDS:])
    negation = list(NEGATION_CUES.finditer(near))
    if negated:
        # The words of those who reject the claim, themselves denied: "not unlawful".
        if negation:
            return index.support_id, f"{negation[-1].group(0)} {text[start:end]}"
        return index.oppose_id, text[start:end]
    neutral = list(NEUTRAL_CUES.finditer(window))
    if neutral:
        return index.neutral_id, neutral[-1].group(0)
    # Like a negation, stopping governs only the few words after it: "block the
    # inquiry", "the inquiry … should be stopped"; a hypothesis states no position ("an
    # outrage if Parliament were prevented from holding the government to account").
    stopping = [] if _IF.search(window) else list(PREVENTION_CUES.finditer(near))
    against = [*OPPOSE_CUES.finditer(window), *negation, *stopping]
    if against:
        return index.oppose_id, against[-1].group(0)
    fate = _PREVENTED_AFTER.match(after)
    if fate:
        return index.oppose_id, fate.group(0).strip()
    return index.support_id, None


def _toward_prevented(
    window: str, after: str, index: CodebookIndex
) -> tuple[str | None, str | None]:
    """The stance toward a claim that something be stopped, from a trigger naming that
    thing: whoever pursues it opposes the claim ("requested … seize"), whoever speaks
    against it or of stopping it supports it ("should not liquidate", "concern over a
    move to liquidate"), unless the stopping itself is refused ("refused to lift")."""
    prevented = _PREVENTED_AFTER.match(after)
    if prevented:
        return index.support_id, prevented.group(0).strip()
    pursued = list(PURSUIT_CUES.finditer(window)) or [
        m for m in [_PURSUED_AFTER.match(after)] if m is not None
    ]
    stopping = list(PREVENTION_CUES.finditer(window))
    if stopping:
        refused = [
            cue
            for cue in [*OPPOSE_CUES.finditer(window), *NEGATION_CUES.finditer(window)]
            if cue.start() < stopping[-1].start()
        ]
        if refused:
            return index.oppose_id, f"{refused[-1].group(0)} … {stopping[-1].group(0)}"
        return index.support_id, stopping[-1].group(0)
    if pursued and not NEGATION_CUES.search(" ".join(window.split()[-NEGATION_WORDS:])):
        return index.oppose_id, pursued[-1].group(0).strip()
    return index.support_id, None


def clause_spans(text: str) -> list[tuple[int, int]]:
    """Where each clause of the sentence begins and ends, as the stance cues read them."""
    bounds = [0]
    for found in _CLAUSE_BREAK.finditer(text):
        bounds.extend((found.start(), found.end()))
    bounds.append(len(text))
    return list(zip(bounds[::2], bounds[1::2], strict=True))


def _clause_after(text: str, at: int) -> str:
    after = text[at:]
    found = _CLAUSE_BREAK.search(after)
    return after[: found.start()] if found else after


def _window_before(text: str, at: int) -> str:
    before = text[:at]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    words = before.split()
    return " ".join(words[-_WINDOW_WORDS:])
