"""The coding data that `report agreement` compares, read from the database, and the
reliability units built from it.

Only decisions of role `annotator` are compared (an adjudicator's decision resolves a
disagreement; it is not a coding), and a skip is missing data: the coder gave no
verdict, so a sentence one coder decided and another skipped is not double-coded. A
sentence is compared when two or more coders decided it (statements or no claim).

Units (see docs/reports.md, "report agreement"):

- `kind`: one unit per sentence; value `statements` or `no_claim`.
- `claim`: one unit per sentence × claim type of the codebook, every claim on every
  compared sentence; value `present` when the coder coded a statement with that claim,
  else `absent`. Two coders' "absent" is agreement; a claim one coder saw and the other
  did not is a disagreement.
- `speaker`, `side`, `stance` (nominal) and `score` (ordinal): one unit per sentence ×
  claim, valued by the coders who coded that claim there (the set of speakers, of
  sides, of stances; the mean stance score). A coder who did not code the claim gives
  no value: that disagreement is counted once, in `claim`, not again in every field.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, func, select

from annotator.reports.filters import Filters
from annotator.reports.unknown import UnknownSelectionError as UnknownSelectionError
from models import schema
from models.kinds import DecisionKind, DecisionRole

PRESENT, ABSENT = "present", "absent"


@dataclass(frozen=True)
class Selection:
    """Which decisions to compare: documents (ids), coders, and the document filters
    every report shares (source, date range)."""

    documents: tuple[str, ...] = ()
    coders: tuple[str, ...] = ()
    filters: Filters = field(default_factory=Filters)


@dataclass(frozen=True)
class CodedStatement:
    speaker: str
    side: str
    claim: str
    stance: str
    score: float


@dataclass(frozen=True)
class Coding:
    """One coder's decision on a compared sentence."""

    sentence_id: str
    coder: str
    kind: str
    at: dt.date  # the decision's last change (UTC day)
    statements: tuple[CodedStatement, ...]


@dataclass(frozen=True)
class CodingData:
    codings: tuple[Coding, ...]
    claims: tuple[str, ...]  # every claim type of the codebook, in codebook order
    skipped: int  # skip decisions in the selection: missing data
    adjudicated: int  # adjudicator decisions in the selection: not compared


Unit = tuple[str, str | None]  # (sentence id, claim id or None for per-sentence units)


def _day(value: datetime | str) -> dt.date:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.date()


def _decisions(selection: Selection, role: DecisionRole) -> list[ColumnElement[bool]]:
    conditions = [schema.decisions.c.role == role.value, selection.filters.documents()]
    if selection.documents:
        conditions.append(schema.sentences.c.document_id.in_(selection.documents))
    if selection.coders:
        conditions.append(schema.decisions.c.annotator.in_(selection.coders))
    return conditions


def _joined(*columns: Any) -> Any:
    return (
        select(*columns)
        .select_from(schema.decisions)
        .join(schema.sentences, schema.sentences.c.id == schema.decisions.c.sentence_id)
        .join(schema.documents, schema.documents.c.id == schema.sentences.c.document_id)
    )


def _check(connection: Any, selection: Selection) -> None:
    for column, wanted, what in (
        (schema.documents.c.id, selection.documents, "document"),
        (schema.decisions.c.annotator, selection.coders, "annotator"),
    ):
        if not wanted:
            continue
        known = set(
            connection.execute(select(column).where(column.in_(wanted)).distinct()).scalars()
        )
        unknown = [w for w in wanted if w not in known]
        if unknown:
            raise UnknownSelectionError(f"unknown {what}: {', '.join(unknown)}")


def load_codings(engine: Engine, selection: Selection) -> CodingData:
    """The decisions of the sentences that two or more coders decided, with their
    statements, plus the counts of what was not compared."""
    coded = _decisions(selection, DecisionRole.annotator)
    decided = schema.decisions.c.kind != DecisionKind.skip.value
    compared = (
        _joined(schema.decisions.c.sentence_id)
        .where(*coded, decided)
        .group_by(schema.decisions.c.sentence_id)
        .having(func.count() >= 2)
    )
    in_compared = schema.decisions.c.sentence_id.in_(compared)
    with engine.connect() as connection:
        _check(connection, selection)
        decisions = connection.execute(
            _joined(
                schema.decisions.c.id,
                schema.decisions.c.sentence_id,
                schema.decisions.c.annotator,
                schema.decisions.c.kind,
                schema.decisions.c.updated_at,
            )
            .where(*coded, decided, in_compared)
            .order_by(schema.decisions.c.sentence_id, schema.decisions.c.annotator)
        ).all()
        statements: dict[int, list[CodedStatement]] = defaultdict(list)
        for row in connection.execute(
            _joined(
                schema.statements.c.decision_id,
                schema.statements.c.speaker_id,
                schema.actors.c.side_id,
                schema.statements.c.claim_id,
                schema.statements.c.stance_id,
                schema.stances.c.score,
            )
            .join(schema.statements, schema.statements.c.decision_id == schema.decisions.c.id)
            .join(schema.actors, schema.actors.c.id == schema.statements.c.speaker_id)
            .join(schema.stances, schema.stances.c.id == schema.statements.c.stance_id)
            .where(*coded, decided, in_compared)
            .order_by(schema.statements.c.decision_id, schema.statements.c.position)
        ):
            statements[row[0]].append(CodedStatement(row[1], row[2], row[3], row[4], float(row[5])))
        used = {s.claim for found in statements.values() for s in found}
        claims = tuple(
            connection.execute(
                select(schema.claim_types.c.id)
                .where(schema.claim_types.c.active | schema.claim_types.c.id.in_(sorted(used)))
                .order_by(schema.claim_types.c.position, schema.claim_types.c.id)
            ).scalars()
        )
        skipped = connection.execute(
            _joined(func.count()).where(*coded, schema.decisions.c.kind == DecisionKind.skip.value)
        ).scalar_one()
        adjudicated = connection.execute(
            _joined(func.count()).where(
                and_(*_decisions(selection, DecisionRole.adjudicator)), decided
            )
        ).scalar_one()
    return CodingData(
        codings=tuple(
            Coding(r.sentence_id, r.annotator, r.kind, _day(r.updated_at), tuple(statements[r.id]))
            for r in decisions
        ),
        claims=claims,
        skipped=int(skipped),
        adjudicated=int(adjudicated),
    )


def sentence_units(codings: Iterable[Coding]) -> dict[Unit, dict[str, Hashable]]:
    """`kind`: one unit per sentence."""
    units: dict[Unit, dict[str, Hashable]] = defaultdict(dict)
    for coding in codings:
        units[(coding.sentence_id, None)][coding.coder] = coding.kind
    return dict(units)


def claim_units(
    codings: Iterable[Coding], claims: Iterable[str]
) -> dict[Unit, dict[str, Hashable]]:
    """`claim`: every claim type on every sentence, present or absent for each coder."""
    claims = tuple(claims)
    units: dict[Unit, dict[str, Hashable]] = {}
    for coding in codings:
        seen = {s.claim for s in coding.statements}
        for claim in claims:
            unit = units.setdefault((coding.sentence_id, claim), {})
            unit[coding.coder] = PRESENT if claim in seen else ABSENT
    return units


def field_units(codings: Iterable[Coding], name: str) -> dict[Unit, dict[str, Hashable]]:
    """`speaker`, `side`, `stance`, `score` on sentence × claim, where a coder coded the
    claim. Several statements of one claim give the set of their values (joined by
    ' + '), or for `score` their mean."""
    units: dict[Unit, dict[str, Hashable]] = defaultdict(dict)
    for coding in codings:
        by_claim: dict[str, list[CodedStatement]] = defaultdict(list)
        for s in coding.statements:
            by_claim[s.claim].append(s)
        for claim, found in by_claim.items():
            if name == "score":
                value: Hashable = sum(s.score for s in found) / len(found)
            else:
                value = " + ".join(sorted({getattr(s, name) for s in found}))
            units[(coding.sentence_id, claim)][coding.coder] = value
    return dict(units)


def coding_days(codings: Iterable[Coding]) -> Mapping[str, dt.date]:
    """Per sentence, the day its comparison became possible: the latest change among
    its coders' decisions. `--interval` puts the sentence's units in that period."""
    days: dict[str, dt.date] = {}
    for coding in codings:
        days[coding.sentence_id] = max(days.get(coding.sentence_id, coding.at), coding.at)
    return days
