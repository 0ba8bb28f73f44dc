"""`annotator suggest evaluate|train|status`: how much the suggestions help, and the
model: which fields it fills, and the held-out keystrokes behind that choice."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer

from annotator.cli.common import DbOption, FormatOption, OutputFormat, err, fail, open_db, out
from annotator.render import Column, emit
from annotator.suggest.choice import PREFERENCE, Measured
from annotator.suggest.combine import FIELD_NAMES, Use
from annotator.suggest.evaluate import MAX_FOLDS, SOURCES, Evaluation, evaluate
from annotator.suggest.scoring import FIELDS
from annotator.suggest.training import Trained, current_model, maybe_retrain, model_path

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


def choice_rows(measured: Sequence[Measured]) -> list[dict[str, Any]]:
    """Per field: which source the top proposal takes it from (in how many folds, when
    several), and the held-out keystrokes with each source, summed over the folds."""
    rows = []
    for name in FIELD_NAMES:
        used = Counter(getattr(m.choice, name).value for m in measured)
        keys = {
            use.value: sum(m.keys[name][use.value] for m in measured if name in m.keys)
            for use in PREFERENCE
        }
        rows.append(
            {
                "field": name,
                "used": ", ".join(
                    use.value if len(measured) == 1 else f"{use.value} {used[use.value]}"
                    for use in PREFERENCE
                    if used[use.value]
                ),
                **{f"keys_{use}": keys[use] for use in keys},
            }
        )
    return rows


CHOICE_COLUMNS = [
    Column("field", "field"),
    Column("used", "used", lambda used: used.replace(Use.fill.value, "rules then model")),
    Column("keys_rules", "rules", justify="right"),
    Column("keys_fill", "rules then model", justify="right"),
    Column("keys_model", "model", justify="right"),
]
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
    choices = choice_rows(evaluation.measured)
    err.print(
        f"scored {evaluation.sentences} decisions in {evaluation.documents} documents "
        f"({evaluation.folds} folds, each scored by a model trained without it; "
        f"model used for some field in {evaluation.folds_using_model} of them)",
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
        document = {**meta, "fields": fields, "summary": summary, "choice": choices}
        out.print(json.dumps(document, indent=2), markup=False)
    elif fmt is OutputFormat.csv:
        emit("csv", FIELD_COLUMNS, fields)
    else:
        emit(fmt.value, SUMMARY_COLUMNS, summary, title="Keystrokes per sentence")
        out.print("", markup=False)
        emit(fmt.value, FIELD_COLUMNS, fields, title="Per field")
        out.print("", markup=False)
        emit(
            fmt.value,
            CHOICE_COLUMNS,
            choices,
            title="Source of each field of the top proposal (per fold, measured on the "
            "fold's training documents; keys summed over folds)",
        )


def _report(trained: Trained, fmt: OutputFormat) -> None:
    measured = trained.measured
    rows = choice_rows([measured])
    if fmt is OutputFormat.json:
        meta = {
            "decisions": trained.decisions,
            "documents": trained.documents,
            "trained_at": trained.trained_at,
            "held_out_decisions": measured.sentences,
            "keys_rules": measured.keys_rules,
            "keys_chosen": measured.keys_chosen,
        }
        out.print(json.dumps({**meta, "choice": rows}, indent=2), markup=False)
        return
    out.print(
        f"trained on {trained.decisions} decisions in {trained.documents} documents "
        f"({trained.trained_at}); on {measured.sentences} held-out decisions the rules "
        f"alone need {measured.keys_rules} keys, as chosen {measured.keys_chosen}: "
        f"{measured.choice.describe()}",
        markup=False,
    )
    if fmt is not OutputFormat.csv:
        out.print("", markup=False)
    emit(fmt.value, CHOICE_COLUMNS, rows, title="Source of each field of the top proposal")


@app.command("train")
def train_command(db: DbOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """Retrain the suggestion model on every decision now, and choose per field (no
    claim, speaker, claim, stance) whether the screen's top proposal takes the rules'
    value, the model's, or the rules' filled in by the model, by keystrokes on held-out
    documents."""
    engine = open_db(db)
    trained = maybe_retrain(engine, force=True)
    if trained is None:
        fail("too few decisions to train a model (needs 10, some with statements)")
    _report(trained, fmt)
    path = model_path(engine.url)
    if path is not None:
        err.print(f"model stored in {path}", markup=False)


@app.command("status")
def status_command(db: DbOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """The stored suggestion model: what it was trained on and, per field, which source
    the top proposal takes and the held-out keystrokes behind that choice."""
    engine = open_db(db)
    trained = current_model(engine)
    if trained is None:
        fail(
            "no suggestion model for this database yet: the annotation screen trains one "
            "as decisions accumulate, or run `annotator suggest train`"
        )
    _report(trained, fmt)
