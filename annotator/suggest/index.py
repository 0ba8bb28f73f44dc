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

from annotator.suggest.lexicon import PREVENTION, TITLE_HEADS, TITLE_WORDS, word_set
from annotator.suggest.places import places_in
from annotator.suggest.stems import fold, stem
from models.tables import Actor, ClaimType, CodebookVersion, Side, Stance

_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|no|never|cannot|can't|won't|n't)\b", re.IGNORECASE)
_PREVENTION = re.compile(PREVENTION, re.IGNORECASE)
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
    broad to propose a claim unless someone is said to speak. `prevented` marks a
    trigger that names what its claim would stop ("seize" for "Stop the seizure…"):
    who pursues that thing opposes the claim."""

    claim_id: str
    phrase: str
    pattern: TriggerPattern
    negated: bool
    weak: bool = False
    prevented: bool = False


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
    # A title of two words or more that the codebook's aliases give to one side's
    # actors only ("Prime Minister Suga", "Prime Minister Shinzo Abe" → "prime
    # minister" → japan): how a new speaker's side is guessed from "Prime Minister X".
    title_side: dict[str, str] = field(default_factory=dict)

    def mentions(self, text: str) -> list[Mention]:
        """Actor mentions, left to right, the longest alias winning at each place."""
        if self.alias_pattern is None:
            return []
        found = []
        for match in self.alias_pattern.finditer(text):
            key = normalise(match.group("alias"))
            actor_id = self.alias_actor.get(key)
            if (
                actor_id is not None
                and not _title_of_another(text, match, key)
                and not _name_of_another(text, match, key, self.actors[actor_id].kind)
            ):
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

    def side_by_title(self, phrase: str) -> tuple[str, str] | None:
        """The side and title of the longest title in `phrase` that the codebook gives
        one side's actors only ("Chief Cabinet Secretary Katsunobu Kato")."""
        candidates = [
            " ".join(run[start : end + 1])
            for run in _title_runs(phrase)
            for end in range(len(run))
            if run[end] in TITLE_HEADS
            for start in range(end)
        ]
        for title in sorted(candidates, key=lambda t: -len(t.split())):
            if title in self.title_side:
                return self.title_side[title], title
        return None

    def side_of(self, actor_id: str | None) -> str | None:
        info = self.actors.get(actor_id) if actor_id else None
        return info.side_id if info else None


# Capitalised words that may stand before a surname without being a given name.
_NOT_GIVEN_NAMES = word_set(
    """but and then meanwhile later also when as while so yet now still after before
    since if though although because however thus today yesterday tomorrow on in at the
    a an monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december"""
)
# Honorifics before a surname ("Mr Johnson", "Mrs. May", "Dr Fauci"): the surname's own.
_HONORIFICS = word_set("mr mrs ms miss dr sir dame mx")
_WORD_BEFORE = re.compile(r"([A-Z][\w’'-]*)\s+$")


def _name_of_another(text: str, match: re.Match[str], key: str, kind: str) -> bool:
    """A person's one-word alias (a surname) inside another person's full name: "Kim" in
    "Kim Sung-joo", "Kono" in "Yohei Kono"; not after a title ("Foreign Minister
    Kono"), an honorific ("Mr Johnson") or a word that opens a clause ("But Kim said")."""
    if kind != "person" or " " in key or match.group("poss"):
        return False
    if _NAME_AFTER.match(text, match.end()):
        return True
    before = _WORD_BEFORE.search(text[: match.start()])
    if before is None:
        return False
    word = before.group(1).lower().rstrip(".")
    if word.endswith(("'s", "’s")):
        return False  # "Japan's Kono"
    return word not in _NOT_GIVEN_NAMES | _HONORIFICS and word not in TITLE_WORDS


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
_GAP = r"(?:\s+\S+){0,6}?\s+"
_CHUNK = re.compile(r"([^\w*]*)(.*?)([^\w*]*)")
# A trigger's last word this long also finds the longer words it begins ("liquidat"
# finds "liquidation"), by at least a suffix's letters ("vote again" is not "voted
# against"); a shorter one only its own forms ("fund" finds "funds", "funding", not
# "fundamental").
PREFIX_LETTERS = 5
_SUFFIX_LETTERS = 3


@dataclass(frozen=True)
class _Word:
    group: str
    core: str  # lower case
    stem: str
    prefix: bool = False  # the phrase's last word: may begin a longer word


@dataclass(frozen=True)
class TriggerPattern:
    """A trigger phrase compiled: a pattern that finds candidate words, then each
    candidate checked against its trigger word's stem."""

    regex: re.Pattern[str]
    words: tuple[_Word, ...]

    def search(self, text: str) -> re.Match[str] | None:
        """The first place the phrase occurs in `text`, as a match of the whole phrase."""
        at = 0
        while (match := self.regex.search(text, at)) is not None:
            if all(_fits(match.group(word.group), word) for word in self.words):
                return match
            at = match.start() + 1
        return None


def _fits(found: str, word: _Word) -> bool:
    lowered = fold(found)
    if (
        word.prefix
        and lowered.startswith(word.core)
        and len(lowered) - len(word.core) >= _SUFFIX_LETTERS
    ):
        return True
    return stem(found) == word.stem


def compile_trigger(phrase: str) -> TriggerPattern:
    """A trigger phrase as a pattern: case-insensitive, whole words, each word finding
    its other inflections ("settled" finds "settles", "finally" finds "final"), and
    the last word, of five letters or more, also the longer words it begins
    ("liquidat" finds "liquidation"); `*` stands for any word characters (that word is
    then matched as written) and ` ... ` for a gap of up to six words."""
    parts = []
    words: list[_Word] = []
    ends_with_word = False
    for chunk in phrase.strip().split(" ... "):
        pieces = []
        for written in chunk.split():
            if written == "...":
                continue
            lead, core, trail = _CHUNK.fullmatch(written).groups()  # type: ignore[union-attr]
            if not core or "*" in core:
                pieces.append(re.escape(written).replace(r"\*", r"[\w-]*"))
                ends_with_word = False
                continue
            word = _Word(f"w{len(words)}", fold(core), stem(core))
            words.append(word)
            ends_with_word = not trail
            anchor = _anchor(word)
            pieces.append(
                re.escape(lead)
                + f"(?P<{word.group}>{re.escape(anchor)}[\\w'’-]*)(?![\\w'’-])"
                + re.escape(trail)
            )
        # Editorial brackets and quotation marks may sit between the words of a quote
        # ("to stop [Parliament] debating").
        parts.append(_BETWEEN_WORDS.join(pieces))
    regex = re.compile(r"(?<![\w-])" + _GAP.join(parts), re.IGNORECASE)
    if ends_with_word and len(words[-1].core) >= PREFIX_LETTERS:
        last = words[-1]
        words[-1] = _Word(last.group, last.core, last.stem, prefix=True)
    return TriggerPattern(regex, tuple(words))


def _anchor(word: _Word) -> str:
    """Letters every form of the word begins with, to find candidates by: the part its
    stem shares with it, less what spelling may change (a final "y": "deny", "denies";
    "-ize" or "-ise": "apologize", "apologised") and anything from an apostrophe on."""
    shared = 0
    for a, b in zip(word.core, word.stem, strict=False):
        if a != b:
            break
        shared += 1
    anchor = word.core[:shared]
    if anchor.endswith("y"):
        anchor = anchor[:-1]
    elif anchor.endswith(("iz", "is")):
        anchor = anchor[:-2]
    return anchor.split("'")[0] or word.core[:1]


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
        stops = _stops(label)
        # A negation in a trigger denies the claim, unless the claim itself is worded
        # as one ("cannot interfere" for "…; the government cannot intervene").
        label_negates = bool(_NEGATION.search(label))
        for written in claim.triggers:
            against = written.startswith("-")
            phrase = written.removeprefix("-").strip()
            if not phrase:
                continue
            negated = against or (bool(_NEGATION.search(phrase)) and not label_negates)
            weak = len(phrase.split()) == 1
            prevented = stops and not negated and not _PREVENTION.search(phrase)
            triggers.append(
                Trigger(claim.id, phrase, compile_trigger(phrase), negated, weak, prevented)
            )
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
        title_side=_title_side(actors),
    )


_MODAL_BEFORE = re.compile(r"\b(?:should|must)\s+$")


def _stops(label: str) -> bool:
    """A claim that something be stopped: its label starts with the stopping ("Stop the
    seizure…", "Withdraw the bill") or states it as a must ("Japan should withdraw its
    export controls", "Protest violence must end"); "Theresa May's withdrawal deal" is
    no such claim."""
    found = _PREVENTION.search(label)
    if found is None:
        return False
    return (
        found.start() == 0
        or bool(_MODAL_BEFORE.search(label[: found.start()]))
        or found.group(0).startswith(("must", "should"))
    )


_STATE_KINDS = frozenset({"government", "ministry"})


def _title_runs(phrase: str) -> list[list[str]]:
    """The runs of title words in a phrase, in lower case ("chief cabinet secretary")."""
    runs: list[list[str]] = [[]]
    for word in phrase.replace("’", "'").split():
        word = word.strip(",.()").lower()
        if word in TITLE_WORDS:
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def titles_in(phrase: str) -> list[str]:
    """The titles a phrase holds: runs of two or more title words up to a title's head
    ("chief Cabinet secretary", "top government spokesman")."""
    found = []
    for run in _title_runs(phrase):
        while run and run[-1] not in TITLE_HEADS:
            run.pop()
        if len(run) >= 2:
            found.append(" ".join(run))
    return found


def _title_side(actors: list[Actor]) -> dict[str, str]:
    named: dict[str, set[str]] = {}
    for actor in actors:
        for phrase in [actor.name, *actor.aliases]:
            for title in titles_in(phrase):
                named.setdefault(title, set()).add(actor.side_id)
    return {title: next(iter(ids)) for title, ids in named.items() if len(ids) == 1}


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
