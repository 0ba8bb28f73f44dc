"""Other tools' files read back: who decided, what Prodigy or doccano changed, what
Label Studio's own editor writes, and nothing overwritten without a word."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from exports.hashing import set_hashes
from models.db import open_database, session_scope
from models.decisions import get_decision
from models.tables import Decision, DecisionKind, DecisionRole
from tests.conftest import REPO, load_sample
from tests.export_helpers import label_sample, run, sentence_ids

FIXTURES = REPO / "tests" / "fixtures" / "interop"


def decisions(engine: Engine) -> dict[tuple[str, str], tuple[Any, ...]]:
    """(sentence, annotator) → what a coder decided, as a user would compare it."""
    with session_scope(engine) as session:
        found = {}
        for row in session.exec(select(Decision)).all():
            decision = get_decision(session, sentence_id=row.sentence_id, annotator=row.annotator)
            assert decision is not None
            found[(row.sentence_id, row.annotator)] = (
                decision.kind,
                decision.role,
                tuple((s.speaker_id, s.claim_id, s.stance_id, s.note) for s in decision.statements),
            )
        return found


@pytest.fixture
def empty(tmp_path: Path) -> tuple[Engine, str]:
    """A second database with the same documents and codebook and no decisions."""
    url = f"sqlite:///{tmp_path / 'second.db'}"
    engine = open_database(url)
    load_sample(engine)
    return engine, url


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]


def _write_lines(path: Path, lines: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")


# Prodigy


def test_prodigy_round_trip_keeps_every_decision(
    sample_engine: Engine, db_url: str, empty: tuple[Engine, str], tmp_path: Path
) -> None:
    label_sample(sample_engine)
    path = tmp_path / "prodigy.jsonl"
    assert run("export", "--db", db_url, "-f", "prodigy", "-o", str(path)).exit_code == 0
    engine, url = empty
    result = run("import", "--db", url, "--labels", str(path), "-f", "prodigy", "--as-decisions")
    assert result.exit_code == 0, result.output
    assert decisions(engine) == decisions(sample_engine)


def test_prodigy_hashes_are_set_hashes(sample_engine: Engine, db_url: str) -> None:
    label_sample(sample_engine)
    out = run("export", "--db", db_url, "-f", "prodigy", "--include-unlabelled").stdout
    for line in (json.loads(x) for x in out.splitlines()):
        task = {"text": line["text"], "options": line["options"]}
        assert set_hashes(task)["_input_hash"] == line["_input_hash"]
        assert task["_task_hash"] == line["_task_hash"]


def test_prodigy_answer_wins_over_our_stale_statements(
    sample_engine: Engine, db_url: str, empty: tuple[Engine, str], tmp_path: Path
) -> None:
    ids = label_sample(sample_engine)
    path = tmp_path / "prodigy.jsonl"
    assert run("export", "--db", db_url, "-f", "prodigy", "-o", str(path)).exit_code == 0
    lines = _lines(path)
    ann = next(x for x in lines if x["meta"]["sentence_id"] == ids[0] and x["accept"])
    bob = next(x for x in lines if x["meta"]["sentence_id"] == ids[40])
    # Re-answered in Prodigy: ann drops settled_1965; bob now accepts nothing.
    ann.update(accept=["breach_intl_law"], _timestamp=ann["_timestamp"] + 60)
    bob.update(accept=[], _timestamp=bob["_timestamp"] + 60)
    _write_lines(path, lines)
    engine, url = empty
    result = run("import", "--db", url, "--labels", str(path), "-f", "prodigy", "--as-decisions")
    assert result.exit_code == 0, result.output
    found = decisions(engine)
    assert found[(ids[0], "ann")] == (
        DecisionKind.statements,
        DecisionRole.annotator,
        (("suga", "breach_intl_law", "support", 'said "firmly"; [bold] ünïcode'),),
    )
    assert found[(ids[40], "bob")][0] is DecisionKind.no_claim
    with session_scope(engine) as session:
        changed = get_decision(session, sentence_id=ids[0], annotator="ann")
        assert changed is not None and changed.updated_at.minute == 31  # Prodigy's time


# doccano


def test_doccano_user_decides_the_coder(
    sample_engine: Engine, db_url: str, empty: tuple[Engine, str], tmp_path: Path
) -> None:
    ids = label_sample(sample_engine)
    exported = tmp_path / "export.jsonl"
    assert run("export", "--db", db_url, "-f", "doccano", "-o", str(exported)).exit_code == 0
    lines = _lines(exported)
    assert {k for line in lines for k in line} == {
        "text",
        "label",
        *(
            f"stance_annotator.{k}"
            for k in ("annotator", "document_id", "sentence_id", "index", "title", "source", "date")
        ),
    }
    # doccano's export zip: one file per user; admin relabelled bob's sentence.
    relabelled = next(x for x in lines if x["stance_annotator.sentence_id"] == ids[40])
    relabelled["label"] = ["suga|settled_1965|support"]
    archive = tmp_path / "project.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("admin.jsonl", json.dumps(relabelled) + "\n")
        zipped.writestr("kim.jsonl", json.dumps(lines[0]) + "\n")
    engine, url = empty
    result = run("import", "--db", url, "--labels", str(archive), "-f", "doccano", "--as-decisions")
    assert result.exit_code == 0, result.output
    found = decisions(engine)
    assert set(found) == {(ids[40], "admin"), (lines[0]["stance_annotator.sentence_id"], "kim")}
    assert found[(ids[40], "admin")][2] == (("suga", "settled_1965", "support", None),)
    assert "doccano keeps no notes, roles, timestamps or statement order" in result.stderr


def test_doccano_plain_file_is_its_user(
    sample_engine: Engine, db_url: str, empty: tuple[Engine, str], tmp_path: Path
) -> None:
    ids = label_sample(sample_engine)
    path = tmp_path / "admin.jsonl"
    assert run("export", "--db", db_url, "-f", "doccano", "-o", str(path)).exit_code == 0
    engine, url = empty
    result = run("import", "--db", url, "--labels", str(path), "-f", "doccano", "--as-decisions")
    assert result.exit_code == 0, result.output
    # ann and bob both decided ids[0]: as one doccano user, the second replaces the
    # first, and the import says so.
    assert f"admin's decision on sentence {ids[0]} replaces the one on line" in result.stderr
    assert "4 decisions" in result.stderr
    assert {annotator for _, annotator in decisions(engine)} == {"admin"}


# Label Studio


def _label_studio_editor_annotation() -> dict[str, Any]:
    """An annotation as Label Studio's editor saves it: one id per control's result."""
    return {
        "id": 7,
        "completed_by": 2,
        "result": [
            {
                "id": f"r{n}",
                "from_name": control,
                "to_name": "text",
                "type": "choices",
                "origin": "manual",
                "value": {"choices": [value]},
            }
            for n, (control, value) in enumerate(
                (("speaker", "kr_government"), ("claim", "bilateral_talks"), ("stance", "support"))
            )
        ]
        + [
            {
                "id": "r9",
                "from_name": "note",
                "to_name": "text",
                "type": "textarea",
                "origin": "manual",
                "value": {"text": ["typed in Label Studio"]},
            }
        ],
        "was_cancelled": False,
        "ground_truth": True,
        "created_at": "2026-11-30T10:00:00.000000Z",
        "updated_at": "2026-11-30T10:01:00.000000Z",
    }


def test_label_studio_editor_results_and_ground_truth(
    sample_engine: Engine, db_url: str, tmp_path: Path
) -> None:
    ids = sentence_ids(sample_engine)
    task = json.loads((FIXTURES / "label_studio_export.json").read_text(encoding="utf-8"))[0]
    task["annotations"] = [_label_studio_editor_annotation()]
    path = tmp_path / "ls.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    result = run(
        "import", "--db", db_url, "--labels", str(path), "-f", "label-studio", "--as-decisions"
    )
    assert result.exit_code == 0, result.output
    assert decisions(sample_engine)[(ids[0], "label-studio:2")] == (
        DecisionKind.statements,
        DecisionRole.adjudicator,
        (("kr_government", "bilateral_talks", "support", "typed in Label Studio"),),
    )


def test_label_studio_round_trip_keeps_coders_apart(
    sample_engine: Engine, db_url: str, empty: tuple[Engine, str], tmp_path: Path
) -> None:
    label_sample(sample_engine)
    path = tmp_path / "tasks.json"
    mapping = [f"--ls-email-map={name}={name}@example.org" for name in ("ann", "bob", "carol")]
    result = run("export", "--db", db_url, "-f", "label-studio", "-o", str(path), *mapping)
    assert result.exit_code == 0, result.output
    engine, url = empty
    result = run(
        "import", "--db", url, "--labels", str(path), "-f", "label-studio", "--as-decisions"
    )
    assert result.exit_code == 0, result.output
    assert decisions(engine) == decisions(sample_engine)
    tasks = json.loads(path.read_text(encoding="utf-8"))
    emails = [a.get("completed_by") for task in tasks for a in task["annotations"]]
    assert {"email": "ann@example.org"} in emails and {"email": "bob@example.org"} in emails


def test_label_studio_keeps_coders_through_its_own_export(
    sample_engine: Engine, db_url: str, empty: tuple[Engine, str], tmp_path: Path
) -> None:
    """Label Studio gives every imported annotation to the importing user and new
    timestamps; the task meta brings coders and times back, and an annotation changed
    in Label Studio belongs to the Label Studio user who changed it."""
    ids = label_sample(sample_engine)
    path = tmp_path / "tasks.json"
    assert run("export", "--db", db_url, "-f", "label-studio", "-o", str(path)).exit_code == 0
    tasks = json.loads(path.read_text(encoding="utf-8"))
    for task in tasks:  # what Label Studio's export gives back
        for annotation in task["annotations"]:
            annotation.update(
                completed_by=1,
                created_at="2026-12-01T21:04:24.680775Z",
                updated_at="2026-12-01T21:04:24.692993Z",
            )
    edited = next(t for t in tasks if t["data"]["sentence_id"] == ids[40])["annotations"][0]
    edited["result"][2]["value"]["choices"] = ["support"]  # was oppose
    path.write_text(json.dumps(tasks), encoding="utf-8")
    engine, url = empty
    result = run(
        "import", "--db", url, "--labels", str(path), "-f", "label-studio", "--as-decisions"
    )
    assert result.exit_code == 0, result.output
    expected = decisions(sample_engine)
    changed = expected.pop((ids[40], "bob"))
    expected[(ids[40], "label-studio:1")] = (
        changed[0],
        changed[1],
        (("suga", "settled_1965", "support", None),),
    )
    assert decisions(engine) == expected
    with session_scope(engine) as session:
        ann = get_decision(session, sentence_id=ids[0], annotator="ann")
        assert ann is not None and ann.updated_at.year == 2024  # ours, not Label Studio's


def test_label_studio_same_coder_twice_is_reported(
    sample_engine: Engine, db_url: str, empty: tuple[Engine, str], tmp_path: Path
) -> None:
    ids = label_sample(sample_engine)
    path = tmp_path / "tasks.json"
    assert run("export", "--db", db_url, "-f", "label-studio", "-o", str(path)).exit_code == 0
    tasks = json.loads(path.read_text(encoding="utf-8"))
    for task in tasks:  # one Label Studio user made every annotation, none of them ours
        del task["meta"]
        for annotation in task["annotations"]:
            annotation["completed_by"] = 1
    path.write_text(json.dumps(tasks), encoding="utf-8")
    _, url = empty
    result = run(
        "import", "--db", url, "--labels", str(path), "-f", "label-studio", "--as-decisions"
    )
    assert result.exit_code == 0, result.output
    assert f"label-studio:1's decision on sentence {ids[0]} replaces the one on" in result.stderr
    assert "4 decisions" in result.stderr


def test_label_studio_config_and_tasks_pass_label_studio_s_validation(
    sample_engine: Engine, db_url: str, tmp_path: Path
) -> None:
    interface = pytest.importorskip(
        "label_studio_sdk.label_interface", reason="label-studio-sdk is not installed"
    )
    label_sample(sample_engine)
    tasks_path, config_path = tmp_path / "tasks.json", tmp_path / "config.xml"
    result = run(
        "export",
        "--db",
        db_url,
        "-f",
        "label-studio",
        "-o",
        str(tasks_path),
        "--config",
        str(config_path),
    )
    assert result.exit_code == 0, result.output
    labeling = interface.LabelInterface(config_path.read_text(encoding="utf-8"))
    labeling.validate()
    tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
    annotations = [a for task in tasks for a in task["annotations"]]
    assert len(annotations) == 5
    for annotation in annotations:
        assert labeling.validate_prediction(annotation, return_errors=True) == []
    wrong = {
        **annotations[0],
        "result": [{**annotations[0]["result"][0], "value": {"choices": ["x"]}}],
    }
    assert labeling.validate_prediction(wrong, return_errors=True)


def test_a_real_label_studio_export_reads_back(sample_engine: Engine, db_url: str) -> None:
    """Three tasks of the snapshot export Label Studio 1.23.2 gave back in
    tools/verify_formats.py: our tasks imported through its API (coders mapped to its
    users kim@, sample@, lee@example.org) and one annotation made there by its admin."""
    path = FIXTURES / "label_studio_1.23.2_snapshot.json"
    result = run(
        "import", "--db", db_url, "--labels", str(path), "-f", "label-studio", "--as-decisions"
    )
    assert result.exit_code == 0, result.output
    assert "7 decisions" in result.stderr
    found = decisions(sample_engine)
    first, second, eleventh = (f"d_d169360f8b62d6e9:{n:04d}" for n in (0, 1, 10))
    assert set(found) == {
        (first, "kim"),
        (first, "sample"),
        (first, "admin@example.org"),
        (second, "kim"),
        (second, "sample"),
        (eleventh, "lee"),
        (eleventh, "sample"),
    }
    assert found[(first, "admin@example.org")][2] == (
        ("kr_government", "bilateral_talks", "oppose", None),
    )
    assert found[(second, "kim")][0] is DecisionKind.skip
    assert found[(eleventh, "lee")][1] is DecisionRole.adjudicator
    assert found[(eleventh, "sample")][1] is DecisionRole.annotator
    with session_scope(sample_engine) as session:
        ours = get_decision(session, sentence_id=first, annotator="sample")
        theirs = get_decision(session, sentence_id=first, annotator="admin@example.org")
        assert ours is not None and theirs is not None
        # Label Studio stamped every annotation on import; ours come back from meta.
        assert ours.updated_at < theirs.updated_at
        assert (ours.updated_at.month, ours.updated_at.day) != (12, 1)


def test_a_real_doccano_export_reads_back(sample_engine: Engine, db_url: str) -> None:
    """doccano 1.8.4's export zip from tools/verify_formats.py (each user's file lists
    every example, with that user's labels), cut to three sentences."""
    path = FIXTURES / "doccano_1.8.4_export.zip"
    result = run("import", "--db", db_url, "--labels", str(path), "-f", "doccano", "--as-decisions")
    assert result.exit_code == 0, result.output
    assert "6 decisions" in result.stderr
    found = decisions(sample_engine)
    first, second, eleventh = (f"d_d169360f8b62d6e9:{n:04d}" for n in (0, 1, 10))
    assert set(found) == {
        (first, "sample"),
        (second, "sample"),
        (eleventh, "sample"),
        (first, "kim"),
        (second, "kim"),
        (eleventh, "lee"),
    }
    assert found[(second, "kim")][0] is DecisionKind.skip
    assert found[(eleventh, "lee")][2] == (("suga", "stop_liquidation", "support", None),)


def test_label_studio_options_are_checked(
    sample_engine: Engine, db_url: str, tmp_path: Path
) -> None:
    bad = run("export", "--db", db_url, "-f", "label-studio", "--ls-email-map", "ann")
    assert bad.exit_code == 2
    assert "--ls-email-map: expected NAME=EMAIL, got 'ann'" in bad.stderr
    wrong = run("export", "--db", db_url, "-f", "doccano", "--config", str(tmp_path / "c.xml"))
    assert wrong.exit_code == 2
    assert "--config and --ls-email-map go with --format label-studio" in wrong.stderr
    assert not (tmp_path / "c.xml").exists()
    named = run("export", "--db", db_url, "-f", "label-studio", "-o", str(tmp_path / "t.ls"))
    assert named.exit_code == 0
    assert "note: Label Studio imports .json files" in named.stderr
