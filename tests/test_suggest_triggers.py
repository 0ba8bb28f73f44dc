"""Claim triggers that find the claim in other wording, stances that follow what the
speaker does with the thing named, and speakers the sample's aliases would mistake:
invented sentences in the news English of the issue's error list (the same dispute,
other articles), with the sample codebook."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.suggest.index import CodebookIndex, compile_trigger
from annotator.suggest.rules import last_proposals
from tests.test_suggest_new_speakers import index_of

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "codebook.toml"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> CodebookIndex:
    return index_of(SAMPLE, tmp_path_factory.mktemp("sample"))


def top(index: CodebookIndex, text: str) -> tuple[str | None, str | None, str | None]:
    first = last_proposals([text], index)[0]
    return first.speaker_id, first.claim_id, first.stance_id


@pytest.mark.parametrize(
    ("trigger", "text"),
    [
        ("completely and finally", "settled completely and final under the pact"),
        ("settled ... 1965", "all claims were settling in the 1965 accord"),
        ("launch talks", "Japan launched talks on Monday"),
        ("apologize", "Mitsubishi apologised"),
        ("apologize", "a statement apologizing"),
        ("people's vote", "calls for a People’s Vote grew"),
        ("fund", "a funding scheme"),
        ("liquidat", "moved to liquidate the assets"),
        ("liquidat", "the liquidation process"),
        ("by October 31", "out by October 31st"),
        ("agree", "the two sides agreed"),
        ("stop parliament", "to stop [Parliament] debating"),
    ],
)
def test_a_trigger_finds_the_other_inflections_of_its_words(trigger: str, text: str) -> None:
    assert compile_trigger(trigger).search(text)


@pytest.mark.parametrize(
    ("trigger", "text"),
    [
        ("fund", "fundamental differences"),
        ("fund", "refunded"),
        ("impeachable", "the impeachment trial"),  # a derivation: another word
        ("investigate ... Biden", "an investigation into Biden"),
        ("vote again", "Parliament voted against it"),  # "against" is no form of "again"
        ("people's vote", "the people vote for their members"),
        ("EU", "the European Union"),
    ],
)
def test_a_trigger_does_not_find_other_words(trigger: str, text: str) -> None:
    assert not compile_trigger(trigger).search(text)


def test_the_settlement_claim_in_other_words(sample: CodebookIndex) -> None:
    settled = ("jp_government", "settled_1965", "support")
    assert top(sample, "Japan maintains the issue was settled completely and final.") == settled
    assert top(sample, "Tokyo says the matter was fully settled by the 1965 agreement.") == settled
    assert top(sample, "Japan claims all property issues were settled in the 1965 treaty.") == (
        settled
    )


def test_a_rejection_before_a_participle_of_saying_is_not_the_speakers_stance(
    sample: CodebookIndex,
) -> None:
    text = (
        "Tokyo has rejected the rulings, claiming that all issues of compensation were "
        "settled in the 1965 treaty."
    )
    assert top(sample, text) == ("jp_government", "settled_1965", "support")
    # The participle keeps its own cue: rejecting the fund is opposing it.
    assert top(sample, "Tokyo answered, rejecting a financing scheme of both sides' firms.")[
        1:
    ] == ("joint_fund", "oppose")


def test_who_pursues_what_a_claim_would_stop_opposes_it(sample: CodebookIndex) -> None:
    # "Stop the seizure and sale of the Japanese firm's assets": "seize" names the thing.
    text = "Lawyers for the plaintiffs asked the court to seize the company's assets."
    assert top(sample, text) == ("plaintiffs", "stop_liquidation", "oppose")
    text = "The plaintiffs' lawyers said the liquidation process would begin soon."
    assert top(sample, text) == ("plaintiffs", "stop_liquidation", "oppose")


def test_who_speaks_against_what_a_claim_would_stop_supports_it(sample: CodebookIndex) -> None:
    text = "Japan's top government spokesman said Seoul should not liquidate the assets."
    assert top(sample, text) == ("suga", "stop_liquidation", "support")
    text = "Takizaki warned that a sell-off of the company's assets must be avoided."
    assert top(sample, text) == ("takizaki", "stop_liquidation", "support")
    text = "Kim urged Tokyo to withdraw the export controls."
    assert top(sample, text) == ("kim_jung_han", "lift_export_controls", "support")
    # Refusing the stopping is opposing the claim.
    text = "Japan said it refused to lift the export controls."
    assert top(sample, text) == ("jp_government", "lift_export_controls", "oppose")


def test_stopping_something_opposes_a_claim_that_wants_it(sample: CodebookIndex) -> None:
    text = "Kono said Japan would block the arbitration panel."
    assert top(sample, text) == ("kono", "arbitration", "oppose")
    # A hypothesis states no position.
    text = "Kono said it would be a grave mistake if Seoul were to block the arbitration panel."
    assert top(sample, text) == ("kono", "arbitration", "support")


def test_broad_words_no_longer_propose_a_claim_alone(sample: CodebookIndex) -> None:
    # An apology that is not the Emperor's to the former comfort women.
    assert top(sample, "Nippon Steel said it would apologize to its shareholders.")[1] is None
    # Victims named, no relief called for.
    assert top(sample, "Kim said the victims had waited for decades.")[1] is None
    # "fund" is no prefix of "fundamental".
    assert top(sample, "Kono said fundamental differences remain.")[1] is None
    # The Emperor's apology, in the codebook's sense, is still found.
    text = "Moon Hee-sang said Japan's Emperor should apologize to the former comfort women."
    assert top(sample, text) == ("moon_hee_sang", "emperor_apology", "support")


def test_a_negated_trigger_agrees_with_a_claim_worded_as_a_negation(
    sample: CodebookIndex,
) -> None:
    # "Respect the court ruling; the government cannot intervene".
    text = "Moon Hee-sang said the government cannot interfere in the judiciary."
    assert top(sample, text) == ("moon_hee_sang", "respect_ruling", "support")


def test_denying_something_about_what_a_claim_would_stop_defends_it(
    sample: CodebookIndex,
) -> None:
    text = "Tokyo denied the export curbs were linked to the wartime labor dispute."
    assert top(sample, text) == ("jp_government", "lift_export_controls", "oppose")


def test_a_surname_alias_inside_another_persons_name_is_not_that_actor(
    sample: CodebookIndex,
) -> None:
    # "Kim" and "Kono" are aliases of Kim Jung-han and Taro Kono.
    first = last_proposals(['Kim Sung-joo: "We will never give up."'], sample)[0]
    assert first.speaker_id is None
    assert first.new_speaker is not None and first.new_speaker.name == "Kim Sung-joo"
    assert top(sample, "Yohei Kono said the apology still stands.")[0] is None
    # After a title, a clause opener or a possessive, the alias is the actor.
    assert top(sample, "Foreign Minister Kono urged Seoul to launch talks.")[0] == "kono"
    assert top(sample, "But Kim said Japan must show sincerity.")[0] == "kim_jung_han"
    assert top(sample, "Japan's Kono said Seoul must present a solution.")[0] == "kono"


def test_a_new_speakers_side_from_a_title_the_codebook_gives_one_side(
    sample: CodebookIndex,
) -> None:
    # The codebook calls Suga "chief Cabinet secretary" and Abe "Prime Minister Shinzo Abe".
    for text in (
        "Chief Cabinet Secretary Hirokazu Matsuno said the ruling was regrettable.",
        "Prime Minister Fumio Kishida told reporters the issue had been settled.",
    ):
        newcomer = last_proposals([text], sample)[0].new_speaker
        assert newcomer is not None and newcomer.side_id == "japan", text
    # "Foreign Minister" is a title of both sides' actors: the place decides, or nothing.
    newcomer = last_proposals(["Foreign Minister Park Jin said talks must go on."], sample)[
        0
    ].new_speaker
    assert newcomer is not None and newcomer.side_id is None
