"""The statement facts (models.facts) always equal a rebuild from the stored resolution.

Every write refreshes its document's facts in the same transaction; these tests replay
saves, adjudications, clears, undo, a label import, a speaker changing sides and the
migration, and compare the stored facts with a rebuild of every fact, and check that
each document's first fact for a side or speaker (with or without its claim) is marked
exactly once, since `report stance` counts documents by summing those marks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from alembic import command
from conftest import SAMPLE
from report_fixture import build, st
from sqlalchemy import Engine, func, select

from annotator.reports.filters import Filters
from annotator.reports.stance import By, StanceOptions, stance_report
from models.codebook import parse_codebook, store_codebook
from models.db import session_scope
from models.decisions import apply_snapshot, clear_decision, save_decision
from models.facts import rebuild_facts
from models.migrate import alembic_config, upgrade
from models.tables import DecisionKind, DecisionRole, Event, StatementFact
from tests.export_helpers import run

FACTS = StatementFact.__table__  # type: ignore[attr-defined]
MARKS = {
    "first_for_side": ("side_id",),
    "first_for_side_claim": ("side_id", "claim_id"),
    "first_for_speaker": ("speaker_id",),
    "first_for_speaker_claim": ("speaker_id", "claim_id"),
}


def stored_facts(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        return sorted(tuple(row) for row in connection.execute(select(FACTS)))


def assert_facts_are_a_rebuild(engine: Engine) -> list[tuple[Any, ...]]:
    """The facts as stored, after checking a rebuild gives the same and the marks hold."""
    kept = stored_facts(engine)
    with engine.begin() as connection:
        for statement in rebuild_facts():
            connection.execute(statement)
        for mark, within in MARKS.items():
            keys = [FACTS.c.document_id, *(FACTS.c[name] for name in within)]
            marked = connection.execute(
                select(*keys, func.sum(FACTS.c[mark])).group_by(*keys)
            ).all()
            assert marked and {row[-1] for row in marked} == {1}, (mark, marked)
    assert stored_facts(engine) == kept
    return kept


def test_saves_adjudications_clears_and_undo_keep_the_facts(engine: Engine) -> None:
    build(engine)
    before = assert_facts_are_a_rebuild(engine)
    with session_scope(engine) as session:
        # bob disagrees on D1:2 now, and agrees on D2:0; dave adjudicates D1:2.
        save_decision(
            session,
            sentence_id="D1:2",
            annotator="bob",
            kind=DecisionKind.statements,
            statements=[st("jp_government", "breach_intl_law", "oppose")],
        )
        save_decision(
            session,
            sentence_id="D2:0",
            annotator="bob",
            kind=DecisionKind.statements,
            statements=[st("kr_government", "settled_1965", "oppose")],
        )
    assert assert_facts_are_a_rebuild(engine) != before
    with session_scope(engine) as session:
        save_decision(
            session,
            sentence_id="D1:2",
            annotator="dave",
            kind=DecisionKind.statements,
            statements=[
                st("jp_government", "breach_intl_law", "oppose"),
                st("suga", "breach_intl_law", "support"),
            ],
            role=DecisionRole.adjudicator,
        )
        cleared = clear_decision(session, sentence_id="D3:3", annotator="ann")
    assert assert_facts_are_a_rebuild(engine)
    with session_scope(engine) as session:
        event = session.get(Event, cleared.event_id)
        assert event is not None
        apply_snapshot(
            session,
            sentence_id="D3:3",
            annotator="ann",
            snapshot=event.before,
            action="undo",
            reverts_event_id=event.id,
        )
    assert assert_facts_are_a_rebuild(engine)


def test_label_import_keeps_the_facts(engine: Engine, db_url: str, tmp_path: Path) -> None:
    build(engine)
    line = {
        "sentence_id": "D3:0",
        "annotator": "erin",
        "role": "adjudicator",
        "decision": "statements",
        "statements": [{"speaker": "kono", "claim": "dialogue", "stance": "support"}],
    }
    labels = tmp_path / "labels.jsonl"
    labels.write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = run("import", "--db", db_url, "--labels", str(labels))
    assert result.exit_code == 0, result.output
    facts = assert_facts_are_a_rebuild(engine)
    assert any(f[1:4] == ("kono", "dialogue", "support") for f in facts)


def test_a_speaker_changing_sides_moves_their_facts(engine: Engine) -> None:
    build(engine)
    source = (SAMPLE / "codebook.toml").read_text(encoding="utf-8")
    moved = source.replace(
        'id = "suga"\nname = "Yoshihide Suga"\nside = "japan"',
        ('id = "suga"\nname = "Yoshihide Suga"\nside = "south_korea"'),
    )
    assert moved != source
    with session_scope(engine) as session:
        store_codebook(session, parse_codebook(moved), moved)
    facts = assert_facts_are_a_rebuild(engine)
    assert {f[4] for f in facts if f[1] == "suga"} == {"south_korea"}


def documents_by_cell(engine: Engine, by: By, claims: tuple[str, ...]) -> dict[Any, int]:
    """(month, side or speaker) → distinct documents, counted by id: the oracle."""
    group = FACTS.c.side_id if by is By.side else FACTS.c.speaker_id
    query = (
        select(FACTS.c.month, group, func.count(func.distinct(FACTS.c.document_id)))
        .where(FACTS.c.month.is_not(None), FACTS.c.claim_id.in_(claims))
        .group_by(FACTS.c.month, group)
    )
    with engine.connect() as connection:
        return {(month, g): n for month, g, n in connection.execute(query)}


def test_documents_are_counted_right_with_and_without_a_claim_filter(engine: Engine) -> None:
    """Unfiltered, the marks count a cell's documents; --claim without --per-claim keeps
    some of a document's facts for a side and not others (D1: Japan's first fact is on
    breach_intl_law, and --claim settled_1965 drops it), and still counts each once."""
    build(engine)
    every = ("settled_1965", "respect_ruling", "breach_intl_law", "dialogue")
    for by in By:
        for claims in ((), ("settled_1965",), ("breach_intl_law", "dialogue")):
            report = stance_report(engine, StanceOptions(by=by, filters=Filters(claims=claims)))
            got = {(r.period, r.group): r.documents for r in report.rows if r.statements}
            assert got == documents_by_cell(engine, by, claims or every), (by, claims)
    japan = stance_report(engine, StanceOptions(filters=Filters(claims=("settled_1965",))))
    assert [r.documents for r in japan.rows if (r.period, r.group) == ("2019-01", "japan")] == [2]


def test_migration_fills_the_facts(engine: Engine) -> None:
    """A database from before the marks (schema 0006) gets them, and one from before
    the facts (0005) gets every fact, equal to what the writes kept."""
    build(engine)
    kept = assert_facts_are_a_rebuild(engine)
    for revision in ("0006_statement_facts", "0005_write_keys"):
        command.downgrade(alembic_config(engine), revision)
        upgrade(engine)
        assert assert_facts_are_a_rebuild(engine) == kept
