"""Rule proposals: the speaker rules and the claim triggers put together."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.suggest.claims import ClaimHit, find_claims
from annotator.suggest.index import CodebookIndex
from annotator.suggest.label_words import find_label_claims
from annotator.suggest.new_speaker import NewAttribution, find_new_speaker
from annotator.suggest.proposal import Proposal
from annotator.suggest.speaker import (
    Attribution,
    attribute,
    attribute_last,
    speaker_at,
    spoken,
)

# A speaker alone, or a claim alone, is a weaker proposal than both together.
SPEAKER_ONLY = 0.4
CLAIM_ONLY = 0.5
NO_CLAIM = 0.5
NARRATION = 0.25
# A speaker with no claim trigger leads only where the sentence says the speaker
# speaks ("X said", a quotation): "according to X", "…made by X" and a pronoun carried
# over report facts as often as positions ("According to organizers, the debate is
# still scheduled"), so after them "no claim" comes first and the speaker second.
INDIRECT = frozenset({"according_to", "said_by", "carry_over"})


def proposals(
    attribution: Attribution | None,
    hits: list[ClaimHit],
    newcomer: NewAttribution | None = None,
    spoken: bool = True,
) -> list[Proposal]:
    """What the rules propose for one sentence, best first.

    With nobody speaking, a single-word trigger proposes nothing ("Violence continued
    through the evening"), nor does any trigger in a sentence that is not `spoken` (no
    quotation, first person or reporting verb: narration); a court's ruling or order
    with no claim is narration. A speaker the codebook lacks (`newcomer`) speaks where
    no codebook speaker does."""
    if attribution is None and newcomer is not None:
        return _new_speaker_proposals(newcomer, hits)
    if attribution is None:
        hits = [hit for hit in hits if not hit.weak and spoken]
    else:
        hits = [hit for hit in hits if _stated(attribution, hit)]
    if not hits:
        if attribution is None or attribution.procedural or attribution.needs_claim:
            return [
                Proposal(
                    "rule:no_claim", NO_CLAIM, "no speaker and no claim trigger", no_claim=True
                )
            ]
        alone = [
            Proposal(
                f"rule:speaker.{attribution.rule}",
                round(attribution.confidence * SPEAKER_ONLY - 0.01 * rank, 3),
                f"{attribution.reason}; no claim trigger",
                speaker_id=speaker_id,
                spans=_spans(attribution.span),
            )
            for rank, speaker_id in enumerate(attribution.speakers)
        ]
        if attribution.rule not in INDIRECT:
            return alone
        reason = "an indirect speaker and no claim trigger"
        return [Proposal("rule:no_claim", NO_CLAIM, reason, no_claim=True), *alone]
    found = []
    for hit in hits:
        claim_source = hit.source
        if attribution is None:
            found.append(
                Proposal(
                    f"rule:{claim_source}",
                    round(hit.confidence * CLAIM_ONLY, 3),
                    f"{hit.reason}; no speaker found",
                    claim_id=hit.claim_id,
                    stance_id=hit.stance_id,
                    spans=_spans((hit.start, hit.end)),
                )
            )
            continue
        for speaker in _speakers_of(attribution, hit):
            for rank, speaker_id in enumerate(speaker.speakers):
                found.append(
                    Proposal(
                        f"rule:speaker.{speaker.rule}+{claim_source}",
                        round(hit.confidence * speaker.confidence - 0.01 * rank, 3),
                        f"{speaker.reason}; {hit.reason}",
                        speaker_id=speaker_id,
                        claim_id=hit.claim_id,
                        stance_id=hit.stance_id,
                        spans=_spans(speaker.span, (hit.start, hit.end)),
                    )
                )
    if attribution is None:
        # A trigger nobody is said to utter is as likely narration as a claim: "no claim"
        # comes as an alternative, after the claim, whose pre-filled form saves the claim
        # and stance keys when it is right and costs nothing when it is not (n is one key).
        found.append(
            Proposal("rule:no_claim", NARRATION, "claim trigger but no speaker", no_claim=True)
        )
    return sorted(found, key=lambda p: -p.confidence)


def _speakers_of(attribution: Attribution, hit: ClaimHit) -> list[Attribution]:
    """The speaker of each clause that holds one of the claim's triggers: "…, with X
    calling the inquiry 'Soviet-style' and Y calling it 'a coup'" is both X's and Y's."""
    found = [speaker_at(attribution, start) or attribution for start in hit.starts or (hit.start,)]
    return list({speaker.speaker_id: speaker for speaker in found}.values())


def _stated(attribution: Attribution, hit: ClaimHit) -> bool:
    """A court's step is narration: a trigger in it names the step ("approved a request
    to impound"), and only what follows "ruled that" is a position the court states."""
    speaker = speaker_at(attribution, hit.start) or attribution
    if not speaker.procedural:
        return True
    return speaker.states_from is not None and hit.start >= speaker.states_from


def _new_speaker_proposals(newcomer: NewAttribution, hits: list[ClaimHit]) -> list[Proposal]:
    """Proposals with a speaker to add to the codebook: its claims, or the speaker alone
    with "no claim" after it when no trigger says what is claimed."""
    source = f"rule:new_speaker.{newcomer.rule}"
    if not hits:
        return [
            Proposal(
                source,
                round(newcomer.confidence * SPEAKER_ONLY, 3),
                f"{newcomer.reason}; no claim trigger",
                spans=_spans(newcomer.span),
                new_speaker=newcomer.speaker,
            ),
            Proposal(
                "rule:no_claim", NARRATION, "a new speaker but no claim trigger", no_claim=True
            ),
        ]
    return sorted(
        (
            Proposal(
                f"{source}+{hit.source}",
                round(hit.confidence * newcomer.confidence, 3),
                f"{newcomer.reason}; {hit.reason}",
                claim_id=hit.claim_id,
                stance_id=hit.stance_id,
                spans=_spans(newcomer.span, (hit.start, hit.end)),
                new_speaker=newcomer.speaker,
            )
            for hit in hits
        ),
        key=lambda p: -p.confidence,
    )


def _spans(*spans: tuple[int, int] | None) -> tuple[tuple[int, int], ...]:
    return tuple(span for span in spans if span is not None and span[1] > span[0])


def run_proposals(texts: Sequence[str], index: CodebookIndex) -> list[list[Proposal]]:
    """Rule proposals for each sentence of a run of consecutive sentences."""
    attributions = attribute(texts, index)
    return [
        _sentence(text, attribution, index)
        for text, attribution in zip(texts, attributions, strict=True)
    ]


def last_proposals(texts: Sequence[str], index: CodebookIndex) -> list[Proposal]:
    """Rule proposals for the last sentence of a run (its predecessors give context)."""
    return _sentence(texts[-1], attribute_last(texts, index), index)


def _sentence(text: str, attribution: Attribution | None, index: CodebookIndex) -> list[Proposal]:
    newcomer = find_new_speaker(text, index) if attribution is None else None
    hits = find_claims(text, index)
    hits += find_label_claims(text, index, hits)
    return proposals(attribution, hits, newcomer, spoken(text))
