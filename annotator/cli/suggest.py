"""`annotator suggest evaluate|train`: how much the suggestions help, and the model."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

import typer

from annotator.cli.common import DbOption, FormatOption, OutputFormat, err, fail, open_db, out
from annotator.render import Column, emit
from annotator.suggest.evaluate import MAX_FOLDS, SOURCES, Evaluation, evaluate
from annotator.suggest.scoring import FIELDS
from annotator.suggest.training import maybe_retrain, model_path

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)

AnnotatorOption = Annotated[
    str | None,
    typer.Option("--annotator", help="Score this annotator's decisions (default: everyone's)."),
]


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def field_rows(evaluation: Evaluation) -> list[dict[str, Any]]:
    rows = []
    for source in SOURCES:
        tally = evaluation.tallies[source]
        for name in FIELDS:
            rows.append(
                {
                    "source": source,
                    "field": name,
                    "precision": _ratio(tally.precision(name)),
                    "recall": _ratio(tally.recall(name)),
                    "f1": _ratio(tally.f1(name)),
                    "tp": tally.tp[name],
                    "fp": tally.fp[name],
                    "fn": tally.fn[name],
                }
            )
    return rows


def summary_rows(evaluation: Evaluation) -> list[dict[str, Any]]:
    rows = []
    for source in SOURCES:
        tally = evaluation.tallies[source]
        n = tally.sentences or 1
        rows.append(
            {
                "source": source,
                "sentences": tally.sentences,
                "coverage": round(tally.covered / n, 3),
                "right_first_time": round(tally.right_first_time / n, 3),
                "keys_per_sentence": round(tally.keys_with / n, 2),
                "keys_per_sentence_without": round(tally.keys_without / n, 2),
                "keys_saved": round(1 - tally.keys_with / tally.keys_without, 3)
                if tally.keys_without
                else 0.0,
            }
        )
    return rows


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def _number(digits: int) -> Callable[[float | None], str]:
    return lambda value: "–" if value is None else f"{value:.{digits}f}"


SUMMARY_COLUMNS = [
    Column("source", "source"),
    Column("sentences", "sentences", justify="right"),
    Column("coverage", "coverage", _percent, "right"),
    Column("right_first_time", "right first time", _percent, "right"),
    Column("keys_per_sentence", "keys/sentence", _number(2), "right"),
    Column("keys_per_sentence_without", "keys without", _number(2), "right"),
    Column("keys_saved", "keys saved", _percent, "right"),
]
FIELD_COLUMNS = [
    Column("source", "source"),
    Column("field", "field"),
    *[Column(name, name, _number(3), "right") for name in ("precision", "recall", "f1")],
    *[Column(name, name, justify="right") for name in ("tp", "fp", "fn")],
]


@app.command("evaluate")
def evaluate_command(
    db: DbOption = None,
    annotator: AnnotatorOption = None,
    fmt: FormatOption = OutputFormat.table,
    max_folds: Annotated[
        int,
        typer.Option(
            "--folds",
            min=2,
            help="Leave one document out up to this many documents; beyond, group "
            "documents into this many folds (each still scored by a model that never saw it).",
        ),
    ] = MAX_FOLDS,
) -> None:
    """Compare suggestions with the decisions made, document by document (the model
    never sees the document it is scored on): precision, recall and F1 per field,
    coverage, and keystrokes per sentence with suggestions and without."""
    engine = open_db(db)
    evaluation = evaluate(engine, annotator, max_folds)
    if not evaluation.sentences:
        who = f"annotator {annotator!r}" if annotator else "any annotator"
        fail(f"no decisions by {who} to evaluate against")
    fields, summary = field_rows(evaluation), summary_rows(evaluation)
    err.print(
        f"scored {evaluation.sentences} decisions in {evaluation.documents} documents "
        f"({evaluation.folds} folds, each scored by a model trained without it; "
        f"model used in {evaluation.folds_using_model} of them)",
        markup=False,
    )
    if fmt is OutputFormat.json:
        meta = {
            "annotator": annotator,
            "documents": evaluation.documents,
            "decisions": evaluation.sentences,
            "folds": evaluation.folds,
            "folds_using_model": evaluation.folds_using_model,
        }
        out.print(
            json.dumps({**meta, "fields": fields, "summary": summary}, indent=2), markup=False
        )
    elif fmt is OutputFormat.csv:
        emit("csv", FIELD_COLUMNS, fields)
    else:
        emit(fmt.value, SUMMARY_COLUMNS, summary, title="Keystrokes per sentence")
        out.print("", markup=False)
        emit(fmt.value, FIELD_COLUMNS, fields, title="Per field")


@app.command("train")
def train_command(db: DbOption = None) -> None:
    """Retrain the suggestion model on every decision now, and say whether it beats
    the rules on held-out documents (only then does the annotation screen use it)."""
    engine = open_db(db)
    trained = maybe_retrain(engine, force=True)
    if trained is None:
        fail("too few decisions to train a model (needs 10, some with statements)")
    verdict = "used" if trained.beats_rules else "not used: the rules alone do better"
    out.print(
        f"trained on {trained.decisions} decisions in {trained.documents} documents; "
        f"held-out keystrokes: rules {trained.keys_rules}, rules + model "
        f"{trained.keys_combined}; model {verdict}",
        markup=False,
    )
    path = model_path(engine.url)
    if path is not None:
        err.print(f"model stored in {path}", markup=False)
