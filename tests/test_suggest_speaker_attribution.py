"""Attribution patterns of news English found on the development halves of the
evaluation corpora: invented sentences of the same shapes, with the Middle East
corpus's codebook."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.suggest.index import CodebookIndex
from annotator.suggest.rules import last_proposals
from annotator.suggest.speaker import attribute
from tests.test_suggest_general_rules import speaker
from tests.test_suggest_new_speakers import CORPORA, index_of


@pytest.fixture
def mideast(tmp_path: Path) -> CodebookIndex:
    return index_of(CORPORA / "middle_east_conflicts" / "codebook.toml", tmp_path)


def test_any_reporting_verb_in_the_passive_gives_the_agent(mideast: CodebookIndex) -> None:
    assert speaker(mideast, "The blockade was denounced by Egypt on Friday.") == "egypt"
    assert speaker(mideast, "The plan was welcomed by members of the European Union.") == "eu"
    # The second of two agents is one too.
    assert speaker(mideast, "Similar warnings were issued by the state radio and Egypt.") == "egypt"
    # A passive without an agent names nobody.
    assert speaker(mideast, "Egypt was denounced for the blockade.") is None


def test_a_statement_by_someone_gives_its_author(mideast: CodebookIndex) -> None:
    text = '"The border must stay open," according to a statement on Sunday by Egypt.'
    assert speaker(mideast, text) == "egypt"
    text = "The drilling was condemned in a joint statement by Egypt, Israel and Greece."
    found = attribute([text], mideast)[0]
    assert found is not None and found.speakers == ("egypt", "israel", "greece")


def test_called_before_a_possessive_name_reports(mideast: CodebookIndex) -> None:
    text = "Cengiz called Mohammad's apology an empty gesture."
    assert speaker(mideast, text) == "cengiz"


def test_a_verb_form_after_a_preposition_is_no_verb(mideast: CodebookIndex) -> None:
    text = "The council punished Iran last week over alleged plots against exiles."
    assert speaker(mideast, text) is None


def test_the_country_a_person_is_of_does_not_speak(mideast: CodebookIndex) -> None:
    assert speaker(mideast, "Crown Prince Mohammad bin Salman of Saudi Arabia denied it.") == "mbs"
    assert speaker(mideast, "The ruling Democratic Rally in Cyprus welcomed the deal.") == "disy"
    # Two governments: the second is no place of the first.
    assert speaker(mideast, "Israel and Cyprus welcomed the deal.") == "israel"


def test_a_long_apposition_describes_the_name_before_it(mideast: CodebookIndex) -> None:
    text = (
        "Sabrina Bennoui, an adviser to the office of the UN envoy who visited the camps "
        "last year, warned the aid would not arrive in time."
    )
    assert speaker(mideast, text) == "bennoui"


def test_a_parenthesis_may_stand_between_subject_and_verb(mideast: CodebookIndex) -> None:
    text = "The Syrian Democratic Forces (SDF) also condemned the strikes."
    assert speaker(mideast, text) == "sdf"


def test_a_name_in_commas_after_a_title_is_the_subject(mideast: CodebookIndex) -> None:
    text = "A veteran analyst and former Greek official, Alex Lagakos, said the deal was weak."
    assert speaker(mideast, text) == "lagakos"
    # Without a title before it, ", said the …" is an inverted subject's.
    text = "The talks were held in Cairo with Egypt, said the Greek foreign minister."
    assert speaker(mideast, text) == "katrougalos"


def test_the_agent_of_a_relative_clauses_passive_states_nothing(mideast: CodebookIndex) -> None:
    text = "They met Kino Gabriel, who is backed by Israel, to discuss the border."
    assert speaker(mideast, text) is None


def test_a_pronoun_carries_over_the_subject_of_the_sentence_before(
    mideast: CodebookIndex,
) -> None:
    earlier = "Netanyahu met Mitsotakis in Athens on Monday."
    assert speaker(mideast, earlier, "He said the pipeline would be built.") == "netanyahu"


def test_an_ing_form_after_a_quote_takes_its_object(mideast: CodebookIndex) -> None:
    earlier = "Callamard warned the trial was flawed."
    text = '"Justice takes time," she said, urging Cengiz to be patient.'
    assert speaker(mideast, earlier, text) == "callamard"
    # Where a participial clause follows the attribution the pronoun still carries over.
    text = '"Justice takes time," she said, repeating her remarks of May.'
    assert speaker(mideast, earlier, text) == "callamard"


def test_according_to_a_pronoun_carries_over(mideast: CodebookIndex) -> None:
    earlier = "Sarea said the drones had hit two refineries."
    text = "According to him, it was the largest attack of the year."
    assert speaker(mideast, earlier, text) == "sarea"


def test_a_phrase_without_a_comma_may_open_before_a_pronoun(mideast: CodebookIndex) -> None:
    earlier = "Erdogan said the building would become a mosque."
    text = "On live television he said the name would change."
    assert speaker(mideast, earlier, text) == "erdogan"
    # A phrase naming an actor leaves the pronoun unresolved.
    text = "After the talks with Greece he said the name would change."
    assert speaker(mideast, earlier, text) is None


def test_issuing_a_statement_reports_what_it_says(mideast: CodebookIndex) -> None:
    earlier = "USCIRF criticized the decision."
    text = 'They released a statement which said, "The museum must stay a museum."'
    assert speaker(mideast, earlier, text) == "uscirf"
    # A statement whose words are not given states no position.
    offered = last_proposals(["Egypt issued a statement on the talks."], mideast)
    assert offered[0].no_claim


def test_a_reporting_participle_speaks_for_the_main_clauses_subject(
    mideast: CodebookIndex,
) -> None:
    # The main verb reports nothing; the participle after the comma does.
    text = "On Thursday, Netanyahu addressed reporters in Jerusalem, calling for new talks."
    assert speaker(mideast, text) == "netanyahu"
    text = "Yesterday, Pompeo, the secretary of state, signed an order, citing the attacks."
    assert speaker(mideast, text) == "pompeo"
    # The actor just before the comma is an object there, not the one saying it.
    text = "Netanyahu stressed the need for approval by the European Union, saying it mattered."
    found = attribute([text], mideast)[0]
    assert found is not None and found.speaker_id == "netanyahu"
    assert "eu" not in {c.attribution.speaker_id for c in found.alternatives}
    # A participle that reports nothing ("providing") speaks for no one.
    text = "Saudi Arabia sent troops to Yemen, providing air cover."
    assert speaker(mideast, text) is None


def test_carry_over_reaches_five_sentences_back(mideast: CodebookIndex) -> None:
    texts = [
        "Netanyahu said the pipeline would be built.",
        "He said the talks would go on.",
        "He added that the route was safe.",
        "He said the costs were shared.",
        "He noted the gas was needed.",
        "He said the work would begin in spring.",
    ]
    assert [found.speaker_id if found else None for found in attribute(texts, mideast)] == [
        "netanyahu"
    ] * 6
    # The sixth sentence after the one naming him no longer carries him over.
    assert attribute([*texts, "He said it would be finished by 2025."], mideast)[-1] is None
