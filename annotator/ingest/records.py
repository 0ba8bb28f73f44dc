"""A document as read from any input, before it is segmented and stored."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from models.tables import DatePrecision


class IngestError(Exception):
    """Bad input: carries the file and line it was found at."""

    def __init__(self, path: str, line: int | None, message: str):
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


@dataclass
class DocumentRecord:
    text: str
    origin: str  # "file" or "file:line": where it came from, for messages and provenance
    title: str | None = None
    source: str | None = None
    url: str | None = None
    date: dt.date | None = None
    date_precision: DatePrecision | None = None
    language: str = "en"
    external_id: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


_DATE = re.compile(
    r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2})([T ][0-9:.]+(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?)?)?$"
)


def parse_date(value: str | None) -> tuple[dt.date | None, DatePrecision | None]:
    """ISO 8601 date, month (2019-01) or year (2019), in ASCII digits; a time part must
    be a valid time and is then ignored. A month or year is stored as its first day,
    with its precision."""
    if value is None or not str(value).strip():
        return None, None
    text = str(value).strip()
    match = _DATE.match(text)
    if not match:
        raise ValueError(f"invalid date {text!r} (expected YYYY-MM-DD, YYYY-MM or YYYY)")
    year, month, day, time = match.groups()
    try:
        if time:
            dt.datetime.fromisoformat(text.replace(" ", "T").replace("Z", "+00:00"))
        if day:
            return dt.date(int(year), int(month), int(day)), DatePrecision.day
        if month:
            return dt.date(int(year), int(month), 1), DatePrecision.month
        return dt.date(int(year), 1, 1), DatePrecision.year
    except ValueError as exc:
        raise ValueError(f"invalid date {text!r} ({exc})") from exc
