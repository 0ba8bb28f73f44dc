"""`report stance`: each side's (or speaker's) stance per period, optionally per claim.

The database groups the counted statements by period, side or speaker, claim and stance
(one query, GROUP BY), over the statement facts kept at write time (models.facts) or,
for one annotator, over that annotator's statements resolved on the fly. Python only
derives the net position and its interval from those counts and fills the periods
without statements, so the time axis has no silent gaps.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    and_,
    case,
    distinct,
    func,
    literal,
    or_,
    select,
)

from annotator.render import Column, decimal, flag, plural, signed
from annotator.reports.choices import By as By
from annotator.reports.choices import Dedupe as Dedupe
from annotator.reports.filters import (
    Filters,
    adjudicated_count,
    counted_statements,
    disagreement_count,
)
from annotator.reports.periods import PRECISE_ENOUGH, Interval, period_key, span
from annotator.reports.wilson import net_position
from models import schema


@dataclass(frozen=True)
class StanceOptions:
    filters: Filters = field(default_factory=Filters)
    interval: Interval = Interval.month
    by: By = By.side
    per_claim: bool = False
    dedupe: Dedupe = Dedupe.document


@dataclass(frozen=True)
class StanceLabel:
    id: str
    label: str
    score: float


@dataclass(frozen=True)
class StanceRow:
    period: str
    group: str  # a side id, or a speaker id with --by speaker
    claim: str | None
    statements: int
    documents: int
    counts: dict[str, int]
    mean_score: float | None
    net: float | None
    ci_low: float | None
    ci_high: float | None
    low_n: bool


@dataclass(frozen=True)
class LeftOut:
    """What a report did not count, and why, and how many sentences counted with an
    adjudicator's decision; shown in its footer."""

    undated_documents: int = 0
    undated_statements: int = 0
    imprecise_documents: int = 0
    imprecise_statements: int = 0
    disagreements: int = 0
    adjudicated: int = 0


@dataclass(frozen=True)
class Group:
    """A side or speaker as reports show it: name, colour (its side's), order."""

    id: str
    name: str
    color: str | None
    position: tuple[int, int, str]


@dataclass(frozen=True)
class StanceReport:
    options: StanceOptions
    stances: tuple[StanceLabel, ...]
    rows: tuple[StanceRow, ...]
    left_out: LeftOut
    groups: dict[str, Group]
    claims: dict[str, str]  # claim id → label, in codebook order


_SEP = literal("\x1f")


def stance_report(engine: Engine, options: StanceOptions) -> StanceReport:
    with engine.connect() as connection:
        filters = options.filters.resolve(connection)
    options = replace(options, filters=filters)
    with ThreadPoolExecutor(max_workers=1) as pool, engine.connect() as connection:
        # Disagreements scan every decision; on its own connection it overlaps the main
        # query (not for an in-memory SQLite database: another connection sees another one).
        in_memory = engine.dialect.name == "sqlite" and engine.url.database in (
            None,
            "",
            ":memory:",
        )
        disagreed = pool.submit(_disagreements, engine, filters) if not in_memory else None
        stances = tuple(
            StanceLabel(s.id, s.label, s.score)
            for s in connection.execute(
                select(schema.stances).order_by(schema.stances.c.position, schema.stances.c.id)
            )
        )
        # All annotators: the stored facts. One annotator: the rule, on their decisions.
        source = _facts if filters.annotator is None else _statements
        query, left_out_query = source(options, stances)
        found = connection.execute(query).all()
        undated_docs, undated_n, imprecise_docs, imprecise_n = (
            int(v or 0) for v in connection.execute(left_out_query).one()
        )
        left_out = LeftOut(
            undated_docs,
            undated_n,
            imprecise_docs,
            imprecise_n,
            disagreed.result() if disagreed else _disagreements(engine, filters),
            int(connection.execute(adjudicated_count(filters)).scalar_one()),
        )
        groups = _groups(connection, options.by)
        claims: dict[str, str] = {
            c.id: c.label
            for c in connection.execute(
                select(schema.claim_types).order_by(
                    schema.claim_types.c.position, schema.claim_types.c.id
                )
            )
        }
    ids = [s.id for s in stances]
    keys = 3 if options.per_claim else 2  # period, group[, claim]; documents; the counts
    rows = {}
    for found_row in found:
        period, group = found_row[0], found_row[1]
        claim = found_row[2] if options.per_claim else None
        counts = dict(zip(ids, found_row[keys + 1 :], strict=True))
        rows[(period, group, claim)] = _row(period, group, claim, found_row[keys], counts, stances)
    return StanceReport(
        options,
        stances,
        _fill(rows, options.interval, stances, groups, list(claims)),
        left_out,
        groups,
        claims,
    )


def _facts(options: StanceOptions, stances: tuple[StanceLabel, ...]) -> tuple[Select, Select]:
    """The grouping over statement facts, and what they leave out: a flat table already
    resolved and deduplicated per document, with the period keys stored."""
    facts = schema.statement_facts.c
    key = getattr(facts, options.interval.value)
    group: Any = (facts.side_id if options.by is By.side else facts.speaker_id).label("group")
    keys: list[Any] = [key.label("period"), group]
    if options.per_claim:
        keys.append(facts.claim_id.label("claim"))
    per_stance = [_count_facts(options.dedupe, s.id).label(f"n_{i}") for i, s in enumerate(stances)]
    where = options.filters.facts()
    query = (
        select(*keys, _documents(options).label("documents"), *per_stance)
        .where(key.is_not(None), where)
        .group_by(*keys)
    )
    undated = facts.date.is_(None)
    imprecise = and_(facts.date.is_not(None), key.is_(None))
    left_out = select(
        func.count(distinct(case((undated, facts.document_id)))),
        func.sum(case((undated, facts.statements), else_=0)),
        func.count(distinct(case((imprecise, facts.document_id)))),
        func.sum(case((imprecise, facts.statements), else_=0)),
    ).where(where, facts.document_id.in_(_left_documents(options.interval)))
    return query, left_out


def _documents(options: StanceOptions) -> ColumnElement[int]:
    """A cell's documents: the sum of the facts' marks for its grouping (one fact of each
    document and side, or speaker, with its claim or not, is marked), a plain sum that
    needs no distinct and no sort. Where a filter keeps some of a document's facts for a
    side or speaker and not others (--claim without --per-claim, a speaker by side), the
    marked fact may be gone, so those count distinct document ids."""
    facts, filters = schema.statement_facts.c, options.filters
    if options.by is By.side:
        split = bool(filters.speakers or (filters.claims and not options.per_claim))
        mark = facts.first_for_side_claim if options.per_claim else facts.first_for_side
    else:
        split = bool(filters.claims and not options.per_claim)
        mark = facts.first_for_speaker_claim if options.per_claim else facts.first_for_speaker
    if split:
        return func.count(distinct(facts.document_id))
    return func.sum(mark)


def _count_facts(dedupe: Dedupe, stance_id: str) -> ColumnElement[int]:
    this = schema.statement_facts.c.stance_id == stance_id
    if dedupe is Dedupe.none:
        return func.sum(case((this, schema.statement_facts.c.statements), else_=0))
    if dedupe is Dedupe.document:  # one fact per document, speaker, claim and stance
        return func.count().filter(this)  # FILTER: cheaper than a CASE per row on both
    key = schema.statement_facts.c.speaker_id.concat(_SEP).concat(schema.statement_facts.c.claim_id)
    return func.count(distinct(case((this, key))))


def _statements(options: StanceOptions, stances: tuple[StanceLabel, ...]) -> tuple[Select, Select]:
    """The grouping over the counted statements themselves (the rule evaluated), and what
    they leave out."""
    counted = counted_statements(options.filters).subquery("counted")
    precise = or_(
        counted.c.date_precision.is_(None),
        counted.c.date_precision.in_(sorted(PRECISE_ENOUGH[options.interval])),
    )
    period = period_key(counted.c.date, options.interval).label("period")
    group = (counted.c.side_id if options.by is By.side else counted.c.speaker_id).label("group")
    keys: list[Any] = [period, group]
    if options.per_claim:
        keys.append(counted.c.claim_id.label("claim"))
    per_stance = [
        _count(counted, options.dedupe, s.id).label(f"n_{i}") for i, s in enumerate(stances)
    ]
    query = (
        select(*keys, func.count(distinct(counted.c.document_id)).label("documents"), *per_stance)
        .where(counted.c.date.is_not(None), precise)
        .group_by(*keys)
    )
    return query, _left_out(counted, options.interval)


def _count(counted: Any, dedupe: Dedupe, stance_id: str) -> ColumnElement[int]:
    this = counted.c.stance_id == stance_id
    if dedupe is Dedupe.none:
        return func.sum(case((this, 1), else_=0))
    key = counted.c.speaker_id.concat(_SEP).concat(counted.c.claim_id)
    if dedupe is Dedupe.document:
        key = counted.c.document_id.concat(_SEP).concat(key)
    return func.count(distinct(case((this, key))))


def _disagreements(engine: Engine, filters: Filters) -> int:
    with engine.connect() as connection:
        return int(connection.execute(disagreement_count(filters)).scalar_one())


def _left_documents(interval: Interval) -> Select:
    """Undated documents and those dated too coarsely for `interval`: a small scan, so
    only their statements are looked at, not the whole corpus."""
    coarse = and_(
        schema.documents.c.date.is_not(None),
        schema.documents.c.date_precision.is_not(None),
        schema.documents.c.date_precision.not_in(sorted(PRECISE_ENOUGH[interval])),
    )
    return select(schema.documents.c.id).where(or_(schema.documents.c.date.is_(None), coarse))


def _left_out(counted: Any, interval: Interval) -> Select:
    """Statements in undated or too coarsely dated documents, and those documents."""
    undated = counted.c.date.is_(None)
    imprecise = counted.c.date.is_not(None)
    return select(
        func.count(distinct(case((undated, counted.c.document_id)))),
        func.sum(case((undated, 1), else_=0)),
        func.count(distinct(case((imprecise, counted.c.document_id)))),
        func.sum(case((imprecise, 1), else_=0)),
    ).where(counted.c.document_id.in_(_left_documents(interval)))


def _groups(connection: Any, by: By) -> dict[str, Group]:
    sides = {s.id: s for s in connection.execute(select(schema.sides))}
    if by is By.side:
        return {s.id: Group(s.id, s.label, s.color, (s.position, 0, s.id)) for s in sides.values()}
    return {
        a.id: Group(
            a.id,
            a.name,
            sides[a.side_id].color,
            (sides[a.side_id].position, a.position, a.id),
        )
        for a in connection.execute(select(schema.actors))
    }


def _row(
    period: str,
    group: str,
    claim: str | None,
    documents: int,
    counts: dict[str, int],
    stances: tuple[StanceLabel, ...],
) -> StanceRow:
    statements = pos = neg = 0
    total = 0.0
    for s in stances:
        n = counts[s.id]
        statements += n
        total += n * s.score
        if s.score > 0:
            pos += n
        elif s.score < 0:
            neg += n
    mean = total / statements if statements else None
    net = net_position(pos, neg)
    return StanceRow(
        period,
        group,
        claim,
        statements,
        documents,
        counts,
        mean,
        net.net,
        net.ci_low,
        net.ci_high,
        net.low_n,
    )


def _fill(
    rows: dict[tuple[str, str, str | None], StanceRow],
    interval: Interval,
    stances: tuple[StanceLabel, ...],
    groups: dict[str, Group],
    claim_order: list[str],
) -> tuple[StanceRow, ...]:
    """Every period from the first to the last, for every series that has statements."""
    if not rows:
        return ()
    periods = list(span(min(k[0] for k in rows), max(k[0] for k in rows), interval))
    series = sorted(
        {(k[1], k[2]) for k in rows},
        key=lambda s: (
            groups[s[0]].position,
            claim_order.index(s[1]) if s[1] is not None else -1,
        ),
    )
    zero = {s.id: 0 for s in stances}
    none = net_position(0, 0)
    return tuple(
        rows.get((p, g, c))
        # What _row gives for no statements, without deriving it again for every gap.
        or StanceRow(
            p, g, c, 0, 0, dict(zero), None, none.net, none.ci_low, none.ci_high, none.low_n
        )
        for p in periods
        for g, c in series
    )


def columns(report: StanceReport) -> list[Column]:
    options = report.options
    keys = [
        Column("period", "period"),
        Column(options.by.value, options.by.value, report_name(report)),
    ]
    if options.per_claim:
        keys.append(Column("claim", "claim"))
    return [
        *keys,
        Column("statements", "stmts", justify="right"),
        Column("documents", "docs", justify="right"),
        *[Column(s.id, s.label, justify="right") for s in report.stances],
        Column("mean_score", "mean", decimal, "right"),
        Column("net", "net", signed, "right"),
        Column("ci_low", "95% lo", signed, "right"),
        Column("ci_high", "95% hi", signed, "right"),
        Column("low_n", "low n", flag),
    ]


def report_name(report: StanceReport) -> Callable[[Any], str]:
    """Sides and speakers show by name in tables; CSV and JSON keep their ids."""
    return lambda group_id: report.groups[group_id].name if group_id in report.groups else group_id


def records(report: StanceReport) -> list[dict[str, Any]]:
    """Flat rows (one column per stance) for tables and CSV."""
    return [
        {k: v for k, v in _record(row, report).items() if k != "counts"} | row.counts
        for row in report.rows
    ]


def json_records(report: StanceReport) -> list[dict[str, Any]]:
    return [_record(row, report) for row in report.rows]


def _record(row: StanceRow, report: StanceReport) -> dict[str, Any]:
    record: dict[str, Any] = {"period": row.period, report.options.by.value: row.group}
    if report.options.per_claim:
        record["claim"] = row.claim
    return record | {
        "statements": row.statements,
        "documents": row.documents,
        "counts": row.counts,
        "mean_score": row.mean_score,
        "net": row.net,
        "ci_low": row.ci_low,
        "ci_high": row.ci_high,
        "low_n": row.low_n,
    }


def footer(report: StanceReport) -> list[str]:
    empty = [] if report.rows else ["no dated statements match these options"]
    return empty + left_out_lines(report.left_out, report.options.interval)


def left_out_lines(left: LeftOut, interval: Interval) -> list[str]:
    """One line per reason something was left out, with counts, and the number of
    sentences that counted with an adjudicator's decision; nothing if neither."""
    lines = []
    if left.undated_documents:
        lines.append(
            f"left out: {plural(left.undated_statements, 'statement')} in "
            f"{plural(left.undated_documents, 'undated document')}"
        )
    if left.imprecise_documents:
        lines.append(
            f"left out: {plural(left.imprecise_statements, 'statement')} in "
            f"{plural(left.imprecise_documents, 'document')} dated too coarsely for "
            f"{interval.value} periods"
        )
    if left.disagreements:
        lines.append(
            f"left out: {plural(left.disagreements, 'sentence')} on which annotators disagree "
            "(no adjudication yet)"
        )
    if left.adjudicated:
        lines.append(
            f"adjudicated: {plural(left.adjudicated, 'sentence')} counted with the "
            "adjudicator's decision"
        )
    return lines
