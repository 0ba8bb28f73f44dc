"""Period keys (2019-W02, 2019-01, 2019-Q1, 2019) as SQL, per dialect.

Keys are strings that sort in time order. They live in models/ because the statement
facts (models.facts) store each document's keys at write time; the reports read them
and fill the axis (annotator.reports.periods)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from models.kinds import DatePrecision


class Interval(StrEnum):
    week = "week"
    month = "month"
    quarter = "quarter"
    year = "year"


# The date precisions each interval can place a document by.
PRECISE_ENOUGH: dict[Interval, frozenset[str]] = {
    Interval.week: frozenset({DatePrecision.day.value}),
    Interval.month: frozenset({DatePrecision.day.value, DatePrecision.month.value}),
    Interval.quarter: frozenset({DatePrecision.day.value, DatePrecision.month.value}),
    Interval.year: frozenset(p.value for p in DatePrecision),
}


class period_key(FunctionElement[str]):
    """The period a date falls in, as a sortable key string, rendered per dialect."""

    type = String()
    name = "period_key"
    inherit_cache = True

    def __init__(self, date: ColumnElement[Any], interval: Interval) -> None:
        self.interval = interval
        super().__init__(date)


_PG_FORMATS = {
    Interval.week: 'IYYY-"W"IW',
    Interval.month: "YYYY-MM",
    Interval.quarter: 'YYYY-"Q"Q',
    Interval.year: "YYYY",
}


@compiles(period_key, "postgresql")
def _period_key_pg(element: period_key, compiler: SQLCompiler, **kw: Any) -> str:
    date = compiler.process(element.clauses, **kw)
    return f"to_char({date}, '{_PG_FORMATS[element.interval]}')"


@compiles(period_key, "sqlite")
def _period_key_sqlite(element: period_key, compiler: SQLCompiler, **kw: Any) -> str:
    date = compiler.process(element.clauses, **kw)
    if element.interval is Interval.month:
        return f"strftime('%Y-%m', {date})"
    if element.interval is Interval.year:
        return f"strftime('%Y', {date})"
    if element.interval is Interval.quarter:
        return (
            f"(strftime('%Y', {date}) || '-Q' || "
            f"((CAST(strftime('%m', {date}) AS INTEGER) + 2) / 3))"
        )
    # ISO week: the week belongs to the year of its Thursday (SQLite before 3.46 has no %V).
    thursday = (
        f"date({date}, printf('%+d days', 3 - ((CAST(strftime('%w', {date}) AS INTEGER) + 6) % 7)))"
    )
    return (
        f"printf('%s-W%02d', strftime('%Y', {thursday}), "
        f"(CAST(strftime('%j', {thursday}) AS INTEGER) - 1) / 7 + 1)"
    )
