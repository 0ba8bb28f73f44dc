"""The per-field choice: the top proposal takes each field from the rules, the model, or
the rules filled in by the model, whichever cost least on held-out documents. Built on
real SQLite files holding real corpora with their gold coding."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from annotator.cli import app
from annotator.suggest import maybe_retrain, suggest
from annotator.suggest.combine import Use
from annotator.suggest.model import SOURCE
from annotator.suggest.training import current_model, model_path
from benchmarks.suggest_corpora import load
from models.db import open_database
from models.tables import Decision, DecisionKind, Sentence
from tests.conftest import SAMPLE


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNOTATOR_CACHE_DIR", str(tmp_path / "cache"))


def without_claim_triggers(tmp_path: Path) -> Path:
    """The sample corpus and its gold coding under a codebook that lists no claim
    triggers: the rules still find speakers, but no claim."""
    folder = tmp_path / "no_triggers"
    (folder / "texts").mkdir(parents=True)
    for text in [*SAMPLE.glob("*.txt"), SAMPLE / "manifest.csv"]:
        shutil.copy(text, folder / "texts" / text.name)
    shutil.copy(SAMPLE / "annotations.jsonl", folder / "gold.jsonl")
    codebook = (SAMPLE / "codebook.toml").read_text(encoding="utf-8").splitlines()
    kept = [line for line in codebook if not line.startswith("triggers = ")]
    assert len(kept) < len(codebook)
    (folder / "codebook.toml").write_text("\n".join(kept) + "\n", encoding="utf-8")
    return folder


def loaded(folder: Path, tmp_path: Path) -> Engine:
    return open_database(load([folder], tmp_path, folder.name))


def test_rules_keep_the_speaker_and_the_model_gives_the_claim(tmp_path: Path) -> None:
    engine = loaded(without_claim_triggers(tmp_path), tmp_path)
    trained = maybe_retrain(engine, force=True)
    assert trained is not None and trained.decisions == 76
    measured, choice = trained.measured, trained.choice
    # Speakers: the rules' attribution beats a model trained on 76 sentences (the model
    # may fill in where the rules name nobody).
    assert choice.speaker in (Use.rules, Use.fill)
    assert measured.keys["speaker"]["rules"] < measured.keys["speaker"]["model"]
    # Claims: the rules find none, so the model's claim saves keys.
    assert choice.claim is not Use.rules
    assert measured.keys["claim"][choice.claim.value] < measured.keys["claim"]["rules"]
    assert measured.keys_chosen < measured.keys_rules
    # The screen's top proposal follows the choice: the rules' speaker, the model's claim.
    with Session(engine) as session:
        ids = session.exec(
            select(Decision.sentence_id).where(col(Decision.kind) == DecisionKind.statements.value)
        ).all()
        tops = [suggest(session, sentence_id)[0] for sentence_id in ids]
    mixed = [p for p in tops if not p.no_claim and "+" + SOURCE in p.source]
    assert mixed, "no top proposal took its claim from the model"
    for proposal in mixed:
        assert proposal.source.startswith("rule:speaker")
        assert proposal.claim_id is not None and proposal.speaker_id is not None
        assert re.search(r"; claim (and stance )?from model: ", proposal.reason)


def test_with_its_triggers_the_rules_keep_what_they_find(tmp_path: Path) -> None:
    """The same corpus with the codebook's claim triggers: the rules' speakers stay (the
    model names one at most where the rules name none), and what is chosen saves keys
    over the rules alone."""
    engine = loaded(SAMPLE, tmp_path)
    trained = maybe_retrain(engine, force=True)
    assert trained is not None
    assert trained.choice.speaker in (Use.rules, Use.fill)
    assert trained.measured.keys_chosen < trained.measured.keys_rules


def test_status_and_train_show_each_field_with_its_numbers(tmp_path: Path) -> None:
    engine = loaded(without_claim_triggers(tmp_path), tmp_path)
    url = engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    missing = runner.invoke(app, ["suggest", "status", "--db", url])
    assert missing.exit_code == 1 and "no suggestion model" in missing.stderr
    trained = runner.invoke(app, ["suggest", "train", "--db", url, "-f", "json"])
    assert trained.exit_code == 0, trained.output
    status = runner.invoke(app, ["suggest", "status", "--db", url, "-f", "json"])
    assert status.exit_code == 0, status.output
    report = json.loads(status.stdout)
    assert report == json.loads(trained.stdout)
    rows = {row["field"]: row for row in report["choice"]}
    assert set(rows) == {"no_claim", "speaker", "claim", "stance"}
    assert rows["speaker"]["used"] in ("rules", "fill")
    assert rows["claim"]["used"] in ("fill", "model")
    assert rows["claim"]["keys_rules"] > rows["claim"]["keys_" + rows["claim"]["used"]]
    # Without triggers the rules put "no claim" before every indirect speaker ("according
    # to X"), so here the model may decide it; with triggers the rules keep it (above).
    assert rows["no_claim"]["used"] in ("rules", "model")
    table = runner.invoke(app, ["suggest", "status", "--db", url])
    assert "claim rules then model" in table.stdout or "claim from the model" in table.stdout
    assert str(report["keys_rules"]) in table.stdout


def test_evaluate_reports_the_choice_per_field(tmp_path: Path) -> None:
    engine = loaded(without_claim_triggers(tmp_path), tmp_path)
    url = engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["suggest", "evaluate", "--db", url, "-f", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    rows = {row["field"]: row for row in report["choice"]}
    speaker = dict(part.rsplit(" ", 1) for part in rows["speaker"]["used"].split(", "))
    # The rules' speakers in (nearly) every fold, alone or with the model filling in
    # where the rules propose none.
    assert int(speaker.get("rules", 0)) + int(speaker.get("fill", 0)) >= 4
    assert "model" not in speaker
    assert rows["claim"]["used"] != "rules 5"  # the model's claim in some fold
    assert report["folds_using_model"] == 5


def test_a_model_saved_by_the_old_code_is_retrained(tmp_path: Path) -> None:
    """Format 1 stored an all-or-nothing verdict; such a file is not read, and the first
    retraining replaces it however few decisions changed."""
    engine = loaded(SAMPLE, tmp_path)
    trained = maybe_retrain(engine, force=True)
    assert trained is not None
    path = model_path(engine.url)
    assert path is not None
    with np.load(path, allow_pickle=False) as arrays:
        fields = {name: arrays[name] for name in arrays.files if name != "meta"}
    old_meta = {
        "event_id": trained.event_id,
        "decisions": trained.decisions,
        "documents": trained.documents,
        "keys_rules": 240,
        "keys_combined": 238,
        "trained_at": trained.trained_at,
        "format": 1,
    }
    with path.open("wb") as file:
        np.savez_compressed(file, meta=np.array(json.dumps(old_meta)), **fields)
    assert current_model(engine) is None
    with Session(engine) as session:
        sentence_id = session.exec(select(Sentence.id)).first()
        assert sentence_id is not None
        assert suggest(session, sentence_id)  # the rules still propose
    again = maybe_retrain(engine, every=1000)
    assert again is not None
    reloaded = current_model(engine)
    assert reloaded is not None and reloaded.measured == again.measured


def test_each_field_of_the_top_proposal_comes_from_its_chosen_source() -> None:
    from annotator.suggest.combine import FieldChoice, combine
    from annotator.suggest.proposal import Proposal

    rules = [
        Proposal(
            "rule:speaker.said+claim.trigger",
            0.5,
            'said: "Tokyo"',
            "jp_government",
            "settled_1965",
            "support",
            spans=((0, 5), (20, 30)),
        ),
        Proposal("rule:no_claim", 0.2, "claim trigger but no speaker", no_claim=True),
    ]
    model = [
        Proposal(SOURCE, 0.4, "model: claim p=0.60", "kr_court", "dialogue", "oppose"),
        Proposal(SOURCE, 0.3, "model: no claim p=0.55", no_claim=True),
    ]
    top = combine(
        [], rules, model, FieldChoice(speaker=Use.rules, claim=Use.model, stance=Use.fill)
    )[0]
    # The rules' speaker; the model's claim, and the model's stance for that claim (the
    # rules have none for it); the rules' marks no longer point at what is shown.
    assert (top.speaker_id, top.claim_id, top.stance_id) == ("jp_government", "dialogue", "oppose")
    assert top.source == "rule:speaker.said+claim.trigger+model:logreg"
    assert top.reason == 'said: "Tokyo"; claim and stance from model: claim p=0.60'
    assert top.spans == ()
    # Rules for every field: the model is not shown at all.
    assert combine([], rules, model, FieldChoice()) == rules
    # "No claim" where the model agrees: the rules' "no claim" leads only when the model
    # ranks its own first too; a "no claim" of the model's alone is not shown first.
    nothing_said = rules[::-1]
    agreed = FieldChoice(no_claim=Use.model)
    assert combine([], nothing_said, model[::-1], agreed)[0] == rules[1]
    overruled = combine([], nothing_said, model, agreed)
    assert overruled[0].claim_id == "settled_1965" and not overruled[0].no_claim
    assert any(p.no_claim for p in overruled)  # still there to pick
    assert not combine([], rules, model[::-1], agreed)[0].no_claim
    assert agreed.describe() == "no claim where the model agrees"
