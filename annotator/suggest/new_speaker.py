"""Speakers the codebook does not know: a person or body the sentence names as the
subject of a reporting verb, by the patterns reporters use for people who matter
("Foreign Minister Taro Kono said", "Carrie Lam, the chief executive of Hong Kong,
announced", '"…," wrote student protester Joshua Wong', `Name: "quote"`, "Amnesty
International has called for"), and who matches no actor or alias.

Precision comes first: a name needs a title, an apposition with a title, two or more
capitalised words, or a quotation right before it; a lone capitalised word at the start
of a sentence ("Protesters said", "Officials say") is a common noun, not a name; court
verbs ("ruled", "ordered") are never a speaker's words; nothing inside a quotation is a
speaker. The side is guessed from the places and known actors the title names
("Japanese", "South Korea's", "of Hong Kong"), and left empty where they name none or
several."""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.suggest.index import CodebookIndex, normalise
from annotator.suggest.lexicon import REPORTING, TITLE_HEADS, TITLE_WORDS, alternation, word_set
from annotator.suggest.places import DEMONYMS, places_in
from annotator.suggest.proposal import NewSpeaker

# Case-sensitive: "Voice of America" and "Support Group" hold no verb.
_VERB = re.compile(
    rf"(?<![\w-])(?:{alternation(REPORTING)}|called(?=\s+(?:for|on|the|it|this|a|an)\b)|"
    r"spoke|speaks)(?![\w-])"
)


# What ends the name of a body, and the kind the codebook gives it.
BODY_HEADS = {
    "ministry": "ministry",
    "department": "ministry",
    "corp": "company",
    "corporation": "company",
    "co": "company",
    "ltd": "company",
    "inc": "company",
    "industries": "company",
    "holdings": "company",
    "group": "organization",
    "party": "party",
    "court": "court",
    "tribunal": "court",
    "parliament": "legislature",
    "assembly": "legislature",
    "congress": "legislature",
    "senate": "legislature",
    "government": "government",
    "administration": "government",
    "cabinet": "government",
    "office": "government",
    "agency": "organization",
    "commission": "organization",
    "council": "organization",
    "committee": "organization",
    "association": "organization",
    "federation": "organization",
    "union": "organization",
    "foundation": "organization",
    "institute": "organization",
    "international": "organization",
    "watch": "organization",
    "bank": "organization",
    "news": "media",
    "times": "media",
    "post": "media",
}
# Capitalised words that are no name (sentence starts, days, months, pronouns).
_NOT_NAMES = word_set(
    """the a an this that these those it he she they we i you his her its their our
    monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december but and or so yet
    then also meanwhile however still later earlier after before when while as if
    officials critics protesters police lawyers analysts experts residents sources
    observers opponents supporters some many others both all several"""
)
_CONNECTORS = frozenset({"of", "for", "and", "de", "da", "van", "von", "bin", "al", "le", "du"})
# Between the subject and its verb: "has", "also", "on Wednesday".
_GAP = re.compile(
    r"(?:\s+(?:also|has|have|had|again|repeatedly|previously|earlier|then|later|recently|"
    r"further|reportedly|publicly|strongly|firmly|once\s+again|did\s+not|does\s+not|"
    r"has\s+not|had\s+not|on\s+[A-Z][a-z]+day|[A-Z][a-z]+day|last\s+week|this\s+week))*\s*$"
)
# ", the chief Cabinet secretary," / ", who led the petition,"
_APPOSITION = re.compile(r",\s+(?P<text>(?:the|a|an|who|its|his|her)\b[^,;\"“”]{2,90}),\s*$")
# " of the Labour Party" / " from the pro-Beijing camp" ("the": not "House of Commons")
_AFFILIATION = re.compile(
    r"\s+(?P<text>(?:of|from|at|with)\s+the\s+(?:[\w'’-]+\s+){0,4}[\w'’-]+)\s*$"
)
_TOKEN = re.compile(r"\([A-Z]{2,6}\)|[\w'’.-]+")
_QUOTE_BEFORE = re.compile(r"[,.!?]?\s*[\"”]\s*,?\s*$")
_INVERTED_BEFORE = re.compile(r"(?:[,\"”]|\baccording\s+to)\s*$")
_ACCORDING = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)
_COLON_QUOTE = re.compile(r"^\s*(?P<phrase>[^:\"“”,;]{2,70}?)\s*:\s*[\"“]")

CONFIDENCE = {"title": 0.8, "apposition": 0.8, "colon_quote": 0.75, "name": 0.7, "body": 0.7}


@dataclass(frozen=True)
class NewAttribution:
    """A new speaker found in a sentence, with the rule and the words that found it."""

    speaker: NewSpeaker
    rule: str
    span: tuple[int, int]

    @property
    def confidence(self) -> float:
        return CONFIDENCE[self.rule]

    @property
    def reason(self) -> str:
        side = (
            f"; side guessed from {self.speaker.side_cue!r}"
            if self.speaker.side_id and self.speaker.side_cue
            else "; side unknown"
        )
        return (
            f"NEW speaker, not in the codebook, by {self.rule.replace('_', ' ')}: "
            f'"{self.speaker.mention}"{side}'
        )


@dataclass(frozen=True)
class _Phrase:
    """Words before (or after) a verb: a title, a name, and what stood around them."""

    start: int
    end: int
    title: list[str]
    name: list[str]
    around: str  # apposition and affiliation: more words for the side and the title


def find_new_speaker(text: str, index: CodebookIndex) -> NewAttribution | None:
    """The first speaker outside the codebook that the sentence names, if any."""
    colon = _COLON_QUOTE.match(text)
    if colon is not None:
        phrase = _whole_phrase(text, colon.start("phrase"), colon.end("phrase"))
        found = _accept(text, phrase, index, quoted_before=False, rule="colon_quote")
        if found is not None:
            return found
    for verb in _VERB.finditer(text):
        before = text[: verb.start()]
        if _inside_quote(before):
            continue
        inverted = _INVERTED_BEFORE.search(before)
        if inverted is not None:
            phrase = _phrase_after(text, verb.end())
            found = _accept(text, phrase, index, quoted_before=True, rule=None)
            if found is not None:
                return found
        phrase = _phrase_before(text, verb.start())
        if phrase is not None:
            quoted = bool(_QUOTE_BEFORE.search(text[: phrase.start]))
            found = _accept(text, phrase, index, quoted_before=quoted, rule=None)
            if found is not None:
                return found
    for according in _ACCORDING.finditer(text):
        if not _inside_quote(text[: according.start()]):
            phrase = _phrase_after(text, according.end() - 1)
            found = _accept(text, phrase, index, quoted_before=True, rule=None)
            if found is not None:
                return found
    return None


def _inside_quote(before: str) -> bool:
    return bool((before.count('"') + before.count("“") + before.count("”")) % 2)


def _phrase_before(text: str, verb_start: int) -> _Phrase | None:
    """The subject that ends right before a verb, read backwards: gap words, an
    apposition or an affiliation, the capitalised name, and the title before it."""
    end = verb_start
    end = _GAP.search(text[:end]).start()  # type: ignore[union-attr]
    around = ""
    apposition = _APPOSITION.search(text[:end])
    if apposition is not None:
        around = apposition.group("text")
        end = apposition.start()
    else:
        affiliation = _AFFILIATION.search(text[:end])
        if affiliation is not None and _ends_with_name(text[: affiliation.start()]):
            around = affiliation.group("text")
            end = affiliation.start()
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text[:end])]
    if not tokens or tokens[-1][1] != len(text[:end].rstrip()):
        return None
    # Walk back over the name and its title: capitalised words, connectors inside them,
    # title words, and one possessive ("South Korea's") that ends the walk.
    taken: list[tuple[int, int, str]] = []
    for position in range(len(tokens) - 1, -1, -1):
        start, stop, word = tokens[position]
        gap = text[stop : taken[0][0]] if taken else ""
        if taken and gap.strip():
            break  # a comma or a quotation mark: the phrase ends here
        if word.endswith(("'s", "’s")) and word[:1].isupper():
            taken.insert(0, (start, stop, word))
            taken[:0] = _possessor(text, tokens[:position])
            break
        if _capitalised(word) or word.lower() in TITLE_WORDS or word.startswith("("):
            taken.insert(0, (start, stop, word))
            continue
        if word.lower() in _CONNECTORS and taken:
            taken.insert(0, (start, stop, word))
            continue
        break
    while taken and taken[0][2].lower() in _CONNECTORS:
        taken.pop(0)
    if not taken:
        return None
    title, name = _split(taken)
    return _Phrase(taken[0][0], taken[-1][1], title, name, around)


def _possessor(text: str, tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The capitalised words before a possessive that name the possessor ("South" of
    "South Korea's")."""
    taken: list[tuple[int, int, str]] = []
    for start, stop, word in reversed(tokens):
        gap = text[stop : taken[0][0]] if taken else ""
        if gap.strip() or not _capitalised(word) or word.lower() in _NOT_NAMES:
            break
        taken.insert(0, (start, stop, word))
    if taken and not text[taken[-1][1] :].startswith(" "):
        return []
    return taken


def _phrase_after(text: str, verb_end: int) -> _Phrase | None:
    """The speaker right after an inverted verb: '"…," said Foreign Minister X' or
    "argued the government's lawyer, Richard Keen"."""
    rest = text[verb_end:]
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(rest)]
    taken: list[tuple[int, int, str]] = []
    around = ""
    for start, stop, word in tokens:
        gap = rest[taken[-1][1] : start] if taken else rest[:start]
        if gap.strip() == "," and taken and not any(_capitalised(w) for *_, w in taken):
            around = " ".join(w for *_, w in taken)  # "the government's lawyer, X"
            taken = []
        elif gap.strip():
            break
        if not taken and word.lower() == "the" and not around:
            continue
        if (
            _capitalised(word)
            or word.lower() in TITLE_WORDS
            or word.startswith("(")
            or (word.endswith(("'s", "’s")) and not any(_capitalised(w) for *_, w in taken))
        ):
            taken.append((start, stop, word))
            continue
        if word.lower() in _CONNECTORS and taken:
            taken.append((start, stop, word))
            continue
        break
    while taken and taken[-1][2].lower() in _CONNECTORS:
        taken.pop()
    if not taken:
        return None
    title, name = _split(taken)
    if around and not title:
        title = around.split()
    return _Phrase(verb_end + taken[0][0], verb_end + taken[-1][1], title, name, around)


def _whole_phrase(text: str, start: int, end: int) -> _Phrase | None:
    """`Name: "quote"`: the whole phrase before the colon must be a title and a name."""
    tokens = [
        (start + m.start(), start + m.end(), m.group(0)) for m in _TOKEN.finditer(text[start:end])
    ]
    if not tokens or not all(
        _capitalised(w) or w.lower() in TITLE_WORDS | _CONNECTORS or w.startswith("(")
        for *_, w in tokens
    ):
        return None
    title, name = _split(tokens)
    return _Phrase(tokens[0][0], tokens[-1][1], title, name, "")


def _split(taken: list[tuple[int, int, str]]) -> tuple[list[str], list[str]]:
    """Title and name: the name follows the last title head ("Police Senior
    Superintendent | Yolanda Yu Hoi-kwan"); "of Scotland" after the head belongs to the
    title while two words or more are left for the name."""
    words = [w for *_, w in taken]
    heads = [i for i, w in enumerate(words) if w.lower().strip("()") in TITLE_HEADS]
    if not heads:
        return [], words
    cut = heads[-1] + 1
    while cut < len(words) and words[cut].lower() in _CONNECTORS and len(words) - cut > 2:
        cut += 1
        while cut < len(words) - 2 and _capitalised(words[cut]):
            cut += 1
    return words[:cut], words[cut:]


def _ends_with_name(text: str) -> bool:
    words = text.split()
    return len(words) >= 1 and _capitalised(words[-1])


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.endswith(("'s", "’s"))


def _accept(
    text: str,
    phrase: _Phrase | None,
    index: CodebookIndex,
    *,
    quoted_before: bool,
    rule: str | None,
) -> NewAttribution | None:
    if phrase is None:
        return None
    name = [w.strip(".") if w.endswith(".") and len(w) > 3 else w for w in phrase.name]
    if (
        not name
        or len(name) > 5
        or not all(_capitalised(w) or w.lower() in _CONNECTORS for w in name)
    ):
        return None
    if all(w.lower().strip(".") in _NOT_NAMES | TITLE_WORDS for w in name):
        return None
    if name[0].lower() in _NOT_NAMES or name[0].lower() in _CONNECTORS:
        return None
    if " ".join(name) in DEMONYMS:
        return None  # "according to Japanese officials"
    head = name[-1].lower().strip(".")
    body_kind = BODY_HEADS.get(head)
    titled = bool(phrase.title) or _titled(phrase.around)
    at_start = not text[: phrase.start].strip(" \"“'‘(")
    if len(name) == 1 and not (titled or quoted_before) and body_kind is None:
        return None  # "Officials said", "Critics argue", "Lam" with nothing to vouch for it
    if len(name) == 1 and at_start and not titled and body_kind is None:
        return None
    if body_kind is None and any(w.isupper() and len(w) > 1 for w in name) and len(name) == 1:
        body_kind = "organization"  # "KCTU said"
    mention = text[phrase.start : phrase.end]
    if mention.endswith(".") and "." not in mention[-4:-1] and mention[-2:-1].islower():
        mention = mention[:-1]  # the sentence's full stop, not "Corp."
    name_start = text.rfind(phrase.name[0], phrase.start, phrase.end)
    if _known(index, text, (name_start, phrase.end), " ".join(name)):
        return None
    if body_kind == "court" and not titled:
        # A court not in the codebook speaking with a reporting verb is rare; a court's
        # steps reported as history are narration. Kept out, as the codebook rule says.
        return None
    side_id, cue = _guess_side(
        " ".join(phrase.title) + " " + phrase.around + " " + mention, index, bool(phrase.around)
    )
    kind = body_kind or "person"
    display = mention if body_kind else " ".join(name)
    if rule is None:
        rule = (
            "body"
            if body_kind
            else (
                "title"
                if phrase.title
                else ("apposition" if phrase.around and _titled(phrase.around) else "name")
            )
        )
    return NewAttribution(
        NewSpeaker(name=display, mention=mention, kind=kind, side_id=side_id, side_cue=cue),
        rule,
        (phrase.start, phrase.end),
    )


def _titled(words: str) -> bool:
    return any(w.lower().strip(",.()") in TITLE_HEADS for w in words.split())


def _known(index: CodebookIndex, text: str, span: tuple[int, int], name: str) -> bool:
    """The name is an actor's name or alias, or holds one ("Nippon Steel Corp.")."""
    if normalise(name) in index.alias_actor:
        return True
    return any(m.start < span[1] and m.end > span[0] for m in index.mentions(text))


def _guess_side(
    words: str, index: CodebookIndex, affiliated: bool = False
) -> tuple[str | None, str | None]:
    """The one side the title's places or known actors point to (else a title the
    codebook gives one side's actors only), and the words that did.
    With an affiliation stated ("X of the Labour Party"), an actor known by a bare title
    ("an MP") says nothing of the side: the affiliation does, or nothing."""
    votes: dict[str, str] = {}
    for mention in index.mentions(words):
        if affiliated and all(word in TITLE_WORDS for word in mention.text.lower().split()):
            continue
        side = index.side_of(mention.actor_id)
        if side:
            votes.setdefault(side, mention.text.strip())
    for place, named in places_in(words):
        side = index.place_side.get(place)
        if side:
            votes.setdefault(side, named)
    lowered = f" {words.lower()} "
    for side_id, label in index.side_labels.items():
        if len(label) > 3 and f" {label.lower()} " in lowered:
            votes.setdefault(side_id, label)
    titled = index.side_by_title(words) if not votes else None
    if titled is not None:
        # No place or known actor: a title the codebook gives one side's actors only.
        votes[titled[0]] = titled[1]
    if len(votes) != 1:
        return None, None
    ((side_id, cue),) = votes.items()
    return side_id, cue
