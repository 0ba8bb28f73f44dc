"""Two coders who disagree on some sample sentences, and the adjudication screen
opened on them, for the adjudication tests."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session
from textual.pilot import Pilot

from annotator.tui.app import AnnotatorApp
from annotator.tui.screens.adjudicate import AdjudicationScreen
from models.db import session_scope
from models.decisions import DecisionData, StatementData, get_decision, save_decision
from models.tables import DecisionKind
from tests.tui.conftest import queue_sentences

ADJUDICATOR = "pi"
KONO = StatementData("kono", "stop_liquidation", "support")
KONO_AGAINST = StatementData("kono", "stop_liquidation", "oppose")
SUGA = StatementData("suga", "settled_1965", "support", note="quoted")
SEOUL = StatementData("kr_government", "respect_ruling", "support")


def code(engine: Engine, sentence_id: str, coder: str, *statements: StatementData) -> None:
    kind = DecisionKind.statements if statements else DecisionKind.no_claim
    with session_scope(engine) as session:
        save_decision(
            session, sentence_id=sentence_id, annotator=coder, kind=kind, statements=statements
        )


def two_coders(engine: Engine) -> dict[str, str]:
    """alice and bob code the first seven queue sentences; they disagree on three."""
    s = queue_sentences(engine, 7)
    code(engine, s[0], "alice", KONO)
    code(engine, s[0], "bob", KONO)  # agree
    code(engine, s[1], "alice", KONO)
    code(engine, s[1], "bob", KONO_AGAINST)  # stance differs
    code(engine, s[2], "alice")
    code(engine, s[2], "bob", SEOUL)  # no claim against a statement
    code(engine, s[3], "alice", KONO, SUGA)
    code(engine, s[3], "bob", KONO, SEOUL)  # one shared, one each
    code(engine, s[4], "alice", SUGA)  # a sole coder
    code(engine, s[5], "alice", SUGA)
    with session_scope(engine) as session:  # a skip is no verdict to disagree with
        save_decision(session, sentence_id=s[5], annotator="bob", kind=DecisionKind.skip)
    code(engine, s[6], "alice")
    code(engine, s[6], "bob")  # agree on no claim
    return {
        "agreed": s[0],
        "stance": s[1],
        "kind": s[2],
        "merge": s[3],
        "sole": s[4],
        "skip": s[5],
    }


def adjudicate_app(engine: Engine, name: str = ADJUDICATOR) -> AnnotatorApp:
    return AnnotatorApp(engine, name, adjudicate=True)


def screen(pilot: Pilot[None]) -> AdjudicationScreen:
    found = pilot.app.screen_stack[1]
    assert isinstance(found, AdjudicationScreen)
    return found


def shown(pilot: Pilot[None]) -> str | None:
    dispute = screen(pilot).dispute
    return dispute.sentence_id if dispute else None


def painted(pilot: Pilot[None]) -> str:
    return "\n".join(strip.text for strip in pilot.app.screen._compositor.render_strips())


def decision(engine: Engine, sentence_id: str, who: str) -> DecisionData | None:
    with Session(engine) as session:
        return get_decision(session, sentence_id=sentence_id, annotator=who)


def keys(decision: DecisionData | None) -> list[tuple[str, str, str]]:
    assert decision is not None
    return [(s.speaker_id, s.claim_id, s.stance_id) for s in decision.statements]
