"""How claims are found in wording no trigger was written for, per corpus and split.

Usage: python -m benchmarks.held_out_wording [DIR ...] [--format table|markdown|json]

A codebook's triggers were written from the wording of its development articles, so on
those articles they find nearly everything, and on new articles little. This estimates
the rules on unseen wording without new articles, in two ways:

- `label words`: each claim type in turn loses all its triggers; whatever finds it then
  is its label's words (annotator.suggest.label_words). Scored on every sentence for
  that claim type, summed over the claim types (a claim type with too few distinctive
  label words is never found, and counts).
- `one trigger out`: each trigger in turn is left out, and its claim type is scored on
  the sentences where it is the claim's only trigger (the wording it was written for):
  do its label's words still find it? (No other trigger of the claim matches there,
  so without label words nothing would.)

Corpora are loaded as benchmarks.suggest_corpora loads them; only the rules run. A
claim counts as found where the rules' suggestion (not "no claim" first) holds it. The
last rows sum the corpora that have development and test halves (not the sample)."""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from annotator.suggest.corpus import Corpus, Gold
from annotator.suggest.index import CodebookIndex, Trigger
from annotator.suggest.rules import run_proposals
from annotator.suggest.scoring import offered
from benchmarks.suggest_corpora import CORPORA, SAMPLE, load_split, markdown, print_table, splits


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, proposed: bool, wanted: bool) -> None:
        self.tp += proposed and wanted
        self.fp += proposed and not wanted
        self.fn += wanted and not proposed

    def row(self) -> dict[str, object]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else None
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else None
        f1 = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
        return {"found": self.tp + self.fp, "wanted": self.tp + self.fn, "p": p, "r": r, "f1": f1}


def _claims_found(
    corpus: Corpus, index: CodebookIndex, documents: Iterable[str]
) -> dict[str, set[str]]:
    """The claims the rules suggest for each sentence of the documents."""
    found: dict[str, set[str]] = {}
    for document_id in documents:
        run = corpus.documents[document_id]
        for sentence_id, shown in zip(
            run.sentence_ids, run_proposals(run.texts, index), strict=True
        ):
            no_claim, statements = offered(shown)
            found[sentence_id] = set() if no_claim else {p.claim_id for p in statements}
    return found


def _without(index: CodebookIndex, left_out: Iterable[Trigger]) -> CodebookIndex:
    gone = set(map(id, left_out))
    return replace(index, triggers=tuple(t for t in index.triggers if id(t) not in gone))


def _only_trigger(trigger: Trigger, index: CodebookIndex, text: str) -> bool:
    """Whether `trigger` is the one trigger of its claim that the sentence holds: the
    wording it was written for, which no other trigger of that claim covers."""
    return bool(trigger.pattern.search(text)) and not any(
        other.claim_id == trigger.claim_id and other is not trigger and other.pattern.search(text)
        for other in index.triggers
    )


def held_out(
    corpus: Corpus, index: CodebookIndex, split_of: dict[str, str]
) -> dict[tuple[str, str], Counts]:
    """Counts per (split, mode)."""
    tallies: dict[tuple[str, str], Counts] = {}
    golds = [g for g in corpus.golds if g.document_id in corpus.documents]

    def tally(split: str, mode: str) -> Counts:
        return tallies.setdefault((split, mode), Counts())

    def claims_of(gold: Gold) -> set[str]:
        return {claim for _, claim, _ in gold.statements}

    for claim_id in index.claim_labels:
        own = [t for t in index.triggers if t.claim_id == claim_id]
        found = _claims_found(corpus, _without(index, own), corpus.documents)
        for gold in golds:
            proposed = claim_id in found.get(gold.sentence_id, set())
            tally(split_of[gold.document_id], "label words").add(
                proposed, claim_id in claims_of(gold)
            )
    for trigger in index.triggers:
        matched = [g for g in golds if _only_trigger(trigger, index, corpus.texts[g.sentence_id])]
        documents = dict.fromkeys(g.document_id for g in matched)
        found = _claims_found(corpus, _without(index, [trigger]), documents)
        for gold in matched:
            proposed = trigger.claim_id in found.get(gold.sentence_id, set())
            tally(split_of[gold.document_id], "one trigger out").add(
                proposed, trigger.claim_id in claims_of(gold)
            )
    return tallies


MODES = ("label words", "one trigger out")
COLUMNS = (
    ("corpus", "corpus"),
    ("split", "split"),
    ("mode", "held out"),
    ("wanted", "claims coded"),
    ("found", "claims proposed"),
    ("p", "claim P"),
    ("r", "claim R"),
    ("f1", "claim F1"),
)


def corpus_counts(folder: Path, workdir: Path) -> dict[tuple[str, str], Counts]:
    """The counts of one corpus folder, per (split, mode)."""
    engine, corpus, index, split_of = load_split(folder, workdir)
    engine.dispose()
    return held_out(corpus, index, split_of)


def rows_of(name: str, tallies: dict[tuple[str, str], Counts]) -> list[dict[str, object]]:
    order = {"dev": 0, "test": 1}
    return [
        {"corpus": name, "split": split, "mode": mode, **tallies[split, mode].row()}
        for split, mode in sorted(tallies, key=lambda k: (order.get(k[0], 2), MODES.index(k[1])))
    ]


def pooled(per_corpus: Iterable[dict[tuple[str, str], Counts]]) -> dict[tuple[str, str], Counts]:
    """The counts of several corpora summed, per (split, mode)."""
    total: dict[tuple[str, str], Counts] = {}
    for tallies in per_corpus:
        for key, counts in tallies.items():
            into = total.setdefault(key, Counts())
            into.tp, into.fp, into.fn = (
                into.tp + counts.tp,
                into.fp + counts.fp,
                into.fn + counts.fn,
            )
    return total


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--format", choices=("table", "markdown", "json"), default="table")
    args = parser.parse_args(argv)
    folders = args.folders or [*sorted(p for p in CORPORA.iterdir() if p.is_dir()), SAMPLE]
    rows: list[dict[str, object]] = []
    split_corpora = []
    with tempfile.TemporaryDirectory() as workdir:
        for folder in folders:
            tallies = corpus_counts(folder, Path(workdir))
            rows.extend(rows_of(folder.name, tallies))
            if splits(folder):
                split_corpora.append(tallies)
    if len(split_corpora) > 1:
        rows.extend(rows_of("all corpora with splits", pooled(split_corpora)))
    if args.format == "json":
        print(json.dumps(rows, indent=2))
    elif args.format == "markdown":
        print(markdown(rows, COLUMNS))
    else:
        print_table(rows, "Claims on held-out wording", COLUMNS)


if __name__ == "__main__":
    main()
