"""Hostile and invalid inputs found by fuzzing the importer: each is refused with one
line naming file and line (or imported correctly), never a traceback, and nothing of
the bad file is stored."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import func, text
from sqlmodel import Session, select

from models.db import open_database
from models.tables import Document, Sentence
from tests.cli_helpers import run

GOOD = "Tokyo said the issue was settled completely and finally in 1965.\n"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'annotations.db'}"


def _documents(db_url: str) -> list[Document]:
    engine = open_database(db_url)
    with Session(engine) as session:
        docs = list(session.exec(select(Document).order_by(Document.origin)).all())
    engine.dispose()
    return docs


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def _refused(db_url: str, path: Path, where: str, message: str) -> None:
    result = run(db_url, "import", str(path))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    errors = _errors(result.stderr)
    assert any(f"{where}: " in line and message in line for line in errors), result.stderr
    assert _documents(db_url) == []


def test_manifest_paths_must_stay_inside_the_folder(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (tmp_path / "outside.txt").write_text(GOOD, encoding="utf-8")
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    for row, message in (
        ("../outside.txt", "path leaves the folder"),
        ("/etc/hostname", "absolute path"),
        ("x" * 300 + ".txt", "file name longer than 255 bytes"),
    ):
        (folder / "manifest.csv").write_text(
            f"file,date\na.txt,2019-01-09\n{row},2019-01-10\n", encoding="utf-8"
        )
        _refused(db, folder, "manifest.csv:3", message)


def test_sub_folder_files_keep_their_manifest_row(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "other").mkdir()
    (folder / "other" / "a.txt").write_text("Seoul said it respects the ruling.\n", "utf-8")
    (folder / "manifest.csv").write_text(
        "file,date,source,title\n"
        "sub/a.txt,2019-01-09,Kyodo,Tokyo repeats its position\n"
        "./other/a.txt,2019-02-01,Yonhap,Seoul answers\n",
        encoding="utf-8",
    )
    result = run(db, "import", str(folder))
    assert result.exit_code == 0, result.output
    docs = _documents(db)
    assert [(d.origin, str(d.date), d.source, d.title) for d in docs] == [
        ("other/a.txt", "2019-02-01", "Yonhap", "Seoul answers"),
        ("sub/a.txt", "2019-01-09", "Kyodo", "Tokyo repeats its position"),
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "A b.", "title": ["a"]}', "'title': expected a string, got list"),
        ('{"text": "A b.", "id": true}', "'id': expected a string, got bool"),
        ('{"text": ["A b."]}', "'text': expected a string, got list"),
        ('{"text": "A \\ud800 b."}', "lone surrogate \\ud800 in 'text'"),
        ('{"text": "A b.", "meta": {"k": "\\udfff"}}', "lone surrogate \\udfff in 'meta.k'"),
        ('{"text": "A \\u0000 b."}', "NUL character in 'text'"),
        ('{"text": "A b.", "meta": {"score": NaN}}', "NaN is not a number JSON allows"),
        ('{"text": "A b.", "id": ' + "7" * 5000 + "}", "a number with more than 4,300 digits"),
        ('{"text": "A b.", "meta": ' + "[" * 1000 + "]" * 1000 + "}", "nested deeper than"),
        ('{"text": "A b.", "meta": {"a": ' + "[" * 40 + "]" * 40 + "}}", "nested deeper than"),
        ('{"text": "A b.", "date": "2019-01-09T99:99:99"}', "invalid date"),
        ('{"text": "A b.", "date": "２０１９-01-09"}', "invalid date"),
        ('{"text": "A b.", "date": 2019}', "'date': expected a string, got int"),
    ],
)
def test_invalid_jsonl_records(db: str, tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps({"text": GOOD}) + "\n" + line + "\n", encoding="utf-8")
    _refused(db, path, "news.jsonl:2", message)


@pytest.mark.parametrize(
    ("content", "where", "message"),
    [
        ("text,text\nA b.,C d.\n", "news.csv:1", "column 'text' appears twice"),
        ('text,date\nA b.,2019\n"C d.,2019\nE f.,2020\nG h.,2021\n', "news.csv:3", "unclosed"),
        ('text,date\n"A "b.,2019\n', "news.csv:2", "malformed CSV"),
        ("text,date\nA b.,2019-01-09T25:00\n", "news.csv:2", "invalid date"),
    ],
)
def test_invalid_csv(db: str, tmp_path: Path, content: str, where: str, message: str) -> None:
    path = tmp_path / "news.csv"
    path.write_text(content, encoding="utf-8")
    _refused(db, path, where, message)


def test_a_csv_field_over_128_kib_imports(db: str, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    body = ("Tokyo said the issue was settled. " * 6000).strip()
    assert len(body) > 131_072
    path.write_text(f'text,date\n"{body}",2019-01-09\n', encoding="utf-8")
    result = run(db, "import", str(path))
    assert result.exit_code == 0, result.output
    (doc,) = _documents(db)
    assert doc.text == body


def test_a_nul_byte_after_the_first_8_kib_is_refused(db: str, tmp_path: Path) -> None:
    path = tmp_path / "late.txt"
    path.write_bytes(GOOD.encode() * 400 + b"tail \x00 here\n")
    _refused(db, path, "late.txt:401", "NUL byte")


def test_a_crash_in_one_file_does_not_stop_the_others(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug hit by one input (simulated: the segmenter raises on it) is reported in
    one line with its file; the files after it import and the summary is printed."""
    import annotator.ingest.store as store

    real = store.segment

    def fragile(body: str, language: str = "en") -> list[store.Span]:
        if "BOOM" in body:
            raise RuntimeError("segmenter bug")
        return real(body, language)

    monkeypatch.setattr(store, "segment", fragile)
    (tmp_path / "a.txt").write_text("BOOM goes the first file.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    result = run(db, "import", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert any("a.txt: unexpected RuntimeError: segmenter bug" in e for e in _errors(result.stderr))
    assert "documents: 1 new" in result.stderr
    assert [d.origin for d in _documents(db)] == ["b.txt"]
    debug = run(db, "--debug", "import", str(tmp_path / "a.txt"))
    assert isinstance(debug.exception, RuntimeError)  # --debug: the traceback, not a line


def test_a_database_error_is_one_line_without_sql_or_text(db: str, tmp_path: Path) -> None:
    engine = open_database(db)
    with engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TRIGGER full BEFORE INSERT ON sentence "
                "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
            )
        )
    engine.dispose()
    (tmp_path / "a.txt").write_text("Secret document text about Tokyo.\n", encoding="utf-8")
    result = run(db, "import", str(tmp_path / "a.txt"))
    assert result.exit_code == 1
    (line,) = _errors(result.stderr)[:1]
    assert re.search(r"a\.txt: database error: database or disk is full; nothing stored$", line)
    assert "INSERT" not in result.stderr and "Secret document" not in result.stderr
    assert _documents(db) == []


def test_the_summary_counts_what_is_stored(db: str, tmp_path: Path) -> None:
    """A short line repeated across a source's documents becomes boilerplate in both,
    after the first was counted as content: the summary says what the database holds."""
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(
            f"Seoul said article {name} was about the ruling.\n\n(Yonhap)\n", encoding="utf-8"
        )
    (tmp_path / "manifest.csv").write_text(
        "file,date,source\na.txt,2019-01-09,Yonhap\nb.txt,2019-01-10,Yonhap\n", "utf-8"
    )
    result = run(db, "import", str(tmp_path))
    assert result.exit_code == 0, result.output
    engine = open_database(db)
    with Session(engine) as session:
        stored = dict(
            session.exec(select(Sentence.kind, func.count()).group_by(Sentence.kind)).all()
        )
    engine.dispose()
    assert stored["boilerplate"] == 2
    assert f"{stored['content']} content" in result.stderr
    assert "2 boilerplate" in result.stderr


def test_untitled_documents_get_one_stored_title(db: str, tmp_path: Path) -> None:
    (tmp_path / "kyodo.txt").write_text(
        "Japan urged South Korea on Wednesday to launch talks based on their key diplomatic "
        "agreement for the first time.\n\nMore text follows here.\n",
        encoding="utf-8",
    )
    (tmp_path / "short.txt").write_text("Seoul answers.\n\nIt said more.\n", encoding="utf-8")
    assert run(db, "import", str(tmp_path)).exit_code == 0
    titles = {d.origin: d.title for d in _documents(db)}
    assert titles == {
        "kyodo.txt": "Japan urged South Korea on Wednesday to launch talks based on their key…",
        "short.txt": "Seoul answers.",
    }
    listed = json.loads(run(db, "docs", "-f", "json").stdout)
    assert {d["title"] for d in listed} == set(titles.values())


def test_a_file_name_longer_than_the_system_allows(db: str, tmp_path: Path) -> None:
    too_long = tmp_path / ("x" * 300 + ".txt")
    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    result = run(db, "import", str(too_long), str(tmp_path / "ok.txt"))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    (error, *_) = _errors(result.stderr)
    assert "x" * 300 in error and "File name too long" in error
    assert [d.origin for d in _documents(db)] == ["ok.txt"]
