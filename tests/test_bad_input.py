"""Bad input: one line naming file and line, non-zero exit, nothing of that file stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from models.db import open_database
from models.tables import Document, Sentence
from tests.cli_helpers import run
from tests.conftest import SAMPLE

GOOD = "Tokyo said the issue was settled completely and finally in 1965.\n"


def _counts(db_url: str) -> tuple[int, int]:
    engine = open_database(db_url)
    with Session(engine) as session:
        docs = session.exec(select(func.count()).select_from(Document)).one()
        sentences = session.exec(select(func.count()).select_from(Sentence)).one()
    engine.dispose()
    return docs, sentences


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"Seoul said it respects the ruling.\nTokyo \xff\xfe disagreed.\n",
            "bad.txt:2: not UTF-8",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "bad.txt:3: binary file"),
        (b"", "bad.txt:1: empty file"),
        (b"  \n\n \n", "bad.txt:1: empty file"),
    ],
)
def test_unreadable_text_file(db_url: str, tmp_path: Path, content: bytes, expected: str) -> None:
    (tmp_path / "bad.txt").write_bytes(content)
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    result = run(db_url, "import", str(tmp_path))
    assert result.exit_code == 1
    errors = _error_lines(result.stderr)
    assert any(expected in line for line in errors), result.stderr
    assert _counts(db_url) == (1, 1)  # the good file imported, nothing of the bad one


def test_malformed_jsonl_line_imports_nothing_of_that_file(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(
        json.dumps({"text": GOOD})
        + "\n"
        + '{"text": "unterminated\n'
        + json.dumps({"text": "x y"})
        + "\n",
        encoding="utf-8",
    )
    result = run(db_url, "import", str(path))
    assert result.exit_code == 1
    assert "news.jsonl:2: not valid JSON" in result.stderr
    assert _counts(db_url) == (0, 0)


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"text": GOOD, "date": "2019-13-01"}, "news.jsonl:1: invalid date '2019-13-01'"),
        ({"text": GOOD, "date": "15/02/2019"}, "news.jsonl:1: invalid date '15/02/2019'"),
        ({"text": GOOD, "titel": "typo"}, "news.jsonl:1: unknown key 'titel'"),
        ({"title": "no text"}, "news.jsonl:1: record without 'text'"),
    ],
)
def test_invalid_records(db_url: str, tmp_path: Path, record: dict[str, str], message: str) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = run(db_url, "import", str(path))
    assert result.exit_code == 1
    assert any(message in line for line in _error_lines(result.stderr)), result.stderr
    assert _counts(db_url) == (0, 0)


def test_manifest_naming_a_missing_file(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,date,source\na.txt,2019-01-09,Kyodo\nmissing.txt,2019-01-10,Kyodo\n", encoding="utf-8"
    )
    result = run(db_url, "import", str(tmp_path))
    assert result.exit_code == 1
    assert "manifest.csv:3: file 'missing.txt' does not exist" in result.stderr
    assert _counts(db_url) == (1, 1)


def test_unknown_manifest_column_stops_the_folder(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,date,author\na.txt,2019-01-09,Kim\n", encoding="utf-8"
    )
    result = run(db_url, "import", str(tmp_path))
    assert result.exit_code == 1
    assert "manifest.csv:1: unknown manifest column 'author'" in result.stderr
    assert _counts(db_url) == (0, 0)


def test_invalid_manifest_date_names_the_manifest_line(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,date\na.txt,2019-02-30\n", encoding="utf-8")
    result = run(db_url, "import", str(tmp_path))
    assert result.exit_code == 1
    assert "manifest.csv:2: invalid date '2019-02-30'" in result.stderr


def test_csv_without_text_column(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("body_text,date\nabc,2019\n", encoding="utf-8")
    result = run(db_url, "import", str(path))
    assert result.exit_code == 1
    assert "t.csv:1: no text column" in result.stderr


def test_ten_megabyte_single_line_imports(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'a.db'}"
    path = tmp_path / "huge.txt"
    path.write_text("Seoul said " + "very " * 2_100_000 + "much.\n", encoding="utf-8")
    assert path.stat().st_size > 10_000_000
    result = run(db_url, "import", str(path))
    assert result.exit_code == 0, result.output
    docs, sentences = _counts(db_url)
    assert docs == 1 and sentences > 2_000


def test_missing_path(db_url: str, tmp_path: Path) -> None:
    result = run(db_url, "import", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert "nope: no such file or folder" in result.stderr


BAD_CODEBOOK = """\
[codebook]
name = "bad"
version = "1"

[[sides]]
id = "japan"
label = "Japan"

[[actors]]
id = "suga"
name = "Suga"
side = "japan"

[[actors]]
id = "suga"
name = "Yoshihide Suga"
side = "korea"

[[claims]]
id = "settled"
label = "Settled"
definition = "Settled in 1965."
key = "1"

[[claims]]
id = "breach"
label = "Breach"
definition = "Breach of international law."
key = "1"

[[stances]]
id = "support"
label = "Support"
score = 1
key = "n"
"""


def test_codebook_check_lists_every_problem_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "codebook.toml"
    path.write_text(BAD_CODEBOOK, encoding="utf-8")
    result = run("sqlite://", "codebook", "check", str(path))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert f"{path}:15: actors[1] (suga).id: duplicate id 'suga' in actors" in lines
    assert f"{path}:17: actors[1] (suga).side: unknown side 'korea'" in lines
    assert f"{path}:29: claims[1] (breach).key: key '1' clashes with claim 'settled'" in lines
    assert (
        f"{path}:35: stances[0] (support).key: key 'n' is reserved by the annotation screen"
        in lines
    )
    assert "4 problem(s)" in lines[-1]


def test_codebook_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "codebook.toml"
    path.write_text('[codebook]\nname = "x\n', encoding="utf-8")
    result = run("sqlite://", "codebook", "check", str(path))
    assert result.exit_code == 1
    assert f"{path}:2: toml:" in result.stderr


def test_init_with_bad_codebook_stores_nothing(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'a.db'}"
    path = tmp_path / "codebook.toml"
    path.write_text(BAD_CODEBOOK, encoding="utf-8")
    result = run(db_url, "init", "--codebook", str(path))
    assert result.exit_code == 1
    assert "nothing stored" in result.stderr
    assert run(db_url, "codebook", "show").exit_code == 1


def test_sample_codebook_is_valid() -> None:
    result = run("sqlite://", "codebook", "check", str(SAMPLE / "codebook.toml"))
    assert result.exit_code == 0
    assert "4 sides, 19 actors, 15 claims, 3 stances" in result.stdout
