"""Suggestions scored on corpora the rules were not written on, per corpus and split.

Usage: python -m benchmarks.suggest_corpora [DIR ...] [--format table|markdown|json]

Each DIR holds `codebook.toml`, the texts (`texts/` with its manifest, or the folder
itself), the gold coding in the native JSONL format (`gold.jsonl`, or `annotations.jsonl`
as in sample_data/) and optionally `splits.csv` (file,split: dev or test). Without DIR,
every corpus under benchmarks/corpora/ and the sample corpus are scored. Each corpus is
loaded into a fresh SQLite database in a temporary folder, exactly as a user would
(`annotator init --codebook`, `annotator import`, `annotator import --labels`).

Per split it prints what the issue's table asks for: speaker and claim precision /
recall / F1, full-statement F1 (speaker, claim and stance all right), stance accuracy
where the claim is right, keystrokes per sentence with and without suggestions, and,
for the rules, the precision and recall of new-speaker proposals, scored by leaving
each actor out of the codebook in turn (benchmarks/new_speakers.py). Two sources:
`rules`, and on the test split `rules+model`, the annotation screen's merge with a
model trained on the development split's gold (each field of the top proposal from the
rules or the model as the training-time check on the development split chooses, as
`suggest` decides)."""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from annotator.suggest.combine import RULES_ONLY, FieldChoice, combine
from annotator.suggest.corpus import Corpus, Gold, load_corpus
from annotator.suggest.index import CodebookIndex, load_index
from annotator.suggest.model import SuggestModel
from annotator.suggest.proposal import Proposal
from annotator.suggest.scoring import Tally, last_speakers, offered, score
from annotator.suggest.training import measure, rule_table
from benchmarks.new_speakers import NewSpeakerScore, score_new_speakers
from models.db import open_database
from models.tables import Document

ROOT = Path(__file__).resolve().parent
CORPORA = ROOT / "corpora"
SAMPLE = ROOT.parent / "sample_data"
PIPED_WIDTH = 400


@dataclass
class Extra:
    """What Tally does not count: whole statements and stance given the claim."""

    statement_tp: int = 0
    statement_fp: int = 0
    statement_fn: int = 0
    claim_right: int = 0
    stance_right: int = 0

    def add(self, gold: Gold, proposals: Sequence[Proposal]) -> None:
        no_claim, statements = offered(proposals)
        found = set() if no_claim else {(p.speaker_id, p.claim_id, p.stance_id) for p in statements}
        wanted = set(gold.statements)
        self.statement_tp += len(found & wanted)
        self.statement_fp += len(found - wanted)
        self.statement_fn += len(wanted - found)
        claims = set() if no_claim else {p.claim_id for p in statements if p.claim_id}
        pairs = set() if no_claim else {(p.claim_id, p.stance_id) for p in statements}
        for _, claim, stance in gold.statements:
            if claim in claims:
                self.claim_right += 1
                self.stance_right += (claim, stance) in pairs


@dataclass
class Score:
    tally: Tally = field(default_factory=Tally)
    extra: Extra = field(default_factory=Extra)

    def row(self, corpus: str, split: str, source: str) -> dict[str, object]:
        t, e = self.tally, self.extra
        found, wanted = e.statement_tp + e.statement_fp, e.statement_tp + e.statement_fn
        p = e.statement_tp / found if found else None
        r = e.statement_tp / wanted if wanted else None
        statement_f1 = 2 * p * r / (p + r) if p and r else (0.0 if found or wanted else None)
        return {
            "corpus": corpus,
            "split": split,
            "source": source,
            "sentences": t.sentences,
            "statements": wanted,
            "speaker_p": t.precision("speaker"),
            "speaker_r": t.recall("speaker"),
            "speaker_f1": t.f1("speaker"),
            "claim_p": t.precision("claim"),
            "claim_r": t.recall("claim"),
            "claim_f1": t.f1("claim"),
            "statement_f1": statement_f1,
            "stance_where_claim_right": e.stance_right / e.claim_right if e.claim_right else None,
            "keys_per_sentence": t.keys_with / t.sentences if t.sentences else None,
            "keys_without": t.keys_without / t.sentences if t.sentences else None,
            "keys_saved": 1 - t.keys_with / t.keys_without if t.keys_without else None,
            "new_speaker_p": None,
            "new_speaker_r": None,
        }


def _layout(folder: Path) -> tuple[Path, Path, Path]:
    texts = folder / "texts" if (folder / "texts").is_dir() else folder
    gold = folder / "gold.jsonl"
    if not gold.is_file():
        gold = folder / "annotations.jsonl"
    return folder / "codebook.toml", texts, gold


def splits(folder: Path) -> dict[str, str]:
    """File name to split (dev or test) from the corpus's splits.csv; {} without one."""
    path = folder / "splits.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["file"]: row["split"] for row in csv.DictReader(handle)}


def codebook_file(folder: Path) -> Path:
    return _layout(folder)[0]


def load(folders: Sequence[Path], workdir: Path, name: str) -> str:
    """A fresh database holding the corpora (which share the first one's codebook),
    their texts and their gold decisions."""
    from annotator.cli.codebook import store_codebook_file
    from annotator.cli.importing import import_label_files, import_paths
    from exports.labels import LabelFormat

    layouts = [_layout(folder) for folder in folders]
    url = f"sqlite:///{workdir / (name + '.db')}"
    engine = open_database(url)
    store_codebook_file(engine, layouts[0][0])
    import_paths(engine, [texts for _, texts, _ in layouts])
    import_label_files(
        engine,
        [gold for _, _, gold in layouts],
        LabelFormat.jsonl,
        as_decisions=True,
        add_to_codebook=False,
    )
    engine.dispose()
    return url


def load_split(folder: Path, workdir: Path) -> tuple[Engine, Corpus, CodebookIndex, dict[str, str]]:
    """One corpus folder loaded as a user would: its database (the caller disposes of
    it), coded corpus, codebook index, and each document's split (dev, test or all)."""
    engine = open_database(load([folder], workdir, folder.name))
    split_names = splits(folder)
    with Session(engine) as session:
        corpus = load_corpus(session)
        index = load_index(session)
        origins = dict(session.exec(select(Document.id, Document.origin)).all())
    split_of = {doc: split_names.get(Path(origins.get(doc) or "").name, "all") for doc in origins}
    return engine, corpus, index, split_of


def evaluate_corpus(folder: Path, workdir: Path) -> list[dict[str, object]]:
    engine, corpus, index, split_of = load_split(folder, workdir)
    newcomers = score_new_speakers(engine, corpus, split_of)
    engine.dispose()
    rules = rule_table(corpus, index)
    previous = last_speakers(corpus.golds)
    names = sorted({split_of[g.document_id] for g in corpus.golds}, key=_split_order)
    rows = []
    for split in names:
        golds = [g for g in corpus.golds if split_of[g.document_id] == split]
        row = score_golds(golds, rules, previous, index).row(folder.name, split, "rules")
        found = newcomers.get(split, NewSpeakerScore())
        row.update(new_speaker_p=found.precision, new_speaker_r=found.recall)
        rows.append(row)
    dev = [g for g in corpus.golds if split_of[g.document_id] == "dev"]
    test = [g for g in corpus.golds if split_of[g.document_id] == "test"]
    if dev and test:
        model = SuggestModel.fit(dev, corpus.texts)
        choice = measure(dev, corpus.texts, rules, index).choice if model else RULES_ONLY
        shown = with_model(model, choice, test, corpus.texts, rules, index)
        source = "rules+model" + (
            f" ({choice.describe()})" if choice.uses_model else " (model not used)"
        )
        rows.append(score_golds(test, shown, previous, index).row(folder.name, "test", source))
    return rows


def _split_order(name: str) -> tuple[int, str]:
    return ({"dev": 0, "test": 1}.get(name, 2), name)


def with_model(
    model: SuggestModel | None,
    choice: FieldChoice,
    golds: Sequence[Gold],
    texts: dict[str, str],
    rules: dict[str, list[Proposal]],
    index: CodebookIndex,
) -> dict[str, list[Proposal]]:
    """What the screen would show for each sentence: rules and model per `choice`."""
    if model is None:
        return {g.sentence_id: rules.get(g.sentence_id, []) for g in golds}
    predicted = model.propose([texts[g.sentence_id] for g in golds], index)
    return {
        g.sentence_id: combine([], rules.get(g.sentence_id, []), guess, choice)
        for g, guess in zip(golds, predicted, strict=True)
    }


def score_golds(
    golds: Sequence[Gold],
    proposals: dict[str, list[Proposal]],
    previous: dict[tuple[str, str], str | None],
    index: CodebookIndex,
) -> Score:
    result = Score()
    for gold in golds:
        shown = proposals.get(gold.sentence_id, [])
        score(result.tally, gold, shown, index, previous[(gold.sentence_id, gold.annotator)])
        result.extra.add(gold, shown)
    return result


COLUMNS = (
    ("corpus", "corpus"),
    ("split", "split"),
    ("source", "source"),
    ("sentences", "sentences"),
    ("statements", "statements"),
    ("speaker_p", "speaker P"),
    ("speaker_r", "speaker R"),
    ("speaker_f1", "speaker F1"),
    ("claim_p", "claim P"),
    ("claim_r", "claim R"),
    ("claim_f1", "claim F1"),
    ("statement_f1", "statement F1"),
    ("stance_where_claim_right", "stance | claim"),
    ("keys_per_sentence", "keys/sent"),
    ("keys_without", "keys without"),
    ("keys_saved", "keys saved"),
    ("new_speaker_p", "new speaker P"),
    ("new_speaker_r", "new speaker R"),
)


def _cell(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def markdown(
    rows: list[dict[str, object]], columns: Sequence[tuple[str, str]] = COLUMNS, left: int = 3
) -> str:
    """A Markdown table; the first `left` columns are text, the rest numbers."""
    lines = [
        "| " + " | ".join(title for _, title in columns) + " |",
        "|" + "|".join("---" if i < left else "---:" for i in range(len(columns))) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(_cell(row[key]) for key, _ in columns) + " |")
    return "\n".join(lines)


def print_table(
    rows: list[dict[str, object]],
    title: str,
    columns: Sequence[tuple[str, str]] = COLUMNS,
    left: int = 3,
) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for position, (_, heading) in enumerate(columns):
        table.add_column(heading, justify="left" if position < left else "right")
    for row in rows:
        table.add_row(*(_cell(row[key]) for key, _ in columns))
    console = Console()
    if not console.is_terminal:  # piped: as wide as the table, not squeezed to 80 columns
        console = Console(width=PIPED_WIDTH)
    console.print(table)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--format", choices=("table", "markdown", "json"), default="table")
    args = parser.parse_args(argv)
    folders = args.folders or [*sorted(p for p in CORPORA.iterdir() if p.is_dir()), SAMPLE]
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as workdir:
        for folder in folders:
            rows.extend(evaluate_corpus(folder, Path(workdir)))
    if args.format == "json":
        print(json.dumps(rows, indent=2))
    elif args.format == "markdown":
        print(markdown(rows))
    else:
        print_table(rows, "Suggestions per corpus and split")


if __name__ == "__main__":
    main()
