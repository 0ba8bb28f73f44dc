"""The stored resolution (decision.counted, decision.disputed) always equals the rule.

Every writer goes through models.decisions, which recomputes the flags of a sentence's
decisions; these tests replay saves, clears, undo, adjudications and a label import and
compare the flags with the SQL rule evaluated directly."""

from __future__ import annotations

import json
from pathlib import Path

from alembic import command
from report_fixture import build, st
from sqlalchemy import Engine, case, func, select
from sqlmodel import col

from models.db import session_scope
from models.decisions import apply_snapshot, clear_decision, save_decision
from models.migrate import alembic_config, upgrade
from models.resolution import counts, disputed
from models.tables import Decision, DecisionKind, DecisionRole, Event, Statement
from tests.export_helpers import run


def flags(engine: Engine) -> dict[tuple[str, str], tuple[bool, bool]]:
    """(sentence, annotator) → (counted, disputed) as stored, asserting the rule agrees."""
    rule_counts = case((counts(Decision), True), else_=False)
    rule_disputed = case((disputed(Decision), True), else_=False)
    with session_scope(engine) as session:
        rows = session.execute(
            select(
                col(Decision.sentence_id),
                col(Decision.annotator),
                col(Decision.counted),
                col(Decision.disputed),
                rule_counts.label("rule_counts"),
                rule_disputed.label("rule_disputed"),
            )
        ).all()
    for row in rows:
        assert (bool(row.counted), bool(row.disputed)) == (
            bool(row.rule_counts),
            bool(row.rule_disputed),
        ), row
    return {(r.sentence_id, r.annotator): (bool(r.counted), bool(r.disputed)) for r in rows}


def counted_by(engine: Engine, sentence_id: str) -> list[str]:
    return sorted(a for (s, a), (c, _) in flags(engine).items() if s == sentence_id and c)


def disputed_sentences(engine: Engine) -> list[str]:
    return sorted({s for (s, _), (_, d) in flags(engine).items() if d})


def test_saves_and_adjudications_keep_the_flags(engine: Engine) -> None:
    build(engine)
    assert disputed_sentences(engine) == ["D2:0"]
    assert counted_by(engine, "D1:2") == ["ann"]  # the first of two who agree
    assert counted_by(engine, "D2:1") == ["carol"]
    with session_scope(engine) as session:
        # bob changes his mind: D1:2 is disputed now, and D2:0 agreed.
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
    assert disputed_sentences(engine) == ["D1:2"]
    assert counted_by(engine, "D1:2") == []
    assert counted_by(engine, "D2:0") == ["ann"]
    with session_scope(engine) as session:
        save_decision(
            session,
            sentence_id="D1:2",
            annotator="carol",
            kind=DecisionKind.no_claim,
            role=DecisionRole.adjudicator,
        )
        save_decision(
            session,
            sentence_id="D1:2",
            annotator="dave",
            kind=DecisionKind.statements,
            statements=[st("jp_government", "breach_intl_law", "oppose")],
            role=DecisionRole.adjudicator,
        )
        # A skip says nothing: ann alone decides D2:3 still.
        save_decision(session, sentence_id="D2:3", annotator="bob", kind=DecisionKind.skip)
    assert disputed_sentences(engine) == []
    assert counted_by(engine, "D1:2") == ["dave"]  # the later adjudication
    assert counted_by(engine, "D2:3") == ["ann"]


def test_clears_and_undo_keep_the_flags(engine: Engine) -> None:
    build(engine)
    with session_scope(engine) as session:
        cleared = clear_decision(session, sentence_id="D2:0", annotator="bob")
        clear_decision(session, sentence_id="D2:1", annotator="carol")
        clear_decision(session, sentence_id="D1:2", annotator="ann")
    assert disputed_sentences(engine) == ["D2:1"]  # ann and bob, no adjudicator now
    assert counted_by(engine, "D2:0") == ["ann"]
    assert counted_by(engine, "D1:2") == ["bob"]
    with session_scope(engine) as session:
        event = session.get(Event, cleared.event_id)
        assert event is not None
        apply_snapshot(
            session,
            sentence_id="D2:0",
            annotator="bob",
            snapshot=event.before,
            action="undo",
            reverts_event_id=event.id,
        )
    assert disputed_sentences(engine) == ["D2:0", "D2:1"]
    assert counted_by(engine, "D2:0") == []


def test_label_import_keeps_the_flags(engine: Engine, db_url: str, tmp_path: Path) -> None:
    build(engine)
    lines = [
        {  # an adjudication settles D2:0
            "sentence_id": "D2:0",
            "annotator": "erin",
            "role": "adjudicator",
            "decision": "statements",
            "statements": [
                {"speaker": "kr_government", "claim": "settled_1965", "stance": "oppose"}
            ],
        },
        {  # a second annotator disagrees on D3:3
            "sentence_id": "D3:3",
            "annotator": "bob",
            "decision": "no_claim",
            "statements": [],
        },
    ]
    labels = tmp_path / "labels.jsonl"
    labels.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = run("import", "--db", db_url, "--labels", str(labels))
    assert result.exit_code == 0, result.output
    assert disputed_sentences(engine) == ["D3:3"]
    assert counted_by(engine, "D2:0") == ["erin"]
    assert counted_by(engine, "D3:3") == []


def test_migration_fills_the_flags_and_keeps_the_statements(engine: Engine) -> None:
    """A database from before the flags existed gets them from the rule, losing nothing."""
    build(engine)
    with session_scope(engine) as session:
        statements = session.execute(select(func.count()).select_from(Statement)).scalar_one()
    command.downgrade(alembic_config(engine), "0002_tui")
    upgrade(engine)
    with session_scope(engine) as session:
        assert session.execute(select(func.count()).select_from(Statement)).scalar_one() == (
            statements
        )
    assert disputed_sentences(engine) == ["D2:0"]
    assert counted_by(engine, "D2:1") == ["carol"]
