"""Shared by the export tests: labelled sample databases, CLI calls, table snapshots."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlmodel import col
from typer.testing import CliRunner, Result

from annotator.cli import app
from models.db import session_scope
from models.decisions import StatementData, save_decision
from models.tables import (
    Actor,
    Decision,
    DecisionKind,
    DecisionRole,
    Event,
    Sentence,
    SentenceKind,
    Statement,
    Suggestion,
)


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def sentence_ids(engine: Engine, kind: SentenceKind = SentenceKind.content) -> list[str]:
    with session_scope(engine) as session:
        return list(
            session.execute(
                select(col(Sentence.id))
                .where(col(Sentence.kind) == kind)
                .order_by(col(Sentence.id))
            ).scalars()
        )


def label_sample(engine: Engine) -> list[str]:
    """Decisions of every shape: two annotators on one sentence, several statements, a
    note with quotes and markup-like text, no claim, skip, an adjudicator, old dates."""
    ids = sentence_ids(engine)
    when = datetime(2024, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)
    with session_scope(engine) as session:
        save_decision(
            session,
            sentence_id=ids[0],
            annotator="ann",
            kind=DecisionKind.statements,
            statements=[
                StatementData("jp_government", "settled_1965", "support"),
                StatementData(
                    "suga",
                    "breach_intl_law",
                    "support",
                    note='said "firmly"; [bold] ünïcode',
                    from_suggestion=True,
                    suggestion_source="rule:speaker.said",
                ),
            ],
            created_at=when,
            updated_at=when,
        )
        save_decision(session, sentence_id=ids[0], annotator="bob", kind=DecisionKind.no_claim)
        save_decision(session, sentence_id=ids[1], annotator="ann", kind=DecisionKind.skip)
        save_decision(
            session,
            sentence_id=ids[5],
            annotator="carol",
            kind=DecisionKind.statements,
            statements=[StatementData("kr_supreme_court", "respect_ruling", "neutral")],
            role=DecisionRole.adjudicator,
        )
        save_decision(
            session,
            sentence_id=ids[40],
            annotator="bob",
            kind=DecisionKind.statements,
            statements=[StatementData("suga", "settled_1965", "oppose")],
        )
    return ids


def counts(engine: Engine) -> dict[str, int]:
    """Row counts a failed import must leave as they were."""
    with session_scope(engine) as session:
        return {
            table.__name__: session.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (Decision, Statement, Event, Suggestion, Actor)
        }


def decision_rows(engine: Engine) -> list[tuple[Any, ...]]:
    with session_scope(engine) as session:
        return [
            tuple(row)
            for row in session.execute(
                select(
                    col(Decision.sentence_id),
                    col(Decision.annotator),
                    col(Decision.kind),
                    col(Decision.role),
                ).order_by(col(Decision.sentence_id), col(Decision.annotator))
            )
        ]
