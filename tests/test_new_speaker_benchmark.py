"""The new-speaker benchmark (benchmarks/new_speakers.py): leaving an actor out of a
corpus codebook makes its named sentences new speakers, scored as such."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from annotator.suggest.corpus import load_corpus
from annotator.suggest.proposal import NewSpeaker
from benchmarks.new_speakers import names, score_new_speakers
from benchmarks.suggest_corpora import CORPORA, evaluate_corpus, load
from models.db import open_database
from models.tables import Actor


def test_leaving_each_actor_out_scores_new_speakers(tmp_path: Path) -> None:
    engine = open_database(load([CORPORA / "brexit_prorogation"], tmp_path, "brexit"))
    with Session(engine) as session:
        corpus = load_corpus(session)
    scores = score_new_speakers(engine, corpus, dict.fromkeys(corpus.documents, "all"))
    engine.dispose()
    score = scores["all"]
    # Corbyn, Cooper, Hammond, Sturgeon, Bercow …: named with their titles, found as new.
    # Two false ones on the enlarged corpus's Brexit articles (0.85 precision).
    assert score.tp >= 8 and score.precision is not None and score.precision >= 0.8
    assert score.recall is not None and 0 < score.recall < 1
    assert score.wanted == sum(1 for g in corpus.golds for _ in {s for s, _, _ in g.statements})


def test_the_corpus_table_has_new_speaker_columns(tmp_path: Path) -> None:
    rows = evaluate_corpus(CORPORA / "hong_kong_protests", tmp_path)
    rules = [row for row in rows if row["source"] == "rules"]
    assert [row["split"] for row in rules] == ["dev", "test"]
    for row in rules:
        assert row["new_speaker_p"] == 1.0 and 0 < row["new_speaker_r"] <= 1  # type: ignore[operator]


def test_a_new_speaker_names_an_actor_by_name_alias_or_surname() -> None:
    cooper = Actor(id="cooper", name="Yvette Cooper", side_id="opposition", kind="person")
    lam = Actor(id="lam", name="Carrie Lam", side_id="hk", kind="person", aliases=["Lam"])
    assert names(cooper, NewSpeaker("Yvette Cooper", "Member of Parliament (MP) Yvette Cooper"))
    assert names(lam, NewSpeaker("Lam", "Lam"))
    assert names(cooper, NewSpeaker("Cooper", "Ms Cooper"))
    assert not names(cooper, NewSpeaker("Yvette Smith", "Yvette Smith"))
    court = Actor(id="c", name="Court of Session", side_id="j", kind="court")
    assert not names(court, NewSpeaker("Session", "Session"))
