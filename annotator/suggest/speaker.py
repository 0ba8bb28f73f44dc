"""Who speaks in a sentence: attribution rules for news English.

The rules look for the patterns reporters use to attribute speech ("X said", "said X",
"according to X", "X's statement", a quote followed by its attribution) and resolve the
speaker through the codebook's aliases. A sentence that only continues the previous one
("It said he also…", "The official added…", "…, the ministry said.") takes the speaker
of the previous sentence when the wording fits it. When no rule applies there is no
speaker: a wrong speaker costs the annotator more than an empty field.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from annotator.suggest.appositions import named_alone
from annotator.suggest.index import CodebookIndex, Mention
from annotator.suggest.lexicon import (
    ANNOUNCING,
    COURT,
    REPORTING,
    SPEAKING,
    TITLE_HEADS,
    alternation,
)

# Every form of the lexicon's reporting verbs; "called" only before its object ("called
# the move a smash and grab", "called Kim's offer a ploy"), since "a party called X"
# names, and does not report. In lower or upper case only: a capitalised "States" ("the
# President of the United States") reports nothing.
REPORTING_VERBS = (
    alternation(REPORTING, cased=True)
    + r"|call(?:ed|s|ing)(?=\s+(?:(?:the|it|its|this|that|a|an|them|him|her|his|their|our)\b"
    + r"|(?-i:[A-Z])[\w-]*['’]s\b))"
    + r"|spoke|speaks|speaking"
)
COURT_VERBS = alternation(COURT, finite=True, cased=True)
# A court verb attributes a position only where a claim trigger states one.
_PROCEDURAL = re.compile(rf"(?:{COURT_VERBS})\s*$", re.IGNORECASE)
# "The president did not concede…", "Seoul will never back…": after a negation the base
# form of a verb of taking a position is the verb (not of speaking as such: SPEAKING).
_NEGATED_BASE = alternation(
    [lemma for lemma in REPORTING if lemma not in SPEAKING], cased=True, base=True
)
_VERB = (
    rf"(?:{REPORTING_VERBS}|{COURT_VERBS}|(?:(?<=not\s)|(?<=n't\s)|(?<=never\s))"
    rf"(?:{_NEGATED_BASE}))"
)
# Between a subject and its verb: a parenthesis ("the Revolutionary Guard Corps (IRGC)"),
# an aside in commas, or up to six plain words
# ("on Wednesday", "has also", "from across Britain's political spectrum have").
# Not in the gap: a relative pronoun, an infinitive ("allowed the government to
# extradite people accused…"), a modal of speculation ("Japan may seek…" is the
# reporter's projection) or an -ing form ("Seoul accepting the request").
_ASIDE = (
    r"(?:\s*\([^()\"“”]{1,60}\))?"
    r"(?:\s*,[^,\"“”]{1,120},(?!\s+[\w'’-]+ing\b))?"
    r"(?:\s+(?!(?:that|who|which|to|(?-i:may|might|could))\b)(?![\w'’-]+ing\b)[\w'’-]+){0,6}?"
)
_ANNOUNCING = re.compile(rf"(?:{alternation(ANNOUNCING, cased=True)})$")
_CONTENT = re.compile(r"\w{3,}")
# "Protesters responded by throwing bottles": a verb followed by how it was done reports
# an act, not words.
_BY_ACT = re.compile(r"^\s+by\s+[\w'’-]+ing\b", re.IGNORECASE)
# "…, when their government proposed a bill": a subordinate clause's subject is background.
_SUBORDINATE = re.compile(
    r"\b(?:when|since|after|before|until|because|although|though|once)\s+"
    r"(?:(?:the|a|an|their|its|his|her)\s+)?$",
    re.IGNORECASE,
)
# "The mayor of London, Sadiq Khan, tweeted", "X, spokeswoman for the Department of
# Justice, sharply criticized": a comma may close the subject's apposition, but not
# before an inverted subject ("…Nippon Steel, said the ministry" is the ministry's).
_SUBJECT_VERB = re.compile(
    rf"^{_ASIDE}(?:,(?:\s+(?:has|have|had|also|\w+ly)){{0,3}}"
    rf"(?!\s+(?:said|says|added|adds|wrote|writes|noted|notes|told|stated|explained)"
    rf"\s+(?:the|a|an|(?-i:[A-Z]))\b))?\s+(?P<verb>{_VERB})\b",
    re.IGNORECASE,
)
# "…sanctioned Iran over alleged plots", "Seoul's claims of a deal": a verb's form right
# after a preposition or a determiner is an adjective or a noun.
_MODIFIER = re.compile(
    r"\b(?:the|a|an|its|their|his|her|this|these|those|of|over|for|from|about|against|"
    r"with|into|under|amid|despite)\s+$",
    re.IGNORECASE,
)
# "…held primary elections in the US states of Idaho", "the company's claims", "filed
# lawsuits in several states": an -s form after a determiner, a quantifier, a number, a
# preposition (not "on": "on Tuesday states that…") or a possessive, and at most one
# more word, is a plural noun; "says", "adds" and "tells" never are ("Trump in a
# statement says…").
_NOUN_FORM = re.compile(
    r"(?:\b(?:the|a|an|its|their|his|her|this|these|those|several|many|some|all|both|"
    r"other|few|most|various|\d[\d,]*|in|of|for|from|across|among|between|with|by)|"
    r"['’]s)\s+(?:[\w.-]+\s+)?(?!(?:says|adds|tells)$)\w+s$",
    re.IGNORECASE,
)


# "Trump was accused of…", "Biden has been urged by aides to…": the subject of a
# passive is spoken to or about, not the speaker ("was saying" is no passive).
_PASSIVE = re.compile(
    r"\b(?:is|are|was|were|be|been|being)\s+"
    r"(?:(?:also|not|never|later|then|already|still|again|once|\w+ly)\s+){0,2}"
    r"(?![\w'’-]+ing$)[\w'’-]+$",
    re.IGNORECASE,
)
# "Biden, who was endorsed by Warren, said…": a relative clause's actors are no subject.
_RELATIVE = re.compile(r"^\s*,\s*(?:who|whose|which)\b[^,\"“”]{1,120},", re.IGNORECASE)
# "…, such as Chris Christie, who denounced the claims…": the one a "who" clause follows
# speaks in it, wherever the name stands.
_WHO = re.compile(r"^\s*,\s*who\b", re.IGNORECASE)


# "…former Israeli security official, Avinoam Idan, said the supply…": a name in commas
# after a title is the subject of a verb after the comma, whatever follows the verb.
_TITLE_COMMA = re.compile(
    rf"\b(?:{'|'.join(sorted(TITLE_HEADS, key=len, reverse=True))})\s*,\s*$", re.IGNORECASE
)
_COMMA_VERB = re.compile(rf"^\s*,\s+(?P<verb>{_VERB})\b", re.IGNORECASE)


# "On Thursday, Hatice Cengiz, fiancée of Jamal Khashoggi, addressed reporters…, calling
# for the killers to be brought to justice", "Katrougalos emphasized the requirement of
# approval by UNESCO, saying…": a reporting verb's -ing form after a comma speaks for the
# main clause's subject, the sentence's first actor, with at most a time or a phrase in
# commas and a capitalised title before it.
_PARTICIPLE = re.compile(
    rf"\s*,\s+(?P<verb>{alternation(REPORTING, cased=True, participle=True)})\b", re.IGNORECASE
)
_MAIN_FRONT = re.compile(
    r"(?:[^,\"“”]{1,60},\s+|(?:(?:on|this|last)\s+\w+day|yesterday|today)\s+)?"
    r"(?:the\s+)?(?:(?-i:[A-Z])[\w.'’-]*\s+){0,4}",
    re.IGNORECASE,
)


def _subject_verb(after: str) -> re.Match[str] | None:
    """The gap and verb that follow a subject, if a verb does in the active voice."""
    match = _SUBJECT_VERB.match(after)
    if (
        match is None
        or _NOUN_FORM.search(match.group(0))
        or _PASSIVE.search(match.group(0))
        or _MODIFIER.search(after[: match.start("verb")])
    ):
        return None
    return match


# `Name: "quote"` and "X spoke to the press after the speech: "…"".
_COLON_QUOTE = re.compile(r"^[^.;:\"“”]{0,80}:\s*[\"“]")
# "…," said X / "…" says X: the inverted order needs the quote or comma before the verb,
# else "The ministry said South Korea intends…" would make South Korea the speaker. An
# -ing form takes its object there ("…," she said, asking Cengiz to be patient).
_INVERTED = re.compile(
    rf"(?:[,\"”]\s*(?![\w'’-]+ing\s+$){_VERB}|\baccording\s+to)\s+$", re.IGNORECASE
)
# After a preposition a name is an object, not a subject: "Other Republicans have
# broken with Trump and have urged him…" ("a spokesman for X", "members of X" speak),
# unless an -ing verb follows ("…, with Steve Scalise calling the inquiry 'Soviet-style'");
# "a student named Wong" is someone introduced, not the codebook's Wong.
_OBJECT_BEFORE = re.compile(
    r"\b(?:with|against|to|from|about|on|into|toward|towards|at|over|than|named)\s+$",
    re.IGNORECASE,
)
# Right after a reporting verb a name is its object ("Japan urged South Korea to…",
# "X denounced the Trump legal team's claims", "criticized Trump's refusal"), unless the
# verb reports a report ("Government sources said Kono expressed…", _NESTED).
_VERB_BEFORE = re.compile(rf"\b(?:{REPORTING_VERBS})\s+(?:the\s+)?$", re.IGNORECASE)
# "Sanders said to Biden: '…'": the one spoken to before a colon quote is no speaker.
_SPOKEN_TO = re.compile(rf"\b(?:{REPORTING_VERBS})(?:\s+[\w'’-]+){{0,2}}\s+$", re.IGNORECASE)
_QUOTE_END = re.compile(r"[\"”]\s*,?\s*$")
_ACCORDING = re.compile(r"\baccording\s+to\s+$", re.IGNORECASE)
# "Government sources said Kono expressed concern…": the speaker is the one reported on.
_NESTED = re.compile(
    r"\b(?:said|says|added|reported|confirmed|stated)\s+(?:on\s+\w+\s+|\w+day\s+)?(?:that\s+)?$",
    re.IGNORECASE,
)
# "The request … was made by Vice Foreign Minister Takeo Akiba.", "The operation was
# condemned by members of the EU", "according to a tweet on Monday by X", "… were made by
# the state news agency and X", "… by Egypt, Greece and Cyprus": a reporting verb's past
# participle, or a statement, and "by" before the speaker, or before a list that ends
# with the speaker.
_BY_NOUNS = (
    r"(?:a|an|the|their|its|his|her)\s+(?:joint\s+|written\s+|brief\s+)?"
    r"(?:statement|tweet|post|letter|speech|message|video|interview|announcement|"
    r"remarks|comments?|op-ed)"
)
_BY = re.compile(
    rf"\b(?:(?:{alternation(REPORTING, cased=True, past=True)}|made|issued|delivered|"
    r"conveyed|voiced|put\s+forward)(?:\s+in\s+" + _BY_NOUNS + r")?"
    r"|" + _BY_NOUNS + r"(?:\s+(?!by\b)[\w'’-]+){0,3})"
    r"\s+by\s+(?:(?:members|officials|representatives|leaders|spokes(?:man|woman|person))"
    r"\s+(?:of|for)\s+(?:the\s+)?|[^.;:\"“”]{1,60}?(?:,|\s+and)\s+)?$",
    re.IGNORECASE,
)
# "Lam, who is supported by the mainland government, …": a relative clause's passive
# describes the one it follows; its agent states nothing there.
_RELATIVE_PASSIVE = re.compile(
    r"\b(?:who|which|that)\s+(?:is|are|was|were|(?:has|have|had)\s+been)\s+"
    r"(?:(?:also|later|then|already|long|widely|\w+ly)\s+)?$",
    re.IGNORECASE,
)
# After a court's verb: the step it took ("it has approved", "it will begin").
_STEP = re.compile(
    r"^(?:\s+(?:on\s+)?\w+day)?\s+(?:that\s+)?it\s+(?:has\s+|had\s+|will\s+|would\s+)?"
    r"(?:approved|ordered|granted|accepted|issued|dismissed|rejected|began|begun|started|"
    r"decided|ruled|taken\s+steps|moved|begin|start|approve|order)\b",
    re.IGNORECASE,
)
_ORDER = re.compile(r"\border(?:s|ed)\s*$", re.IGNORECASE)
_THAT_CLAUSE = re.compile(r"\bthat\s+(?:the\s+)?$", re.IGNORECASE)
# "Takizaki and Kim confirmed…": both speak.
_AND = re.compile(r"^\s*,?\s+and\s+$", re.IGNORECASE)
# "The two officials, meeting …, agreed…": the last two actors of that kind named.
_GROUP = re.compile(
    rf"^(?:(?:but|and|still|meanwhile|however),?\s+)?(?:the\s+)?"
    rf"(?:(?:two|both)\s+(?P<kind>officials|ministers|diplomats|leaders|sides|countries|"
    rf"governments)|(?P<plural>officials|ministers|diplomats))"
    rf"{_ASIDE}\s+{_VERB}\b",
    re.IGNORECASE,
)
# "Johnson's spokesman said…", "Trump's lawyers argued…": who speaks for the possessor.
_VOICE = re.compile(
    r"^\s+(?:(?:chief|top|official|deputy|personal|main|lead)\s+)?(?:spokes(?:man|woman|person)|"
    r"press\s+secretary|lawyers?|attorneys?|legal\s+team|office)\b",
    re.IGNORECASE,
)
_STATEMENT_OF = re.compile(
    r"^\s+(?:recent\s+|latest\s+|written\s+|brief\s+)?"
    r"(?:statements?|remarks|comments?|calls?(?!\s+(?:with|between))|demands?|requests?|"
    r"proposals?|position|"
    r"announcements?|notification|warnings?|insistence|refusal|rejection|responses?|"
    r"criticism|speech|arguments?|stance)\b",
    re.IGNORECASE,
)
# Who a carried-over subject may be: a pronoun, or "the" and a head word (a title's head
# is a person's: "the Labour leader", "the former vice president", "the senator").
_BODY_HEADS = (
    "officials|ministry|government|administration|court|company|firm|lawyers|sources?|"
    "statement|party|campaign|committee|group|protesters|demonstrators|police"
)
_PERSON_HEADS = "|".join(
    sorted(TITLE_HEADS | {"prime minister", "diplomat"}, key=len, reverse=True)
)
_WHO_CARRIED = (
    rf"(?P<who>it|he|she|they|the\s+(?:[\w'’.-]+\s+){{0,2}}?"
    rf"(?P<head>{_BODY_HEADS}|{_PERSON_HEADS}))"
)
# "With the launch of negotiations, the government hopes…", "In a statement, it said…",
# "On live television he said…": a phrase may come before the subject (one that names no
# actor: _carry_over), without a comma only before a pronoun. "He
# continued by noting…", "She went on to say…" go on speaking.
_CARRY = re.compile(
    rf"^(?:(?:but|and|also|still|meanwhile|however),?\s+)?(?P<front>[^,\"“”]{{1,80}},\s+"
    rf"|(?:on|in|at|during|after|before)\s+[^,\"“”]{{1,60}}?\s+(?=(?:he|she|they|it)\s))?"
    rf"{_WHO_CARRIED}"
    rf"(?:\s+(?:also|further|later|then|again|had|has|have))*"
    rf"(?:\s+(?:continued\s+by|went\s+on\s+to|goes\s+on\s+to))?\s+{_VERB}\b"
    rf"(?:\s+(?:that\s+)?(?P<inner>he|she)\b)?",
    re.IGNORECASE,
)
# "…, the ministry said." and "'…,' he told the press.": a few words may follow the verb,
# and a clause of its -ing form ("'…,' he said, repeating his remarks of May").
_TRAILING_CARRY = re.compile(
    rf"[,?!][\"”]?\s*{_WHO_CARRIED}\s+{_VERB}"
    rf"(?:\s+(?!that\b)[\w'’-]+){{0,3}}(?:,\s+[\w'’-]+ing\b.*)?\.?[\"”]?\s*$",
    re.IGNORECASE,
)
# "According to him, it was among the largest…": the one referred to goes on speaking.
_ACCORDING_CARRY = re.compile(r"^according\s+to\s+(?P<who>him|her|them)\b", re.IGNORECASE)
_QUOTE_ONLY = re.compile(r"^\s*[\"“][^\"“”]*[\"”][.,]?\s*$|^\s*[\"“][^\"“”]*$")
_PERSON_KINDS = frozenset({"person"})
_BODY_KINDS = frozenset(
    {"ministry", "government", "court", "company", "organization", "party", "legislature"}
)
COMPATIBLE: dict[str, frozenset[str] | None] = {
    "he": _PERSON_KINDS,
    "she": _PERSON_KINDS,
    "it": _BODY_KINDS,
    "they": None,
    "him": _PERSON_KINDS,
    "her": _PERSON_KINDS,
    "them": None,
    "official": _PERSON_KINDS | {"ministry", "government"},
    "officials": _PERSON_KINDS | {"ministry", "government"},
    "minister": _PERSON_KINDS,
    "spokesman": _PERSON_KINDS,
    "spokeswoman": _PERSON_KINDS,
    "spokesperson": _PERSON_KINDS,
    "envoy": _PERSON_KINDS,
    "diplomat": _PERSON_KINDS,
    "leader": _PERSON_KINDS,
    "president": _PERSON_KINDS,
    "prime minister": _PERSON_KINDS,
    "ministry": frozenset({"ministry"}),
    "government": frozenset({"government"}),
    "court": frozenset({"court"}),
    "company": frozenset({"company"}),
    "firm": frozenset({"company"}),
    "lawyer": frozenset({"group", "person"}),
    "lawyers": frozenset({"group"}),
    "source": None,
    "sources": None,
    "statement": _BODY_KINDS,
    "administration": frozenset({"government"}),
    "party": frozenset({"party", "organization"}),
    "campaign": frozenset({"organization"}),
    "committee": frozenset({"legislature"}),
    "group": frozenset({"group", "organization"}),
    "protesters": frozenset({"group"}),
    "demonstrators": frozenset({"group"}),
    "police": frozenset({"organization"}),
    "judge": frozenset({"court"}),
    "justice": frozenset({"court"}),
}
CONFIDENCE = {
    "quote": 0.9,
    "said_nested": 0.8,
    "said": 0.85,
    "said_inverted": 0.85,
    "colon_quote": 0.85,
    "said_by": 0.75,
    "according_to": 0.75,
    "statement_of": 0.7,
    "carry_over": 0.65,
    "quote_goes_on": 0.65,
    "group": 0.6,
    "participle": 0.75,
}
PRIORITY = (
    "quote",
    "said_nested",
    "said",
    "colon_quote",
    "said_inverted",
    "said_by",
    "statement_of",
    "according_to",
    "participle",
)
_GROUP_KINDS = {
    "officials": _PERSON_KINDS,
    "ministers": _PERSON_KINDS,
    "diplomats": _PERSON_KINDS,
    "leaders": _PERSON_KINDS,
    "sides": frozenset({"government"}),
    "countries": frozenset({"government"}),
    "governments": frozenset({"government"}),
}


# Someone may be speaking: a quotation, a speaker's own "I" or "we", or a reporting verb.
_SPOKEN = re.compile(
    rf"[\"“”]|\b(?-i:I|I'm|I've|we|We|our|Our|us)\b|\b(?:{REPORTING_VERBS})\b", re.IGNORECASE
)


_DETERMINER = re.compile(
    r"(?:\b(?:the|a|an|his|her|its|their|our|my|your|these|those)|['’]s?)\s+$", re.IGNORECASE
)


def spoken(text: str) -> bool:
    """Whether the sentence may report what someone says: without a quotation, a first
    person or a reporting verb ("The citizenship question was last included in the
    census in 1950") a claim's words are the reporter's narration. A verb's form after a
    determiner or possessive is a noun ("the president's claims of fraud")."""
    return any(not _DETERMINER.search(text[: m.start()]) for m in _SPOKEN.finditer(text))


@dataclass(frozen=True)
class Attribution:
    speaker_id: str
    rule: str
    evidence: str
    hops: int = 0  # sentences between this one and the one that names the speaker
    others: tuple[str, ...] = ()  # further speakers of the same words ("X and Y said")
    alternatives: tuple[Candidate, ...] = ()  # every speaker named in the sentence
    procedural: bool = False  # "the court ruled/ordered…": a position only with a claim
    # "X announced…", "when X proposed…", "X said." after X's quotation: a speaker only
    # with a claim trigger (_needs_claim).
    needs_claim: bool = False
    # Where a procedural speaker's stated position may begin: after "ruled that"; None
    # when it states none ("ordered Nippon Steel to pay", "said it has approved…").
    states_from: int | None = None
    span: tuple[int, int] | None = None  # where this sentence names or refers to the speaker

    @property
    def speakers(self) -> tuple[str, ...]:
        return (self.speaker_id, *self.others)

    @property
    def confidence(self) -> float:
        return CONFIDENCE[self.rule]

    @property
    def reason(self) -> str:
        return f'speaker by {self.rule.replace("_", " ")}: "{self.evidence}"'


@dataclass(frozen=True)
class Candidate:
    """A speaker named in a sentence, where, and which way its attribution reaches:
    forward over the words after it ("Japan urged…"), or back over the words before it
    ("'…,' said Suga")."""

    start: int
    attribution: Attribution
    forward: bool


def candidates(text: str, index: CodebookIndex) -> list[Candidate]:
    """Every speaker the direct rules find in a sentence, left to right."""
    mentions = named_alone(text, index.mentions(text), index)
    main = _main_subject(text, mentions)
    found: list[Candidate] = []
    partners: set[int] = set()
    for position, mention in enumerate(mentions):
        if position in partners:
            continue
        before, after = text[: mention.start], text[mention.end :]
        later = mentions[position + 1 :]
        partner = _coordinated(text, mention, later)
        if partner is not None and not _reported(before, "said"):
            partners.add(position + 1)
            evidence = text[mention.start : partner.end].strip()
            joint = Attribution(
                mention.actor_id,
                "said",
                evidence,
                others=(partner.actor_id,),
                needs_claim=_needs_claim("said", text[: mention.start], text[partner.end :]),
                span=(mention.start, partner.end),
            )
            found.append(Candidate(mention.start, joint, forward=True))
            continue
        rule = _rule_for(mention, before, after)
        if rule in {"said", "quote", "said_nested"} and _interrupted(mention, later, after):
            rule = None
        if rule is None or _reported(before, rule):
            continue
        if main not in (None, mention) and _PARTICIPLE.match(after):
            continue  # "…approval by UNESCO, saying…" is the main subject saying
        opening = before.strip(" \"“”'").lower() == "according to"
        backward = rule in {"quote", "said_inverted", "said_by"} or (
            rule == "according_to" and not opening
        )
        court = index.actors[mention.actor_id].kind == "court"
        procedural = _procedural(rule, after, court)
        attribution = Attribution(
            mention.actor_id,
            rule,
            mention.text.strip(),
            procedural=procedural,
            states_from=_states_from(after, mention.end) if procedural else None,
            needs_claim=_needs_claim(rule, before, after),
            span=(mention.start, mention.end),
        )
        found.append(Candidate(mention.start, attribution, forward=not backward))
    agents = _joint_agents(text, found) + _participle_candidates(text, main)
    return sorted(agents + _pronoun_candidates(text, mentions, index), key=lambda c: c.start)


def _main_subject(text: str, mentions: list[Mention]) -> Mention | None:
    """The sentence's first actor when it opens the main clause (_MAIN_FRONT)."""
    if not mentions or mentions[0].possessive:
        return None
    first = mentions[0]
    return first if _MAIN_FRONT.fullmatch(text[: first.start]) else None


def _participle_candidates(text: str, main: Mention | None) -> list[Candidate]:
    """The main subject as the speaker of each reporting participle after it."""
    if main is None:
        return []
    found = []
    for match in _PARTICIPLE.finditer(text, main.end):
        if _reported(text[: match.start()], "said"):
            continue
        verb = match.group("verb")
        attribution = Attribution(
            main.actor_id,
            "participle",
            f"{main.text.strip()} … {verb}",
            needs_claim=bool(_ANNOUNCING.search(verb)),
            span=(main.start, main.end),
        )
        found.append(Candidate(match.start("verb"), attribution, forward=True))
    return found


# "…condemned in a joint statement by Egypt, Greece and Cyprus": a list of agents.
_LIST = re.compile(r"^\s*(?:,|(?:,\s*)?\band\b)\s*$", re.IGNORECASE)


def _joint_agents(text: str, found: list[Candidate]) -> list[Candidate]:
    """The agents of one "by" phrase as one attribution, the first with the others."""
    joined: list[Candidate] = []
    for candidate in found:
        last = joined[-1].attribution if joined else None
        this = candidate.attribution
        if (
            last is not None
            and last.rule == this.rule == "said_by"
            and last.span is not None
            and this.span is not None
            and _LIST.match(text[last.span[1] : this.span[0]])
        ):
            merged = replace(
                last,
                others=(*last.others, this.speaker_id),
                evidence=text[last.span[0] : this.span[1]].strip(),
                span=(last.span[0], this.span[1]),
            )
            joined[-1] = replace(joined[-1], attribution=merged)
            continue
        joined.append(candidate)
    return joined


# "Trump lost the election, but he claimed it was rigged": a pronoun opening a later
# clause, with its verb, is the one actor of its kind the sentence named before it.
_CLAUSE_PRONOUN = re.compile(
    rf"(?:,|;|\bbut|\band)\s+(?:(?:but|and|yet|so|while|although|though)\s+)?"
    rf"(?P<who>he|she|they|it)(?:\s+(?:also|later|then|again|had|has|have|would|will)"
    rf"|\s+\w+ly)*\s+{_VERB}\b",
    re.IGNORECASE,
)


def _pronoun_candidates(
    text: str, mentions: list[Mention], index: CodebookIndex
) -> list[Candidate]:
    """The speakers of later clauses that a pronoun opens ("…, but he claimed…")."""
    found = []
    for match in _CLAUSE_PRONOUN.finditer(text):
        if _reported(text[: match.start("who")], "said") or _NOUN_FORM.search(match.group(0)):
            continue
        allowed = COMPATIBLE[match.group("who").lower()]
        named = {
            m.actor_id
            for m in mentions
            if m.end <= match.start() and _fits(m.actor_id, allowed, index)
        }
        if len(named) != 1:
            continue
        span = (match.start("who"), match.end("who"))
        needs_claim = _needs_claim("said", text[: span[0]], text[span[1] :])
        attribution = Attribution(
            named.pop(), "said", match.group("who"), needs_claim=needs_claim, span=span
        )
        found.append(Candidate(span[0], attribution, forward=True))
    return found


def _procedural(rule: str, after: str, court: bool) -> bool:
    """A court verb ("ruled", "ordered"), or a court saying it took a step ("said
    Tuesday it has approved a request to impound…"): the coding rule court_narration."""
    if rule not in {"said", "said_nested"}:
        return False
    match = _subject_verb(after)
    if match is None:
        return False
    return bool(_PROCEDURAL.search(match.group(0))) or (
        court and bool(_STEP.match(after[match.end() :]))
    )


def _needs_claim(rule: str, before: str, after: str) -> bool:
    """Whether the speaker is proposed only with a claim: the verb reports an act as often
    as a position ("announced", "confirmed"), the verb is done by an act ("responded by
    throwing bottles"), the subject opens a subordinate clause ("…, when their government
    proposed a bill": background), or the sentence is only its subject and verb ("Pelosi
    said." after her quotation; "…, an official said." reports all that goes before)."""
    match = _subject_verb(after) if rule in {"said", "said_nested"} else None
    if match is None:
        return False
    rest = after[match.end() :]
    bare = not _CONTENT.search(before) and not _CONTENT.search(rest)
    return (
        bare
        or bool(_ANNOUNCING.search(match.group(0)))
        or bool(_BY_ACT.match(rest))
        or bool(_SUBORDINATE.search(before))
    )


def _states_from(after: str, offset: int) -> int | None:
    """Where a court's stated position begins: after a verb of finding ("ruled in
    October that …", "found the prorogation to be unlawful"); None after an order or a
    step ("ordered Nippon Steel to pay", "said it has approved a request to impound")."""
    match = _subject_verb(after)
    if match is None or _ORDER.search(match.group(0)) or _STEP.match(after[match.end() :]):
        return None
    return offset + match.end()


def _reported(before: str, rule: str) -> bool:
    """Named inside what someone else says: within quotation marks ("…despite Japan's
    request…," said Suga), or opening a "that" clause (on the grounds that Japan…)."""
    if (before.count('"') + before.count("“") + before.count("”")) % 2:
        return True
    return rule in {"said", "statement_of"} and bool(_THAT_CLAUSE.search(before))


def attribute_direct(text: str, index: CodebookIndex) -> Attribution | None:
    """The speaker named in the sentence itself, by the strongest pattern that applies;
    the other speakers named go along as `alternatives` for claims nearer to them."""
    found = candidates(text, index)
    for rule in PRIORITY:
        for candidate in found:
            if candidate.attribution.rule == rule:
                return replace(candidate.attribution, alternatives=tuple(found))
    return None


def speaker_at(attribution: Attribution | None, start: int) -> Attribution | None:
    """The speaker of the words at `start`: the nearest speaker before them whose
    attribution reaches forward, else the nearest after them reaching back, else the
    sentence's speaker ("While Japan holds A, the court ruled B": A is Japan's)."""
    if attribution is None or not attribution.alternatives:
        return attribution
    before = [c for c in attribution.alternatives if c.forward and c.start <= start]
    if before:
        return before[-1].attribution
    after = [c for c in attribution.alternatives if not c.forward and c.start >= start]
    return after[0].attribution if after else attribution


def _coordinated(text: str, mention: Mention, later: list[Mention]) -> Mention | None:
    """The second subject of "X and Y said", if this mention is the first."""
    if not later or mention.possessive or mention.actor_id == later[0].actor_id:
        return None
    partner = later[0]
    if not _AND.match(text[mention.end : partner.start]):
        return None
    rest = text[partner.end :]
    if partner.possessive or not _subject_verb(rest):
        return None
    return None if _interrupted(partner, later[1:], rest) else partner


def _interrupted(mention: Mention, later: list[Mention], after: str) -> bool:
    """Another actor named between a subject and its verb is the real subject
    ("SEOUL -- Japan urged…" is Japan speaking, not Seoul), unless a relative clause
    names it ("Biden, who was endorsed by Warren, said…")."""
    match = _subject_verb(after)
    verb_at = mention.end + (match.end() if match else 0)
    relative = _RELATIVE.match(after)
    clause_end = mention.end + (relative.end() if relative else 0)
    return any(
        m.start < verb_at and m.actor_id != mention.actor_id and m.start >= clause_end
        for m in later
    )


def _rule_for(mention: Mention, before: str, after: str) -> str | None:
    inverted = _INVERTED.search(before)
    if inverted is not None:
        if _ACCORDING.search(before):
            return "according_to"
        quoted = '"' in inverted.group(0) or "”" in inverted.group(0)
        return (
            "quote" if quoted or _QUOTE_END.search(before[: inverted.start()]) else "said_inverted"
        )
    by = _BY.search(before)
    if by is not None:
        return None if _RELATIVE_PASSIVE.search(before[: by.start()]) else "said_by"
    who = _WHO.match(after)
    if who is not None and not mention.possessive and _subject_verb(after[who.end() :]):
        return "said"
    nested = bool(_NESTED.search(before))
    if not nested and _VERB_BEFORE.search(before):
        return None
    if mention.possessive:
        voice = _VOICE.match(after)
        if voice is not None and _subject_verb(after[voice.end() :]):
            return "said"
        return "statement_of" if _STATEMENT_OF.match(after) else None
    subject_verb = _subject_verb(after) or (
        _COMMA_VERB.match(after) if _TITLE_COMMA.search(before) else None
    )
    if _OBJECT_BEFORE.search(before) and not (
        subject_verb and subject_verb.group(0).endswith("ing")
    ):
        return None
    if subject_verb:
        if _QUOTE_END.search(before) and before.lstrip().startswith(('"', "“")):
            return "quote"
        return "said_nested" if nested else "said"
    if _COLON_QUOTE.match(after) and not _QUOTE_END.search(before):
        if _SPOKEN_TO.search(before):
            return None
        return "colon_quote"
    return None


WINDOW = 5


def attribute(texts: Sequence[str], index: CodebookIndex) -> list[Attribution | None]:
    """The speaker of each sentence of a run of consecutive sentences of one document.

    Carry-over travels at most WINDOW sentences from the one that names the speaker and
    looks back at most WINDOW sentences for a mention, so a sentence's answer depends
    only on its 2 × WINDOW predecessors: the TUI, which reads just those, gets the same
    answer as a whole-document pass."""
    memo: dict[int, Attribution | None] = {}
    return [_attribution(texts, position, index, memo) for position in range(len(texts))]


def attribute_last(texts: Sequence[str], index: CodebookIndex) -> Attribution | None:
    """The speaker of the last sentence; its predecessors are read only when it
    continues one of them, which keeps the annotation screen's call short."""
    return _attribution(texts, len(texts) - 1, index, {}) if texts else None


def _attribution(
    texts: Sequence[str], position: int, index: CodebookIndex, memo: dict[int, Attribution | None]
) -> Attribution | None:
    if position in memo:
        return memo[position]
    text = texts[position]
    earlier = list(texts[max(0, position - WINDOW) : position])[::-1]
    found = _group(text, earlier, index) or attribute_direct(text, index)
    if found is None and _carry_match(text) is not None:
        previous = _attribution(texts, position - 1, index, memo) if position else None
        found = _carry_over(text, previous, earlier, index)
    elif found is None and _QUOTE_ONLY.match(text) and position:
        # A sentence that is all quotation goes on with the previous sentence's speaker
        # ("'…,' Lam said." then "'There have been chaotic scenes…'").
        previous = _attribution(texts, position - 1, index, memo)
        if previous is not None and previous.hops < WINDOW:
            found = Attribution(
                previous.speaker_id, "quote_goes_on", "the quotation", previous.hops + 1
            )
    memo[position] = found
    return found


def _carry_match(text: str) -> re.Match[str] | None:
    stripped = text.strip()
    return (
        _CARRY.match(stripped)
        or _TRAILING_CARRY.search(stripped)
        or _ACCORDING_CARRY.match(stripped)
    )


def _carry_over(
    text: str,
    previous: Attribution | None,
    previous_texts: list[str],
    index: CodebookIndex,
) -> Attribution | None:
    match = _carry_match(text)
    if match is None:
        return None
    who = " ".join((match.groupdict().get("head") or match.group("who")).lower().split())
    inner = match.groupdict().get("inner")
    if inner:
        who = inner.lower()
    allowed = COMPATIBLE.get(who, _PERSON_KINDS if who in _PERSON_HEADS.split("|") else frozenset())
    evidence = match.group(0).strip()
    lead = len(text) - len(text.lstrip())
    span = (lead + match.start("who"), lead + match.end("who"))
    if match.groupdict().get("front") and index.mentions(text[: span[0]]):
        return None  # "When Kono met Kang, he said…": he may be either
    if (
        previous is not None
        and previous.hops < WINDOW
        and _fits(previous.speaker_id, allowed, index)
    ):
        return Attribution(
            previous.speaker_id, "carry_over", evidence, previous.hops + 1, span=span
        )
    if who in {"it", "they", "them", "source", "sources"}:
        return None
    # "The ministry said" after a person spoke: of the nearest of the last few sentences
    # that names an actor of that kind, the first such actor (as a rule its subject:
    # "Kono met Kang on Monday. He said…" is Kono).
    for earlier in previous_texts:
        for mention in index.mentions(earlier):
            if _fits(mention.actor_id, allowed, index):
                return Attribution(mention.actor_id, "carry_over", evidence, 1, span=span)
    return None


def _group(text: str, previous_texts: list[str], index: CodebookIndex) -> Attribution | None:
    """ "The two officials agreed…": the last two actors of that kind named before."""
    match = _GROUP.match(text.strip())
    if match is None:
        return None
    allowed = _GROUP_KINDS[(match.group("kind") or match.group("plural")).lower()]
    chosen: list[str] = []
    for earlier in previous_texts:
        named = [m.actor_id for m in index.mentions(earlier) if _fits(m.actor_id, allowed, index)]
        for actor_id in reversed(named):
            if actor_id not in chosen:
                chosen.append(actor_id)
        if len(chosen) >= 2:
            first, second = chosen[1], chosen[0]
            lead = len(text) - len(text.lstrip())
            span = (lead + match.start(), lead + match.end())
            return Attribution(first, "group", match.group(0).strip(), 1, (second,), span=span)
    return None


def _fits(actor_id: str, allowed: frozenset[str] | None, index: CodebookIndex) -> bool:
    info = index.actors.get(actor_id)
    if info is None:
        return False
    return allowed is None or info.kind in allowed
