"""Label-word claims: a claim worded otherwise than its triggers is still proposed when a
speaker says it in its label's words. Invented sentences, with a small codebook whose
triggers none of them holds."""

from __future__ import annotations

import pytest

from annotator.suggest.index import CodebookIndex
from annotator.suggest.rules import last_proposals
from tests.test_suggest_new_speakers import index_of

CODEBOOK = """
[codebook]
name = "Eastern Mediterranean"
version = "1"

[[sides]]
id = "greece"
label = "Greece"

[[sides]]
id = "turkey"
label = "Turkey"

[[actors]]
id = "mitsotakis"
name = "Kyriakos Mitsotakis"
side = "greece"
kind = "person"
aliases = ["Mitsotakis"]

[[actors]]
id = "erdogan"
name = "Recep Tayyip Erdogan"
side = "turkey"
kind = "person"
aliases = ["Erdogan"]

[[claims]]
id = "pipeline"
label = "The EastMed gas pipeline should be built"
definition = "The pipeline from Israel's and Cyprus's gas fields to Greece should be built."
triggers = ["sign the accord"]
key = "1"

[[claims]]
id = "drilling_unlawful"
label = "Turkish gas drilling off Cyprus is unlawful"
definition = "Turkey's drilling in waters Cyprus claims breaks international law."
triggers = ["illegal drilling"]
key = "2"

[[claims]]
id = "not_provocation"
label = "The naval exercises are not a provocation"
definition = "The exercises are routine; calling them a provocation opposes."
triggers = ["routine exercise"]
key = "3"

[[claims]]
id = "talks"
label = "Hold talks"
definition = "The two governments should talk."
triggers = ["exploratory talks"]
key = "4"

[[stances]]
id = "support"
label = "Support"
score = 1
key = "+"

[[stances]]
id = "oppose"
label = "Oppose"
score = -1
key = "-"

[[stances]]
id = "neutral"
label = "Neutral"
score = 0
key = "0"
"""


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> CodebookIndex:
    folder = tmp_path_factory.mktemp("label_words")
    path = folder / "codebook.toml"
    path.write_text(CODEBOOK, encoding="utf-8")
    return index_of(path, folder)


def top(index: CodebookIndex, text: str) -> tuple[str | None, str | None, str | None, bool]:
    first = last_proposals([text], index)[0]
    return first.speaker_id, first.claim_id, first.stance_id, first.no_claim


def test_a_reworded_claim_is_proposed_from_its_label_words(book: CodebookIndex) -> None:
    text = "Mitsotakis said work on the pipeline through EastMed waters will start in 2022."
    first = last_proposals([text], book)[0]
    assert (first.speaker_id, first.claim_id, first.stance_id) == (
        "mitsotakis",
        "pipeline",
        "support",
    )
    assert first.source == "rule:speaker.said+claim.label_words"
    assert first.reason.endswith('claim label words "EastMed", "pipeline"')
    # Other inflections, any order, and without the words another label shares ("gas").
    assert top(book, "Mitsotakis said Turkish ships drilled off Cyprus unlawfully.")[:2] == (
        "mitsotakis",
        "drilling_unlawful",
    )


def test_label_words_are_less_sure_than_a_trigger(book: CodebookIndex) -> None:
    by_words = last_proposals(["Mitsotakis said the EastMed pipeline is a project of peace."], book)
    by_trigger = last_proposals(["Mitsotakis said Greece would sign the accord."], book)
    assert by_words[0].claim_id == by_trigger[0].claim_id == "pipeline"
    assert by_words[0].confidence < by_trigger[0].confidence


def test_label_words_with_nobody_speaking_propose_nothing(book: CodebookIndex) -> None:
    narration = "The EastMed pipeline would carry gas 1,900 kilometres to Greece."
    assert [p.no_claim for p in last_proposals([narration], book)] == [True]
    # Speech, but no speaker found: a trigger would be proposed here, label words not.
    quoted = '"The EastMed pipeline will bring peace," a source close to the talks said.'
    assert all(p.claim_id != "pipeline" for p in last_proposals([quoted], book))


def test_only_distinctive_words_in_one_clause_count(book: CodebookIndex) -> None:
    # "gas" is in two labels: alone it says neither.
    assert top(book, "Erdogan said gas prices will fall next year.")[1] is None
    # The label's words split across clauses are not said of one thing.
    split = "Mitsotakis praised the EastMed forum, but the pipeline was delayed again."
    assert top(book, split)[1] is None
    # A label with one distinctive word ("talks") is too broad to go by.
    assert top(book, "Erdogan said the talks went well.")[1] is None


def test_a_negation_flips_the_stance(book: CodebookIndex) -> None:
    before = "Erdogan said there will be no EastMed pipeline without Turkey."
    assert top(book, before)[:3] == ("erdogan", "pipeline", "oppose")
    # The words come in any order, so a negation among or just after them counts too.
    after = "Erdogan said the EastMed pipeline will never be built."
    assert top(book, after)[:3] == ("erdogan", "pipeline", "oppose")
    assert top(book, "Erdogan said the pipeline is not EastMed's future.")[2] == "oppose"
    # Stance cues work as they do for triggers.
    rejected = "Erdogan rejected the EastMed pipeline as a provocation."
    assert top(book, rejected)[2] == "oppose"
    hedged = "Mitsotakis said Greece is considering the EastMed pipeline."
    assert top(book, hedged)[2] == "neutral"


def test_a_label_worded_as_a_negation_reads_the_other_way_round(book: CodebookIndex) -> None:
    called = "Erdogan called the naval exercises a provocation."
    assert top(book, called)[:3] == ("erdogan", "not_provocation", "oppose")
    denied = "Mitsotakis said the naval exercises were no provocation."
    assert top(book, denied)[:3] == ("mitsotakis", "not_provocation", "support")


def test_a_claim_its_trigger_found_is_not_proposed_again(book: CodebookIndex) -> None:
    text = "Mitsotakis said Greece would sign the accord on the EastMed pipeline."
    claims = [p.claim_id for p in last_proposals([text], book)]
    assert claims == ["pipeline"]
