"""Import stores the same documents and sentences as the release before its speed-up.

tests/fixtures/import_golden.tsv lists, for the sample corpus, the benchmark corpora and
a generated corpus of awkward inputs (furniture repeated across a source, captions,
kickers, hard-wrapped and bulleted lines, odd white space, sentences past the length cut,
re-imports and new versions), every stored document (id, title, what it supersedes) and
sentence (id, paragraph, start, end, kind), as the importer wrote them before it was made
faster. The import must keep writing exactly these rows, on both backends: ids and
offsets are what labels and exports point at.

Regenerate (only when a change of the rows is intended): python -m tests.test_import_unchanged
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from sqlalchemy import Engine, text

from annotator.ingest.importer import plan, run_import
from models.db import open_database
from tests.conftest import SAMPLE

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "fixtures" / "import_golden.tsv"
CORPORA = sorted((REPO / "benchmarks" / "corpora").glob("*/texts"))

_SOURCES = ("Daily Planet", "Wire Service", "The Ledger")
_FURNITURE = (
    "Share this article",
    "IconIcon FacebookIcon TwitterIcon LinkedinIcon",
    "You have {{numberArticlesLeft}} free articles left this month.",
    "Subscribe now for unlimited access to our journalism.",
    "Follow us on Twitter",
    "Advertisement",
)
_KICKERS = ("WORLD NEWS", "Politics", "Exclusive interview", "ANALYSIS")
_PROSE = (
    "The minister said on Tuesday that the agreement was settled completely and finally.",
    "Officials from Nippon Steel & Sumitomo Metal Corp. declined to comment.",
    "The U.S. envoy met his counterpart in Seoul at 10 a.m. on Feb. 3, aides said.",
    '"We will not accept this," he told reporters.',
    "Prices rose 3.5 per cent in No. 2 district, the highest since 1965!",
    "Was it enough? Few thought so.",
    "Ünïcödé names — Zoë, Søren, Łukasz — appeared in the “final” list…",
    "Tokyo\u00a0insists the 1965 treaty\u2009settled all claims.",
    "Analysts were divided; some saw a thaw, others did not.",
    "The court (the highest in the land) ordered the assets sold.",
)
_CAPTIONS = (
    "(The minister speaks to reporters in Tokyo on Tuesday.)",
    "Protesters gather outside the court. Photo: Reuters",
    "© AP Photo / Lee Jin-man",
)
_TAILS = ("Related coverage:", "Sponsored Content", "Read more")


def _paragraph(rng: random.Random) -> str:
    sentences = rng.sample(_PROSE, rng.randint(1, 4))
    style = rng.random()
    if style < 0.15:  # hard-wrapped prose: a line break inside a sentence
        joined = " ".join(sentences)
        cut = joined.find(" ", len(joined) // 2)
        return joined[:cut] + "\n" + joined[cut + 1 :].lower()
    if style < 0.25:  # a list whose lines are separate items
        return "\n".join(f"{rng.choice('•-*1')} {s}" for s in sentences)
    if style < 0.3:  # odd white space around and between sentences
        return "\t " + "  \u3000".join(sentences) + " \f"
    return " ".join(sentences)


def _long_sentence(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return " ".join(rng.choice(("word", "another", "clause")) for _ in range(1400)) + "."
    return "x" * 6100 + " and then it ends."


def _document(rng: random.Random, number: int) -> str:
    blocks: list[str] = []
    if rng.random() < 0.5:
        blocks.append(rng.choice(_KICKERS))
    if rng.random() < 0.5:
        blocks.append(f"Headline number {number} without a full stop")
    for _ in range(rng.randint(2, 6)):
        roll = rng.random()
        if roll < 0.2:
            blocks.append(rng.choice(_FURNITURE))
        elif roll < 0.3:
            blocks.append(rng.choice(_CAPTIONS))
        elif roll < 0.33:
            blocks.append(_long_sentence(rng))
        else:
            blocks.append(_paragraph(rng))
    blocks.append(f"This is the closing line of document {number}.")
    if rng.random() < 0.2:
        blocks += [rng.choice(_TAILS), rng.choice(_PROSE)]
    separator = rng.choice(("\n\n", "\n \n", "\n\n\n", "\n\t\n "))
    return separator.join(blocks)


def write_awkward_corpus(path: Path, documents: int = 240) -> Path:
    """Deterministic documents in three sources, with re-imports and new versions."""
    rng = random.Random(13)
    records = []
    for number in range(documents):
        record = {
            "text": _document(rng, number),
            "source": _SOURCES[number % 200 % len(_SOURCES)],
            "date": f"2019-{1 + number % 12:02d}-{1 + number % 28:02d}",
            "id": f"story-{number % 200}",  # the last 40 are new versions of earlier ones
        }
        if rng.random() < 0.4:
            record["title"] = f"Story {number}"
        records.append(record)
    records += records[:10]  # re-imported unchanged
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def import_everything(engine: Engine, folder: Path) -> None:
    corpus = write_awkward_corpus(folder / "awkward.jsonl")
    for inputs in ([SAMPLE], *([c] for c in CORPORA), [corpus]):
        summary = run_import(engine, list(plan(inputs)))
        assert not summary.errors, summary.errors


def stored_rows(engine: Engine) -> list[str]:
    """The stored documents and sentences as tab-separated lines, in id order; each
    sentence's text is checked to be its document's text at its offsets."""
    lines: list[str] = []
    with engine.connect() as connection:
        documents = connection.execute(
            text("SELECT id, text, title, supersedes_id FROM document ORDER BY id")
        ).all()
        for doc_id, body, title, supersedes in documents:
            lines.append(f"D\t{doc_id}\t{json.dumps(title, ensure_ascii=False)}\t{supersedes}")
            sentences = connection.execute(
                text(
                    'SELECT id, "index", paragraph, start, "end", text, kind FROM sentence'
                    " WHERE document_id = :d ORDER BY id"
                ),
                {"d": doc_id},
            ).all()
            for sid, index, paragraph, start, end, sentence, kind in sentences:
                assert sentence == body[start:end], sid
                lines.append(f"S\t{sid}\t{index}\t{paragraph}\t{start}\t{end}\t{kind}")
    return lines


def test_import_stores_the_rows_it_stored_before(db_url: str, tmp_path: Path) -> None:
    engine = open_database(db_url)
    try:
        import_everything(engine, tmp_path)
        rows = stored_rows(engine)
    finally:
        engine.dispose()
    golden = GOLDEN.read_text(encoding="utf-8").splitlines()
    assert len(rows) == len(golden)
    for ours, theirs in zip(rows, golden, strict=True):
        assert ours == theirs


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        database = open_database(f"sqlite:///{Path(tmp) / 'golden.db'}")
        import_everything(database, Path(tmp))
        GOLDEN.write_text("\n".join(stored_rows(database)) + "\n", encoding="utf-8")
        database.dispose()
    print(f"wrote {GOLDEN}", file=sys.stderr)
