"""The enumerations the schema stores as text, and the sentence kinds the queue asks
for: apart from the tables, so that commands reading through the Core schema
(models.schema) load neither SQLModel nor pydantic for them."""

from __future__ import annotations

from enum import StrEnum


class SentenceKind(StrEnum):
    content = "content"
    headline = "headline"
    caption = "caption"
    boilerplate = "boilerplate"


# The kinds an annotator is asked to decide: the annotation queue, progress and the
# default export. Headlines, captions and boilerplate stay viewable as context.
QUEUED_KINDS: tuple[str, ...] = (SentenceKind.content.value,)


class DatePrecision(StrEnum):
    day = "day"
    month = "month"
    year = "year"


class DecisionKind(StrEnum):
    statements = "statements"
    no_claim = "no_claim"
    skip = "skip"


class DecisionRole(StrEnum):
    annotator = "annotator"
    adjudicator = "adjudicator"
