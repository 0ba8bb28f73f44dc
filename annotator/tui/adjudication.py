"""What the adjudicator compares and decides, as plain data: where coders differ, the
statements being merged, and the writes that store the adjudicated decision.

Differences are read claim first, as the agreement units are (sentence × claim): a
statement whose claim some coder did not code differs in its claim; with the claim
shared, it differs in its speaker when some coder gave that claim another speaker; with
both shared, in its stance. A statement every coder holds (as often) is shared.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from annotator.tui.writes import Write, WriteKind
from models.decisions import DecisionData, StatementData
from models.tables import DecisionKind, DecisionRole

Key = tuple[str, str, str]
Statements = tuple[StatementData, ...]


def key(statement: StatementData) -> Key:
    return statement.speaker_id, statement.claim_id, statement.stance_id


@dataclass(frozen=True)
class Marks:
    """Which parts of one coder's statement the other coders do not share."""

    shared: bool
    claim: bool = False
    speaker: bool = False
    stance: bool = False


@dataclass(frozen=True)
class Comparison:
    kind_differs: bool
    marks: tuple[tuple[Marks, ...], ...]  # per coder, per statement


def compare(coders: tuple[DecisionData, ...]) -> Comparison:
    kinds = {decision.kind for decision in coders}
    held = [Counter(key(s) for s in decision.statements) for decision in coders]
    claims = [{s.claim_id for s in d.statements} for d in coders]
    speakers = [{(s.claim_id, s.speaker_id) for s in d.statements} for d in coders]
    marks = []
    for mine, decision in enumerate(coders):
        others = [n for n in range(len(coders)) if n != mine]
        row = []
        for statement in decision.statements:
            k = key(statement)
            if all(held[n][k] == held[mine][k] for n in others):
                row.append(Marks(shared=True))
                continue
            claim = any(statement.claim_id not in claims[n] for n in others)
            speaker = not claim and any(
                (statement.claim_id, statement.speaker_id) not in speakers[n] for n in others
            )
            stance = not claim and not speaker and any(held[n][k] == 0 for n in others)
            row.append(Marks(False, claim, speaker, stance))
        marks.append(tuple(row))
    return Comparison(len(kinds) > 1, tuple(marks))


def adjudicated(statement: StatementData) -> StatementData:
    """A statement as the adjudicator stores it: the coder's note kept, but not marked
    as an accepted suggestion (the adjudicator chose it from a coder, not a suggester)."""
    return replace(statement, from_suggestion=False, suggestion_source=None)


def toggle(
    merged: tuple[StatementData, ...], statement: StatementData
) -> tuple[StatementData, ...]:
    """Add a coder's statement to the merged set, or take it out if it is already in."""
    if any(key(s) == key(statement) for s in merged):
        return tuple(s for s in merged if key(s) != key(statement))
    return (*merged, adjudicated(statement))


def contains(merged: tuple[StatementData, ...], statement: StatementData) -> bool:
    return any(key(s) == key(statement) for s in merged)


def _count(statements: tuple[StatementData, ...]) -> str:
    return f"{len(statements)} statement{'s' if len(statements) != 1 else ''}"


def take_coder(sentence_id: str, coder: DecisionData) -> Write:
    """One coder's decision, as is, becomes the adjudicated one."""
    what = "no claim" if coder.kind is DecisionKind.no_claim else _count(coder.statements)
    return Write(
        WriteKind.decide,
        f"adjudicated: {coder.annotator}'s decision ({what})",
        sentence_id,
        coder.kind,
        tuple(adjudicated(s) for s in coder.statements),
        advance=True,
        role=DecisionRole.adjudicator,
    )


def save_merged(sentence_id: str, merged: tuple[StatementData, ...]) -> Write:
    return Write(
        WriteKind.decide,
        f"adjudicated: {_count(merged)}",
        sentence_id,
        DecisionKind.statements,
        merged,
        advance=True,
        role=DecisionRole.adjudicator,
    )


def no_claim(sentence_id: str) -> Write:
    return Write(
        WriteKind.decide,
        "adjudicated: no claim",
        sentence_id,
        DecisionKind.no_claim,
        advance=True,
        role=DecisionRole.adjudicator,
    )
