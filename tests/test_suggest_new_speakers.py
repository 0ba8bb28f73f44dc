"""New speakers: people and bodies the sentence names as speaking, whom the codebook
lacks. Real sentences of the corpora, each with its codebook minus the speaker."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from annotator.suggest.combine import combine
from annotator.suggest.corpus import Gold
from annotator.suggest.index import CodebookIndex, load_index
from annotator.suggest.new_speaker import find_new_speaker
from annotator.suggest.proposal import Proposal
from annotator.suggest.rules import last_proposals
from annotator.suggest.scoring import Tally, keystrokes, score
from models.codebook import parse_codebook, store_codebook
from models.db import open_database, session_scope
from tests.conftest import SAMPLE
from tests.tui.new_speaker_fixture import without_actor

CORPORA = Path(__file__).resolve().parents[1] / "benchmarks" / "corpora"


def index_of(path: Path, tmp_path: Path, *dropped: str) -> CodebookIndex:
    """The index of a codebook file without some of its actors, through the database."""
    source = path.read_text(encoding="utf-8")
    for actor_id in dropped:
        source = without_actor(source, actor_id)
    engine = open_database(f"sqlite:///{tmp_path / 'index.db'}")
    with session_scope(engine) as session:
        store_codebook(session, parse_codebook(source), source)
    with Session(engine) as session:
        index = load_index(session)
    engine.dispose()
    return index


def found(index: CodebookIndex, text: str) -> tuple[str, str, str | None, str] | None:
    hit = find_new_speaker(text, index)
    if hit is None:
        return None
    return hit.speaker.name, hit.speaker.kind, hit.speaker.side_id, hit.rule


@pytest.mark.parametrize(
    ("corpus", "dropped", "text", "expected"),
    [
        (
            "brexit_prorogation",
            ("corbyn",),
            'Opposition leader Jeremy Corbyn said his Labour Party "[are] eager for an '
            'election — but as keen as we are, we are not prepared to risk no deal".',
            ("Jeremy Corbyn", "person", "opposition", "title"),
        ),
        (
            "brexit_prorogation",
            ("cooper",),
            'Member of Parliament (MP) Yvette Cooper of the Labour Party added, "Boris '
            'Johnson is trying to use the Queen to concentrate power in his own hands."',
            ("Yvette Cooper", "person", None, "title"),
        ),
        (
            "hong_kong_protests",
            ("joshua_wong",),
            '"Whenever there are signs of sending a palm branch," wrote student protester '
            "Joshua Wong on Twitter.",
            ("Joshua Wong", "person", "protest_movement", "title"),
        ),
        (
            "hong_kong_protests",
            ("hk_police",),
            "Police Senior Superintendent Yolanda Yu Hoi-kwan said at a press conference: "
            '"The police officers\' lives were seriously threatened."',
            ("Yolanda Yu Hoi-kwan", "person", None, "title"),
        ),
        (
            "hong_kong_protests",
            ("lam",),
            "On Wednesday, Carrie Lam, the chief executive of Hong Kong, announced that her "
            "government will officially withdraw a proposed bill.",
            ("Carrie Lam", "person", "hk_government", "apposition"),
        ),
        (
            "hong_kong_protests",
            ("amnesty",),
            "Amnesty International has called for an investigation into the shooting.",
            ("Amnesty International", "organization", None, "body"),
        ),
        (
            "hong_kong_protests",
            ("regina_ip",),
            'Regina Ip from the pro-Beijing camp said in a press conference: "The behavior of '
            'my colleagues is anti-democratic."',
            ("Regina Ip", "person", None, "name"),
        ),
    ],
)
def test_a_named_speaker_the_codebook_lacks_is_found(
    tmp_path: Path,
    corpus: str,
    dropped: tuple[str, ...],
    text: str,
    expected: tuple[str, str, str | None, str],
) -> None:
    index = index_of(CORPORA / corpus / "codebook.toml", tmp_path, *dropped)
    assert found(index, text) == expected


@pytest.mark.parametrize(
    ("corpus", "dropped", "text"),
    [
        # Narration: nobody is said to speak.
        (
            "sample",
            (),
            "Bilateral ties between the two Asian neighbors have rapidly deteriorated since the "
            "South Korean top court handed down the compensation order in late October.",
        ),
        # Court steps, even of a court the codebook lacks.
        (
            "brexit_prorogation",
            ("court_of_session",),
            "Following that reasoning, the Court of Session in Scotland ruled on September 11 "
            "the prorogation was unlawful.",
        ),
        (
            "sample",
            ("kr_supreme_court",),
            "Friday will mark two years since South Korea's Supreme Court ordered Nippon Steel & "
            "Sumitomo Metal, now Nippon Steel, to pay plaintiffs seeking compensation.",
        ),
        # Capitalised words that are no name.
        (
            "brexit_prorogation",
            ("critics",),
            "Critics from across Britain's political spectrum have claimed this is a move by "
            "Johnson to foil opposition to his plans for a no-deal Brexit by October 31.",
        ),
        (
            "brexit_prorogation",
            ("commons_members",),
            'Members of the House of Commons protested by shouting "shame on you!" and holding '
            "signs during Monday's final session.",
        ),
        (
            "hong_kong_protests",
            ("student_groups",),
            "Hong Kong student groups had given the government until Thursday to throw it out "
            "entirely, but this deadline was not met.",
        ),
        (
            "sample",
            ("jp_government",),
            "The talks, if realized, would be the first of their kind to be based on the pact, "
            "according to Japanese officials.",
        ),
        # Known to the codebook under an alias: not new.
        ("sample", (), "Nippon Steel Corp. said it would appeal."),
    ],
)
def test_nothing_new_where_no_named_outsider_speaks(
    tmp_path: Path, corpus: str, dropped: tuple[str, ...], text: str
) -> None:
    path = SAMPLE / "codebook.toml" if corpus == "sample" else CORPORA / corpus / "codebook.toml"
    assert found(index_of(path, tmp_path, *dropped), text) is None


SUGA = (
    "Japan's top government spokesman Yoshihide Suga described the South Korean court's "
    'approval of the seizure as "extremely regrettable" and said Tokyo "has taken the matter '
    'seriously."'
)


def test_the_proposal_marks_the_speaker_new_and_names_no_codebook_id(tmp_path: Path) -> None:
    index = index_of(SAMPLE / "codebook.toml", tmp_path, "suga")
    top = last_proposals([SUGA], index)[0]
    assert top.speaker_id is None and top.new_speaker is not None
    assert (top.new_speaker.name, top.new_speaker.side_id) == ("Yoshihide Suga", "japan")
    assert top.new_speaker.mention == "Japan's top government spokesman Yoshihide Suga"
    assert (top.claim_id, top.stance_id) == ("stop_liquidation", "support")
    assert top.source.startswith("rule:new_speaker.title") and top.reason.startswith("NEW speaker")
    # With Suga in the codebook, the same sentence names the actor: nothing new.
    (tmp_path / "whole").mkdir()
    known = last_proposals([SUGA], index_of(SAMPLE / "codebook.toml", tmp_path / "whole"))[0]
    assert known.speaker_id == "suga" and known.new_speaker is None


def test_scores_and_keys_treat_a_new_speaker_as_no_codebook_speaker(tmp_path: Path) -> None:
    index = index_of(SAMPLE / "codebook.toml", tmp_path, "suga")
    proposals = last_proposals([SUGA], index)
    gold = Gold("s1", "d1", "alice", False, (("jp_government", "stop_liquidation", "support"),))
    tally = Tally()
    score(tally, gold, proposals, index, None)
    # No speaker counted either way; the claim and stance are right.
    assert (tally.tp["speaker"], tally.fp["speaker"], tally.fn["speaker"]) == (0, 0, 1)
    assert tally.tp["claim"] == 1 and tally.tp["stance"] == 1
    # The speaker is typed (4 keys) and enter: as for an empty speaker.
    assert keystrokes(gold, proposals, None) == (5, 7)


def test_the_model_does_not_replace_a_new_speaker(tmp_path: Path) -> None:
    index = index_of(SAMPLE / "codebook.toml", tmp_path, "suga")
    rules = last_proposals([SUGA], index)
    guess = Proposal("model", 0.3, "model", speaker_id="kono", claim_id="stop_liquidation")
    shown = combine([], rules, [guess])
    assert shown[0].new_speaker is not None and shown[0].speaker_id is None
    assert not any("+model" in p.source for p in shown)  # nothing filled in from the model
