"""The adjudication screen keeps the annotation screen's saving guarantees: a decision
is committed before the next dispute is shown, and a locked database keeps the change
on screen as NOT SAVED and retries it. And the command that opens it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, event
from typer.testing import CliRunner

from annotator.cli import app as cli
from annotator.tui.adjudication_bindings import ADJUDICATION_BINDINGS
from annotator.tui.app import AnnotatorApp
from annotator.tui.bindings import binding_ids
from annotator.tui.disputes import DisputeView
from annotator.tui.keymap import KEYMAP_ENV_VAR
from annotator.tui.screens.adjudicate import AdjudicationScreen
from models.decisions import DecisionData
from models.tables import DecisionKind, DecisionRole
from tests.tui.conftest import SIZE, settle
from tests.tui.disputes_fixture import (
    ADJUDICATOR,
    adjudicate_app,
    decision,
    screen,
    shown,
    two_coders,
)


@pytest.mark.asyncio
async def test_adjudication_is_committed_before_the_next_dispute_is_shown(
    sample_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = two_coders(sample_engine)
    seen: dict[str, DecisionData | None] = {}
    show = AdjudicationScreen.show_dispute

    def spy(self: AdjudicationScreen, dispute: DisputeView) -> None:
        # Another connection sees only what is committed.
        seen[dispute.sentence_id] = decision(sample_engine, s["stance"], ADJUDICATOR)
        show(self, dispute)

    monkeypatch.setattr(AdjudicationScreen, "show_dispute", spy)
    async with adjudicate_app(sample_engine).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert shown(pilot) == s["kind"]
    assert seen[s["stance"]] is None
    committed = seen[s["kind"]]
    assert committed is not None and committed.role is DecisionRole.adjudicator


@pytest.mark.asyncio
async def test_locked_database_keeps_the_adjudication_and_retries(sqlite_sample: Engine) -> None:
    s = two_coders(sqlite_sample)
    event.listen(
        sqlite_sample,
        "connect",
        lambda connection, _record: connection.execute("PRAGMA busy_timeout=20"),
    )
    sqlite_sample.dispose()
    blocker = sqlite3.connect(Path(str(sqlite_sample.url.database)), isolation_level=None)
    async with adjudicate_app(sqlite_sample).run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        blocker.execute("BEGIN EXCLUSIVE")
        await pilot.press("n")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        adjudication = screen(pilot)
        status = str(adjudication.query_one("#status").render())
        assert "NOT SAVED (adjudicated: no claim)" in status and "locked" in status
        assert adjudication.pending is not None and shown(pilot) == s["stance"]
        await pilot.press("2")  # refused while the change is pending
        await pilot.pause()
        assert adjudication.pending.decision_kind is DecisionKind.no_claim
        blocker.execute("COMMIT")
        for _ in range(200):  # retries back off to 8 s apart
            await pilot.pause(0.1)
            await pilot.app.workers.wait_for_complete()
            if adjudication.pending is None:
                break
        await settle(pilot)
        assert adjudication.pending is None and shown(pilot) == s["kind"]
        assert "saved" in str(adjudication.query_one("#status").render())
    blocker.close()
    saved = decision(sqlite_sample, s["stance"], ADJUDICATOR)
    assert saved is not None and saved.kind is DecisionKind.no_claim
    assert decision(sqlite_sample, s["kind"], ADJUDICATOR) is None


def test_adjudicate_command_opens_the_adjudication_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[tuple[str, bool]] = []
    monkeypatch.setattr(
        AnnotatorApp, "run", lambda self: opened.append((self.annotator, self.adjudicate))
    )
    monkeypatch.setenv(KEYMAP_ENV_VAR, str(tmp_path / "none.toml"))
    env = {"ANNOTATOR_DB": str(tmp_path / "annotations.db")}
    result = CliRunner().invoke(cli, ["adjudicate", "--annotator", "pi"], env=env)
    assert result.exit_code == 2 and "no codebook yet" in result.output
    assert CliRunner().invoke(cli, ["init"], env=env).exit_code == 0
    assert CliRunner().invoke(cli, ["adjudicate", "-a", "pi"], env=env).exit_code == 0
    assert opened == [("pi", True)]


def test_adjudication_keys_are_reserved_or_take_a_coder() -> None:
    from models.codebook import RESERVED_KEYS
    from tests.tui.test_tui_keys import CHARACTER_KEYS

    for binding in ADJUDICATION_BINDINGS:
        for key in binding.key.split(","):
            key = CHARACTER_KEYS.get(key, key)
            if binding.id and binding.id.startswith("take_coder_"):
                assert key.isdigit()  # codebook keys act only inside the statement form
                continue
            special = key.startswith("ctrl+") or key in {"up", "down", "left", "right"}
            assert key in RESERVED_KEYS or special, (binding.id, key)
    assert {"take_coder_1", "take_coder_9", "merge_statement"} <= binding_ids()


@pytest.mark.asyncio
async def test_a_keymap_file_rebinds_taking_a_coder(sample_engine: Engine) -> None:
    s = two_coders(sample_engine)
    app = AnnotatorApp(sample_engine, ADJUDICATOR, keymap={"take_coder_2": "b"}, adjudicate=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert shown(pilot) == s["kind"]
    taken = decision(sample_engine, s["stance"], ADJUDICATOR)
    assert taken is not None and taken.statements[0].stance_id == "oppose"
