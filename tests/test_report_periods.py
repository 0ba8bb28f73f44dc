"""Period keys: the SQL expression on each backend agrees with Python's calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Date, Engine, literal, select

from annotator.reports.periods import (
    Interval,
    end,
    interval_of,
    key_of,
    parse_bound,
    period_key,
    span,
    start,
)

# Year boundaries where ISO weeks belong to the neighbouring year.
DAYS = [dt.date(2018, 12, 24) + dt.timedelta(days=n) for n in range(0, 800, 3)] + [
    dt.date(2019, 12, 30),
    dt.date(2021, 1, 3),
    dt.date(2020, 12, 31),
    dt.date(2016, 1, 1),
]


@pytest.mark.parametrize("interval", list(Interval))
def test_sql_keys_match_python(engine: Engine, interval: Interval) -> None:
    query = select(*[period_key(literal(day, Date), interval) for day in DAYS])
    with engine.connect() as connection:
        keys = list(connection.execute(query).one())
    assert keys == [key_of(day, interval) for day in DAYS]
    if interval is Interval.week:
        assert keys[-4:] == ["2020-W01", "2020-W53", "2020-W53", "2015-W53"]


def test_keys_round_trip_and_span() -> None:
    assert interval_of("2019-W02") is Interval.week and interval_of("2019-Q4") is Interval.quarter
    assert start("2019-W01", Interval.week) == dt.date(2018, 12, 31)
    assert end("2019-Q1", Interval.quarter) == dt.date(2019, 3, 31)
    assert list(span("2020-W52", "2021-W02", Interval.week)) == [
        "2020-W52", "2020-W53", "2021-W01", "2021-W02",
    ]  # fmt: skip
    assert list(span("2019-11", "2020-02", Interval.month)) == [
        "2019-11",
        "2019-12",
        "2020-01",
        "2020-02",
    ]
    assert parse_bound("2019-02", upper=True) == dt.date(2019, 2, 28)
    assert parse_bound("2019", upper=False) == dt.date(2019, 1, 1)
    with pytest.raises(ValueError, match="not a period"):
        interval_of("2019-W54")
    with pytest.raises(ValueError, match="invalid date"):
        parse_bound("2019-02-30", upper=False)
