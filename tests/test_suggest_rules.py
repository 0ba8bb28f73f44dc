"""Speaker attribution, claim triggers and stance cues on targeted sentences, with the
sample codebook."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from annotator.suggest import suggest
from annotator.suggest.claims import find_claims
from annotator.suggest.index import CodebookIndex, compile_trigger, load_index
from annotator.suggest.rules import last_proposals
from annotator.suggest.speaker import attribute, candidates
from models.tables import Sentence


@pytest.fixture
def index(sample_engine: Engine) -> CodebookIndex:
    with Session(sample_engine) as session:
        return load_index(session)


def speaker_of(index: CodebookIndex, *texts: str) -> tuple[str, str] | None:
    """The last sentence's speaker and the rule that found it."""
    found = attribute(list(texts), index)[-1]
    return (found.speaker_id, found.rule) if found else None


def claims_of(index: CodebookIndex, text: str) -> list[tuple[str, str | None]]:
    return [(hit.claim_id, hit.stance_id) for hit in find_claims(text, index)]


def test_direct_quote_followed_by_attribution(index: CodebookIndex) -> None:
    text = '"This is a very difficult situation, but we hope to talk," Kono said in Munich.'
    assert speaker_of(index, text) == ("kono", "quote")
    inverted = '"The situation violates international law," said Suga, the chief Cabinet secretary.'
    assert speaker_of(index, inverted) == ("suga", "quote")


def test_indirect_speech_with_reporting_verbs(index: CodebookIndex) -> None:
    assert speaker_of(index, "Tokyo maintains that the issue was settled.") == (
        "jp_government",
        "said",
    )
    assert speaker_of(index, "Japan on May 20 called for the start of arbitration.") == (
        "jp_government",
        "said",
    )
    aside = "Suga, who chaired a meeting of ministers, told agencies to cooperate."
    assert speaker_of(index, aside) == ("suga", "said")
    # Another actor between subject and verb is the subject: not Seoul here.
    assert speaker_of(index, "SEOUL -- Japan urged South Korea to act.") == (
        "jp_government",
        "said",
    )


def test_according_to_and_statement_of(index: CodebookIndex) -> None:
    text = "The talks would be the first of their kind, according to Japanese officials."
    assert speaker_of(index, text) == ("jp_government", "according_to")
    # A speaker with a reporting verb outranks the source the report cites.
    cited = "Kono urged Seoul to decide on a response soon, according to the sources."
    assert speaker_of(index, cited) == ("kono", "said")
    call = "Another issue is Moon Hee-sang's recent call for the Emperor to apologize."
    assert speaker_of(index, call) == ("moon_hee_sang", "statement_of")


def test_nested_passive_and_joint_speakers(index: CodebookIndex) -> None:
    nested = "Japanese government sources said Kono expressed concern to Kang."
    assert speaker_of(index, nested) == ("kono", "said_nested")
    passive = "The request to launch talks was made by Vice Foreign Minister Takeo Akiba."
    assert speaker_of(index, passive) == ("akiba", "said_by")
    joint = attribute(["Takizaki and Kim confirmed that officials will remain in contact."], index)
    assert joint[0] is not None and joint[0].speakers == ("takizaki", "kim_jung_han")
    group = attribute(
        [
            "Takizaki warned his counterpart Kim Jung Han that a sell-off must be avoided.",
            "The two officials, meeting for the first time, agreed to continue dialogue.",
        ],
        index,
    )[-1]
    assert group is not None and (group.rule, group.speakers) == (
        "group",
        ("takizaki", "kim_jung_han"),
    )
    proposals = last_proposals(
        ["Takizaki and Kim agreed to continue dialogue over the matter."], index
    )
    assert [(p.speaker_id, p.claim_id) for p in proposals] == [
        ("takizaki", "dialogue"),
        ("kim_jung_han", "dialogue"),
    ]


def test_each_claim_gets_the_speaker_of_its_clause(index: CodebookIndex) -> None:
    text = (
        "While Japan takes the position that the issue was settled by the 1965 accord, "
        '"economic cooperation," the South Korean Supreme Court ruled that the accord did '
        "not terminate the right of individuals to claim damages."
    )
    statements = [(p.speaker_id, p.claim_id, p.stance_id) for p in last_proposals([text], index)]
    assert sorted(statements) == [
        ("jp_government", "settled_1965", "support"),
        ("kr_supreme_court", "settled_1965", "oppose"),
    ]
    # Names inside someone's quote, or opening a "that" clause, are not speakers.
    quoted = '"Seoul ignores Japan\'s request for talks under international law," said Suga.'
    assert {p.speaker_id for p in last_proposals([quoted], index)} == {"suga"}
    grounds = "Kono rejected it on the grounds that Japan has moved on from seeking talks."
    assert speaker_of(index, grounds) == ("kono", "said")
    assert [c.attribution.speaker_id for c in candidates(grounds, index)] == ["kono"]


def test_aliases_longest_match_case_and_possessive_insensitive(index: CodebookIndex) -> None:
    longest = "South Korea's Foreign Ministry said the position remains unchanged."
    assert speaker_of(index, longest) == ("kr_foreign_ministry", "said")
    shouted = "SOUTH KOREA'S FOREIGN MINISTRY SAID the position remains unchanged."
    assert speaker_of(index, shouted) == ("kr_foreign_ministry", "said")
    assert speaker_of(index, "Seoul pressed Tokyo to ease restrictions.") == (
        "kr_government",
        "said",
    )
    mentions = index.mentions("Japan's Foreign Ministry and the Japanese steel giant")
    assert [(m.actor_id, m.possessive) for m in mentions] == [
        ("jp_foreign_ministry", False),
        ("nippon_steel", False),
    ]


def test_carry_over_from_the_previous_sentence(index: CodebookIndex) -> None:
    first = "According to a South Korean Foreign Ministry statement, Kim stressed the need."
    assert speaker_of(index, first, "It said he also urged Tokyo to withdraw controls.") == (
        "kim_jung_han",
        "carry_over",
    )
    official = "The plan is the best one, a South Korean Foreign Ministry official said."
    assert speaker_of(index, official, "The official added that the plaintiffs are old.") == (
        "kr_foreign_ministry",
        "carry_over",
    )
    ministry = "South Korea's Foreign Ministry, in a brief statement, said it respects the ruling."
    assert speaker_of(index, ministry, "The ministry said victims will be helped.") == (
        "kr_foreign_ministry",
        "carry_over",
    )
    # "The ministry" after a person: the ministry named just before, not the person.
    person = "Takizaki warned that a sell-off must be avoided, the Japanese Foreign Ministry said."
    trailing = "The two agreed on more exchanges, the ministry said."
    assert speaker_of(index, person, trailing) == ("jp_foreign_ministry", "carry_over")


def test_nothing_when_unsure(index: CodebookIndex) -> None:
    # "It" cannot continue a person, and no earlier sentence names anyone.
    assert speaker_of(index, "Kono said so.", "It said more talks are needed.") is None
    assert speaker_of(index, "The ministry said South Korea intends to help victims.") is None
    narration = "Relations between the two countries have slumped to a historic low."
    assert speaker_of(index, narration) is None
    proposals = last_proposals([narration], index)
    assert [(p.source, p.no_claim) for p in proposals] == [("rule:no_claim", True)]
    # A phrase trigger in a sentence that may be speech (a quotation, a first person, a
    # reporting verb) with no speaker found: the claim pre-fills the form (it saves keys
    # when right, costs none when not), "no claim" follows as the alternative.
    controls = '"The export controls have hurt our companies since July."'
    assert [(p.no_claim, p.claim_id) for p in last_proposals([controls], index)] == [
        (False, "lift_export_controls"),
        (True, None),
    ]
    # The same words in narration (no quotation, first person or reporting verb).
    narrated = "The export controls have been in force since July."
    assert [(p.no_claim, p.claim_id) for p in last_proposals([narrated], index)] == [(True, None)]
    # A single-word trigger with nobody speaking is narration: a court step reported.
    seized = "Nippon Steel's South Korean assets have been seized."
    assert [(p.no_claim, p.claim_id) for p in last_proposals([seized], index)] == [(True, None)]
    # A court's ruling with no claim in it proposes no speaker.
    ruled = "Two years ago South Korea's Supreme Court ordered Nippon Steel to pay the plaintiffs."
    assert [(p.no_claim, p.speaker_id) for p in last_proposals([ruled], index)] == [(True, None)]


def test_a_courts_announced_step_is_narration_its_finding_a_position(
    index: CodebookIndex,
) -> None:
    """The sample codebook's rule court_narration, on the sample's own sentences."""
    approved = (
        "The district court said Tuesday it has approved a request to impound some of the "
        "company's assets in South Korea as it has refused to comply with an earlier court order."
    )
    # "impound" names the step; the court states no position on stopping the seizure.
    assert [(p.no_claim, p.claim_id) for p in last_proposals([approved], index)] == [(True, None)]
    # The same court stating what it holds is coded like any speaker.
    found = "The district court said the 1965 accord did not terminate the right of individuals."
    first = last_proposals([found], index)[0]
    assert (first.speaker_id, first.claim_id, first.stance_id) == (
        "kr_district_court",
        "settled_1965",
        "oppose",
    )
    holding = (
        "The South Korean Supreme Court ruled in October that the accord did not terminate "
        "the right of individuals to claim damages."
    )
    top = last_proposals([holding], index)[0]
    assert (top.speaker_id, top.claim_id, top.stance_id) == (
        "kr_supreme_court",
        "settled_1965",
        "oppose",
    )


def test_claim_triggers_and_default_support(index: CodebookIndex) -> None:
    text = 'Tokyo maintains the issue was settled "completely and finally" in 1965.'
    assert claims_of(index, text) == [("settled_1965", "support")]
    proposal = last_proposals([text], index)[0]
    assert proposal.source == "rule:speaker.said+claim.trigger"
    assert (proposal.speaker_id, proposal.claim_id, proposal.stance_id) == (
        "jp_government",
        "settled_1965",
        "support",
    )
    assert 0 < proposal.confidence < 1
    assert '"Tokyo"' in proposal.reason and '"completely and finally"' in proposal.reason


def test_negation_and_rejection_make_oppose(index: CodebookIndex) -> None:
    rejected = "A senior Japanese Foreign Ministry official rejected the financing scheme."
    assert claims_of(index, rejected) == [("joint_fund", "oppose")]
    top = last_proposals([rejected], index)[0]
    assert top.source == "rule:speaker.said+claim.trigger+stance.cue"
    assert 'stance cue "rejected"' in top.reason
    denial = "The court ruled that the accord did not terminate the right of individuals."
    assert claims_of(index, denial) == [("settled_1965", "oppose")]
    # The claim's own wording holds the negation: still support.
    cannot = "Seoul has said it cannot intervene in a court ruling."
    assert claims_of(index, cannot) == [("respect_ruling", "support")]
    hedged = "The South said only that it is considering bilateral talks."
    assert claims_of(index, hedged) == [("bilateral_talks", "neutral")]


def test_trigger_patterns() -> None:
    assert compile_trigger("liquidat").search("a liquidation process")
    assert not compile_trigger("fund").search("refunded")
    assert compile_trigger("settled ... 1965").search("was settled by the accord of 1965")
    assert compile_trigger("retaliat*ion").search("a move seen as retaliation")


def test_suggest_on_a_stored_sentence(sample_engine: Engine) -> None:
    with Session(sample_engine) as session:
        sentence_id = session.exec(
            select(Sentence.id).where(col(Sentence.text).startswith("It said he also urged"))
        ).one()
        proposals = suggest(session, sentence_id)
    assert proposals[0].speaker_id == "kim_jung_han"
    assert proposals[0].claim_id == "lift_export_controls"
    # "urged Tokyo to withdraw" the controls: the stopping is the stance cue.
    assert proposals[0].source == "rule:speaker.carry_over+claim.trigger+stance.cue"
    assert proposals[0].stance_id == "support"
    assert [p.confidence for p in proposals] == sorted(
        (p.confidence for p in proposals), reverse=True
    )
