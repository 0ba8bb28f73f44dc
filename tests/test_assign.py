"""`annotator assign`: the plan's balance, sample and strata, and the stored assignment
through the real CLI on both backends."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from annotator.teams.plan import Candidate, Planned, plan
from models.db import session_scope
from models.decisions import get_decision, save_decision
from models.tables import Assignment, DecisionKind, Document, Sentence
from tests.cli_helpers import run
from tests.conftest import load_sample

SOURCES = {"Kyodo": 40, "Yonhap": 25, "Nikkei": 15, "Korea Herald": 12, "Asahi": 8}
CODERS = ("alice", "bob", "carol", "dave")


def corpus(count: int, seed: int = 1) -> list[Candidate]:
    """Documents of uneven length from sources of uneven size over two years."""
    rng = random.Random(seed)
    names, weights = list(SOURCES), list(SOURCES.values())
    return [
        Candidate(
            f"d{i:05d}",
            rng.choices(names, weights)[0],
            dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(730)),
            max(3, int(rng.lognormvariate(3, 0.6))),
        )
        for i in range(count)
    ]


def totals(planned: list[Planned], docs: list[Candidate]) -> tuple[Counter[str], Counter[str]]:
    size = {d.id: d.sentences for d in docs}
    documents: Counter[str] = Counter(p.annotator for p in planned)
    sentences: Counter[str] = Counter()
    for p in planned:
        sentences[p.annotator] += size[p.document_id]
    return documents, sentences


def test_every_document_once_a_fifth_twice_by_distinct_coders() -> None:
    docs = corpus(3000)
    planned = plan(docs, CODERS, 0.2, seed=7)
    first = {p.document_id: p.annotator for p in planned if p.slot == 1}
    second = {p.document_id: p.annotator for p in planned if p.slot == 2}
    assert sorted(first) == sorted(d.id for d in docs)
    assert len(second) == 600
    assert all(second[d] != first[d] for d in second)
    # Every pair of coders shares about as many documents (Cohen's kappa for each pair).
    pairs = Counter(frozenset((first[d], second[d])) for d in second)
    assert len(pairs) == 6 and max(pairs.values()) - min(pairs.values()) <= 6


def test_workload_is_even_in_documents_and_sentences() -> None:
    docs = corpus(3000)
    documents, sentences = totals(plan(docs, CODERS, 0.2, seed=7), docs)
    assert max(documents.values()) - min(documents.values()) <= 10  # of 900 each
    mean = sum(sentences.values()) / len(CODERS)
    assert max(abs(n - mean) for n in sentences.values()) / mean < 0.01


def test_every_source_and_year_is_shared_out_and_sampled_evenly() -> None:
    docs = corpus(3000)
    planned = plan(docs, CODERS, 0.2, seed=7)
    source = {d.id: d.source for d in docs}
    year = {d.id: d.date.year for d in docs if d.date}
    by_source: dict[str | None, Counter[str]] = defaultdict(Counter)
    by_year: dict[int, Counter[str]] = defaultdict(Counter)
    for p in planned:
        if p.slot == 1:  # dealt in rounds: the sample, then the rest, ±1 each
            by_source[source[p.document_id]][p.annotator] += 1
        by_year[year[p.document_id]][p.annotator] += 1
    for counts in by_source.values():
        assert set(counts) == set(CODERS) and max(counts.values()) - min(counts.values()) <= 2
    for counts in by_year.values():
        assert max(counts.values()) - min(counts.values()) <= 0.03 * max(counts.values())
    sampled = Counter(source[p.document_id] for p in planned if p.slot == 2)
    held = Counter(source.values())
    assert all(abs(sampled[s] / held[s] - 0.2) < 0.01 for s in SOURCES)


def test_same_seed_same_plan_other_seed_other_plan() -> None:
    docs = corpus(200)
    assert plan(docs, CODERS, 0.2, seed=7) == plan(list(reversed(docs)), CODERS, 0.2, seed=7)
    assert plan(docs, CODERS, 0.2, seed=7) != plan(docs, CODERS, 0.2, seed=8)


def test_no_overlap_and_full_overlap() -> None:
    docs = corpus(50)
    assert {p.slot for p in plan(docs, CODERS, 0.0, seed=1)} == {1}
    assert len(plan(docs, CODERS, 1.0, seed=1)) == 100


# ------------------------------------------------------------ stored, through the CLI


@pytest.fixture
def sample_db(engine: Engine, db_url: str) -> str:
    load_sample(engine)
    return db_url


def assignments(db_url: str) -> set[tuple[str, str, int, int]]:
    from models.db import open_database

    engine = open_database(db_url)
    with Session(engine) as session:
        rows = session.execute(
            select(
                col(Assignment.document_id),
                col(Assignment.annotator),
                col(Assignment.slot),
                col(Assignment.batch),
            )
        ).all()
    engine.dispose()
    return {(r[0], r[1], r[2], r[3]) for r in rows}


def test_assign_stores_and_lists_the_plan(sample_db: str) -> None:
    args = ("assign", "--annotators", "alice,bob,carol", "--overlap", "0.4", "-f", "json")
    result = run(sample_db, *args)
    assert result.exit_code == 0, result.output
    stored = assignments(sample_db)
    assert len({r[0] for r in stored}) == 5 and len(stored) == 7
    assert "batch 1: 5 new documents, 2 of them double-coded (40.0%); seed " in result.stderr
    loads = json.loads(result.stdout)
    assert {r["annotator"] for r in loads} == {"alice", "bob", "carol"}
    assert sum(r["documents"] for r in loads) == 7 and sum(r["double"] for r in loads) == 4
    assert all(r["new"] == r["documents"] > 0 for r in loads)
    listed = json.loads(run(sample_db, "assign", "--show", "-f", "json").stdout)
    assert {(r["document"], r["annotator"]) for r in listed} == {(r[0], r[1]) for r in stored}
    assert sum(1 for r in listed if r["with"]) == 4
    assert sum(r["sentences"] for r in listed) == sum(r["sentences"] for r in loads)
    only = json.loads(
        run(sample_db, "assign", "--show", "--annotators", "bob", "-f", "json").stdout
    )
    assert only and {r["annotator"] for r in only} == {"bob"}


def test_rerun_with_the_seed_is_reproducible(sample_db: str, tmp_path: Path) -> None:
    args = ("assign", "--annotators", "alice,bob,carol", "--overlap", "0.4", "--seed", "7")
    assert run(sample_db, *args).exit_code == 0
    first = assignments(sample_db)
    assert run(sample_db, *args, "--reassign").exit_code == 0
    assert assignments(sample_db) == first


def test_rerun_after_an_import_assigns_only_the_new_documents(
    sample_db: str, tmp_path: Path
) -> None:
    args = ("assign", "--annotators", "alice,bob,carol", "--overlap", "0.2", "--seed", "7")
    assert run(sample_db, *args).exit_code == 0
    before = assignments(sample_db)
    again = run(sample_db, *args)
    assert again.exit_code == 0 and "no new documents to assign" in again.output
    assert assignments(sample_db) == before
    new = tmp_path / "new.jsonl"
    new.write_text(
        "\n".join(
            json.dumps(
                {
                    "text": f"Article {i}. The minister said the issue was settled. "
                    "Seoul said it respects the ruling.",
                    "source": "Yonhap",
                    "date": f"2021-0{i + 1}-01",
                    "title": f"new {i}",
                }
            )
            for i in range(6)
        )
        + "\n"
    )
    assert run(sample_db, "import", str(new)).exit_code == 0
    result = run(sample_db, *args[:-2], "--seed", "8")
    assert result.exit_code == 0, result.output
    after = assignments(sample_db)
    assert before <= after
    added = after - before
    assert {r[3] for r in added} == {2} and len({r[0] for r in added}) == 6
    assert {r[1] for r in added if r[2] == 1} == {"alice", "bob", "carol"}


def test_reassign_deals_everything_again_keeping_decisions(
    sample_engine: Engine, db_url: str
) -> None:
    with session_scope(sample_engine) as session:
        sentence = session.execute(select(col(Sentence.id)).limit(1)).scalar_one()
        save_decision(session, sentence_id=sentence, annotator="alice", kind=DecisionKind.no_claim)
    assert run(db_url, "assign", "--annotators", "alice,bob", "--seed", "1").exit_code == 0
    result = run(db_url, "assign", "--annotators", "carol,dave", "--reassign", "--seed", "1")
    assert result.exit_code == 0
    assert "5 earlier assignments dropped" in result.output
    assert {r[1] for r in assignments(db_url)} == {"carol", "dave"}
    with Session(sample_engine) as session:
        assert get_decision(session, sentence_id=sentence, annotator="alice") is not None


def test_a_coder_left_out_of_a_rerun_keeps_their_documents(sample_db: str) -> None:
    assert run(sample_db, "assign", "--annotators", "alice,bob", "--seed", "1").exit_code == 0
    result = run(sample_db, "assign", "--annotators", "alice", "--seed", "1")
    assert result.exit_code == 0
    assert "bob holds documents from an earlier run but was not in --annotators" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--annotators", ""], "give comma-separated names, none empty"),
        (["--annotators", "alice,,bob"], "give comma-separated names, none empty"),
        (["--annotators", "alice,alice"], "alice given more than once"),
        (["--annotators", "al ice"], "is not a coder name"),
        (["--annotators", "alice,bob", "--overlap", "1.5"], "must be a share between 0 and 1"),
        (["--annotators", "alice,bob", "--overlap", "-0.1"], "must be a share between 0 and 1"),
        (["--annotators", "alice", "--overlap", "0.2"], "needs at least two coders"),
        ([], "--annotators is required"),
        (["--annotators", "alice,bob", "--seed", "-1"], "must be a whole number from 0"),
        (["--annotators", "alice,bob", "--seed", str(2**31)], "must be a whole number from 0"),
        (["--show", "--annotators", "zed"], "no documents are assigned to zed"),
    ],
)
def test_bad_options_are_one_line_errors_and_change_nothing(
    sample_db: str, args: list[str], message: str
) -> None:
    result = run(sample_db, "assign", *args)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert assignments(sample_db) == set()


def test_the_database_holds_the_invariants(sample_engine: Engine) -> None:
    with Session(sample_engine) as session:
        document = session.execute(select(col(Document.id)).limit(1)).scalar_one()
    row = {"document_id": document, "batch": 1, "seed": 1, "created_at": dt.datetime.now(dt.UTC)}
    with session_scope(sample_engine) as session:
        session.execute(insert(Assignment).values(annotator="alice", slot=1, **row))
        session.execute(insert(Assignment).values(annotator="bob", slot=2, **row))
    for duplicate in (
        {"annotator": "alice", "slot": 2},
        {"annotator": "carol", "slot": 2},
        {"annotator": "dave", "slot": 3},
    ):
        with pytest.raises(IntegrityError), session_scope(sample_engine) as session:
            session.execute(insert(Assignment).values(**duplicate, **row))
    with Session(sample_engine) as session:
        assert session.execute(select(func.count()).select_from(Assignment)).scalar_one() == 2
