"""Period keys (2019-W02, 2019-01, 2019-Q1, 2019), computed in SQL, and the gap-free axis.

Keys are strings that sort in time order, so the database groups by them and Python only
fills the periods in between that have no statements. A document dated to the month
counts in month, quarter and year reports; one dated to the year only in year reports;
reports at a finer interval leave them out and say how many.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from models.periods import PRECISE_ENOUGH as PRECISE_ENOUGH
from models.periods import Interval as Interval
from models.periods import period_key as period_key

_KEY_PATTERNS = {
    Interval.week: re.compile(r"^(\d{4})-W(\d{2})$"),
    Interval.month: re.compile(r"^(\d{4})-(\d{2})$"),
    Interval.quarter: re.compile(r"^(\d{4})-Q([1-4])$"),
    Interval.year: re.compile(r"^(\d{4})$"),
}


def interval_of(key: str) -> Interval:
    """The interval a key is written in (2019-W02 is a week); ValueError if none."""
    for interval, pattern in _KEY_PATTERNS.items():
        if pattern.match(key):
            try:
                start(key, interval)
            except ValueError as exc:
                raise ValueError(f"not a period: {key!r} ({exc})") from exc
            return interval
    raise ValueError(f"not a period: {key!r} (expected 2019-W02, 2019-01, 2019-Q1 or 2019)")


def start(key: str, interval: Interval) -> dt.date:
    """The first day of a period."""
    match = _KEY_PATTERNS[interval].match(key)
    if not match:
        raise ValueError(f"not a {interval.value} period: {key!r}")
    year, part = int(match.group(1)), int(match.group(2)) if match.lastindex == 2 else 1
    if interval is Interval.week:
        return dt.date.fromisocalendar(year, part, 1)
    if interval is Interval.quarter:
        return dt.date(year, 3 * part - 2, 1)
    return dt.date(year, part, 1)


def end(key: str, interval: Interval) -> dt.date:
    """The last day of a period."""
    return start(following(key, interval), interval) - dt.timedelta(days=1)


def key_of(date: dt.date, interval: Interval) -> str:
    """The same key as the SQL expression, for a date in Python."""
    if interval is Interval.week:
        year, week, _ = date.isocalendar()
        return f"{year}-W{week:02d}"
    if interval is Interval.month:
        return f"{date:%Y-%m}"
    if interval is Interval.quarter:
        return f"{date.year}-Q{(date.month + 2) // 3}"
    return f"{date.year}"


def following(key: str, interval: Interval) -> str:
    """The period after `key`."""
    first = start(key, interval)
    if interval is Interval.week:
        return key_of(first + dt.timedelta(days=7), interval)
    if interval is Interval.month:
        return key_of(dt.date(first.year + first.month // 12, first.month % 12 + 1, 1), interval)
    if interval is Interval.quarter:
        month = first.month + 3
        return key_of(dt.date(first.year + (month > 12), (month - 1) % 12 + 1, 1), interval)
    return str(first.year + 1)


def span(first: str, last: str, interval: Interval) -> Iterator[str]:
    """Every period from `first` to `last`, inclusive: the axis without gaps."""
    key = first
    while key <= last:
        yield key
        key = following(key, interval)


def shown_date(date: dt.date, precision: str | None) -> str:
    """A document's date as precisely as it is known: 2019-01-09, 2019-01 or 2019."""
    if precision == "year":
        return f"{date:%Y}"
    if precision == "month":
        return f"{date:%Y-%m}"
    return date.isoformat()


def parse_bound(value: str, *, upper: bool) -> dt.date:
    """A --since/--until value: a date, or a period (2019, 2019-Q1, 2019-01, 2019-W02)
    meaning its first day (since) or last day (until)."""
    if re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"invalid date {value!r} ({exc})") from exc
    interval = interval_of(value)
    return end(value, interval) if upper else start(value, interval)
