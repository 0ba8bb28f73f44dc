"""Fuzzy speaker lookup over names and aliases (rapidfuzz), best actor first."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from annotator.tui.data import ActorInfo

# Below this WRatio score a match is noise.
MIN_SCORE = 70.0


@dataclass(frozen=True)
class SpeakerMatch:
    actor: ActorInfo
    score: float
    alias: str | None  # the name or alias that matched best


def rank_speakers(actors: tuple[ActorInfo, ...], query: str) -> list[SpeakerMatch]:
    """Every actor for an empty query (codebook order); otherwise matching actors, best
    first. A name or alias that starts with the query beats one that merely contains it."""
    query = query.strip()
    if not query:
        return [SpeakerMatch(actor, 100.0, None) for actor in actors]
    names: list[str] = []
    owners: list[ActorInfo] = []
    for actor in actors:
        for name in (actor.name, actor.side_label, *actor.aliases):
            names.append(name)
            owners.append(actor)
    folded = utils.default_process(query)
    best: dict[str, SpeakerMatch] = {}
    for name, score, index in process.extract(
        query,
        names,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=None,
        score_cutoff=MIN_SCORE,
    ):
        processed = utils.default_process(name)
        if processed.startswith(folded):
            score += 20
        elif any(word.startswith(folded) for word in processed.split()):
            score += 10
        actor = owners[index]
        if actor.id not in best or score > best[actor.id].score:
            best[actor.id] = SpeakerMatch(actor, score, name)
    order = {actor.id: n for n, actor in enumerate(actors)}
    return sorted(best.values(), key=lambda m: (-m.score, order[m.actor.id]))
