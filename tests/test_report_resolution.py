"""The resolved layer: which decision counts when several annotators decided a sentence."""

from __future__ import annotations

from report_fixture import build, st
from sqlalchemy import Engine, text

from models.db import session_scope
from models.decisions import save_decision
from models.resolution import disagreements, resolved_decisions
from models.tables import DecisionKind, DecisionRole

TWICE = [st("suga", "settled_1965", "support"), st("suga", "settled_1965", "support")]


def resolved(engine: Engine, annotator: str | None = None) -> dict[str, tuple[str, str]]:
    with session_scope(engine) as session:
        rows = session.execute(resolved_decisions(annotator)).all()
        names = dict(session.execute(text("SELECT id, annotator FROM decision")).all())
    return {r.sentence_id: (names[r.decision_id], r.basis) for r in rows}


def disputed(engine: Engine) -> list[str]:
    with session_scope(engine) as session:
        return sorted(r.sentence_id for r in session.execute(disagreements()))


def test_fixture_resolution(engine: Engine) -> None:
    build(engine)
    layer = resolved(engine)
    assert layer["D1:2"] == ("ann", "agreed")
    assert layer["D2:1"] == ("carol", "adjudicated")
    assert layer["D2:2"] == ("ann", "sole")  # bob's skip is not a decision
    assert layer["D3:1"] == ("bob", "sole")
    assert "D2:0" not in layer
    assert disputed(engine) == ["D2:0"]
    assert resolved(engine, "bob")["D2:0"] == ("bob", "sole")


def test_multiset_kind_and_latest_adjudication(engine: Engine) -> None:
    build(engine)
    with session_scope(engine) as session:
        # The same statement once and twice is not agreement.
        save_decision(
            session,
            sentence_id="D3:0",
            annotator="bob",
            kind=DecisionKind.statements,
            statements=TWICE[:1],
        )
        save_decision(
            session,
            sentence_id="D3:0",
            annotator="ann",
            kind=DecisionKind.statements,
            statements=TWICE,
        )
        # No claim against statements is not agreement either.
        save_decision(session, sentence_id="D3:2", annotator="bob", kind=DecisionKind.no_claim)
        # Two adjudications: the later one counts.
        save_decision(
            session,
            sentence_id="D2:0",
            annotator="carol",
            kind=DecisionKind.statements,
            statements=TWICE[:1],
            role=DecisionRole.adjudicator,
        )
        save_decision(
            session,
            sentence_id="D2:0",
            annotator="dan",
            kind=DecisionKind.no_claim,
            role=DecisionRole.adjudicator,
        )
        # Agreement on the same multiset in another order counts once.
        save_decision(
            session,
            sentence_id="D1:0",
            annotator="bob",
            kind=DecisionKind.statements,
            statements=[
                st("moon_hee_sang", "respect_ruling", "support"),
                st("suga", "settled_1965", "support"),
            ],
        )
    layer = resolved(engine)
    assert "D3:0" not in layer and "D3:2" not in layer
    assert layer["D2:0"] == ("dan", "adjudicated")
    assert layer["D1:0"] == ("ann", "agreed")
    assert disputed(engine) == ["D3:0", "D3:2"]
