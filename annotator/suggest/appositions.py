"""Which mentions of a sentence name an actor of their own, and which only describe the
mention before them: its title or office in commas ("Obama, the former president,"), what
a group is of ("critics of Johnson"), where a person or body is from ("Rouhani of Iran").
The speaker rules look for subjects among the first kind only."""

from __future__ import annotations

import re

from annotator.suggest.index import CodebookIndex, Mention

# "Obama, the former president, urged…": a title in commas after a name is that name's
# apposition, not another actor ("the president" being someone else's alias).
# An apposition is a noun phrase: it opens with no conjunction, preposition or relative
# pronoun (", such as Trump,", ", with Biden,", ", who…").
_APPOSITION_OPENS = re.compile(
    r"^\s*,\s*(?:(?:the|a|an)\s+)?(?!(?:such|including|like|and|or|but|nor|as|with|without|"
    r"while|when|not|who|whose|which|in|on|at|from|for|of|to|by|after|before|against|"
    r"than|said|says|told|according)\b)(?:[\w'’.-]+\s+){0,3}$",
    re.IGNORECASE,
)
_APPOSITION_CLOSES = re.compile(r"^[^,;:\"“”]{0,60},")
# "Critics of Johnson said…", "Supporters of the president marched…": what a group is
# of or for is no actor of its own there.
_OF_GROUP = re.compile(r"^\s+(?:of|for)\s+$", re.IGNORECASE)
# "President Hassan Rouhani of Iran said", "the ruling party in Cyprus hailed": the
# country a person or body is of or in says where it is from, and does not speak.
_OF_PLACE = re.compile(r"^\s+(?:of|in)\s+$", re.IGNORECASE)
# "Agnès Callamard, a UN rapporteur for the Office of the UN …, cautioned": whoever an
# indefinite apposition names (or a definite one after a person's name) describes the
# one before it. From the comma after that name to the end of the mention.
_LONG_APPOSITION = re.compile(r"^\s*,\s*(?P<det>the|a|an)\s+[^,;:\"“”()]{0,140}$", re.IGNORECASE)
_LONG_APPOSITION_CLOSES = re.compile(r"^[^,;:\"“”()]{0,140},")


def named_alone(text: str, mentions: list[Mention], index: CodebookIndex) -> list[Mention]:
    """The mentions less those that only describe the previous one: its title in commas,
    or what a group named just before is of or for."""
    kept: list[Mention] = []
    for mention in mentions:
        previous = kept[-1] if kept else None
        gap = text[previous.end : mention.start] if previous else ""
        if (
            previous is not None
            and not previous.possessive
            and (
                (_APPOSITION_OPENS.match(gap) and _APPOSITION_CLOSES.match(text[mention.end :]))
                or (_OF_GROUP.match(gap) and index.actors[previous.actor_id].kind == "group")
                or _describes(text, previous, mention, index)
            )
        ):
            continue
        kept.append(mention)
    return kept


def _describes(text: str, previous: Mention, mention: Mention, index: CodebookIndex) -> bool:
    """Whether a mention only says where the previous one is from ("Rouhani of Iran"),
    or stands in a long apposition of it ("Callamard, a UN rapporteur, …")."""
    gap = text[previous.end : mention.start]
    before_kind = index.actors[previous.actor_id].kind
    if _OF_PLACE.match(gap):
        return index.actors[mention.actor_id].kind == "government" and before_kind != "government"
    apposition = _LONG_APPOSITION.match(text[previous.end : mention.end])
    return (
        apposition is not None
        and (apposition.group("det").lower() != "the" or before_kind == "person")
        and bool(_LONG_APPOSITION_CLOSES.match(text[mention.end :]))
    )
