"""Suggestions scored against the decisions already made, document by document.

Each document is scored with a model trained without it (leave-one-document-out; past
MAX_FOLDS documents, documents are grouped into MAX_FOLDS folds so the run stays short),
and each field of the top proposal takes the rules' or the model's value as measured on
that fold's training documents, exactly as `suggest` decides. Three sources are scored:
the rules alone, the model alone, and what the annotation screen shows (pre-annotations,
rules, and the model for the fields where it earned its place)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session

from annotator.suggest.base import stored_table
from annotator.suggest.choice import Measured
from annotator.suggest.combine import combine
from annotator.suggest.corpus import Gold, load_corpus
from annotator.suggest.index import CodebookIndex, load_index
from annotator.suggest.model import SuggestModel
from annotator.suggest.proposal import Proposal
from annotator.suggest.scoring import Tally, last_speakers, score
from annotator.suggest.training import folds, measure, rule_table

MAX_FOLDS = 20
SOURCES = ("rules", "model", "suggest")


@dataclass(frozen=True)
class Evaluation:
    annotator: str | None
    documents: int
    folds: int
    tallies: dict[str, Tally]
    measured: tuple[Measured, ...]  # per fold: the per-field choice and its figures

    @property
    def folds_using_model(self) -> int:
        return sum(m.choice.uses_model for m in self.measured)

    @property
    def sentences(self) -> int:
        return self.tallies["rules"].sentences


def evaluate(
    engine: Engine, annotator: str | None = None, max_folds: int = MAX_FOLDS
) -> Evaluation:
    """Score every source on every decision (of one annotator, or of all)."""
    with Session(engine) as session:
        scored = load_corpus(session, annotator)
        training = scored if annotator is None else load_corpus(session)
        index = load_index(session)
        stored = stored_table(session, list(dict.fromkeys(g.sentence_id for g in scored.golds)))
    rules = rule_table(training, index)
    previous = last_speakers(scored.golds)
    tallies = {name: Tally() for name in SOURCES}
    groups = folds([g.document_id for g in scored.golds], max_folds)
    measured = []
    for held_out in groups:
        kept = [g for g in training.golds if g.document_id not in held_out]
        model = SuggestModel.fit(kept, training.texts)
        chosen = measure(kept, training.texts, rules, index)
        measured.append(chosen)
        fold_golds = [g for g in scored.golds if g.document_id in held_out]
        predicted = _predict(model, fold_golds, scored.texts, index)
        for gold, from_model in zip(fold_golds, predicted, strict=True):
            own = rules.get(gold.sentence_id, [])
            shown = combine(stored.get(gold.sentence_id, []), own, from_model, chosen.choice)
            before = previous[(gold.sentence_id, gold.annotator)]
            score(tallies["rules"], gold, own, index, before)
            score(tallies["model"], gold, from_model, index, before)
            score(tallies["suggest"], gold, shown, index, before)
    return Evaluation(
        annotator=annotator,
        documents=len(scored.documents),
        folds=len(groups) if scored.golds else 0,
        tallies=tallies,
        measured=tuple(measured),
    )


def _predict(
    model: SuggestModel | None,
    golds: Sequence[Gold],
    texts: dict[str, str],
    index: CodebookIndex,
) -> list[list[Proposal]]:
    if model is None:
        return [[] for _ in golds]
    return model.propose([texts[g.sentence_id] for g in golds], index)
