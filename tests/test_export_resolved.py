"""`annotator export --resolved`: one decision per sentence, by the reports' rule, in
every format, with disputed sentences left out and counted; both backends."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from sqlalchemy import Engine

from models.db import session_scope
from models.decisions import StatementData, save_decision
from models.tables import DecisionKind, DecisionRole
from tests.export_helpers import label_sample, run

AGREED = StatementData("kr_government", "respect_ruling", "support")


def _label(engine: Engine) -> list[str]:
    """label_sample (ids[0]: ann and bob disagree; ids[1]: a skip; ids[5]: carol
    adjudicated; ids[40]: bob alone) plus ids[2], where ann and bob agree, and ids[3],
    where they disagree and carol adjudicated."""
    ids = label_sample(engine)
    with session_scope(engine) as session:
        for annotator in ("ann", "bob"):
            save_decision(
                session,
                sentence_id=ids[2],
                annotator=annotator,
                kind=DecisionKind.statements,
                statements=[AGREED],
            )
        save_decision(session, sentence_id=ids[3], annotator="ann", kind=DecisionKind.no_claim)
        save_decision(
            session,
            sentence_id=ids[3],
            annotator="bob",
            kind=DecisionKind.statements,
            statements=[StatementData("suga", "settled_1965", "support")],
        )
        save_decision(
            session,
            sentence_id=ids[3],
            annotator="carol",
            kind=DecisionKind.statements,
            statements=[StatementData("suga", "settled_1965", "support")],
            role=DecisionRole.adjudicator,
        )
    return ids


def _resolved(ids: list[str]) -> dict[str, str]:
    """sentence → the annotator whose decision is the resolved one."""
    return {ids[2]: "ann", ids[3]: "carol", ids[5]: "carol", ids[40]: "bob"}


def _export(db_url: str, fmt: str, *more: str) -> Any:
    result = run("export", "--db", db_url, "-f", fmt, "--resolved", *more)
    assert result.exit_code == 0, result.output
    assert "left out 1 disputed sentence(s)" in result.stderr
    return result


def test_native_jsonl_holds_one_decision_per_sentence(sample_engine: Engine, db_url: str) -> None:
    ids = _label(sample_engine)
    result = _export(db_url, "jsonl")
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert {x["sentence_id"]: x["annotator"] for x in lines} == _resolved(ids)
    assert len(lines) == 4  # ids[0] disputed, ids[1] only a skip
    adjudicated = next(x for x in lines if x["sentence_id"] == ids[3])
    assert adjudicated["role"] == "adjudicator"
    assert "exported 4 lines (jsonl)" in result.stderr
    # Without --resolved every decision is there, and nothing is said about disputes.
    everything = run("export", "--db", db_url)
    assert len(everything.stdout.splitlines()) == 10
    assert "disputed" not in everything.stderr


@pytest.mark.parametrize("fmt", ["prodigy", "doccano"])
def test_jsonl_formats(sample_engine: Engine, db_url: str, fmt: str) -> None:
    ids = _label(sample_engine)
    lines = [json.loads(x) for x in _export(db_url, fmt).stdout.splitlines()]
    if fmt == "prodigy":
        found = [(x["meta"]["sentence_id"], x["_annotator_id"]) for x in lines]
    else:
        found = [
            (x["stance_annotator.sentence_id"], x["stance_annotator.annotator"]) for x in lines
        ]
    assert sorted(found) == sorted(_resolved(ids).items())


def test_label_studio_tasks_carry_one_annotation(sample_engine: Engine, db_url: str) -> None:
    ids = _label(sample_engine)
    tasks = json.loads(_export(db_url, "label-studio").stdout)
    found = {t["data"]["sentence_id"]: t["annotations"] for t in tasks}
    assert set(found) == set(_resolved(ids))
    assert all(len(annotations) == 1 for annotations in found.values())
    coders = {
        t["data"]["sentence_id"]: [
            a["annotator"] for a in t["meta"]["stance_annotator"]["annotations"]
        ]
        for t in tasks
    }
    assert coders[ids[3]] == ["carol"]


def test_statement_rows_never_count_a_sentence_twice(sample_engine: Engine, db_url: str) -> None:
    ids = _label(sample_engine)
    rows = list(csv.DictReader(io.StringIO(_export(db_url, "csv").stdout)))
    # ids[2] holds the same statement by ann and bob: once here; ids[0]'s are disputed.
    assert sorted((r["sentence_id"], r["annotator"]) for r in rows) == sorted(
        (s, a) for s, a in _resolved(ids).items()
    )
    dna = _export(db_url, "dna-csv")
    events = list(csv.DictReader(io.StringIO(dna.stdout), delimiter=";"))
    # The resolved statements less carol's neutral one on ids[5] (DNA is 1/0): one each
    # of ann, bob and carol (DNA numbers its coders).
    assert len(events) == 3 and len({e["coder"] for e in events}) == 3
    assert "1 neutral statement(s) left out" in dna.stderr


def test_resolved_is_the_layer_of_all_annotators(sample_engine: Engine, db_url: str) -> None:
    _label(sample_engine)
    result = run("export", "--db", db_url, "--resolved", "--annotator", "ann")
    assert result.exit_code == 2
    assert "--resolved" in result.stderr and "--annotator" in result.stderr
