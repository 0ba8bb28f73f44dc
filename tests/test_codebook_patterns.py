"""`annotator codebook patterns`: a Prodigy / spaCy pattern file's patterns become claim
triggers, in a new codebook version or a codebook file, and the suggester uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import Session

from annotator.suggest.index import load_index
from annotator.suggest.rules import run_proposals
from models.codebook import CodebookError, current_version, load_codebook_file, parse_codebook
from models.db import open_database
from tests.cli_helpers import run
from tests.conftest import SAMPLE

SENTENCE = "Foreign Minister Park Jin said Seoul would resume the stalled negotiations with Tokyo."


def _patterns(tmp_path: Path, *lines: object) -> Path:
    path = tmp_path / "claims.patterns.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def _claims_proposed(db_url: str, text: str) -> list[str | None]:
    engine = open_database(db_url)
    with Session(engine) as session:
        index = load_index(session)
    engine.dispose()
    return [p.claim_id for p in run_proposals([text], index)[0] if not p.no_claim]


def _version(db_url: str) -> str:
    engine = open_database(db_url)
    with Session(engine) as session:
        version = current_version(session)
        assert version is not None
        name = f"{version.version} (#{version.id})"
    engine.dispose()
    return name


def test_patterns_become_triggers_of_a_new_codebook_version(db_url: str, tmp_path: Path) -> None:
    assert run(db_url, "init").exit_code == 0
    assert "dialogue" not in _claims_proposed(db_url, SENTENCE)
    patterns = _patterns(
        tmp_path,
        # A claim type by its label, in any case, and by its id in upper case (spaCy's way).
        {"label": "keep diplomatic dialogue and communication going", "pattern": "talk it out"},
        {
            "label": "DIALOGUE",
            "pattern": [
                {"LEMMA": "resume"},
                {"OP": "*"},
                {"lower": {"IN": ["talks", "negotiations"]}},
            ],
        },
    )
    result = run(db_url, "codebook", "patterns", str(patterns))
    assert result.exit_code == 0, result.output
    assert "2 pattern(s), 3 new trigger(s) for 1 claim type(s)" in result.output
    assert _version(db_url) == "1.0+1 (#2)"
    # The token pattern's lemma finds "would resume", its gap "the stalled".
    assert _claims_proposed(db_url, SENTENCE)[0] == "dialogue"
    # Again: nothing new, no new version.
    again = run(db_url, "codebook", "patterns", str(patterns))
    assert again.exit_code == 0 and "nothing stored" in again.output
    assert _version(db_url) == "1.0+1 (#2)"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"label": "no_such_claim", "pattern": "x"}, "label 'no_such_claim' names no claim type"),
        ({"label": "dialogue", "pattern": [{"POS": "VERB"}]}, "token 1: POS cannot be a trigger"),
        ({"label": "dialogue", "pattern": [{"LOWER": "talks", "OP": "!"}]}, "OP '!' cannot"),
        ({"label": "dialogue", "pattern": [{"OP": "?"}, {}]}, "no word to find"),
        ({"label": "dialogue", "pattern": "-talks"}, "cannot be literal"),
        ({"label": "dialogue"}, '"pattern" must be a phrase'),
    ],
)
def test_a_pattern_a_trigger_cannot_say_is_refused_with_its_line(
    db_url: str, tmp_path: Path, line: dict[str, object], message: str
) -> None:
    assert run(db_url, "init").exit_code == 0
    patterns = _patterns(tmp_path, {"label": "dialogue", "pattern": "talk it out"}, line)
    result = run(db_url, "codebook", "patterns", str(patterns))
    assert result.exit_code == 1
    assert f"{patterns}:2: " in result.output and message in result.output
    assert "nothing stored" in result.output
    assert _version(db_url) == "1.0 (#1)"


def test_patterns_added_to_a_codebook_file(tmp_path: Path) -> None:
    patterns = _patterns(tmp_path, {"label": "dialogue", "pattern": "talk it out"})
    target = tmp_path / "with-patterns.toml"
    result = run(
        "sqlite:///unused.db",
        "codebook",
        "patterns",
        str(patterns),
        "--codebook",
        str(SAMPLE / "codebook.toml"),
        "-o",
        str(target),
    )
    assert result.exit_code == 0, result.output
    book, text = load_codebook_file(target)
    assert text.startswith((SAMPLE / "codebook.toml").read_text(encoding="utf-8").split("\n")[0])
    assert book.codebook.version == "1.0+1"
    dialogue = next(c for c in book.claims if c.id == "dialogue")
    assert dialogue.triggers[-1] == "talk it out"
    assert 'source = "claims.patterns.jsonl"' in text
    assert run("sqlite:///unused.db", "codebook", "check", str(target)).exit_code == 0


def test_a_trigger_table_must_name_a_claim_type() -> None:
    text = (SAMPLE / "codebook.toml").read_text(encoding="utf-8")
    bad = text + '\n[[triggers]]\nclaim = "dialog"\nphrases = ["talk it out"]\n'
    with pytest.raises(CodebookError) as raised:
        parse_codebook(bad, "book.toml")
    (problem,) = raised.value.problems
    assert str(problem) == (
        f"book.toml:{len(text.splitlines()) + 3}: triggers[0].claim: unknown claim type 'dialog'"
    )
