"""Speaker lookup over names and aliases, best actor first: word prefixes and initials
("jap gov", "sk gov", "kjh"), then fuzzy matching (rapidfuzz); the speakers at hand
(suggested for this sentence, coded on it, the last one used) lead among equals."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from annotator.tui.data import ActorInfo

# Below this WRatio score a match is noise.
MIN_SCORE = 70.0
# Every typed word a prefix (or the initials) of the name's words, in order: above any
# fuzzy score (at most 100 + 20).
WORDS_SCORE = 150.0
_WORD = re.compile(r"[^\W_]+")


def words_match(query: str, name: str) -> bool:
    """Each word of `query`, in order, is the start of a word of `name` or the initials
    of consecutive words ("sk" for "South Korean", "kjh" for "Kim Jung-han")."""
    typed = _WORD.findall(query.casefold())
    words = _WORD.findall(name.casefold())
    return bool(typed) and _match(typed, words)


def _match(typed: list[str], words: list[str]) -> bool:
    if not typed:
        return True
    first, rest = typed[0], typed[1:]
    for start in range(len(words)):
        if words[start].startswith(first) and _match(rest, words[start + 1 :]):
            return True
        span = words[start : start + len(first)]
        if (
            len(first) > 1
            and len(span) == len(first)
            and all(word[0] == letter for word, letter in zip(span, first, strict=True))
            and _match(rest, words[start + len(first) :])
        ):
            return True
    return False


@dataclass(frozen=True)
class SpeakerMatch:
    actor: ActorInfo
    score: float
    alias: str | None  # the name or alias that matched best


def rank_speakers(
    actors: tuple[ActorInfo, ...], query: str, at_hand: Sequence[str] = ()
) -> list[SpeakerMatch]:
    """Every actor for an empty query (the speakers at hand first, then codebook order);
    otherwise matching actors, best first. Word prefixes and initials beat fuzzy
    matches; a name or alias that starts with the query beats one that contains it."""
    query = query.strip()
    order = {actor.id: n for n, actor in enumerate(actors)}
    near = {actor_id: n for n, actor_id in enumerate(dict.fromkeys(at_hand))}

    def key(match: SpeakerMatch) -> tuple[float, int, int]:
        actor_id = match.actor.id
        return (-match.score, near.get(actor_id, len(near)), order[actor_id])

    if not query:
        return sorted((SpeakerMatch(actor, 100.0, None) for actor in actors), key=key)
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
    for name, actor in zip(names, owners, strict=True):
        if words_match(query, name) and (
            actor.id not in best or best[actor.id].score < WORDS_SCORE
        ):
            best[actor.id] = SpeakerMatch(actor, WORDS_SCORE, name)
    return sorted(best.values(), key=key)
