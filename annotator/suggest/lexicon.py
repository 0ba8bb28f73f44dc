"""Reporting verbs of news English, with every inflection the speaker rules match, and
the words of people's titles.

Verbs are listed once, by lemma; `inflect` makes the -s, past and -ing forms (regular
English spelling, plus a table of irregular pasts), so "assert" also finds "asserts",
"asserted" and "asserting". Phrasal verbs ("call on", "point out") inflect their first
word. British and American spellings are both listed where they differ.

Court verbs ("ruled", "found", "ordered") are kept apart: a court's ruling is narration
unless it states a position, so they attribute a speaker only where a claim trigger
says what the position is (annotator.suggest.rules)."""

from __future__ import annotations

import re


def _lemmas(text: str) -> list[str]:
    return text.split()


REPORTING = _lemmas(
    "say tell urge call_for call_on call_upon demand insist assert argue claim maintain "
    "stress warn vow pledge reject deny protest criticise criticize appeal express "
    "comment add note state announce reiterate repeat echo describe indicate confirm "
    "agree propose request ask press push_for seek refuse decline suggest emphasise "
    "emphasize point_out complain explain believe hope welcome lodge accuse blame "
    "condemn denounce slam blast praise dismiss question contend declare acknowledge "
    "admit concede write tweet reply respond retort caution threaten promise fear "
    "predict allege regret lament oppose back endorse support defend justify reaffirm "
    "stand_by renew voice raise_concerns take_the_position hold_that push commend favor "
    "favour prefer commit_to attack decry brand label testify chant march rally "
    "demonstrate reassert cite attribute characterize characterise encourage hail "
    "underline recommend envision envisage issue_a_statement release_a_statement"
)
COURT = _lemmas("rule order find decide conclude declare judge")
# Verbs of speaking as such: negated they report silence ("Tokyo did not respond to a
# call by Seoul"), where a negated verb of taking a position is one ("did not concede").
SPEAKING = frozenset(
    _lemmas(
        "say tell comment add note state reply respond explain write tweet describe "
        "indicate announce confirm echo repeat reiterate voice ask question"
    )
)
# Verbs that report an act (an announcement, a confirmation) as often as a
# position: "Pelosi announced the upcoming vote", "X confirmed a vote will be held",
# "X issued a statement on the talks".
# A march or a rally is a position by the coding rules (named_acts) only
# where a claim trigger says on what: "Protesters marched on Sunday" says nothing.
ANNOUNCING = _lemmas(
    "announce confirm indicate speak march rally demonstrate issue_a_statement release_a_statement"
)
# Base forms that are seldom nouns ("Officials say", "Critics argue"); the others
# ("request", "demand", "protest", "appeal") name things as often as they report.
BASE_FORMS = frozenset(
    _lemmas(
        "say tell urge insist argue believe hope warn maintain agree stress accuse deny "
        "reject call_for call_on call_upon point_out contend"
    )
)

# Words that stop, undo or keep off what follows ("stop the liquidation", "withdraw the
# bill", "lift the export controls", "put an end to the talks"): a regex.
PREVENTION = (
    r"\b(?:stop(?:s|ped|ping)?|halt(?:s|ed|ing)?|avoid(?:s|ed|ing)?|prevent(?:s|ed|ing)?|"
    r"block(?:s|ed|ing)?|suspend(?:s|ed|ing)?|scrap(?:s|ped|ping)?|"
    r"cancel(?:s|led|ed|ling|ing)?|abandon(?:s|ed|ing)?|withdr(?:aw|aws|awn|awing|ew|awal)|"
    r"lift(?:s|ed|ing)?|eas(?:e|es|ed|ing)|revers(?:e|es|ed|ing)|overturn(?:s|ed|ing)?|"
    r"repeal(?:s|ed|ing)?|revok(?:e|es|ed|ing)|rescind(?:s|ed|ing)?|an\s+end\s+to|"
    r"(?:must|should)\s+end|end(?:s|ed|ing)?\s+(?:the|its|their|this|all))\b"
)

_IRREGULAR_PAST = {
    "say": "said",
    "tell": "told",
    "seek": "sought",
    "write": "wrote",
    "hold": "held",
    "find": "found",
    "take": "took",
    "stand": "stood",
    "speak": "spoke",
    "think": "thought",
}
_DOUBLE = {"admit", "regret", "commit", "refer", "prefer"}


def inflect(lemma: str) -> list[str]:
    """The lemma's forms: base, -s, past, -ing (phrasal verbs inflect their first word)."""
    head, *rest = lemma.split("_")
    tail = "".join(" " + word for word in rest)
    if head.endswith("y") and head[-2:-1] not in "aeiou":
        third, past, ing = head[:-1] + "ies", head[:-1] + "ied", head + "ing"
    elif head.endswith(("s", "sh", "ch", "x", "z", "o")):
        third, past, ing = head + "es", head + "ed", head + "ing"
    elif head.endswith("ee"):
        third, past, ing = head + "s", head + "d", head + "ing"
    elif head.endswith("e"):
        third, past, ing = head + "s", head + "d", head[:-1] + "ing"
    elif head in _DOUBLE:
        third, past, ing = head + "s", head + head[-1] + "ed", head + head[-1] + "ing"
    else:
        third, past, ing = head + "s", head + "ed", head + "ing"
    past = _IRREGULAR_PAST.get(head, past)
    forms = [head, third, past, ing]
    return [form + tail for form in dict.fromkeys(forms)]


def alternation(
    lemmas: list[str],
    *,
    finite: bool = False,
    cased: bool = False,
    base: bool = False,
    past: bool = False,
    participle: bool = False,
) -> str:
    """A regex alternation of every form, longest first, spaces as flexible gaps.
    `finite` keeps only the -s and past forms ("ruled", not "ruling" or "order", which
    are as often nouns); `base` only the base forms, of every lemma (after a negation,
    "did not concede", a base form is a verb); `past` only the past forms ("condemned",
    as in "was condemned by"); `participle` only the -ing forms ("…, calling for").
    `cased` matches the forms in lower or
    upper case only, whatever the flags of the pattern around it: a verb is not
    capitalised mid-sentence, so "the President of the United States" holds no "states"."""
    forms = {
        form
        for lemma in lemmas
        for position, form in enumerate(inflect(lemma))
        if (position == 0 if base else position != 0 or lemma in BASE_FORMS)
        and (not finite or position in (1, 2))
        and (not past or position == 2)
        and (not participle or position == 3)
    }
    if cased:
        forms |= {form.upper() for form in forms}
    body = _trie([tuple(form.replace(" ", "_")) for form in forms])
    return f"(?-i:{body})" if cased else body


def _trie(forms: list[tuple[str, ...]]) -> str:
    """The forms as a prefix tree ("sa(?:y(?:s|ing)?|id)"): it matches what the plain
    alternation longest first matches, preferring the longest form at a position (only
    forms that are prefixes of one another can match there), and compiles and runs many
    times faster than hundreds of branches. "_" in a form is a gap between words."""
    branches: dict[str, list[tuple[str, ...]]] = {}
    ends = False
    for form in forms:
        if form:
            branches.setdefault(form[0], []).append(form[1:])
        else:
            ends = True
    if not branches:
        return ""
    # Longer subtrees first; at most one branch can match at a position anyway.
    ordered = sorted(branches.items(), key=lambda kv: -max(len(f) for f in kv[1]))
    parts = [(r"\s+" if c == "_" else re.escape(c)) + _trie(rest) for c, rest in ordered]
    body = "|".join(parts)
    if ends:
        return f"(?:{body})?"
    return body if len(parts) == 1 else f"(?:{body})"


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Heads of a title: the word a person's function ends with ("Foreign *Minister*").
TITLE_HEADS = word_set(
    """minister secretary president premier chancellor spokesman spokeswoman spokesperson
    executive chairman chairwoman chair director director-general governor mayor
    ambassador envoy senator lawmaker legislator mp congressman congresswoman
    representative leader official officer superintendent commissioner inspector judge
    justice lord lady prosecutor lawyer attorney activist protester campaigner student
    professor analyst researcher economist chief head general admiral commander king
    queen prince princess emperor speaker member delegate negotiator adviser advisor
    counsel founder ceo cfo boss manager candidate deputy"""
)
# Words a title may hold before its head ("Former prime minister", "Chief Cabinet").
TITLE_WORDS = TITLE_HEADS | word_set(
    """former prime foreign chief deputy vice senior junior top acting first cabinet
    police defense defence finance trade justice interior home state general assistant
    executive national international opposition party student pro-democracy veteran
    labor labour economy industry health education environment special unification
    permanent supreme high district regional local city provincial presidential
    government ministry spokesman"""
)
