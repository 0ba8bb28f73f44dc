"""Other tools' formats: writers in each tool's shape, readers on files in that shape."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from sqlalchemy import Engine, select
from sqlmodel import Session, col

from annotator.suggest import Proposal, suggest
from models.db import session_scope
from models.decisions import get_decision
from models.tables import Decision, DecisionKind
from tests.conftest import REPO
from tests.export_helpers import counts, label_sample, run, sentence_ids

FIXTURES = REPO / "tests" / "fixtures" / "interop"


def _imported(session: Session, sentence_id: str) -> list[Proposal]:
    """What the annotation screen is offered from other tools (not rules or the model)."""
    return [
        p for p in suggest(session, sentence_id) if not p.source.startswith(("rule:", "model:"))
    ]


def proposals(engine: Engine, sentence_id: str) -> list[tuple[str, str | None, str | None, bool]]:
    with session_scope(engine) as session:
        return [
            (p.source, p.speaker_id, p.claim_id, p.no_claim)
            for p in _imported(session, sentence_id)
        ]


def no_decisions(engine: Engine) -> bool:
    with session_scope(engine) as session:
        return session.execute(select(col(Decision.id))).first() is None


def test_prodigy_choice_answers_become_suggestions(sample_engine: Engine, db_url: str) -> None:
    ids = sentence_ids(sample_engine)
    path = FIXTURES / "prodigy_choice.jsonl"
    for _ in range(2):  # importing again replaces, never duplicates
        result = run("import", "--db", db_url, "--labels", str(path), "--format", "prodigy")
        assert result.exit_code == 0, result.output
        assert "3 suggestions" in result.stderr
    assert proposals(sample_engine, ids[0]) == [
        ("prodigy", None, "bilateral_talks", False),
        ("prodigy", None, "joint_fund", False),
    ]
    assert proposals(sample_engine, ids[1]) == [("prodigy", None, None, True)]
    assert proposals(sample_engine, ids[2]) == []
    assert no_decisions(sample_engine)


def test_claim_only_answers_cannot_become_decisions(sample_engine: Engine, db_url: str) -> None:
    path = FIXTURES / "prodigy_choice.jsonl"
    before = counts(sample_engine)
    result = run(
        "import", "--db", db_url, "--labels", str(path), "--format", "prodigy", "--as-decisions"
    )
    assert result.exit_code == 1
    assert f"{path}:1: statement 1 lacks a speaker, claim or stance" in result.stderr
    assert counts(sample_engine) == before


def test_doccano_user_file_becomes_suggestions(sample_engine: Engine, db_url: str) -> None:
    ids = sentence_ids(sample_engine)
    path = FIXTURES / "kim.jsonl"
    result = run("import", "--db", db_url, "--labels", str(path), "--format", "doccano")
    assert result.exit_code == 0, result.output
    assert "1 lines without a decision skipped" in result.stderr
    assert proposals(sample_engine, ids[0]) == [("doccano", None, "bilateral_talks", False)]
    assert proposals(sample_engine, ids[1]) == []
    assert {p[2] for p in proposals(sample_engine, ids[2])} == {"settled_1965", "joint_fund"}
    with session_scope(sample_engine) as session:
        reasons = {p.reason for p in _imported(session, ids[0])}
    assert reasons == {"kim in kim.jsonl:1"}


def test_label_studio_export_as_suggestions_and_as_decisions(
    sample_engine: Engine, db_url: str
) -> None:
    ids = sentence_ids(sample_engine)
    path = FIXTURES / "label_studio_export.json"
    result = run("import", "--db", db_url, "--labels", str(path), "--format", "label-studio")
    assert result.exit_code == 0, result.output
    assert proposals(sample_engine, ids[0]) == [
        ("label-studio", "kr_government", "bilateral_talks", False),
        ("label-studio", None, None, True),
    ]
    assert proposals(sample_engine, ids[1]) == []
    assert no_decisions(sample_engine)

    result = run(
        "import",
        "--db",
        db_url,
        "--labels",
        str(path),
        "--format",
        "label-studio",
        "--as-decisions",
    )
    assert result.exit_code == 0, result.output
    with session_scope(sample_engine) as session:
        three = get_decision(session, sentence_id=ids[0], annotator="label-studio:3")
        assert three is not None and three.kind is DecisionKind.statements
        assert three.statements[0].stance_id == "support"
        assert three.statements[0].suggestion_source == "label-studio"
        four = get_decision(session, sentence_id=ids[0], annotator="label-studio:4")
        assert four is not None and four.kind is DecisionKind.no_claim
        skipped = get_decision(session, sentence_id=ids[1], annotator="label-studio:3")
        assert skipped is not None and skipped.kind is DecisionKind.skip
        assert skipped.created_at is not None and skipped.created_at.minute == 2


def test_malformed_label_studio_file_names_its_line(
    sample_engine: Engine, db_url: str, tmp_path: Path
) -> None:
    text = (FIXTURES / "label_studio_export.json").read_text(encoding="utf-8")
    broken = tmp_path / "broken.json"
    assert '"was_cancelled": true' in text
    broken.write_text(text.replace('"was_cancelled": true', '"was_cancelled": tru'))
    line = text[: text.index('"was_cancelled": true')].count("\n") + 1
    before = counts(sample_engine)
    result = run("import", "--db", db_url, "--labels", str(broken), "--format", "label-studio")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {broken}:{line}: not valid JSON")
    assert counts(sample_engine) == before


def test_prodigy_writer(sample_engine: Engine, db_url: str) -> None:
    label_sample(sample_engine)
    lines = [
        json.loads(x)
        for x in run("export", "--db", db_url, "-f", "prodigy").stdout.split("\n")
        if x
    ]
    assert len(lines) == 5
    for line in lines:
        # The keys of a record saved by Prodigy's choice interface.
        assert line["_view_id"] == "choice"
        assert line["config"] == {"choice_style": "multiple"}
        for key in ("text", "meta", "_input_hash", "_task_hash", "answer", "accept", "options"):
            assert key in line
        assert isinstance(line["_input_hash"], int) and -(2**31) <= line["_input_hash"] < 2**31
        assert line["_annotator_id"] and isinstance(line["_timestamp"], int)
        for stale in ("speaker", "side", "claim", "stance", "statements"):
            assert stale not in line  # ours live under stance_annotator only
    ann = next(x for x in lines if x["_annotator_id"] == "ann" and x["accept"])
    assert ann["answer"] == "accept"
    assert ann["accept"] == ["settled_1965", "breach_intl_law"]
    assert [
        (s["speaker"], s["claim"], s["stance"]) for s in ann["stance_annotator"]["statements"]
    ] == [("jp_government", "settled_1965", "support"), ("suga", "breach_intl_law", "support")]
    bob = next(x for x in lines if x["_annotator_id"] == "bob" and x["text"] == ann["text"])
    # No claim: an accepted empty choice (Prodigy's training recipes drop rejects).
    assert (bob["answer"], bob["accept"]) == ("accept", [])
    # Both coders answered the same question: Prodigy's hashes name the question.
    assert (bob["_input_hash"], bob["_task_hash"]) == (ann["_input_hash"], ann["_task_hash"])
    assert {x["answer"] for x in lines} == {"accept", "ignore"}
    assert {o["id"] for o in ann["options"]} >= {"settled_1965", "respect_ruling"}


def test_doccano_writer_keeps_annotators_apart(sample_engine: Engine, db_url: str) -> None:
    ids = label_sample(sample_engine)
    out = run("export", "--db", db_url, "-f", "doccano").stdout
    lines = [json.loads(x) for x in out.splitlines()]
    first = [x for x in lines if x["stance_annotator.sentence_id"] == ids[0]]
    assert [(x["stance_annotator.annotator"], x["label"]) for x in first] == [
        ("ann", ["jp_government|settled_1965|support", "suga|breach_intl_law|support"]),
        ("bob", ["no_claim"]),
    ]


def test_label_studio_writer(sample_engine: Engine, db_url: str) -> None:
    ids = label_sample(sample_engine)
    tasks = json.loads(run("export", "--db", db_url, "-f", "label-studio").stdout)
    assert len(tasks) == 4
    first = next(t for t in tasks if t["data"]["sentence_id"] == ids[0])
    # No completed_by without --ls-email-map: Label Studio refuses unknown emails.
    assert all("completed_by" not in a for a in first["annotations"])
    result = first["annotations"][0]["result"]
    choices = [r for r in result if r["type"] == "choices"]
    assert {(r["id"], r["from_name"], r["value"]["choices"][0]) for r in choices} == {
        ("s0", "speaker", "jp_government"),
        ("s0", "claim", "settled_1965"),
        ("s0", "stance", "support"),
        ("s1", "speaker", "suga"),
        ("s1", "claim", "breach_intl_law"),
        ("s1", "stance", "support"),
    }
    notes = [(r["id"], r["from_name"], r["value"]) for r in result if r["type"] == "textarea"]
    assert notes == [("s1", "note", {"text": ['said "firmly"; [bold] ünïcode']})]
    assert all(r["to_name"] == "text" for r in result)


def test_csv_one_row_per_statement(sample_engine: Engine, db_url: str) -> None:
    label_sample(sample_engine)
    rows = list(csv.DictReader(io.StringIO(run("export", "--db", db_url, "-f", "csv").stdout)))
    assert len(rows) == 4
    assert {r["stance"] for r in rows} == {"support", "neutral", "oppose"}
    noted = next(r for r in rows if r["note"])
    assert noted["note"] == 'said "firmly"; [bold] ünïcode'


def test_interop_exports_read_back_as_suggestions(
    sample_engine: Engine, db_url: str, tmp_path: Path
) -> None:
    ids = label_sample(sample_engine)
    for fmt, name in (("prodigy", "p.jsonl"), ("doccano", "d.jsonl"), ("label-studio", "l.json")):
        target = tmp_path / name
        assert run("export", "--db", db_url, "-f", fmt, "-o", str(target)).exit_code == 0
        result = run("import", "--db", db_url, "--labels", str(target), "--format", fmt)
        assert result.exit_code == 0, result.output
        found = proposals(sample_engine, ids[0])
        assert (fmt, "jp_government", "settled_1965", False) in found
        assert (fmt, None, None, True) in found
