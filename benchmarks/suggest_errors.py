"""Where the rules go wrong on a corpus's development half, sentence by sentence.

Usage: python -m benchmarks.suggest_errors [DIR ...] [--all]

For tuning the rules without looking at the test half: only sentences of documents that
`splits.csv` marks `dev` are listed (a corpus without splits.csv, the sample, is listed
whole, since its rules were written on it). Each sentence where the top proposal's
speaker or claims differ from the gold, or where "no claim" is proposed or decided
against the other, is printed with the gold statements and the rules' proposals; `--all`
prints every development sentence. Corpora are loaded as benchmarks.suggest_corpora
loads them."""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from pathlib import Path

from annotator.suggest.corpus import Gold
from annotator.suggest.index import CodebookIndex
from annotator.suggest.proposal import Proposal
from annotator.suggest.scoring import offered
from annotator.suggest.training import rule_table
from benchmarks.suggest_corpora import CORPORA, SAMPLE, load_split


def _statement(
    index: CodebookIndex, speaker: str | None, claim: str | None, stance: str | None
) -> str:
    name = index.actors[speaker].name if speaker in index.actors else (speaker or "-")
    return f"{name} × {claim or '-'} × {stance or '-'}"


def _wrong(gold: Gold, proposals: Sequence[Proposal]) -> bool:
    no_claim, statements = offered(proposals)
    if no_claim or gold.no_claim:
        return no_claim != gold.no_claim
    found = {(p.speaker_id, p.claim_id, p.stance_id) for p in statements}
    return not set(gold.statements) <= found or any(
        p.speaker_id and p.speaker_id not in {s[0] for s in gold.statements} for p in statements
    )


def dump(folder: Path, workdir: Path, every: bool) -> None:
    engine, corpus, index, split_of = load_split(folder, workdir)
    engine.dispose()
    rules = rule_table(corpus, index)
    print(f"# {folder.name}")
    for gold in corpus.golds:
        if split_of[gold.document_id] not in {"dev", "all"}:
            continue
        shown = rules.get(gold.sentence_id, [])
        if not every and not _wrong(gold, shown):
            continue
        print(f"\n[{gold.sentence_id}] {corpus.texts[gold.sentence_id]}")
        decided = (
            ["no claim"]
            if gold.no_claim
            else [_statement(index, *statement) for statement in gold.statements]
        )
        print("  gold: " + " | ".join(decided))
        for proposal in shown[:4]:
            what = (
                "no claim"
                if proposal.no_claim
                else _statement(index, proposal.speaker_id, proposal.claim_id, proposal.stance_id)
            )
            if proposal.new_speaker is not None:
                what = f"NEW {proposal.new_speaker.name} " + what
            print(f"  rule: {what}  ({proposal.source} {proposal.confidence}: {proposal.reason})")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--all", action="store_true", help="every development sentence")
    args = parser.parse_args(argv)
    folders = args.folders or [*sorted(p for p in CORPORA.iterdir() if p.is_dir()), SAMPLE]
    with tempfile.TemporaryDirectory() as workdir:
        for folder in folders:
            dump(folder, Path(workdir), args.all)


if __name__ == "__main__":
    main()
