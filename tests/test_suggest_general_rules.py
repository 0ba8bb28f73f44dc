"""Speaker and claim rules that hold beyond the sample: invented sentences, each a
pattern of news English, with the codebooks of the evaluation corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.suggest.claims import find_claims
from annotator.suggest.index import CodebookIndex
from annotator.suggest.rules import last_proposals
from annotator.suggest.speaker import attribute
from tests.test_suggest_new_speakers import CORPORA, index_of


@pytest.fixture
def election(tmp_path: Path) -> CodebookIndex:
    return index_of(CORPORA / "us_election_2020" / "codebook.toml", tmp_path)


@pytest.fixture
def prorogation(tmp_path: Path) -> CodebookIndex:
    return index_of(CORPORA / "brexit_prorogation" / "codebook.toml", tmp_path)


def speaker(index: CodebookIndex, *texts: str) -> str | None:
    found = attribute(list(texts), index)[-1]
    return found.speaker_id if found else None


def offered(index: CodebookIndex, text: str) -> list[tuple[str | None, str | None, bool]]:
    return [(p.speaker_id, p.claim_id, p.no_claim) for p in last_proposals([text], index)]


def test_a_title_alias_before_another_name_is_that_names_title(election: CodebookIndex) -> None:
    # "the president" is Trump's alias; here it is someone else's title.
    assert speaker(election, "Ukrainian President Olena Kovalenko said the vote was fair.") is None
    assert speaker(election, "Vice President Maria Lopez told reporters the vote was fair.") is None
    assert speaker(election, "The president told reporters the vote was rigged.") == "trump"


def test_a_capitalised_verb_form_reports_nothing(election: CodebookIndex) -> None:
    # "States" in "the United States" is no form of "state".
    assert speaker(election, "The president of the United States won the county easily.") is None
    assert speaker(election, "THE PRESIDENT SAID the count must stop.") == "trump"


def test_a_name_after_a_preposition_is_no_subject(election: CodebookIndex) -> None:
    text = "Several governors have broken with Trump and have urged patience with the count."
    assert speaker(election, text) is None
    assert speaker(election, "Many in the party sided with Sanders and urged unity.") is None
    # A "who" clause after the name is its own: there the object speaks.
    assert speaker(election, "Many in the party sided with Sanders, who urged unity.") == "sanders"


def test_the_one_spoken_to_before_a_colon_quote_is_no_speaker(election: CodebookIndex) -> None:
    text = 'Sanders said to Biden: "We will win this together."'
    found = attribute([text], election)[0]
    assert found is not None and found.speaker_id == "sanders"
    assert {c.attribution.speaker_id for c in found.alternatives} == {"sanders"}


def test_an_apposition_may_close_with_a_comma_before_the_verb(election: CodebookIndex) -> None:
    text = "The senator from Vermont, Bernie Sanders, tweeted that the primary must go on."
    assert speaker(election, text) == "sanders"


def test_an_announcement_without_a_claim_proposes_no_speaker(election: CodebookIndex) -> None:
    assert offered(election, "Biden announced a campaign stop in Ohio on Tuesday.") == [
        (None, None, True)
    ]
    assert offered(election, "Biden confirmed that he will travel to Ohio.") == [(None, None, True)]
    # A verb of saying still gives the speaker alone.
    assert offered(election, "Biden said the trip to Ohio went well.") == [("biden", None, False)]
    # An announcement with a claim trigger gives the statement.
    endorsed = "Warren announced she is endorsing Joe Biden."
    assert offered(election, endorsed)[0] == ("warren", "back_biden", False)


def test_a_trigger_in_narration_proposes_no_claim(election: CodebookIndex) -> None:
    assert offered(election, "Claims of voter fraud circulated for weeks in the state.") == [
        (None, None, True)
    ]
    # Quoted words may be a claim whose speaker the rules did not find.
    quoted = offered(election, '"There was voter fraud in every county."')
    assert quoted[0] == (None, "election_stolen", False)
    assert quoted[-1] == (None, None, True)


def test_a_single_word_inside_another_claims_phrase_belongs_to_it(tmp_path: Path) -> None:
    index = index_of(CORPORA / "hong_kong_protests" / "codebook.toml", tmp_path)
    hits = find_claims("Student groups said they want an end to police violence.", index)
    assert [hit.claim_id for hit in hits] == ["police_inquiry"]
    # Alone, the word still counts.
    hits = find_claims("Student groups said the violence must stop.", index)
    assert [hit.claim_id for hit in hits] == ["end_violence"]


def test_stance_cues_protests_as_a_noun_and_nobody(tmp_path: Path) -> None:
    hong_kong = index_of(CORPORA / "hong_kong_protests" / "codebook.toml", tmp_path)
    support = hong_kong.support_id
    oppose = hong_kong.oppose_id
    text = "After weeks of protests, student groups said the extradition bill must go."
    assert [(h.claim_id, h.stance_id) for h in find_claims(text, hong_kong)] == [
        ("withdraw_bill", support)
    ]
    # Protesting against the bill is calling for its withdrawal (the claim's own words).
    against = "Student groups said they protested against the extradition bill."
    assert [(h.claim_id, h.stance_id) for h in find_claims(against, hong_kong)] == [
        ("withdraw_bill", support)
    ]
    (tmp_path / "trump").mkdir()
    trump = index_of(CORPORA / "trump_investigations" / "codebook.toml", tmp_path / "trump")
    protest = "Republicans said they protested against the impeachment inquiry."
    assert [(h.claim_id, h.stance_id) for h in find_claims(protest, trump)] == [
        ("inquiry_legitimate", oppose)
    ]
    denial = '"Nobody put pressure on me," the foreign minister said.'
    assert [(h.claim_id, h.stance_id) for h in find_claims(denial, trump)] == [
        ("trump_misconduct", trump.oppose_id)
    ]


def test_a_quote_closed_by_a_pronoun_and_its_verb_goes_on_with_the_speaker(
    election: CodebookIndex,
) -> None:
    first = "Sanders said the primary must go on."
    assert speaker(election, first, '"We will keep fighting," he told the crowd.') == "sanders"
    assert speaker(election, first, '"We will keep fighting," he told reporters.') == "sanders"


def test_a_name_right_after_a_reporting_verb_is_its_object(election: CodebookIndex) -> None:
    # Whoever denounced them, it is not Trump who speaks here.
    text = "A former governor denounced the Trump campaign's lawsuits as a disgrace."
    assert speaker(election, text) is None
    # A report of a report still names its speaker.
    nested = "Aides said Biden expressed confidence in the count."
    assert speaker(election, nested) == "biden"


def test_a_response_is_a_statement_a_phone_call_is_not(election: CodebookIndex) -> None:
    response = attribute(["Biden's response was that the count must go on."], election)[0]
    assert response is not None and response.rule == "statement_of"
    assert speaker(election, "Trump's call with the governor lasted an hour.") is None


def test_each_clause_with_a_trigger_gives_its_speaker_the_claim(tmp_path: Path) -> None:
    trump = index_of(CORPORA / "trump_investigations" / "codebook.toml", tmp_path)
    text = (
        "Republicans attacked the inquiry again, with Steve Scalise calling it a "
        '"hoax" and Ross Spano calling it "a coup".'
    )
    statements = {
        (p.speaker_id, p.claim_id, p.stance_id)
        for p in last_proposals([text], trump)
        if not p.no_claim
    }
    assert statements == {
        ("scalise", "inquiry_legitimate", trump.oppose_id),
        ("spano", "inquiry_legitimate", trump.oppose_id),
    }


def test_a_bare_subject_and_verb_proposes_no_speaker_alone(election: CodebookIndex) -> None:
    quote = '"The count must go on in every state."'
    proposals = last_proposals([quote, "Biden said."], election)
    assert [(p.speaker_id, p.no_claim) for p in proposals] == [(None, True)]
    # A trailing attribution reports all that goes before it.
    trailing = "The count must go on in every state, Biden said."
    assert [(p.speaker_id, p.no_claim) for p in last_proposals([trailing], election)] == [
        ("biden", False)
    ]


def test_a_verbs_form_after_a_possessive_is_a_noun(election: CodebookIndex) -> None:
    narrated = "To date, the campaign's claims of voter fraud have not moved the courts."
    assert offered(election, narrated) == [(None, None, True)]


def test_a_subordinate_clauses_subject_is_background(election: CodebookIndex) -> None:
    text = "Turnout rose sharply in the city, when the president urged his supporters to vote."
    assert offered(election, text) == [(None, None, True)]
    # The main clause's subject still speaks.
    assert offered(election, "The president urged his supporters to vote.") == [
        ("trump", None, False)
    ]


def test_someone_named_like_an_actor_is_not_that_actor(election: CodebookIndex) -> None:
    assert speaker(election, "A retired teacher named Warren said the polls opened late.") is None


def test_a_negated_position_verb_speaks_a_negated_speaking_verb_does_not(
    election: CodebookIndex,
) -> None:
    assert speaker(election, "The president did not concede the race in his speech.") == "trump"
    assert speaker(election, "Sanders will never back a brokered convention.") == "sanders"
    assert speaker(election, "Biden did not respond to the letter from the campaign.") is None


def test_an_apposition_closed_by_a_comma_and_an_adverb_before_the_verb(tmp_path: Path) -> None:
    trump = index_of(CORPORA / "trump_investigations" / "codebook.toml", tmp_path)
    text = "Jane Roe, a lawyer for the Department of Justice, sharply criticized the vote."
    assert speaker(trump, text) == "justice_department"
    # Not before an inverted subject: this is the president's, not the department's.
    inverted = "No date was set for the Department of Justice, said the president."
    assert speaker(trump, inverted) == "trump"


def test_an_indirect_speaker_without_a_claim_comes_after_no_claim(
    election: CodebookIndex,
) -> None:
    # "according to X" and a carried-over pronoun report facts as often as positions:
    # with no claim trigger, "no claim" leads and the speaker is the alternative.
    fact = "According to organizers, the rally in Des Moines will go ahead on Sunday."
    assert offered(election, fact) == [(None, None, True), ("rally_organizers", None, False)]
    # Saying it in so many words still leads with the speaker.
    said = "Trump said the rally in Des Moines will go ahead on Sunday."
    assert offered(election, said) == [("trump", None, False)]
    # So does a sentence that is all quotation, going on with the previous speaker.
    texts = [said, '"We will have a great crowd, the biggest ever."']
    proposals = last_proposals(texts, election)
    assert [(p.speaker_id, p.no_claim) for p in proposals] == [("trump", False)]
    carried = [said, "He also expressed thanks to the volunteers who set up the stage."]
    proposals = last_proposals(carried, election)
    assert [(p.speaker_id, p.no_claim) for p in proposals] == [(None, True), ("trump", False)]


def test_a_verb_done_by_an_act_gives_a_speaker_only_with_a_claim(
    election: CodebookIndex,
) -> None:
    # "responded by throwing…" says how someone acted, not what they said.
    act = "Trump responded by cancelling the rally in Des Moines."
    assert offered(election, act) == [(None, None, True)]
    words = "Trump responded that the rally in Des Moines will go ahead."
    assert offered(election, words) == [("trump", None, False)]


def test_a_verb_form_after_a_determiner_is_a_noun(election: CodebookIndex) -> None:
    # "states" and "claims" here are plural nouns, not the subject's verbs.
    text = "The Democratic Party held primary elections in the US states of Idaho and Ohio."
    assert speaker(election, text) is None
    assert speaker(election, "The Democratic Party on Tuesday states that the vote was fair.") == (
        "democratic_party"
    )


def test_a_phrase_before_a_carried_over_subject(election: CodebookIndex) -> None:
    said = "Trump said the count in Georgia must stop."
    assert speaker(election, said, "In a statement on Monday, he added that it was rigged.") == (
        "trump"
    )
    # A phrase that names someone leaves "he" open.
    assert speaker(election, said, "When Biden met Sanders, he said the vote was fair.") is None


def test_the_subject_of_a_passive_is_no_speaker(election: CodebookIndex) -> None:
    assert speaker(election, "Trump was accused of abusing his power by House Democrats.") is None
    assert speaker(election, "Trump has been urged by aides to concede the election.") is None
    assert speaker(election, "Trump was saying the election was rigged.") == "trump"


def test_an_actor_in_a_relative_clause_is_no_subject(election: CodebookIndex) -> None:
    text = "Biden, who was endorsed by Warren, said the count must go on."
    assert speaker(election, text) == "biden"


def test_a_surname_after_an_honorific_is_that_actor(prorogation: CodebookIndex) -> None:
    assert speaker(prorogation, "Mr Johnson said the prorogation was lawful.") == "johnson"
    assert speaker(prorogation, "Mrs. Cherry told reporters the prorogation was unlawful.") == (
        "cherry"
    )
    # A given name before the surname is still another person's.
    assert speaker(prorogation, "Paul Johnson said the prorogation was lawful.") is None


def test_a_title_in_commas_after_a_name_is_its_apposition(election: CodebookIndex) -> None:
    # "the president" is Trump's alias; here it is Obama's title.
    assert speaker(election, "Obama, the former president, urged voters to back Biden.") == (
        "obama"
    )
    # Not closed by a comma, the actor after the comma is the subject of its own clause.
    assert speaker(election, "Obama's remarks were false, the president said.") == "trump"


def test_what_a_group_is_of_or_for_is_no_speaker(
    prorogation: CodebookIndex, election: CodebookIndex
) -> None:
    assert speaker(prorogation, "Critics of Johnson said the prorogation was unlawful.") == (
        "critics"
    )
    text = "Supporters of the president marched in Washington, claiming the election was stolen."
    assert [p.speaker_id for p in last_proposals([text], election)][:1] == ["trump_supporters"]


def test_an_s_form_after_a_quantifier_or_preposition_is_a_noun(election: CodebookIndex) -> None:
    assert speaker(election, "Trump filed lawsuits in several states over the count.") is None
    assert speaker(election, "Biden won 25 states in the primaries.") is None
    # "says" is never a noun.
    assert speaker(election, "Trump in a statement says the vote was rigged.") == "trump"


def test_an_apposition_is_a_noun_phrase(election: CodebookIndex, tmp_path: Path) -> None:
    # "such as …" opens no apposition: the name after it is an actor of its own.
    text = "Democrats, such as Warren, argued the count was fair."
    assert speaker(election, text) == "warren"
    # A possessive in an apposition describes the name before it.
    trump = index_of(CORPORA / "trump_investigations" / "codebook.toml", tmp_path)
    text = "Barr, the president's attorney general, said the inquiry was a sham."
    assert speaker(trump, text) == "barr_ross"


def test_the_one_a_who_clause_follows_speaks_in_it(election: CodebookIndex) -> None:
    text = "Many broke with Trump, such as Chris Christie, who denounced the claims of fraud."
    assert offered(election, text)[0][0] == "christie"
    assert speaker(election, "Warren met Biden, who said the count must go on.") == "biden"
    # A passive "who" clause, an adverb or two before its participle, speaks no words
    # (the agent of a reporting verb's passive would: test_suggest_speaker_attribution).
    text = "The bill was drafted by Sanders, who was later joined by Warren."
    assert speaker(election, text) is None


def test_a_title_carries_the_previous_speaker_over(
    prorogation: CodebookIndex, election: CodebookIndex
) -> None:
    said = "Corbyn said Johnson should resign."
    assert speaker(prorogation, said, "The Labour leader added that an election was needed.") == (
        "corbyn"
    )
    said = "Sanders said the primary must go on."
    assert speaker(election, said, "The senator from Vermont added that it was safe.") is None
    assert speaker(election, said, "The senator added that it was safe.") == "sanders"
    assert speaker(election, said, "He continued by noting that voting was safe.") == "sanders"
    assert speaker(election, said, "He went on to say that voting was safe.") == "sanders"
    # A judge is a court's, not the previous person speaking.
    assert speaker(election, said, "The judge ruled that the primary must go on.") is None


def test_protest_acts_and_attacks_report_a_position(
    prorogation: CodebookIndex, election: CodebookIndex
) -> None:
    text = "Protesters marched through London to demand a second referendum."
    assert offered(prorogation, text)[0][:2] == ("anti_brexit_marchers", "second_referendum")
    # A march with no claim trigger is an act: "no claim".
    assert offered(prorogation, "Protesters marched through London on Sunday.") == [
        (None, None, True)
    ]
    text = "Trump has repeatedly attacked mail-in voting."
    assert offered(election, text)[0][:2] == ("trump", "vote_by_mail")


def test_a_spokesman_or_lawyer_speaks_for_the_possessor(prorogation: CodebookIndex) -> None:
    assert speaker(prorogation, "Johnson's spokesman said the prorogation was lawful.") == (
        "johnson"
    )
    assert speaker(prorogation, "Cherry's lawyers argued the prorogation was unlawful.") == (
        "cherry"
    )
    # Someone else the possessor has does not.
    assert speaker(prorogation, "Johnson's brother said the prorogation was lawful.") is None


def test_a_pronoun_opening_a_later_clause_speaks(election: CodebookIndex) -> None:
    text = "Trump lost the state, but he claimed the election was stolen."
    assert offered(election, text)[0][:2] == ("trump", "election_stolen")
    # Two people named before the pronoun: it may be either.
    text = "Biden beat Trump in the state, and he claimed the election was stolen."
    assert offered(election, text)[0][0] is None


def test_verbs_of_taking_a_position_report_one(election: CodebookIndex) -> None:
    cases = {
        "Biden reasserted his plan to rejoin the Paris accord.": "biden",
        "Sanders cited the cost of health care and said the plan would pass.": "sanders",
        "Warren characterized the tax cut as a giveaway.": "warren",
        "Trump hailed the ruling as a victory.": "trump",
        "Biden underlined that every vote must be counted.": "biden",
        "Warren recommended that the party adopt the plan.": "warren",
        "Sanders has been encouraging voters to stay in line.": "sanders",
    }
    for text, expected in cases.items():
        assert speaker(election, text) == expected, text


def test_an_ing_form_after_an_aside_belongs_to_the_main_clause(
    election: CodebookIndex, tmp_path: Path
) -> None:
    investigations = index_of(CORPORA / "trump_investigations" / "codebook.toml", tmp_path)
    # "saying…" and "citing…" are the House's, not Barr's words.
    for participle in ("saying he had refused", "citing his refusal"):
        text = (
            "The House voted to hold Attorney General William Barr, in contempt of Congress, "
            f"{participle} to hand over documents."
        )
        assert speaker(investigations, text) is None, text
    assert speaker(investigations, "Attorney General William Barr said he would comply.") == (
        "barr_ross"
    )
    # An aside followed by a finite verb still closes the subject.
    assert speaker(election, "Trump, speaking at a rally, said the vote was rigged.") == "trump"


def test_a_comma_before_auxiliary_and_verb_closes_an_apposition(election: CodebookIndex) -> None:
    text = "One Democrat, Bernie Sanders, has publicly voiced support for the plan."
    assert speaker(election, text) == "sanders"
