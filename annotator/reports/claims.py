"""`report claims`: per claim and side, when it first and last appeared, how often, the
net position overall, and how many times the side reversed its net sign.

First and last appearances come from one windowed query (ROW_NUMBER per claim and side);
counts and reversals from the stance report per claim, so both reports always agree.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Engine, func, select

from annotator.render import Column, plain, signed
from annotator.reports.filters import counted_statements
from annotator.reports.periods import shown_date
from annotator.reports.stance import (
    By,
    LeftOut,
    StanceOptions,
    StanceRow,
    left_out_lines,
    stance_report,
)
from annotator.reports.titles import document_titles
from annotator.reports.wilson import net_position


@dataclass(frozen=True)
class Appearance:
    date: dt.date
    precision: str | None
    document: str
    title: str | None = None

    def shown(self) -> str:
        return shown_date(self.date, self.precision)


@dataclass(frozen=True)
class ClaimRow:
    claim: str
    group: str
    first: Appearance | None
    last: Appearance | None
    statements: int
    documents: int
    net: float | None
    reversals: int


@dataclass(frozen=True)
class ClaimsReport:
    options: StanceOptions
    rows: tuple[ClaimRow, ...]
    left_out: LeftOut
    names: dict[str, str]


def reversals(series: list[StanceRow]) -> int:
    """Sign changes of the net position between consecutive periods that have one;
    a period with net 0 neither starts nor ends a reversal."""
    signs = [1 if r.net > 0 else -1 for r in series if r.net is not None and r.net != 0]
    return sum(1 for a, b in itertools.pairwise(signs) if a != b)


def claims_report(engine: Engine, options: StanceOptions) -> ClaimsReport:
    stance = stance_report(engine, replace(options, per_claim=True))
    options = replace(options, filters=stance.options.filters)  # resolved: ids, not labels
    firsts, lasts = _appearances(engine, options)
    series: dict[tuple[str, str], list[StanceRow]] = {}
    for row in stance.rows:
        assert row.claim is not None
        series.setdefault((row.claim, row.group), []).append(row)
    claim_order = list(stance.claims)
    rows = []
    for (claim, group), periods in sorted(
        series.items(),
        key=lambda item: (claim_order.index(item[0][0]), stance.groups[item[0][1]].position),
    ):
        positive = sum(r.counts[s.id] for r in periods for s in stance.stances if s.score > 0)
        negative = sum(r.counts[s.id] for r in periods for s in stance.stances if s.score < 0)
        rows.append(
            ClaimRow(
                claim,
                group,
                firsts.get((claim, group)),
                lasts.get((claim, group)),
                sum(r.statements for r in periods),
                sum(r.documents for r in periods),
                net_position(positive, negative).net,
                reversals(periods),
            )
        )
    names = {g.id: g.name for g in stance.groups.values()}
    return ClaimsReport(options, tuple(rows), stance.left_out, names)


def _appearances(
    engine: Engine, options: StanceOptions
) -> tuple[dict[tuple[str, str], Appearance], dict[tuple[str, str], Appearance]]:
    counted = counted_statements(options.filters).subquery("counted")
    group = counted.c.side_id if options.by is By.side else counted.c.speaker_id
    partition = (counted.c.claim_id, group)
    ranked = (
        select(
            counted.c.claim_id,
            group.label("grp"),
            counted.c.date,
            counted.c.date_precision,
            counted.c.document_id,
            func.row_number()
            .over(partition_by=partition, order_by=(counted.c.date, counted.c.document_id))
            .label("first_rank"),
            func.row_number()
            .over(
                partition_by=partition,
                order_by=(counted.c.date.desc(), counted.c.document_id.desc()),
            )
            .label("last_rank"),
        )
        .where(counted.c.date.is_not(None))
        .subquery("ranked")
    )
    query = select(ranked).where((ranked.c.first_rank == 1) | (ranked.c.last_rank == 1))
    firsts: dict[tuple[str, str], Appearance] = {}
    lasts: dict[tuple[str, str], Appearance] = {}
    with engine.connect() as connection:
        found = connection.execute(query).all()
        titles = document_titles(connection, (r.document_id for r in found))
        for r in found:
            seen = Appearance(r.date, r.date_precision, r.document_id, titles.get(r.document_id))
            if r.first_rank == 1:
                firsts[r.claim_id, r.grp] = seen
            if r.last_rank == 1:
                lasts[r.claim_id, r.grp] = seen
    return firsts, lasts


def columns(report: ClaimsReport) -> list[Column]:
    by = report.options.by.value
    return [
        Column("claim", "claim"),
        Column(by, by, lambda g: report.names.get(g, g)),
        Column("first_date", "first"),
        Column("first_document", "first document"),
        Column("first_title", "first title"),
        Column("last_date", "last"),
        Column("last_document", "last document"),
        Column("last_title", "last title"),
        Column("statements", "statements", plain, "right"),
        Column("documents", "documents", plain, "right"),
        Column("net", "net", signed, "right"),
        Column("reversals", "reversals", plain, "right"),
    ]


def records(report: ClaimsReport) -> list[dict[str, Any]]:
    return [
        {
            "claim": r.claim,
            report.options.by.value: r.group,
            "first_date": r.first.shown() if r.first else None,
            "first_document": r.first.document if r.first else None,
            "first_title": r.first.title if r.first else None,
            "last_date": r.last.shown() if r.last else None,
            "last_document": r.last.document if r.last else None,
            "last_title": r.last.title if r.last else None,
            "statements": r.statements,
            "documents": r.documents,
            "net": r.net,
            "reversals": r.reversals,
        }
        for r in report.rows
    ]


def claims_footer(report: ClaimsReport) -> list[str]:
    return left_out_lines(report.left_out, report.options.interval)
