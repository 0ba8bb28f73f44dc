"""The codebook as the rules need it: compiled alias and trigger patterns.

Built once per codebook version and engine, because compiling a few hundred aliases
into one pattern costs far more than matching it against a sentence."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Select
from sqlmodel import Session, col, select

from annotator.suggest.lexicon import TITLE_HEADS
from annotator.suggest.places import places_in
from models.tables import Actor, ClaimType, CodebookVersion, Side, Stance

_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|no|never|cannot|can't|won't|n't)\b", re.IGNORECASE)
# A title alias ("the president", "Prime Minister") right before a name is that name's
# title ("Ukrainian President Volodymyr Zelensky", "Prime Minister Theresa May"), and
# after "Vice" or "Deputy" another office ("former Vice President Joe Biden").
_NAME_AFTER = re.compile(
    r"\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|"
    r"March|April|May|June|July|August|September|October|November|December)\b)[A-Z][a-z]"
)
_OFFICE_BEFORE = re.compile(r"\b(?:Vice|vice|Deputy|deputy)[\s-]+$")


@dataclass(frozen=True)
class ActorInfo:
    id: str
    name: str
    side_id: str
    kind: str


@dataclass(frozen=True)
class Trigger:
    """A codebook trigger compiled to a pattern. `negated` marks a trigger whose own
    wording denies the claim (e.g. "did not terminate the right" for "settled"), or one
    written `-phrase`: the words of those who reject the claim ("-ploy" for "the
    prorogation is legitimate"). `weak` marks a single word ("fund", "victims"): too
    broad to propose a claim unless someone is said to speak."""

    claim_id: str
    phrase: str
    pattern: re.Pattern[str]
    negated: bool
    weak: bool = False


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    actor_id: str
    text: str
    possessive: bool


@dataclass(frozen=True)
class CodebookIndex:
    actors: dict[str, ActorInfo]
    alias_pattern: re.Pattern[str] | None
    alias_actor: dict[str, str]
    triggers: tuple[Trigger, ...]
    claim_labels: dict[str, str]
    support_id: str | None
    oppose_id: str | None
    neutral_id: str | None
    side_labels: dict[str, str] = field(default_factory=dict)
    # A place named by one side's entries only ("Japanese government" → japan → japan's
    # side): how a new speaker's side is guessed from "Japanese Foreign Minister X".
    place_side: dict[str, str] = field(default_factory=dict)

    def mentions(self, text: str) -> list[Mention]:
        """Actor mentions, left to right, the longest alias winning at each place."""
        if self.alias_pattern is None:
            return []
        found = []
        for match in self.alias_pattern.finditer(text):
            key = normalise(match.group("alias"))
            actor_id = self.alias_actor.get(key)
            if actor_id is not None and not _title_of_another(text, match, key):
                found.append(
                    Mention(
                        match.start(),
                        match.end(),
                        actor_id,
                        match.group(0),
                        bool(match.group("poss")),
                    )
                )
        return found

    def side_of(self, actor_id: str | None) -> str | None:
        info = self.actors.get(actor_id) if actor_id else None
        return info.side_id if info else None


def _title_of_another(text: str, match: re.Match[str], key: str) -> bool:
    if key.split()[-1] not in TITLE_HEADS or match.group("poss"):
        return False
    return bool(
        _NAME_AFTER.match(text, match.end()) or _OFFICE_BEFORE.search(text[: match.start()])
    )


def normalise(alias: str) -> str:
    """Case-, article-, possessive- and spacing-insensitive form of an alias."""
    text = " ".join(alias.replace("’", "'").split()).lower()
    text = _ARTICLE.sub("", text)
    return text.removesuffix("'s").removesuffix("'")


def _alias_regex(keys: list[str]) -> re.Pattern[str] | None:
    if not keys:
        return None
    ordered = sorted(keys, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(word) for word in key.split()) for key in ordered)
    return re.compile(
        rf"(?<![\w-])(?:(?:the|a|an)\s+)?(?P<alias>{body})(?P<poss>['’]s?)?(?![\w-])",
        re.IGNORECASE,
    )


_BETWEEN_WORDS = r"[\s\[\]\"“”‘’()]*\s[\s\[\]\"“”‘’()]*"


def compile_trigger(phrase: str) -> re.Pattern[str]:
    """A trigger phrase as a pattern: case-insensitive, starting at a word boundary and
    matching word prefixes ("liquidat" finds "liquidation"); `*` stands for any word
    characters and ` ... ` for a gap of up to six words."""
    parts = []
    for chunk in phrase.strip().split(" ... "):
        words = [
            re.escape(word).replace(r"\*", r"[\w-]*") for word in chunk.split() if word != "..."
        ]
        # Editorial brackets and quotation marks may sit between the words of a quote
        # ("to stop [Parliament] debating").
        parts.append(_BETWEEN_WORDS.join(words))
    return re.compile(r"(?<![\w-])" + r"(?:\s+\S+){0,6}?\s+".join(parts), re.IGNORECASE)


def build_index(
    actors: list[Actor],
    claims: list[ClaimType],
    stances: list[Stance],
    sides: list[Side] | None = None,
) -> CodebookIndex:
    alias_actor: dict[str, str] = {}
    # Names first, then aliases, each in codebook order: the first actor to claim an
    # alias keeps it, so a shared alias never flips between runs.
    for actor in actors:
        alias_actor.setdefault(normalise(actor.name), actor.id)
    for actor in actors:
        for alias in actor.aliases:
            alias_actor.setdefault(normalise(alias), actor.id)
    alias_actor.pop("", None)
    triggers = []
    for claim in claims:
        label = claim.label.lower()
        for written in claim.triggers:
            against = written.startswith("-")
            phrase = written.removeprefix("-").strip()
            if not phrase:
                continue
            negated = against or (bool(_NEGATION.search(phrase)) and phrase.lower() not in label)
            weak = len(phrase.split()) == 1
            triggers.append(Trigger(claim.id, phrase, compile_trigger(phrase), negated, weak))
    by_score = sorted(stances, key=lambda s: (s.score, s.position))
    support = [s.id for s in by_score if s.score > 0]
    oppose = [s.id for s in by_score if s.score < 0]
    neutral = [s.id for s in by_score if s.score == 0]
    return CodebookIndex(
        actors={a.id: ActorInfo(a.id, a.name, a.side_id, a.kind) for a in actors},
        alias_pattern=_alias_regex(list(alias_actor)),
        alias_actor=alias_actor,
        triggers=tuple(triggers),
        claim_labels={c.id: c.label for c in claims},
        support_id=support[-1] if support else None,
        oppose_id=oppose[0] if oppose else None,
        neutral_id=neutral[0] if neutral else None,
        side_labels={side.id: side.label for side in sides or []},
        place_side=_place_side(sides or [], actors),
    )


_STATE_KINDS = frozenset({"government", "ministry"})


def _place_side(sides: list[Side], actors: list[Actor]) -> dict[str, str]:
    """Each place that one side's label, or the names of its government and ministries,
    name ("Japan", "the Japanese government", "Tokyo"), and no other side's do. A
    court or a firm says little of a side: "the Scottish court" is no Scottish side."""
    named: dict[str, set[str]] = {}
    words = [(s.id, [s.label]) for s in sides] + [
        (a.side_id, [a.name, *a.aliases]) for a in actors if a.kind in _STATE_KINDS
    ]
    for side_id, phrases in words:
        for phrase in phrases:
            for place, _ in places_in(phrase):
                named.setdefault(place, set()).add(side_id)
    return {place: next(iter(ids)) for place, ids in named.items() if len(ids) == 1}


_cache: dict[tuple[str, int | None], CodebookIndex] = {}
_lock = threading.Lock()


def load_index(session: Session) -> CodebookIndex:
    """The index of the codebook in force, cached per database and codebook version."""
    version = session.connection().execute(_version_query()).scalar()
    key = (_database_key(session), version)
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    index = build_index(
        list(_active(session, Actor)),
        list(_active(session, ClaimType)),
        list(_active(session, Stance)),
        list(_active(session, Side)),
    )
    with _lock:
        _cache[key] = index
    return index


@cache
def _version_query() -> Select:
    """Built once: the codebook version in force (every sentence's suggestions ask)."""
    return (
        select(col(CodebookVersion.id))
        .order_by(col(CodebookVersion.activated_at).desc(), col(CodebookVersion.id).desc())
        .limit(1)
    )


def _active(session: Session, table: Any) -> Any:
    return session.exec(
        select(table).where(col(table.active)).order_by(col(table.position), col(table.id))
    ).all()


def _database_key(session: Session) -> str:
    bind = session.get_bind()
    return bind.engine.url.render_as_string(hide_password=True)
