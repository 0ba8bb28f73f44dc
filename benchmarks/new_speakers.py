"""New-speaker proposals scored by leaving one actor out of the codebook at a time.

A corpus's gold speakers are all in its codebook, so a new speaker can only be scored
by taking one out: with actor A removed, a sentence whose gold names A should get a new
speaker named like A (its name or an alias, or the same surname), and every other new
speaker that appears is a false one. New speakers proposed with the whole codebook are
false too (every gold speaker has an entry) and count once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from annotator.suggest.corpus import Corpus, Gold
from annotator.suggest.index import build_index, normalise
from annotator.suggest.proposal import NewSpeaker, Proposal
from annotator.suggest.training import rule_table
from models.tables import Actor, ClaimType, Side, Stance


@dataclass
class NewSpeakerScore:
    tp: int = 0
    fp: int = 0
    wanted: int = 0  # sentences whose gold speaker was left out, over every run

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.wanted if self.wanted else None


def first_new(proposals: Sequence[Proposal]) -> NewSpeaker | None:
    return next((p.new_speaker for p in proposals if p.new_speaker is not None), None)


def names(actor: Actor, speaker: NewSpeaker) -> bool:
    """The new speaker is this actor: its name or an alias, or, for a person, the same
    surname ("Yvette Cooper" and "Cooper")."""
    forms = {normalise(form) for form in [actor.name, *actor.aliases]}
    if normalise(speaker.name) in forms or normalise(speaker.mention) in forms:
        return True
    surname = speaker.name.split()[-1].lower()
    return actor.kind == "person" and surname == actor.name.split()[-1].lower()


def score_new_speakers(
    engine: Engine, corpus: Corpus, splits: dict[str, str]
) -> dict[str, NewSpeakerScore]:
    """Per split (of each gold's document), new-speaker precision and recall."""
    with Session(engine) as session:
        actors = list(
            session.exec(select(Actor).where(col(Actor.active)).order_by(col(Actor.position)))
        )
        claims = list(session.exec(select(ClaimType).where(col(ClaimType.active))))
        stances = list(session.exec(select(Stance).where(col(Stance.active))))
        sides = list(session.exec(select(Side).where(col(Side.active))))
        for row in (*actors, *claims, *stances, *sides):
            session.expunge(row)
    scores: dict[str, NewSpeakerScore] = {}
    full = rule_table(corpus, build_index(actors, claims, stances, sides))
    golds_by_sentence: dict[str, list[Gold]] = {}
    for gold in corpus.golds:
        golds_by_sentence.setdefault(gold.sentence_id, []).append(gold)
    for gold in corpus.golds:
        if first_new(full.get(gold.sentence_id, [])) is not None:
            scores.setdefault(splits[gold.document_id], NewSpeakerScore()).fp += 1
    used = {speaker for g in corpus.golds for speaker, _, _ in g.statements}
    for actor in actors:
        if actor.id not in used:
            continue
        kept = [a for a in actors if a.id != actor.id]
        table = rule_table(corpus, build_index(kept, claims, stances, sides))
        for gold in corpus.golds:
            score = scores.setdefault(splits[gold.document_id], NewSpeakerScore())
            said = any(speaker == actor.id for speaker, _, _ in gold.statements)
            score.wanted += said
            found = first_new(table.get(gold.sentence_id, []))
            if found is None or found == first_new(full.get(gold.sentence_id, [])):
                continue
            if said and names(actor, found):
                score.tp += 1
            else:
                score.fp += 1
    return scores
