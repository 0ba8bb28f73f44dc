"""`report progress` once documents are assigned: each coder counted on their documents,
and the double-coded ones finished by both coders. Both backends, through the CLI."""

from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy import Engine, select
from sqlmodel import Session, col

from annotator.teams.assign import assign
from models.db import session_scope
from models.decisions import save_decision
from models.tables import Assignment, DecisionKind, Sentence
from tests.cli_helpers import run
from tests.conftest import load_sample


def content(session: Session, document_id: str) -> list[str]:
    return list(
        session.execute(
            select(col(Sentence.id)).where(
                col(Sentence.document_id) == document_id, col(Sentence.kind) == "content"
            )
        ).scalars()
    )


def test_progress_per_coder_on_their_documents(engine: Engine, db_url: str) -> None:
    load_sample(engine)
    assign(engine, ("alice", "bob", "carol"), 0.4, seed=3)
    with Session(engine) as session:
        rows = session.execute(
            select(Assignment.document_id, Assignment.annotator, Assignment.slot)
        ).all()
        held: dict[str, list[str]] = defaultdict(list)
        coders: dict[str, list[str]] = defaultdict(list)
        for document_id, annotator, _ in rows:
            held[annotator].append(document_id)
            coders[document_id].append(annotator)
        sizes = {d: len(content(session, d)) for d in coders}
        double = sorted(d for d, c in coders.items() if len(c) == 2)
        finished, started = double
        outside = next(d for d in coders if "alice" not in coders[d])
        plan = [(finished, a, content(session, finished)) for a in coders[finished]]
        plan.append((started, coders[started][0], content(session, started)[:1]))
        plan.append((outside, "alice", content(session, outside)[:2]))
    with session_scope(engine) as session:
        for _, annotator, sentences in plan:
            for sentence_id in sentences:
                save_decision(
                    session,
                    sentence_id=sentence_id,
                    annotator=annotator,
                    kind=DecisionKind.no_claim,
                )
    result = run(db_url, "report", "progress", "-f", "json")
    assert result.exit_code == 0, result.output
    report = {r["annotator"]: r for r in json.loads(result.stdout)}
    assert set(report) == {"alice", "bob", "carol"}
    for annotator, documents in held.items():
        row = report[annotator]
        mine = [(d, s) for d, a, s in plan if a == annotator and d in documents]
        decided = sum(len(s) for _, s in mine)
        assert row["documents"] == len(documents)
        assert row["sentences"] == sum(sizes[d] for d in documents)
        assert (row["decided"], row["remaining"]) == (decided, row["sentences"] - decided)
        assert row["double"] == sum(1 for d in documents if d in double)
        assert row["double_done"] == int(finished in documents)
        assert row["double_remaining"] == row["double"] - row["double_done"]
    assert "2 double-coded documents, 1 done by both coders, 1 left" in result.stderr
    table = run(db_url, "report", "progress")
    assert "done by both" in table.stdout and "assigned docs" in table.stdout
