"""Document text, names and file names never reach the terminal raw from the CLI.

Human formats show control and bidi characters as placeholders; JSON spells them as
\\u escapes; CSV and JSONL files keep them exact, but not when stdout is a terminal.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import select

from models.db import open_database, session_scope
from models.decisions import StatementData, save_decision
from models.tables import DecisionKind, Sentence
from tests.cli_helpers import run

OSC52 = "\x1b]52;c;SGVsbG8=\x07"
HOSTILE = f"{OSC52} \x1b[2J \u202eevil\u202c \x9b31m \x00 [@click=app.quit]x[/] [bold]b :smile:"
RAW = ("\x1b", "\x07", "\u202e", "\u202c", "\x9b", "\x00")


def _toml(text: str) -> str:
    return json.dumps(text.replace("\x00", ""))  # JSON string escapes are TOML's too


CODEBOOK = f"""
[codebook]
name = {_toml("hostile " + HOSTILE)}
version = "1"

[[sides]]
id = "japan"
label = {_toml("Japan " + HOSTILE)}

[[actors]]
id = "suga"
name = {_toml("Suga " + HOSTILE)}
side = "japan"

[[claims]]
id = "settled"
label = {_toml("Settled " + HOSTILE)}
definition = {_toml("Def " + HOSTILE)}
key = "1"

[[stances]]
id = "support"
label = "Support"
score = 1
key = "+"
"""


def _clean(text: str) -> str:
    """Text as stored: NUL is refused at import, everything else is kept."""
    return text.replace("\x00", "")


@pytest.fixture
def hostile_db(tmp_path: Path) -> str:
    db_url = f"sqlite:///{tmp_path / 'h.db'}"
    book = tmp_path / "book.toml"
    book.write_text(CODEBOOK, encoding="utf-8")
    assert run(db_url, "init", "--codebook", str(book)).exit_code == 0
    docs = tmp_path / "docs.jsonl"
    record = {
        "text": f"Suga said it was settled. {_clean(HOSTILE)} He repeated it.",
        "title": _clean(HOSTILE),
        "source": "Kyodo \x1b[31m",
        "date": "2019-01-09",
    }
    docs.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = run(db_url, "import", str(docs))
    assert result.exit_code == 0, result.stderr
    engine = open_database(db_url)
    with session_scope(engine) as session:
        for sentence in session.exec(select(Sentence)).all():
            save_decision(
                session,
                sentence_id=sentence.id,
                annotator="ann\x1b[2J",
                kind=DecisionKind.statements,
                statements=(StatementData("suga", "settled", "support", note=_clean(HOSTILE)),),
            )
    engine.dispose()
    return db_url


def _assert_safe(output: str) -> None:
    for char in RAW:
        assert char not in output, (repr(char), output)
    assert ":smile:" in output or "smile" not in output  # emoji codes stay text


COMMANDS = [
    ("docs",),
    ("docs", "-f", "markdown"),
    ("docs", "-f", "json"),
    ("report", "evidence"),
    ("report", "evidence", "-f", "markdown"),
    ("report", "evidence", "-f", "json"),
    ("report", "claims"),
    ("report", "stance", "--by", "speaker"),
    ("report", "stance", "--by", "speaker", "-f", "json"),
    ("report", "progress", "--by", "document"),
    ("codebook", "show"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_human_and_json_output_never_carry_controls(hostile_db: str, args: tuple[str, ...]) -> None:
    result = run(hostile_db, *args)
    assert result.exit_code == 0, result.stderr
    _assert_safe(result.stdout + result.stderr)
    if "json" in args:
        json.loads(result.stdout)  # still valid JSON, the escapes decode to the data
    else:
        assert "␛" in result.stdout  # shown, not dropped


def test_json_keeps_the_exact_text(hostile_db: str) -> None:
    result = run(hostile_db, "docs", "-f", "json")
    (doc,) = json.loads(result.stdout)
    assert doc["title"] == _clean(HOSTILE)
    assert "\\u202e" in result.stdout and "\\u001b" in result.stdout


def test_markup_in_data_is_text(hostile_db: str) -> None:
    result = run(hostile_db, "docs")
    assert "[@click=app.quit]x[/]" in result.stdout
    assert "[bold]b" in result.stdout


def test_csv_file_keeps_data_exact_but_terminal_csv_does_not(
    hostile_db: str, tmp_path: Path
) -> None:
    target = tmp_path / "out.csv"
    result = run(hostile_db, "export", "-f", "csv", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert _clean(HOSTILE) in target.read_text(encoding="utf-8")
    piped = run(hostile_db, "export", "-f", "csv")  # stdout not a terminal: exact
    assert OSC52 in piped.stdout


def _on_terminal(db_url: str, *args: str) -> bytes:
    """Run the real CLI with stdout on a pseudo-terminal; return what it wrote there."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("annotator")), *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        env={**os.environ, "ANNOTATOR_DB": db_url, "COLUMNS": "200"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(leader)
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    return b"".join(chunks)


@pytest.mark.parametrize(
    "args",
    [("export", "-f", "csv"), ("export",), ("export", "-f", "doccano"), ("docs", "-f", "csv")],
    ids=" ".join,
)
def test_machine_formats_on_a_terminal_are_escaped(hostile_db: str, args: tuple[str, ...]) -> None:
    shown = _on_terminal(hostile_db, *args).decode("utf-8")
    _assert_safe(shown)
    assert "␛" in shown or "\\u001b" in shown


def test_file_names_in_errors_are_shown_safely(hostile_db: str, tmp_path: Path) -> None:
    evil = tmp_path / "evil\x1b[2J\u202e.jsonl"
    evil.write_text('{"text": 1}\n', encoding="utf-8")
    for args in (
        ("import", str(evil)),
        ("import", str(tmp_path / "missing\x1b]52;c;eA==\x07.txt")),
        ("codebook", "check", str(tmp_path / "nope\x1b[2J.toml")),
        ("report", "stance", "--side", "x\x1b[2J"),
    ):
        result = run(hostile_db, *args)
        assert result.exit_code != 0
        _assert_safe(result.stdout + result.stderr)
        assert "␛" in result.stderr
