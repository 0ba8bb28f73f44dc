"""`annotator import --labels`: minimal lines load; bad files change nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlmodel import col

from models.db import session_scope
from models.decisions import get_decision
from models.tables import Actor, DecisionKind, Sentence
from tests.export_helpers import counts, run, sentence_ids


def write_lines(path: Path, *lines: Any) -> Path:
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines),
        encoding="utf-8",
    )
    return path


def sentence(engine: Engine, sentence_id: str) -> Sentence:
    with session_scope(engine) as session:
        row = session.get(Sentence, sentence_id)
        assert row is not None
        return row


def test_minimal_lines_by_id_and_by_document_and_text(
    sample_engine: Engine, db_url: str, tmp_path: Path
) -> None:
    ids = sentence_ids(sample_engine)
    second = sentence(sample_engine, ids[1])
    labels = write_lines(
        tmp_path / "annotations.jsonl",
        {
            "sentence_id": ids[0],
            "annotator": "hand",
            "decision": "statements",
            "statements": [{"speaker": "suga", "claim": "settled_1965", "stance": "support"}],
        },
        {
            "document_id": second.document_id,
            "text": second.text,
            "annotator": "hand",
            "decision": "no_claim",
            "statements": [],
        },
        {
            "sentence_id": "no-such-id",
            "document_id": second.document_id,
            "text": second.text,
            "annotator": "other",
            "decision": "skip",
            "statements": [],
            "created_at": "2021-05-06T16:08:09+09:00",
        },
    )
    result = run("import", "--db", db_url, "--labels", str(labels))
    assert result.exit_code == 0, result.output
    assert "3 decisions" in result.output
    with session_scope(sample_engine) as session:
        first = get_decision(session, sentence_id=ids[0], annotator="hand")
        assert first is not None and first.kind is DecisionKind.statements
        assert first.statements[0].speaker_id == "suga"
        assert first.codebook_version_id is not None
        by_text = get_decision(session, sentence_id=ids[1], annotator="hand")
        assert by_text is not None and by_text.kind is DecisionKind.no_claim
        kept = get_decision(session, sentence_id=ids[1], annotator="other")
        assert kept is not None and kept.kind is DecisionKind.skip
    exported = run("export", "--db", db_url, "--annotator", "other").stdout
    assert json.loads(exported)["created_at"] == "2021-05-06T07:08:09.000000Z"


GOOD = {
    "annotator": "hand",
    "decision": "statements",
    "statements": [{"speaker": "suga", "claim": "settled_1965", "stance": "support"}],
}


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ('{"annotator": "hand", "decision": ', "not valid JSON"),
        (
            {**GOOD, "statements": [{**GOOD["statements"][0], "claim": "nope"}]},
            "unknown claim 'nope'",
        ),
        (
            {**GOOD, "statements": [{**GOOD["statements"][0], "speaker": "x"}]},
            "unknown speaker 'x'",
        ),
        (
            {**GOOD, "statements": [{**GOOD["statements"][0], "stance": "meh"}]},
            "unknown stance 'meh'",
        ),
        ({**GOOD, "sentence_id": "d_0000000000000000:0001"}, "unknown sentence"),
        ({**GOOD, "annotator": 7}, "7 is not of type"),
        ({**GOOD, "decision": "maybe"}, "'maybe' is not one of"),
        ({**GOOD, "statements": "suga"}, "is not of type 'array'"),
        ([1, 2], "is not of type 'object'"),
        (
            {"annotator": "hand", "decision": "statements", "statements": [], "sentence_id": "x"},
            "should be non-empty",
        ),
        ('{"annotator": "hand", "decision": "skip", "score": NaN}', "NaN is not a number"),
        ('{"annotator": "h\\ud800", "decision": "skip"}', "lone surrogate \\ud800"),
        ('{"annotator": "h\\u0000", "decision": "skip"}', "NUL character in 'annotator'"),
        ('{"annotator": "hand", "x": ' + "[" * 900 + "]" * 900 + "}", "nested deeper than"),
        ('{"annotator": "hand", "index": ' + "9" * 5000 + "}", "more than 4,300 digits"),
    ],
)
def test_bad_line_names_file_and_line_and_imports_nothing(
    sample_engine: Engine, db_url: str, tmp_path: Path, bad_line: Any, message: str
) -> None:
    ids = sentence_ids(sample_engine)
    if isinstance(bad_line, dict) and "sentence_id" not in bad_line:
        bad_line = {**bad_line, "sentence_id": ids[1]}
    labels = write_lines(tmp_path / "bad.jsonl", {**GOOD, "sentence_id": ids[0]}, bad_line)
    before = counts(sample_engine)
    result = run("import", "--db", db_url, "--labels", str(labels))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: {labels}:2: ")
    assert message in lines[0]
    assert "nothing imported" in lines[0]
    assert counts(sample_engine) == before


def test_add_to_codebook_adds_speakers_claims_and_stances(
    sample_engine: Engine, db_url: str, tmp_path: Path
) -> None:
    ids = sentence_ids(sample_engine)
    statement = {
        "speaker": "yoon",
        "speaker_name": "Yoon Suk Yeol",
        "side": "south_korea",
        "claim": "third_party_fund",
        "stance": "lukewarm",
        "score": 0.5,
    }
    line = {**GOOD, "sentence_id": ids[0], "statements": [statement]}
    labels = write_lines(tmp_path / "new.jsonl", line)
    refused = run("import", "--db", db_url, "--labels", str(labels))
    assert refused.exit_code == 1 and "unknown speaker 'yoon'" in refused.stderr
    added = run("import", "--db", db_url, "--labels", str(labels), "--add-to-codebook")
    assert added.exit_code == 0, added.output
    assert "speaker yoon" in added.stderr and "stance lukewarm" in added.stderr
    with session_scope(sample_engine) as session:
        actor = session.get(Actor, "yoon")
        assert actor is not None and actor.side_id == "south_korea"
        assert actor.name == "Yoon Suk Yeol"


def test_new_speaker_without_side_is_refused(
    sample_engine: Engine, db_url: str, tmp_path: Path
) -> None:
    ids = sentence_ids(sample_engine)
    statement = {"speaker": "yoon", "claim": "settled_1965", "stance": "support"}
    labels = write_lines(
        tmp_path / "new.jsonl", {**GOOD, "sentence_id": ids[0], "statements": [statement]}
    )
    before = counts(sample_engine)
    result = run("import", "--db", db_url, "--labels", str(labels), "--add-to-codebook")
    assert result.exit_code == 1
    assert f"{labels}:1: new speaker 'yoon' needs a side" in result.stderr
    assert counts(sample_engine) == before
    with session_scope(sample_engine) as session:
        assert session.execute(select(col(Actor.id)).where(Actor.id == "yoon")).first() is None


def test_import_needs_documents_or_labels(db_url: str) -> None:
    result = run("import", "--db", db_url)
    assert result.exit_code == 2
    assert "--labels" in result.stderr


def test_add_to_codebook_adds_a_new_side_with_its_speaker(
    sample_engine: Engine, db_url: str, tmp_path: Path
) -> None:
    ids = sentence_ids(sample_engine)
    statement = {
        "speaker": "un_rapporteur",
        "side": "united_nations",
        **{"claim": "victim_relief", "stance": "support"},
    }
    labels = write_lines(
        tmp_path / "new.jsonl", {**GOOD, "sentence_id": ids[0], "statements": [statement]}
    )
    result = run("import", "--db", db_url, "--labels", str(labels), "--add-to-codebook")
    assert result.exit_code == 0, result.output
    assert "side united_nations" in result.stderr
    with session_scope(sample_engine) as session:
        actor = session.get(Actor, "un_rapporteur")
        assert actor is not None and actor.side_id == "united_nations"


def test_non_utf8_line_is_named(sample_engine: Engine, db_url: str, tmp_path: Path) -> None:
    ids = sentence_ids(sample_engine)
    labels = tmp_path / "latin1.jsonl"
    good = json.dumps({**GOOD, "sentence_id": ids[0]}).encode()
    bad = json.dumps({**GOOD, "sentence_id": ids[1], "note": "x"}).encode().replace(b"x", b"\xe9")
    other = json.dumps({**GOOD, "sentence_id": ids[2]}).encode()
    labels.write_bytes(good + b"\n" + other + b"\n" + bad + b"\n")
    before = counts(sample_engine)
    result = run("import", "--db", db_url, "--labels", str(labels))
    assert result.exit_code == 1
    assert f"{labels}:3: not UTF-8 text" in result.stderr
    assert counts(sample_engine) == before


def test_the_same_sentence_and_coder_twice_is_refused_naming_both_lines(
    sample_engine: Engine, db_url: str, tmp_path: Path
) -> None:
    ids = sentence_ids(sample_engine)
    labels = write_lines(
        tmp_path / "twice.jsonl",
        {**GOOD, "sentence_id": ids[0]},
        {**GOOD, "sentence_id": ids[1]},
        {"sentence_id": ids[0], "annotator": "hand", "decision": "no_claim", "statements": []},
    )
    before = counts(sample_engine)
    result = run("import", "--db", db_url, "--labels", str(labels))
    assert result.exit_code == 1
    assert f"twice.jsonl:3: a second decision by 'hand' on sentence {ids[0]}" in result.stderr
    assert "(the first is on line 1)" in result.stderr
    assert counts(sample_engine) == before
