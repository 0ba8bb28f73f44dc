"""The evaluation on a small hand-labelled fixture, with every number worked out by hand,
and the guarantee that suggesting and evaluating never write a decision."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from annotator.cli import app
from annotator.suggest import suggest
from annotator.suggest.corpus import Corpus, DocumentRun
from annotator.suggest.evaluate import evaluate
from annotator.suggest.index import load_index
from annotator.suggest.training import rule_table
from models.db import session_scope
from models.decisions import StatementData, save_decision
from models.tables import Decision, DecisionKind, Event, Sentence, Statement, Suggestion

# Two sample documents: the Kyodo piece of 2019-01-09 and the one of 2020-10-29.
JAN = "Tokyo maintains that the issue"
OCT = "Japan urged South Korea on Thursday"

# (document, sentence index, statements or None for "no claim"), with what the rules
# propose for each, as the comments say.
FIXTURE: list[tuple[str, int, list[tuple[str, str, str]] | None]] = [
    # "Amid escalating bilateral tensions, the Japanese government made the request after
    # … notified by a South Korean district court of the seizure."
    # rules: the government ("made the request after confirming") + stop_liquidation
    # support (the single word "seizure", which counts because someone speaks): wrong claim.
    (JAN, 1, [("jp_government", "bilateral_talks", "support")]),
    # "The district court said Tuesday it has approved a request to impound … as it has
    # refused to comply with an earlier court order…": the court's step is narration
    # (coding rule court_narration); the firm's refusal is coded.
    # rules: the court's step, so "no claim"; the firm is missed.
    (JAN, 2, [("nippon_steel", "japan_sincerity", "oppose")]),
    # '"…has yet to take concrete steps…, which violates international law," said Suga'
    # rules: Suga + breach_intl_law (two triggers: first) and Suga + korea_must_act.
    (
        JAN,
        11,
        [("suga", "breach_intl_law", "support"), ("suga", "korea_must_act", "support")],
    ),
    # "Tokyo maintains … settled "completely and finally" …": right.
    (JAN, 13, [("jp_government", "settled_1965", "support")]),
    # "Japan has said the South Korean rulings are "in breach of international law."": right.
    (JAN, 14, [("jp_government", "breach_intl_law", "support")]),
    # "Bilateral ties … have rapidly deteriorated …": rules say no claim, right.
    (JAN, 21, None),
    # "The two officials, meeting …, agreed to continue dialogue over the matter, it said."
    # rules: the two people named before (Takizaki, Kim) + dialogue support: right.
    (
        OCT,
        2,
        [("takizaki", "dialogue", "support"), ("kim_jung_han", "dialogue", "support")],
    ),
    # "Nippon Steel's South Korean assets have been seized …": no speaker, and a
    # single-word trigger alone is narration: "no claim", right.
    (OCT, 8, None),
]


def label(engine: Engine, annotator: str = "ann") -> None:
    with session_scope(engine) as session:
        for opening, index, statements in FIXTURE:
            document_id = session.exec(
                select(Sentence.document_id).where(col(Sentence.text).startswith(opening))
            ).one()
            sentence_id = f"{document_id}:{index:04d}"
            save_decision(
                session,
                sentence_id=sentence_id,
                annotator=annotator,
                kind=DecisionKind.statements if statements else DecisionKind.no_claim,
                statements=[StatementData(*s) for s in statements or []],
            )


def test_numbers_worked_out_by_hand(sample_engine: Engine) -> None:
    label(sample_engine)
    result = evaluate(sample_engine, "ann")
    assert (result.documents, result.folds, result.folds_using_model) == (2, 2, 0)
    rules = result.tallies["rules"]
    assert rules.sentences == 8
    # Speakers: JAN 2's Nippon Steel is missed (the rules say "no claim" there).
    assert (rules.tp["speaker"], rules.fp["speaker"], rules.fn["speaker"]) == (6, 0, 1)
    assert (rules.tp["side"], rules.fp["side"], rules.fn["side"]) == (6, 0, 1)
    # Claims: JAN 1 offers stop_liquidation, wrongly, and misses its claim; JAN 2 misses.
    assert (rules.tp["claim"], rules.fp["claim"], rules.fn["claim"]) == (5, 1, 2)
    assert rules.precision("claim") == pytest.approx(5 / 6)
    assert rules.recall("claim") == pytest.approx(5 / 7)
    # Stances (per claim): as the claims.
    assert (rules.tp["stance"], rules.fp["stance"], rules.fn["stance"]) == (5, 1, 2)
    assert rules.f1("stance") == pytest.approx(10 / 13)
    # "No claim" leads at JAN 21 and OCT 8, and wrongly at JAN 2.
    assert (rules.tp["no_claim"], rules.fp["no_claim"], rules.fn["no_claim"]) == (2, 1, 0)
    assert rules.covered == 5  # every sentence but JAN 2, JAN 21 and OCT 8 gets a statement
    assert rules.right_first_time == 4  # one key: JAN 13, 14, 21 and OCT 8
    # Keystrokes with suggestions (the top proposal pre-fills the form, and after `a`
    # the next proposal not saved yet):
    #   JAN 1: enter + claim key = 2 (speaker and stance were right);
    #   JAN 2: typed, 4 + 1 + 1 + 1 = 7; JAN 11: enter, then a + enter (Suga's second
    #   claim is the next proposal) = 3; JAN 13, 14: enter; JAN 21: n; OCT 2: enter,
    #   then a + enter (Kim's statement is next) = 3; OCT 8: n.
    #                      2 + 7 + 3 + 1 + 1 + 1 + 3 + 1 = 19
    # Without: JAN 1: 4 + 1 + 1 + 1 = 7; JAN 2: 7; JAN 11: 7 + (a + p + 1 + 1 + 1) = 12;
    #   JAN 13: 7 (Suga spoke last); JAN 14: p + 3 = 4; JAN 21: 1;
    #   OCT 2: 7 + (a + 4 + 3) = 15; OCT 8: 1.   7 + 7 + 12 + 7 + 4 + 1 + 15 + 1 = 54
    assert (rules.keys_with, rules.keys_without) == (19, 54)
    # Eight decisions are too few for a model: it proposes nothing, and the screen
    # shows what the rules propose.
    model = result.tallies["model"]
    assert (model.covered, model.keys_with, model.keys_without) == (0, 54, 54)
    assert result.tallies["suggest"] == rules


def test_other_annotators_are_not_scored(sample_engine: Engine) -> None:
    label(sample_engine, "ann")
    label(sample_engine, "other")
    assert evaluate(sample_engine, "ann").tallies["rules"].sentences == 8
    assert evaluate(sample_engine).tallies["rules"].sentences == 16


def _counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            table.__tablename__: session.exec(select(func.count()).select_from(table)).one()  # type: ignore[attr-defined]
            for table in (Decision, Statement, Event, Suggestion)
        }


def test_suggestions_are_never_written_as_decisions(
    sample_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANNOTATOR_CACHE_DIR", str(tmp_path / "cache"))
    label(sample_engine)
    before = _counts(sample_engine)
    with Session(sample_engine) as session:
        ids = session.exec(select(Sentence.id)).all()
        assert all(isinstance(suggest(session, sentence_id), list) for sentence_id in ids)
    evaluate(sample_engine)
    url = sample_engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["suggest", "evaluate", "--db", url, "-f", "json"])
    assert result.exit_code == 0, result.output
    assert _counts(sample_engine) == before


def test_cli_json_and_markdown(sample_engine: Engine) -> None:
    label(sample_engine)
    url = sample_engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    result = runner.invoke(
        app, ["suggest", "evaluate", "--db", url, "--annotator", "ann", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["decisions"], report["documents"]) == (8, 2)
    rules = next(row for row in report["summary"] if row["source"] == "rules")
    assert rules["keys_per_sentence"] == round(19 / 8, 2)
    assert rules["keys_per_sentence_without"] == round(54 / 8, 2)
    claim = next(
        row for row in report["fields"] if (row["source"], row["field"]) == ("rules", "claim")
    )
    assert (claim["tp"], claim["fp"], claim["fn"]) == (5, 1, 2)
    markdown = runner.invoke(app, ["suggest", "evaluate", "--db", url, "-f", "markdown"])
    assert markdown.exit_code == 0
    assert "| rules | 8 | 62.5% | 50.0% | 2.38 | 6.75 | 64.8% |" in markdown.stdout
    assert "| rules | claim | 0.833 | 0.714 | 0.769 |" in markdown.stdout


def test_cli_without_decisions_fails_clearly(sample_engine: Engine) -> None:
    url = sample_engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["suggest", "evaluate", "--db", url, "--annotator", "nobody"])
    assert result.exit_code == 1
    assert "no decisions by annotator 'nobody'" in result.stderr


def test_evaluation_scores_what_the_screen_shows(sample_engine: Engine) -> None:
    """The evaluation runs the rules over whole documents; the screen asks for one
    sentence with its predecessors. Both must give the same proposals."""
    with Session(sample_engine) as session:
        documents = session.exec(select(Sentence.document_id).distinct()).all()
        corpus = Corpus(
            documents={
                d: DocumentRun(
                    d,
                    tuple(session.exec(_ordered(d, Sentence.id)).all()),
                    tuple(session.exec(_ordered(d, Sentence.text)).all()),
                )
                for d in documents
            },
            golds=(),
            texts={},
        )
        table = rule_table(corpus, load_index(session))
        assert len(table) > 70
        for sentence_id, proposals in table.items():
            assert suggest(session, sentence_id) == proposals, sentence_id


def _ordered(document_id: str, column: Any) -> Any:
    return (
        select(column)
        .where(col(Sentence.document_id) == document_id, col(Sentence.kind) != "boilerplate")
        .order_by(col(Sentence.index))
    )


def test_pre_annotations_lead_and_are_scored(sample_engine: Engine) -> None:
    """A pre-annotation imported from another tool is one more source: shown first when
    more confident, counted in what the screen shows, never in the rules."""
    label(sample_engine)
    with session_scope(sample_engine) as session:
        document_id = session.exec(
            select(Sentence.document_id).where(col(Sentence.text).startswith(JAN))
        ).one()
        sentence_id = f"{document_id}:0001"
        for tool in ("prodigy", "doccano"):
            session.add(
                Suggestion(
                    sentence_id=sentence_id,
                    source=tool,
                    speaker_id="jp_government",
                    claim_id="bilateral_talks",
                    stance_id="support",
                    confidence=0.9,
                    reason="imported",
                )
            )
    with Session(sample_engine) as session:
        shown = suggest(session, sentence_id)
    # Two tools agreeing are both shown: each is its own evidence.
    assert {p.source for p in shown[:2]} == {"prodigy", "doccano"}
    assert [(p.source, p.no_claim) for p in shown[2:]] == [
        ("rule:speaker.said+claim.trigger", False),
    ]
    result = evaluate(sample_engine, "ann")
    assert result.tallies["rules"].keys_with == 19
    screen = result.tallies["suggest"]
    # JAN 1 is now accepted with enter (1 key instead of 2); its offered statements are
    # the pre-annotation (right) and the rules' stop_liquidation (wrong).
    assert (screen.keys_with, screen.right_first_time) == (18, 5)
    assert (screen.tp["claim"], screen.fp["claim"], screen.fn["claim"]) == (6, 1, 1)
