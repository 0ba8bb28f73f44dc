"""`annotator report stance|claims|evidence|progress|agreement`.

Each command imports its own report when it runs: `report progress` loads neither the
agreement statistics nor the stance and claims queries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from annotator.cli.common import DbOption, FormatOption, OutputFormat, fail, open_db, say
from annotator.render import emit
from annotator.reports.choices import AgreementBy, By, Dedupe, ProgressBy, Variable
from annotator.reports.periods import Interval, interval_of, parse_bound
from annotator.reports.unknown import UnknownIdError, UnknownSelectionError

if TYPE_CHECKING:
    from annotator.reports.filters import Filters

T = TypeVar("T")

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)

ClaimOption = Annotated[
    list[str] | None, typer.Option("--claim", help="Only this claim id (repeatable).")
]
SideOption = Annotated[
    list[str] | None, typer.Option("--side", help="Only this side (repeatable).")
]
SourceOption = Annotated[
    list[str] | None, typer.Option("--source", help="Only documents from this source (repeatable).")
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since", help="From this date or period on (2019-03-01, 2019-03, 2019-Q1, 2019)."
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option("--until", help="Up to this date or period, inclusive."),
]
AnnotatorOption = Annotated[
    str | None,
    typer.Option("--annotator", help="Count only this annotator's decisions."),
]
IntervalOption = Annotated[
    Interval, typer.Option("--interval", help="Period length.", case_sensitive=False)
]
DedupeOption = Annotated[
    Dedupe,
    typer.Option(
        "--dedupe",
        help="Count each speaker-claim-stance once per document (default), once per period, "
        "or every statement (none).",
        case_sensitive=False,
    ),
]


def _filters(
    claim: list[str] | None = None,
    side: list[str] | None = None,
    source: list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    annotator: str | None = None,
    speaker: list[str] | None = None,
) -> Filters:
    from annotator.reports.filters import Filters

    try:
        first = parse_bound(since, upper=False) if since else None
        last = parse_bound(until, upper=True) if until else None
    except ValueError as exc:
        fail(f"--since/--until: {exc}", 2)
    if first and last and first > last:
        fail(f"--since {since} is after --until {until}", 2)
    return Filters(
        claims=tuple(claim or ()),
        sides=tuple(side or ()),
        speakers=tuple(speaker or ()),
        sources=tuple(source or ()),
        since=first,
        until=last,
        annotator=annotator,
    )


def _build(build: Callable[..., T], *args: Any) -> T:
    """Run a report; an unknown side, claim, speaker, document or annotator is a usage
    error (exit 2)."""
    try:
        return build(*args)
    except (UnknownIdError, UnknownSelectionError) as exc:
        fail(str(exc), 2)


@app.command("stance")
def stance(
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.table,
    interval: IntervalOption = Interval.month,
    by: Annotated[By, typer.Option("--by", help="Rows per side or per speaker.")] = By.side,
    per_claim: Annotated[bool, typer.Option("--per-claim", help="Rows per claim too.")] = False,
    claim: ClaimOption = None,
    side: SideOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    source: SourceOption = None,
    annotator: AnnotatorOption = None,
    dedupe: DedupeOption = Dedupe.document,
    chart: Annotated[
        bool, typer.Option("--chart", help="Draw net position over time in the terminal.")
    ] = False,
    plot: Annotated[
        Path | None,
        typer.Option("--plot", help="Write a publication chart (FILE.png or FILE.svg)."),
    ] = None,
) -> None:
    """Each side's stance per period: counts, mean score, net position with its 95% interval."""
    if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
        fail(f"--plot {plot}: the file name must end in .png or .svg", 2)
    from annotator.reports import stance as stance_report

    options = stance_report.StanceOptions(
        filters=_filters(claim, side, source, since, until, annotator),
        interval=interval,
        by=by,
        per_claim=per_claim,
        dedupe=dedupe,
    )
    engine = open_db(db)
    report = _build(stance_report.stance_report, engine, options)
    emit(
        fmt,
        stance_report.columns(report),
        stance_report.records(report),
        json_records=stance_report.json_records(report) if fmt is OutputFormat.json else None,
        footer=stance_report.footer(report),
    )
    if chart:
        from annotator.reports.charts import terminal_chart

        terminal_chart(report, to_stderr=fmt in (OutputFormat.csv, OutputFormat.json))
    if plot is not None:
        from annotator.reports.charts import save_plot

        try:
            save_plot(report, plot)
        except OSError as exc:
            fail(f"--plot {plot}: {exc.strerror or exc}")
        say(f"wrote {plot}")


@app.command("claims")
def claims(
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.table,
    interval: IntervalOption = Interval.month,
    by: Annotated[By, typer.Option("--by", help="Rows per side or per speaker.")] = By.side,
    claim: ClaimOption = None,
    side: SideOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    source: SourceOption = None,
    annotator: AnnotatorOption = None,
    dedupe: DedupeOption = Dedupe.document,
) -> None:
    """Per claim and side: first and last appearance, counts, net position, reversals."""
    from annotator.reports import claims as claims_report
    from annotator.reports.stance import StanceOptions

    options = StanceOptions(
        filters=_filters(claim, side, source, since, until, annotator),
        interval=interval,
        by=by,
        dedupe=dedupe,
    )
    engine = open_db(db)
    report = _build(claims_report.claims_report, engine, options)
    emit(
        fmt,
        claims_report.columns(report),
        claims_report.records(report),
        footer=claims_report.claims_footer(report),
    )


@app.command("evidence")
def evidence(
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.table,
    side: SideOption = None,
    claim: ClaimOption = None,
    speaker: Annotated[
        list[str] | None, typer.Option("--speaker", help="Only this speaker (repeatable).")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option("--period", help="Only this period: 2019-W02, 2019-01, 2019-Q1 or 2019."),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    source: SourceOption = None,
    annotator: AnnotatorOption = None,
) -> None:
    """The sentences behind a cell: date, document, speaker, stance, annotator, text."""
    from annotator.reports import evidence as evidence_report

    filters = _filters(claim, side, source, since, until, annotator, speaker)
    if period is not None:
        try:
            interval_of(period)
        except ValueError as exc:
            fail(f"--period: {exc}", 2)
    engine = open_db(db)
    report = _build(evidence_report.evidence_report, engine, filters, period)
    emit(
        fmt,
        evidence_report.COLUMNS,
        evidence_report.records(report),
        footer=evidence_report.footer(report),
    )


@app.command("progress")
def progress(
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.table,
    by: Annotated[
        ProgressBy,
        typer.Option(
            "--by", help="One row per annotator (with pace), or per annotator and document."
        ),
    ] = ProgressBy.annotator,
    annotator: AnnotatorOption = None,
    source: SourceOption = None,
) -> None:
    """Per annotator (and document): sentences, decided, no claim, skipped, statements,
    remaining; today's and overall pace in decisions per hour. Coders with an assignment
    are counted on their documents, with the double-coded ones done by both."""
    from annotator.reports import progress as progress_report

    engine = open_db(db)
    if annotator is not None:
        from annotator.reports.filters import Filters
        from models.db import session_scope

        with session_scope(engine) as session:
            _build(Filters(annotator=annotator).resolve, session)
    rows = progress_report.progress_report(engine, by, annotator, tuple(source or ()))
    assigned = progress_report.has_assignments(rows)
    emit(
        fmt,
        progress_report.columns(by, assigned),
        progress_report.records(rows, by, assigned),
        # The sample as a whole needs every coder's row.
        footer=progress_report.footer(rows) if annotator is None else [],
    )


def _listed(values: list[str] | None) -> tuple[str, ...]:
    """Repeatable options that also take comma-separated lists: a,b --x c → (a, b, c)."""
    return tuple(
        dict.fromkeys(v.strip() for value in values or () for v in value.split(",") if v.strip())
    )


@app.command("agreement")
def agreement(
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.table,
    by: Annotated[
        AgreementBy,
        typer.Option(
            "--by",
            help="Rows per variable (default), per claim type, per coder against the "
            "others, or per pair of coders.",
            case_sensitive=False,
        ),
    ] = AgreementBy.variable,
    interval: Annotated[
        Interval | None,
        typer.Option(
            "--interval",
            help="α per period of coding (by the decisions' dates).",
            case_sensitive=False,
        ),
    ] = None,
    variable: Annotated[
        list[Variable] | None,
        typer.Option("--variable", help="Only this variable (repeatable).", case_sensitive=False),
    ] = None,
    documents: Annotated[
        list[str] | None,
        typer.Option("--documents", help="Only these documents: ID,ID,... (repeatable)."),
    ] = None,
    annotator: Annotated[
        list[str] | None,
        typer.Option("--annotator", help="Compare only these coders: NAME,NAME,... (repeatable)."),
    ] = None,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    bootstrap: Annotated[
        int,
        typer.Option("--bootstrap", min=0, help="Resamples for α's 95% interval (0: none)."),
    ] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the bootstrap.")] = 1,
) -> None:
    """Intercoder reliability on the sentences two or more coders decided: Krippendorff's
    α with a bootstrapped 95% interval, Cohen's and Fleiss' κ, percent agreement."""
    from annotator.reports import agreement as agreement_report
    from annotator.reports.codings import Selection

    options = agreement_report.AgreementOptions(
        selection=Selection(
            documents=_listed(documents),
            coders=_listed(annotator),
            filters=_filters(source=source, since=since, until=until),
        ),
        by=by,
        interval=interval,
        variables=tuple(variable) if variable else tuple(Variable),
        bootstrap=bootstrap,
        seed=seed,
    )
    engine = open_db(db)
    report = _build(agreement_report.agreement_report, engine, options)
    emit(
        fmt,
        agreement_report.columns(report),
        agreement_report.records(report),
        footer=agreement_report.footer(report),
    )
