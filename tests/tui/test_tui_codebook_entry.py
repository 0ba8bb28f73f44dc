"""A speaker the codebook lacks, proposed as new, added with `b` and a confirm; a claim
type added with `B`, its key checked by the codebook's validation."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from textual.widgets import Input, Label, Select

from annotator.tui.screens.codebook_entry import NewActorDialog, NewClaimDialog
from annotator.tui.widgets.statement_form import StatementForm
from models.codebook import current_version, parse_codebook
from models.tables import Actor, ClaimType, CodebookVersion, Decision
from tests.tui.conftest import SIZE, current, decision, main, make_app, settle
from tests.tui.new_speaker_fixture import SUGA_SENTENCE, sample_without_suga

pytestmark = pytest.mark.asyncio
__all__ = ["sample_without_suga"]


async def _to_suga(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("slash", *SUGA_SENTENCE, "enter")
    await settle(pilot)


async def test_b_adds_the_new_speaker_and_the_decision_names_it(
    sample_without_suga: Engine,
) -> None:
    engine = sample_without_suga
    async with make_app(engine).run_test(size=SIZE) as pilot:
        await _to_suga(pilot)
        screen = main(pilot)
        new = screen.draft.new_speaker
        assert new is not None and new.name == "Yoshihide Suga" and new.side_id == "japan"
        assert screen.draft.speaker_id is None and screen.draft.claim_id == "stop_liquidation"
        form = str(screen.query_one(StatementForm).content)
        assert "NEW" in form and "Yoshihide Suga (Japan?)" in form and "b adds it" in form
        assert "NEW speaker, not in the codebook" in form

        await pilot.press("b")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, NewActorDialog)
        values = {f.id: f.value for f in dialog.query(Input)}
        assert values == {
            "entry-name": "Yoshihide Suga",
            "entry-id": "yoshihide_suga",
            "entry-aliases": "Japan's top government spokesman Yoshihide Suga; Suga",
        }
        assert dialog.query_one("#entry-side", Select).value == "japan"
        await pilot.press("enter")
        await settle(pilot)

        assert pilot.app.screen is screen
        assert screen.draft.speaker_id == "yoshihide_suga" and screen.draft.is_suggestion
        assert "Yoshihide Suga (Japan)" in str(screen.query_one(StatementForm).content)
        sentence = current(pilot)
        await pilot.press("enter")
        await settle(pilot)

    with Session(engine) as session:
        version = current_version(session)
        assert version is not None and version.version == "1.0+1"
        assert len(session.exec(select(CodebookVersion)).all()) == 2
        book = parse_codebook(version.source)  # a valid codebook, as stored
        assert book.actors[-1].id == "yoshihide_suga"
        actor = session.get(Actor, "yoshihide_suga")
        assert actor is not None and actor.active and actor.side_id == "japan"
        assert actor.aliases == ["Japan's top government spokesman Yoshihide Suga", "Suga"]
        stored_version = session.exec(
            select(Decision.codebook_version_id).where(col(Decision.sentence_id) == sentence)
        ).one()
        assert stored_version == version.id
    saved = decision(engine, sentence)
    assert saved is not None
    assert [(s.speaker_id, s.claim_id, s.stance_id) for s in saved.statements] == [
        ("yoshihide_suga", "stop_liquidation", "support")
    ]
    assert saved.statements[0].from_suggestion


async def test_enter_on_a_new_speaker_opens_the_dialog_and_escape_leaves_all(
    sample_without_suga: Engine,
) -> None:
    async with make_app(sample_without_suga).run_test(size=SIZE) as pilot:
        await _to_suga(pilot)
        sentence = current(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, NewActorDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert main(pilot).draft.new_speaker is not None
    assert decision(sample_without_suga, sentence) is None
    with Session(sample_without_suga) as session:
        assert len(session.exec(select(CodebookVersion)).all()) == 1


async def test_a_clashing_alias_is_refused_in_the_dialog(sample_without_suga: Engine) -> None:
    async with make_app(sample_without_suga).run_test(size=SIZE) as pilot:
        await _to_suga(pilot)
        await pilot.press("b")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, NewActorDialog)
        dialog.query_one("#entry-aliases", Input).value = "Suga; Kono"
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is dialog
        error = str(dialog.query_one("#entry-error", Label).render())
        assert "alias 'Kono' already names actor 'kono'" in error
    with Session(sample_without_suga) as session:
        assert session.get(Actor, "yoshihide_suga") is None


async def test_shift_b_adds_a_claim_type_and_refuses_a_taken_key(
    sample_without_suga: Engine,
) -> None:
    async with make_app(sample_without_suga).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, NewClaimDialog)
        await pilot.press(*"Joint fund of firms from both countries", "tab", "tab", "l", "enter")
        await settle(pilot)
        error = str(dialog.query_one("#entry-error", Label).render())
        assert pilot.app.screen is dialog and "key 'l' clashes with claim" in error
        assert (
            dialog.query_one("#entry-id", Input).value == "joint_fund_of_firms_from_both_countries"
        )
        dialog.query_one("#entry-key", Input).value = "w"
        await pilot.press("enter")
        await settle(pilot)
        screen = main(pilot)
        assert pilot.app.screen is screen
        assert screen.draft.claim_id == "joint_fund_of_firms_from_both_countries"
        assert screen.codebook is not None and "w" in screen.codebook.claim_by_key
    with Session(sample_without_suga) as session:
        claim = session.get(ClaimType, "joint_fund_of_firms_from_both_countries")
        assert claim is not None and claim.key == "w"
