"""Native JSONL: the lossless round trip, the schema, ordering and filters."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import Engine

from exports.native import SCHEMA_PATH
from models.db import open_database, session_scope
from models.decisions import save_decision
from models.tables import DecisionKind, SentenceKind
from tests.conftest import fresh_pg_database, load_sample
from tests.export_helpers import decision_rows, label_sample, run, sentence_ids


@pytest.fixture
def second_url(db_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """Another empty database on the same backend as `db_url`."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'second.db'}"
        return
    with fresh_pg_database(request.getfixturevalue("pg_admin_url")) as url:
        yield url


def test_round_trip_gives_the_same_bytes(
    sample_engine: Engine, db_url: str, second_url: str, tmp_path: Path
) -> None:
    label_sample(sample_engine)
    first = tmp_path / "first.jsonl"
    again = tmp_path / "again.jsonl"
    assert run("export", "--db", db_url, "-o", str(first)).exit_code == 0

    empty = open_database(second_url)
    load_sample(empty)
    imported = run("import", "--db", second_url, "--labels", str(first))
    assert imported.exit_code == 0, imported.output
    assert "5 decisions" in imported.output
    assert run("export", "--db", second_url, "-o", str(again)).exit_code == 0

    assert first.read_bytes() == again.read_bytes()
    assert decision_rows(empty) == decision_rows(sample_engine)
    empty.dispose()


def test_round_trip_with_task_lines(
    sample_engine: Engine, db_url: str, second_url: str, tmp_path: Path
) -> None:
    label_sample(sample_engine)
    first = tmp_path / "tasks.jsonl"
    assert run("export", "--db", db_url, "--include-unlabelled", "-o", str(first)).exit_code == 0
    lines = first.read_text(encoding="utf-8").splitlines()
    content = len(sentence_ids(sample_engine))
    # one line per decision, plus one per content sentence nobody decided
    assert len(lines) == 5 + content - 4
    empty = open_database(second_url)
    load_sample(empty)
    result = run("import", "--db", second_url, "--labels", str(first))
    assert result.exit_code == 0, result.output
    assert f"{content - 4} lines without a decision skipped" in result.output
    again = run("export", "--db", second_url, "--include-unlabelled")
    assert again.stdout.encode() == first.read_bytes()
    empty.dispose()


def test_lines_follow_the_schema_and_the_documented_order(
    sample_engine: Engine, db_url: str
) -> None:
    label_sample(sample_engine)
    result = run("export", "--db", db_url, "--include-unlabelled")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    validator = Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    for line in lines:
        assert not list(validator.iter_errors(line)), line
    keys = [
        (line["document"]["date"], line["document_id"], line["index"], line["annotator"] or "")
        for line in lines
    ]
    assert keys == sorted(keys)
    assert list(lines[0]) == [
        "document_id",
        "document",
        "sentence_id",
        "index",
        "start",
        "end",
        "kind",
        "text",
        "annotator",
        "role",
        "decision",
        "statements",
        "created_at",
        "updated_at",
        "codebook_version",
    ]
    decided = [line for line in lines if line["decision"] == "statements"]
    by_annotator = {line["annotator"]: line for line in decided}
    ann = by_annotator["ann"]
    assert ann["created_at"] == "2024-03-01T09:30:15.123456Z"
    assert ann["codebook_version"] == "1.0"
    assert [s["speaker"] for s in ann["statements"]] == ["jp_government", "suga"]
    assert ann["statements"][1]["note"] == 'said "firmly"; [bold] ünïcode'
    assert ann["statements"][1]["from_suggestion"] is True
    assert ann["statements"][0]["side"] == "japan"
    assert ann["statements"][0]["score"] == 1.0
    assert by_annotator["carol"]["role"] == "adjudicator"


def test_schema_option_prints_the_shipped_schema() -> None:
    result = run("export", "--schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def test_filters(sample_engine: Engine, db_url: str) -> None:
    label_sample(sample_engine)

    def exported(*options: str) -> list[dict[str, Any]]:
        result = run("export", "--db", db_url, *options)
        assert result.exit_code == 0, result.output
        return [json.loads(line) for line in result.stdout.splitlines()]

    assert {line["annotator"] for line in exported("--annotator", "bob")} == {"bob"}
    assert len(exported("--annotator", "bob", "--annotator", "ann")) == 4
    assert {line["document"]["source"] for line in exported("--source", "Kyodo")} == {"Kyodo"}
    later = exported("--since", "2020-01-01", "--include-unlabelled")
    assert later and all(line["document"]["date"] >= "2020-01-01" for line in later)
    earlier = exported("--until", "2019-12-31", "--include-unlabelled")
    assert earlier and all(line["document"]["date"] <= "2019-12-31" for line in earlier)
    assert len(later) + len(earlier) == len(exported("--include-unlabelled"))
    tasks = exported("--annotator", "bob", "--include-unlabelled")
    assert len(tasks) == len(sentence_ids(sample_engine))


def test_kind_filter_and_the_note_about_hidden_decisions(
    sample_engine: Engine, db_url: str
) -> None:
    boilerplate = sentence_ids(sample_engine, SentenceKind.boilerplate)[0]
    with session_scope(sample_engine) as session:
        save_decision(session, sentence_id=boilerplate, annotator="ann", kind=DecisionKind.skip)
    default = run("export", "--db", db_url)
    assert default.stdout == ""
    assert "1 decision(s) on sentences of other kinds left out" in default.stderr
    every = run("export", "--db", db_url, "--kind", "all")
    assert json.loads(every.stdout)["sentence_id"] == boilerplate
    only = run("export", "--db", db_url, "--kind", "boilerplate")
    assert json.loads(only.stdout)["kind"] == "boilerplate"
    bad = run("export", "--db", db_url, "--kind", "footnote")
    assert bad.exit_code == 2 and "footnote" in bad.stderr


def test_undated_documents_come_last(sample_engine: Engine, db_url: str, tmp_path: Path) -> None:
    undated = tmp_path / "undated.jsonl"
    undated.write_text(
        json.dumps({"text": "Seoul said nothing. Tokyo said less.", "source": "Wire"}) + "\n",
        encoding="utf-8",
    )
    assert run("import", "--db", db_url, str(undated)).exit_code == 0
    lines = [
        json.loads(line)
        for line in run(
            "export", "--db", db_url, "--include-unlabelled", "--kind", "all"
        ).stdout.splitlines()
    ]
    dates = [line["document"]["date"] for line in lines]
    assert dates[-1] is None and dates[0] is not None
    assert dates.index(None) == len(dates) - 2  # the two undated sentences, at the end
