"""The model's learning curve: how suggestions improve as coded sentences accumulate.

Usage: python -m benchmarks.learning_curve [DIR ...] [--sizes 25,50,...] [--pool]
                                           [--format table|markdown|json]

For each corpus (the layout of `benchmarks.suggest_corpora`; without DIR, every corpus
under benchmarks/corpora/ and the sample corpus), the model is trained on the first N
coded sentences of the development half, in document order (date, then file name, then
sentence), as a coder working through the queue would have made them; for each field
the top proposal takes the rules' or the model's value as measured on those N
sentences' own held-out documents, as the annotation screen decides. All is scored on
the test half, which neither rules nor model saw. Three sources per N:

- `rules`: the rules alone (the same at every N: the baseline);
- `model`: the model's proposals alone;
- `both`: what the annotation screen shows, rules and model merged per field.

N runs over --sizes (25, 50, 100, 200, 400) up to what the development half holds; when
it holds fewer than the largest size, a last row trains on all of it, and a notice on
stderr says which sizes were not reached. A final row, `both, as coded`, scores the test
half as a coder gets it who codes it after the development half: each test document
proposed for by a model (and per-field choice) trained on everything coded before it,
the development half and the test documents before it, as the screen retrains while
labels accumulate. A corpus without splits.csv is split in
document order: the first half of its documents is the development half.

--pool trains on the development halves of all corpora that share a codebook (the same
codebook.toml, byte for byte) and scores on their test halves together: it reaches
larger N where several corpora are coded with one codebook. Corpora with a codebook of
their own are not pooled (never mixing codebooks), and a notice says so."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from annotator.suggest.choice import Measured
from annotator.suggest.combine import RULES_ONLY
from annotator.suggest.corpus import Corpus, Gold, load_corpus
from annotator.suggest.index import CodebookIndex, load_index
from annotator.suggest.model import SuggestModel
from annotator.suggest.proposal import Proposal
from annotator.suggest.scoring import last_speakers
from annotator.suggest.training import measure, rule_table
from benchmarks.suggest_corpora import (
    CORPORA,
    SAMPLE,
    codebook_file,
    load,
    markdown,
    print_table,
    score_golds,
    splits,
    with_model,
)
from models.db import open_database
from models.tables import Document

SIZES = (25, 50, 100, 200, 400)
SOURCES = ("rules", "model", "both")
AS_CODED = "both, as coded"
COLUMNS = (
    ("corpus", "corpus"),
    ("n", "N"),
    ("source", "source"),
    ("trained_documents", "docs"),
    ("test_sentences", "test sentences"),
    ("keys_per_sentence", "keys/sent"),
    ("keys_without", "keys without"),
    ("speaker_p", "speaker P"),
    ("speaker_r", "speaker R"),
    ("speaker_f1", "speaker F1"),
    ("claim_p", "claim P"),
    ("claim_r", "claim R"),
    ("claim_f1", "claim F1"),
    ("fields_from_model", "fields from the model"),
)


@dataclass(frozen=True)
class Halves:
    """A loaded corpus: its development half in document order, and its test half."""

    name: str
    corpus: Corpus
    index: CodebookIndex
    dev: tuple[Gold, ...]
    test: tuple[Gold, ...]
    split_by_order: bool  # no splits.csv: halves by document order
    unsplit: int  # coded documents splits.csv does not name (left out)


def halves(folders: Sequence[Path], workdir: Path, name: str) -> Halves:
    url = load(folders, workdir, name)
    engine = open_database(url)
    with Session(engine) as session:
        corpus = load_corpus(session)
        index = load_index(session)
        documents = session.exec(select(Document.id, Document.origin, Document.date)).all()
    engine.dispose()
    named = {file: split for folder in folders for file, split in splits(folder).items()}
    origin = {doc: Path(path or "").name for doc, path, _ in documents}
    order = {
        doc: position
        for position, (doc, _, _) in enumerate(
            sorted(documents, key=lambda d: (d[2] is None, d[2] or "", origin[d[0]], d[0]))
        )
    }
    coded = sorted({g.document_id for g in corpus.golds}, key=order.__getitem__)
    if named:
        split_of = {doc: named.get(origin[doc], "") for doc in coded}
    else:
        first_half = set(coded[: (len(coded) + 1) // 2])
        split_of = {doc: "dev" if doc in first_half else "test" for doc in coded}
    # load_corpus keeps each document's sentences in reading order; sort() is stable.
    golds = sorted(corpus.golds, key=lambda g: order[g.document_id])
    return Halves(
        name=name,
        corpus=corpus,
        index=index,
        dev=tuple(g for g in golds if split_of[g.document_id] == "dev"),
        test=tuple(g for g in golds if split_of[g.document_id] == "test"),
        split_by_order=not named,
        unsplit=sum(1 for doc in coded if split_of[doc] not in ("dev", "test")),
    )


def sizes_for(available: int, sizes: Sequence[int]) -> tuple[list[int], list[int]]:
    """The sizes reached (with `available` itself last when the largest is not), and
    those not reached."""
    reached = [n for n in sizes if n <= available]
    missed = [n for n in sizes if n > available]
    if missed and available not in reached:
        reached.append(available)
    return reached, missed


def curve(data: Halves, sizes: Sequence[int]) -> list[dict[str, object]]:
    rules = rule_table(data.corpus, data.index)
    return [*_sized(data, sizes, rules), _as_coded(data, rules)]


def _sized(
    data: Halves, sizes: Sequence[int], rules: dict[str, list[Proposal]]
) -> list[dict[str, object]]:
    previous = last_speakers(data.corpus.golds)
    test, texts = list(data.test), data.corpus.texts
    from_rules = {g.sentence_id: rules.get(g.sentence_id, []) for g in test}
    baseline = score_golds(test, from_rules, previous, data.index)
    reached, _ = sizes_for(len(data.dev), sizes)
    rows = []
    for n in reached:
        trained = list(data.dev[:n])
        model = SuggestModel.fit(trained, texts)
        measured = measure(trained, texts, rules, data.index) if model else None
        alone: dict[str, list[Proposal]] = (
            dict(
                zip(
                    (g.sentence_id for g in test),
                    model.propose([texts[g.sentence_id] for g in test], data.index),
                    strict=True,
                )
            )
            if model
            else {}
        )
        chosen = measured or Measured.nothing_held_out()
        both = with_model(model, chosen.choice, test, texts, rules, data.index)
        label = f"{n} (all)" if n == len(data.dev) and n not in sizes else str(n)
        documents = len({g.document_id for g in trained})
        for source, proposals in (("rules", from_rules), ("model", alone), ("both", both)):
            score = (
                baseline
                if source == "rules"
                else score_golds(test, proposals, previous, data.index)
            )
            row = score.row(data.name, "test", source)
            if source == "both":
                fields = chosen.choice.describe() if model else "no model (too few decisions)"
            elif source == "model" and model is None:
                fields = "no model (too few decisions)"
            else:
                fields = ""
            rows.append(_curve_row(data, label, n, source, documents, row, fields))
    return rows


def _curve_row(
    data: Halves,
    label: str,
    decisions: int,
    source: str,
    documents: int,
    scored: dict[str, object],
    fields: str,
) -> dict[str, object]:
    """One row of the curve: what was trained on, and the test half's scores."""
    return {
        "corpus": data.name,
        "n": label,
        "decisions": decisions,
        "source": source,
        "trained_documents": documents,
        "test_sentences": scored["sentences"],
        **{key: scored[key] for key, _ in COLUMNS if key in scored and key != "corpus"},
        "fields_from_model": fields,
    }


def _as_coded(data: Halves, rules: dict[str, list[Proposal]]) -> dict[str, object]:
    """The test half as the annotation screen shows it to a coder who codes it after
    the development half: each test document proposed for by a model, and a per-field
    choice, trained on everything coded before it (the development half and the test
    documents before it, in document order), as the screen retrains while labels
    accumulate. No document is proposed for by a model that saw it."""
    texts, coded = data.corpus.texts, list(data.dev)
    shown: dict[str, list[Proposal]] = {}
    for document in dict.fromkeys(g.document_id for g in data.test):
        golds = [g for g in data.test if g.document_id == document]
        model = SuggestModel.fit(coded, texts)
        choice = measure(coded, texts, rules, data.index).choice if model else RULES_ONLY
        shown.update(with_model(model, choice, golds, texts, rules, data.index))
        coded += golds
    previous = last_speakers(data.corpus.golds)
    row = score_golds(list(data.test), shown, previous, data.index).row(data.name, "test", AS_CODED)
    # The last test document's model was trained on every document but that one.
    documents = len({g.document_id for g in coded}) - 1
    label = f"{len(data.dev)} + earlier test documents"
    fields = "chosen again before each test document"
    return _curve_row(data, label, len(data.dev), AS_CODED, documents, row, fields)


def notices(data: Halves, sizes: Sequence[int]) -> list[str]:
    said = []
    if data.split_by_order:
        said.append(
            f"{data.name}: no splits.csv; the first half of its documents (in document "
            "order) is the development half"
        )
    _, missed = sizes_for(len(data.dev), sizes)
    if missed:
        said.append(
            f"{data.name}: the development half holds {len(data.dev)} coded sentences, so "
            f"N = {', '.join(map(str, missed))} not reached; the last row trains on all of it"
        )
    if data.unsplit:
        said.append(
            f"{data.name}: {data.unsplit} coded documents not in splits.csv as dev or test; "
            "left out"
        )
    if not data.test:
        said.append(f"{data.name}: no test half to score on")
    return said


def pools(folders: Sequence[Path]) -> tuple[list[list[Path]], list[Path]]:
    """Corpora grouped by identical codebook files; and the corpora left alone."""
    groups: dict[str, list[Path]] = {}
    for folder in folders:
        digest = hashlib.sha256(codebook_file(folder).read_bytes()).hexdigest()
        groups.setdefault(digest, []).append(folder)
    shared = [group for group in groups.values() if len(group) > 1]
    alone = [group[0] for group in groups.values() if len(group) == 1]
    return shared, alone


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(sorted({int(part) for part in text.split(",") if part.strip()}))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {text!r}") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError(f"sizes must be positive whole numbers: {text!r}")
    return sizes


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument(
        "--sizes", type=_sizes, default=SIZES, help="coded sentences to train on (25,50,…)"
    )
    parser.add_argument(
        "--pool", action="store_true", help="pool the corpora that share a codebook"
    )
    parser.add_argument("--format", choices=("table", "markdown", "json"), default="table")
    args = parser.parse_args(argv)
    folders = args.folders or [*sorted(p for p in CORPORA.iterdir() if p.is_dir()), SAMPLE]
    for folder in folders:
        if not codebook_file(folder).is_file():
            parser.error(f"{folder}: no codebook.toml (not a corpus folder)")
    if args.pool:
        groups, alone = pools(folders)
        for folder in alone:
            print(
                f"{folder.name}: no other corpus shares its codebook; not pooled",
                file=sys.stderr,
            )
        jobs = [(group, "+".join(f.name for f in group)) for group in groups]
    else:
        jobs = [([folder], folder.name) for folder in folders]
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as workdir:
        for group, name in jobs:
            data = halves(group, Path(workdir), name)
            for notice in notices(data, args.sizes):
                print(notice, file=sys.stderr)
            rows.extend(curve(data, args.sizes))
    if args.format == "json":
        print(json.dumps(rows, indent=2))
    elif args.format == "markdown":
        print(markdown(rows, COLUMNS))
    else:
        print_table(
            rows,
            "Learning curve: trained on the first N development sentences, scored on the test half",
            COLUMNS,
        )


if __name__ == "__main__":
    main()
