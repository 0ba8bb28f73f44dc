"""Adding a speaker or a claim type to the codebook in force: a new codebook version made
the way `annotator codebook load` makes one, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from models.codebook import CodebookError, coding_rules, current_version, parse_codebook
from models.codebook_additions import (
    NewActor,
    NewClaim,
    bump,
    extend_codebook,
    slug,
    store_addition,
)
from models.db import session_scope
from models.tables import Actor, ClaimType, CodebookVersion
from tests.conftest import SAMPLE, load_sample

KAMIKAWA = NewActor(
    id="yoko_kamikawa",
    name="Yoko Kamikawa",
    side="japan",
    kind="person",
    aliases=("Japanese Foreign Minister Yoko Kamikawa", "Kamikawa"),
)


def test_a_new_speaker_becomes_a_new_codebook_version(engine: Engine) -> None:
    load_sample(engine)
    with session_scope(engine) as session:
        before = current_version(session)
        assert before is not None
        first_id, first_source = before.id, before.source
        store_addition(session, KAMIKAWA, "added from the annotation screen by alice")
    with Session(engine) as session:
        after = current_version(session)
        assert after is not None and after.id != first_id
        assert (after.name, after.version) == ("Japan–South Korea wartime labor dispute", "1.0+1")
        # The stored source is the old one, comments and all, with the actor appended.
        assert after.source.startswith(first_source.split('version = "1.0"')[0])
        assert "# added from the annotation screen by alice\n[[actors]]" in after.source
        book = parse_codebook(after.source)
        assert book.actors[-1].aliases == list(KAMIKAWA.aliases)
        assert len(coding_rules(after)) == 3  # the rest of the codebook is as it was
        actor = session.get(Actor, "yoko_kamikawa")
        assert actor is not None and actor.active
        assert (actor.name, actor.side_id, actor.kind) == ("Yoko Kamikawa", "japan", "person")
        assert session.exec(select(CodebookVersion)).all().__len__() == 2


def test_a_new_claim_type_with_its_key(engine: Engine) -> None:
    load_sample(engine)
    claim = NewClaim(id="fund_proposal", label="A joint fund of both countries' firms", key="w")
    with session_scope(engine) as session:
        store_addition(session, claim)
    with Session(engine) as session:
        stored = session.get(ClaimType, "fund_proposal")
        assert stored is not None and stored.key == "w"
        assert stored.definition == claim.label  # no definition given: the label
        version = current_version(session)
        assert version is not None and version.version == "1.0+1"


@pytest.mark.parametrize(
    ("addition", "message"),
    [
        (NewClaim("x1", "Clashing", key="l"), "key 'l' clashes with claim 'lump_sum'"),
        (NewClaim("x2", "Screen key", key="a"), "key 'a' is reserved by the annotation screen"),
        (NewClaim("settled_1965", "Twice", key="w"), "duplicate id 'settled_1965' in claims"),
        (
            NewActor("kono2", "Kono again", "japan", aliases=("Kono",)),
            "alias 'Kono' already names actor 'kono'",
        ),
        (NewActor("ghost", "Ghost", "atlantis"), "unknown side 'atlantis'"),
    ],
)
def test_a_clash_is_refused_with_the_codebooks_message(
    addition: NewActor | NewClaim, message: str
) -> None:
    source = (SAMPLE / "codebook.toml").read_text(encoding="utf-8")
    clashes = {
        "l": next(c.id for c in parse_codebook(source).claims if c.key == "l"),
    }
    with pytest.raises(CodebookError) as caught:
        extend_codebook(source, addition)
    messages = [problem.message for problem in caught.value.problems]
    assert message.replace("lump_sum", clashes["l"]) in " | ".join(messages)


def test_nothing_is_stored_when_the_addition_is_refused(engine: Engine) -> None:
    load_sample(engine)
    with pytest.raises(CodebookError), session_scope(engine) as session:
        store_addition(session, NewClaim("bad", "Bad", key="a"))
    with Session(engine) as session:
        assert len(session.exec(select(CodebookVersion)).all()) == 1
        assert session.get(ClaimType, "bad") is None


def test_two_coders_adding_at_once_keep_both(engine: Engine) -> None:
    """Each addition starts from the version the other stored: none drops the other's."""
    load_sample(engine)
    errors: list[BaseException] = []

    def add(actor: NewActor) -> None:
        try:
            with session_scope(engine) as session:
                store_addition(session, actor)
        except BaseException as exc:  # reported below
            errors.append(exc)

    actors = [NewActor(f"speaker_{n}", f"Speaker {n}", "other") for n in range(2)]
    threads = [threading.Thread(target=add, args=(actor,)) for actor in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with Session(engine) as session:
        active = set(session.exec(select(Actor.id).where(col(Actor.active))).all())
        added = {a.id for a in actors} & active
    assert not errors and added == {"speaker_0", "speaker_1"}


def test_version_names_and_ids() -> None:
    assert [bump("1.0"), bump("1.0+1"), bump("2024-05"), bump("v2+9")] == [
        "1.0+1",
        "1.0+2",
        "2024-05+1",
        "v2+10",
    ]
    assert slug("Taro Kono") == "taro_kono"
    assert slug("Yolanda Yu Hoi-kwan") == "yolanda_yu_hoi_kwan"
    assert slug("Kang Kyung-wha", ["kang_kyung_wha"]) == "kang_kyung_wha_2"
    assert slug("Ōno Tōru") == "ono_toru"
    assert slug("李在明") == "entry"


def test_a_codebook_written_with_literal_strings_gets_its_version_bumped() -> None:
    source = (SAMPLE / "codebook.toml").read_text(encoding="utf-8")
    literal = source.replace('version = "1.0"', "version = '1.0'", 1)
    book, written = extend_codebook(literal, NewClaim("new_claim", "New", key="w"))
    assert book.codebook.version == "1.0+1" and book.claims[-1].id == "new_claim"
    assert written.count("[[claims]]") == source.count("[[claims]]") + 1
