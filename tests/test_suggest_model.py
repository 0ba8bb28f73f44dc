"""The model: trained from decisions, retrained as they accumulate, stored beside the
database, and shown only for the fields where it beat the rules on held-out documents."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from annotator.cli import app
from annotator.suggest import maybe_retrain, suggest
from annotator.suggest.combine import FieldChoice, Use, combine
from annotator.suggest.corpus import Gold
from annotator.suggest.index import load_index
from annotator.suggest.model import SOURCE, SuggestModel
from annotator.suggest.proposal import Proposal
from annotator.suggest.training import current_model, model_path, store_model
from models.db import session_scope
from models.decisions import StatementData, save_decision
from models.tables import DecisionKind, Sentence, SentenceKind


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PostgreSQL databases keep their model in the cache directory: a private one."""
    monkeypatch.setenv("ANNOTATOR_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def accept_top_suggestions(engine: Engine, limit: int | None = None) -> int:
    """Label content sentences the way an annotator accepting complete suggestions
    would: the top proposal when it names speaker, claim and stance, else "no claim"."""
    with session_scope(engine) as session:
        ids = session.exec(
            select(Sentence.id)
            .where(col(Sentence.kind) == SentenceKind.content.value)
            .order_by(col(Sentence.id))
        ).all()[:limit]
        for sentence_id in ids:
            top = suggest(session, sentence_id)[0]
            complete = top.speaker_id and top.claim_id and top.stance_id
            save_decision(
                session,
                sentence_id=sentence_id,
                annotator="ann",
                kind=DecisionKind.statements if complete else DecisionKind.no_claim,
                statements=[StatementData(top.speaker_id, top.claim_id, top.stance_id)]  # type: ignore[arg-type]
                if complete
                else [],
            )
    return len(ids)


def test_too_few_decisions_train_nothing(sample_engine: Engine) -> None:
    accept_top_suggestions(sample_engine, limit=5)
    assert maybe_retrain(sample_engine) is None
    assert current_model(sample_engine) is None


def test_retrains_when_enough_new_decisions(sample_engine: Engine) -> None:
    labelled = accept_top_suggestions(sample_engine)
    trained = maybe_retrain(sample_engine, every=3)
    assert trained is not None and trained.decisions == labelled
    assert trained.documents == 5
    path = model_path(sample_engine.url)
    assert path is not None and path.exists()
    if sample_engine.url.get_backend_name() == "sqlite":
        assert path.name == "annotations.db.suggest-model.npz"
    loaded = current_model(sample_engine)
    assert loaded is not None
    assert (loaded.event_id, loaded.trained_at) == (trained.event_id, trained.trained_at)
    # Nothing new: no retraining; two changes are fewer than three.
    assert maybe_retrain(sample_engine, every=3) is None
    with session_scope(sample_engine) as session:
        first, second = session.exec(
            select(Sentence.id).where(col(Sentence.kind) == SentenceKind.content.value).limit(2)
        ).all()
        for sentence_id in (first, second):
            save_decision(
                session, sentence_id=sentence_id, annotator="ann", kind=DecisionKind.no_claim
            )
    assert maybe_retrain(sample_engine, every=3) is None
    with session_scope(sample_engine) as session:
        save_decision(session, sentence_id=first, annotator="ann", kind=DecisionKind.skip)
    again = maybe_retrain(sample_engine, every=3)
    assert again is not None and again.decisions == labelled - 1  # the skip is no label


def test_model_proposals_shown_only_when_some_field_uses_it(sample_engine: Engine) -> None:
    accept_top_suggestions(sample_engine)
    trained = maybe_retrain(sample_engine, force=True)
    assert trained is not None
    with Session(sample_engine) as session:
        ids = session.exec(select(Sentence.id)).all()
        sources = {p.source for sentence_id in ids for p in suggest(session, sentence_id)}
    assert any(SOURCE in source for source in sources) == trained.choice.uses_model
    measured = trained.measured
    assert measured.keys_chosen <= measured.keys_rules
    if not trained.choice.uses_model:
        assert measured.keys_chosen == measured.keys_rules


def test_train_command(sample_engine: Engine) -> None:
    url = sample_engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    empty = runner.invoke(app, ["suggest", "train", "--db", url])
    assert empty.exit_code == 1 and "too few decisions" in empty.stderr
    accept_top_suggestions(sample_engine)
    result = runner.invoke(app, ["suggest", "train", "--db", url])
    assert result.exit_code == 0, result.output
    assert "trained on 76 decisions in 5 documents" in result.stdout
    for name in ("no_claim", "speaker", "claim", "stance"):
        assert name in result.stdout


def test_unreadable_model_file_is_ignored_and_replaced(sample_engine: Engine) -> None:
    accept_top_suggestions(sample_engine)
    path = model_path(sample_engine.url)
    assert path is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x80\x04not a model")  # e.g. a pickle: never unpickled
    assert current_model(sample_engine) is None
    trained = maybe_retrain(sample_engine)
    assert trained is not None
    loaded = current_model(sample_engine)
    assert loaded is not None and loaded.decisions == trained.decisions
    with Session(sample_engine) as session:
        sentence_id = session.exec(select(Sentence.id).order_by(col(Sentence.id))).first()
        assert sentence_id is not None
        texts = [session.exec(select(Sentence.text).where(Sentence.id == sentence_id)).one()]
    with Session(sample_engine) as session:
        index = load_index(session)
    assert loaded.model.propose(texts, index) == trained.model.propose(texts, index)


def test_sentences_without_words_train_nothing() -> None:
    golds = [
        Gold(f"d:{i:04d}", "d", "ann", False, (("suga", "dialogue", "support"),)) for i in range(12)
    ]
    assert SuggestModel.fit(golds, {g.sentence_id: "— ! ?" for g in golds}) is None


# Rules first, the model filling what the top rule proposal leaves empty, in every field.
FILL_ALL = FieldChoice(Use.fill, Use.fill, Use.fill, Use.fill)


def test_model_fills_what_the_top_rule_proposal_leaves_empty() -> None:
    rules = [
        Proposal("rule:claim.trigger", 0.3, 'claim trigger "talks"', None, "dialogue", "support"),
        Proposal("rule:no_claim", 0.25, "claim trigger but no speaker", no_claim=True),
    ]
    model = [Proposal(SOURCE, 0.2, "model: claim p=0.40", "kono", "bilateral_talks", "oppose")]
    shown = combine([], rules, model, FILL_ALL)
    assert (shown[0].source, shown[0].speaker_id, shown[0].claim_id, shown[0].stance_id) == (
        "rule:claim.trigger+model:logreg",
        "kono",
        "dialogue",
        "support",
    )
    assert shown[0].reason == 'claim trigger "talks"; speaker from model: claim p=0.40'
    assert [p.source for p in shown[1:]] == ["rule:claim.trigger", "rule:no_claim", SOURCE]
    # A complete rule proposal is left as it is.
    complete = [Proposal("rule:speaker.said+claim.trigger", 0.5, "", "suga", "dialogue", "support")]
    assert combine([], complete, model, FILL_ALL)[0] == complete[0]


def test_model_of_a_replaced_database_is_retrained(sample_engine: Engine) -> None:
    """A model file whose log position lies past the database's last event was made for
    another database at the same place: it is replaced at once, however few changes."""
    accept_top_suggestions(sample_engine)
    trained = maybe_retrain(sample_engine)
    assert trained is not None
    store_model(sample_engine, replace(trained, event_id=trained.event_id + 1000))
    assert maybe_retrain(sample_engine, every=1000) is not None
    loaded = current_model(sample_engine)
    assert loaded is not None and loaded.event_id == trained.event_id


def test_model_proposes_a_speaker_the_sentence_names(sample_engine: Engine) -> None:
    """Words say what is claimed better than who claims it: of the actors a sentence
    names, the model proposes the one it finds likeliest, never one it does not name;
    only a sentence that names no actor gets the model's likeliest speaker."""
    texts = {f"d:{i:04d}": f"The talks must go on, Suga said on day {i}." for i in range(10)}
    texts |= {f"d:{i:04d}": f"Kono said the fund is a ploy, on day {i}." for i in range(10, 14)}
    golds = [
        Gold(s, "d", "ann", False, (("suga", "dialogue", "support"),))
        if int(s[2:]) < 10
        else Gold(s, "d", "ann", False, (("kono", "joint_fund", "oppose"),))
        for s in texts
    ]
    model = SuggestModel.fit(golds, texts)
    assert model is not None
    with Session(sample_engine) as session:
        index = load_index(session)
    named, unnamed = model.propose(
        [
            "Foreign Minister Taro Kono told reporters the talks must go on.",
            "The talks must go on, he told reporters.",
        ],
        index,
    )
    assert named[0].claim_id == "dialogue"
    assert named[0].speaker_id == "kono"
    assert unnamed[0].speaker_id == "suga"
