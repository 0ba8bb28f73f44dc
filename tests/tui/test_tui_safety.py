"""Document text, names, notes and errors are data: markup shows literally, control
characters show as placeholders and never reach the terminal, and the app survives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from annotator.ingest.importer import plan, run_import
from models.db import session_scope
from models.tables import Document, Sentence, Suggestion
from tests.tui.conftest import SIZE, main, make_app, settle

pytestmark = pytest.mark.asyncio

CLIPBOARD = "\x1b]52;c;aGFja2Vk\x07"
HOSTILE = f"Officials said [bold]nothing[/] about [$accent]it[x and {CLIPBOARD} then."
MARKUP = ("[bold]", "[/]", "[$accent]", "[x")


def _screen_text(pilot: object) -> str:
    app = pilot.app  # type: ignore[attr-defined]
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def _import_hostile(engine: Engine, tmp_path: Path) -> str:
    source = tmp_path / "hostile.jsonl"
    record = {
        "text": HOSTILE + "\n\nA second [/] paragraph [bold]here.",
        "title": "[bold]Title[/] " + CLIPBOARD,
        "source": "[$accent]Wire",
        "date": "2001-01-01",
    }
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    summary = run_import(engine, list(plan([source])))
    assert not summary.errors
    with Session(engine) as session:
        document = session.exec(select(Document).where(Document.source == "[$accent]Wire")).one()
        sentence = session.exec(
            select(Sentence).where(Sentence.document_id == document.id, Sentence.index == 0)
        ).one()
    assert "\x1b" in sentence.text, "the importer must keep the text as written"
    with session_scope(engine) as session:
        session.add(
            Suggestion(
                sentence_id=sentence.id,
                source="[bold]tool" + CLIPBOARD,
                speaker_id="suga",
                claim_id="settled_1965",
                stance_id="support",
                reason="[/]matched [$accent] " + CLIPBOARD,
            )
        )
    return sentence.id


def _check(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text
    assert "␛]52;c;aGFja2Vk␇" in text


async def test_every_screen_shows_hostile_text_literally(
    sqlite_sample: Engine, tmp_path: Path
) -> None:
    _import_hostile(sqlite_sample, tmp_path)
    app = make_app(sqlite_sample, keymap_problems=[f"keymap.toml: [bold]bad[/] {CLIPBOARD}"])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        screen = main(pilot)
        assert screen.view is not None and screen.view.document.source == "[$accent]Wire"
        text = _screen_text(pilot)
        _check(text)
        for literal in (*MARKUP, "[bold]Title[/]", "[$accent]Wire", "[bold]tool", "[/]matched"):
            assert literal in text, literal
        assert "keymap.toml: [bold]bad[/]" in text  # the notification

        await pilot.press("m", *"[bold]note[/] [x", "enter")  # note on the draft
        await pilot.press("enter")  # save the suggested statement with the note
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        text = _screen_text(pilot)
        assert "[bold]note[/] [x" in text
        _check(text)

        for key in ("question_mark", "s", "g", "slash", "f", "m"):
            await pilot.press(key)
            await settle(pilot)
            assert pilot.app.screen is not screen, key
            _check(_screen_text(pilot))
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("g", *"wire")
        await settle(pilot)
        assert "[$accent]Wire" in _screen_text(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.is_running and screen.view is not None
