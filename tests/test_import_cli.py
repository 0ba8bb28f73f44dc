"""`annotator init` / `import` / `docs` on each backend, through the real CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, col, select

from models.db import open_database
from models.tables import Decision, Document, Event, Sentence
from tests.cli_helpers import run
from tests.conftest import SAMPLE


def _docs(db_url: str) -> list[dict[str, object]]:
    result = run(db_url, "docs", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_init_sample_imports_five_dated_articles(db_url: str) -> None:
    result = run(db_url, "init", "--sample")
    assert result.exit_code == 0, result.output
    assert "5 new" in result.stderr
    docs = _docs(db_url)
    assert [(d["date"], d["source"]) for d in docs] == [
        ("2019-01-09", "Kyodo"),
        ("2019-02-15", "Nikkei Asian Review"),
        ("2019-06-19", "Kyodo"),
        ("2020-10-29", "Nikkei Asia"),
        ("2020-10-29", "Kyodo"),
    ]
    assert sum(int(d["content"]) for d in docs) == 76  # type: ignore[call-overload]
    nikkei = docs[1]
    assert nikkei["title"] == "Japan's Kono presses South Korean minister to stop asset seizure"
    assert (nikkei["headline"], nikkei["caption"], nikkei["boilerplate"]) == (3, 2, 28)


def test_reimport_changes_nothing(db_url: str) -> None:
    assert run(db_url, "init", "--sample").exit_code == 0
    engine = open_database(db_url)
    with Session(engine) as session:
        before = session.exec(select(Sentence.id, Sentence.kind).order_by(col(Sentence.id))).all()
    result = run(db_url, "import", str(SAMPLE))
    assert result.exit_code == 0, result.output
    assert "0 new, 0 new versions, 5 unchanged" in result.stderr
    with Session(engine) as session:
        after = session.exec(select(Sentence.id, Sentence.kind).order_by(col(Sentence.id))).all()
    assert after == before
    engine.dispose()


def test_changed_article_is_a_new_version(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SAMPLE / "000_47cb7207787eadef.txt", folder)
    (folder / "manifest.csv").write_text(
        "file,date,source\n000_47cb7207787eadef.txt,2019-01-09,Kyodo\n", encoding="utf-8"
    )
    assert run(db_url, "import", str(folder)).exit_code == 0
    article = folder / "000_47cb7207787eadef.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\n\nA correction was added.\n")
    result = run(db_url, "import", str(folder))
    assert result.exit_code == 0, result.output
    assert "1 new versions" in result.stderr
    engine = open_database(db_url)
    with Session(engine) as session:
        rows = session.exec(select(Document).order_by(col(Document.imported_at))).all()
    assert len(rows) == 2
    assert rows[1].supersedes_id == rows[0].id
    engine.dispose()


def test_folder_without_manifest_takes_only_txt(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Tokyo said the issue was settled in 1965.\n", encoding="utf-8")
    (tmp_path / "codebook.toml").write_text("not a document", encoding="utf-8")
    (tmp_path / "labels.jsonl").write_text("{}", encoding="utf-8")
    result = run(db_url, "import", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "1 new" in result.stderr
    assert "undated: 1" in result.stderr and "no date" in result.stderr


def test_jsonl_and_csv_inputs(db_url: str, tmp_path: Path) -> None:
    records = tmp_path / "news.jsonl"
    records.write_text(
        json.dumps(
            {
                "text": "Seoul said it respects the ruling.",
                "date": "2019-01",
                "source": "Yonhap",
                "title": "Seoul respects ruling",
                "id": "y1",
                "meta": {"section": "politics"},
            }
        )
        + "\n\n"
        + json.dumps({"text": "Tokyo rejected the proposal.", "date": "2019"})
        + "\n",
        encoding="utf-8",
    )
    table = tmp_path / "more.csv"
    table.write_text(
        'text,date,source,desk\n"Kono urged Seoul to act soon.",2019-02-15,Kyodo,foreign\n'
    )
    result = run(db_url, "import", str(records), str(table))
    assert result.exit_code == 0, result.output
    engine = open_database(db_url)
    with Session(engine) as session:
        docs = {d.title or d.text: d for d in session.exec(select(Document)).all()}
        assert session.exec(select(func.count()).select_from(Sentence)).one() == 3
    engine.dispose()
    assert docs["Seoul respects ruling"].date_precision == "month"
    assert docs["Seoul respects ruling"].meta == {"section": "politics"}
    assert docs["Tokyo rejected the proposal."].date_precision == "year"
    assert docs["Kono urged Seoul to act soon."].meta == {"desk": "foreign"}
    assert docs["Kono urged Seoul to act soon."].origin == "more.csv:2"
    assert [d["date"] for d in _docs(db_url)] == ["2019", "2019-01", "2019-02-15"]


def test_repeated_short_lines_of_a_source_become_boilerplate(db_url: str, tmp_path: Path) -> None:
    body = "The court ruled on {day} that the company must pay the plaintiffs in full."
    for n, day in enumerate(["Monday", "Tuesday"]):
        (tmp_path / f"{n}.txt").write_text(
            f"{body.format(day=day)}\n\nFollow our live coverage\n", encoding="utf-8"
        )
    (tmp_path / "manifest.csv").write_text(
        "file,date,source\n0.txt,2019-01-01,Daily\n1.txt,2019-01-02,Daily\n", encoding="utf-8"
    )
    assert run(db_url, "import", str(tmp_path)).exit_code == 0
    engine = open_database(db_url)
    with Session(engine) as session:
        kinds = session.exec(
            select(Sentence.kind).where(Sentence.text == "Follow our live coverage")
        ).all()
    engine.dispose()
    assert kinds == ["boilerplate", "boilerplate"]


def test_help_lists_every_command_group() -> None:
    result = run("sqlite://", "--help")
    for group in ("init", "import", "docs", "codebook", "db"):
        assert group in result.stdout


def test_init_sample_loads_the_sample_annotations_once(db_url: str) -> None:
    first = run(db_url, "init", "--sample")
    assert first.exit_code == 0, first.output
    assert "annotations.jsonl: 76 decisions, 0 unchanged" in first.stderr
    second = run(db_url, "init", "--sample")
    assert second.exit_code == 0, second.output
    assert "annotations.jsonl: 0 decisions, 76 unchanged" in second.stderr
    engine = open_database(db_url)
    with Session(engine) as session:
        annotators = session.exec(select(Decision.annotator).distinct()).all()
        decisions = session.exec(select(func.count()).select_from(Decision)).one()
        events = session.exec(select(func.count()).select_from(Event)).one()
    engine.dispose()
    assert annotators == ["sample"]
    assert decisions == 76 and events == 76
