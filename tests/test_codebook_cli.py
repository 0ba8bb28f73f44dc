"""Storing codebooks: versions, retirement, and labels never dropped silently."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from models.codebook import load_codebook_file, store_codebook
from models.db import open_database, session_scope
from models.decisions import StatementData, save_decision
from models.tables import (
    ClaimType,
    CodebookVersion,
    DecisionKind,
    Sentence,
    SentenceKind,
    Statement,
)
from tests.cli_helpers import run
from tests.conftest import SAMPLE


def _label_first_sentence(db_url: str, claim: str) -> None:
    engine = open_database(db_url)
    with session_scope(engine) as session:
        sid = session.exec(
            select(Sentence.id)
            .where(Sentence.kind == SentenceKind.content)
            .order_by(col(Sentence.id))
        ).first()
        assert sid is not None
        save_decision(
            session,
            sentence_id=sid,
            annotator="ann",
            kind=DecisionKind.statements,
            statements=[StatementData("jp_government", claim, "support")],
        )
    engine.dispose()


def _edited_codebook(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "codebook.toml"
    path.write_text((SAMPLE / "codebook.toml").read_text(encoding="utf-8").replace(old, new))
    return path


def test_show_prints_the_codebook_in_force(db_url: str) -> None:
    assert run(db_url, "init").exit_code == 0
    result = run(db_url, "codebook", "show")
    assert result.exit_code == 0
    assert "Japan–South Korea wartime labor dispute, version 1.0" in result.stdout
    assert "settled_1965" in result.stdout and "Tokyo" in result.stdout


def test_dropping_a_used_claim_needs_a_mapping(db_url: str, tmp_path: Path) -> None:
    assert run(db_url, "init").exit_code == 0
    assert run(db_url, "import", str(SAMPLE)).exit_code == 0
    _label_first_sentence(db_url, "settled_1965")
    renamed = _edited_codebook(tmp_path, 'id = "settled_1965"', 'id = "settled_by_1965_accord"')

    refused = run(db_url, "codebook", "load", str(renamed))
    assert refused.exit_code == 1
    assert "claim 'settled_1965' (1 statements)" in refused.stderr
    assert "--map OLD=NEW" in refused.stderr

    mapped = run(
        db_url, "codebook", "load", str(renamed), "--map", "settled_1965=settled_by_1965_accord"
    )
    assert mapped.exit_code == 0, mapped.output
    engine = open_database(db_url)
    with Session(engine) as session:
        assert session.exec(select(Statement.claim_id)).all() == ["settled_by_1965_accord"]
        old = session.get(ClaimType, "settled_1965")
        assert old is not None and not old.active  # retired, kept for history
        assert len(session.exec(select(CodebookVersion)).all()) == 2
    engine.dispose()


def test_reloading_an_earlier_version_makes_it_current_again(db_url: str, tmp_path: Path) -> None:
    assert run(db_url, "init").exit_code == 0
    edited = _edited_codebook(tmp_path, 'version = "1.0"', 'version = "1.1"')
    assert run(db_url, "codebook", "load", str(edited)).exit_code == 0
    assert "version 1.1" in run(db_url, "codebook", "show").stdout
    assert run(db_url, "codebook", "load", str(SAMPLE / "codebook.toml")).exit_code == 0
    assert "version 1.0" in run(db_url, "codebook", "show").stdout


def test_bad_map_argument(db_url: str) -> None:
    result = run(db_url, "codebook", "load", str(SAMPLE / "codebook.toml"), "--map", "nonsense")
    assert result.exit_code == 2
    assert "expected OLD=NEW" in result.stderr


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'triggers = ["completely and finally"',
            'triggers = ["", "completely and finally"',
            "triggers",
        ),
        ('aliases = ["Tokyo"', 'aliases = ["  ", "Tokyo"', "aliases"),
        ("score = 1\n", "score = true\n", "score: Input should be a valid number"),
        ("score = 1\n", "score = nan\n", "score"),
        ('key = "1"', 'key = "\\u001b"', "a key is one visible character, not U+001B"),
        ('key = "1"', 'key = " "', "a key is one"),
        ('version = "', "deep = " + "[" * 1000 + "]" * 1000 + '\nversion = "', "nested too deeply"),
        ('version = "', 'note = "\\u0000"\nversion = "', "NUL character"),
    ],
)
def test_codebook_values_that_used_to_pass(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    text = (SAMPLE / "codebook.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run(f"sqlite:///{tmp_path / 'x.db'}", "codebook", "check", str(path))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    problems = [line for line in result.stderr.splitlines() if not line.startswith("error:")]
    assert problems and all(re.match(r".*bad\.toml:\d+: ", line) for line in problems)
    assert any(message in line for line in problems), result.stderr


def test_coding_rules_are_validated_and_stored(tmp_path: Path) -> None:
    from models.codebook import CodebookError, coding_rules, current_version, parse_codebook

    text = (SAMPLE / "codebook.toml").read_text(encoding="utf-8")
    assert [r.id for r in parse_codebook(text).rules] == [
        "court_narration",
        "considering_own_proposal",
        "reporter_framing",
    ]
    bad = text.replace('id = "reporter_framing"', 'id = "court_narration"')
    bad = bad.replace('rule = "A party', 'wording = "A party')
    try:
        parse_codebook(bad, "book.toml")
    except CodebookError as exc:
        messages = [str(p) for p in exc.problems]
    else:
        raise AssertionError("a bad [[rules]] table passed")
    assert any("rules[1]" in m and "wording" in m for m in messages), messages
    engine = open_database(f"sqlite:///{tmp_path / 'a.db'}")
    book, source = load_codebook_file(SAMPLE / "codebook.toml")
    with session_scope(engine) as session:
        store_codebook(session, book, source)
    with Session(engine) as session:
        rules = coding_rules(current_version(session))
    assert rules[0].rule.startswith("A court's ruling or procedural step")
    engine.dispose()
