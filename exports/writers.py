"""One entry point for every export format: stream records, write atomically."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TextIO

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from exports.atomic import binary_output, output
from exports.csv_rows import write_csv
from exports.dna import write_dna
from exports.doccano import write_doccano
from exports.label_studio import write_label_studio
from exports.native import write_native
from exports.prodigy import write_prodigy
from exports.query import (
    ExportFilter,
    decisions_left_out_by_kind,
    disputed_sentences,
    iter_records,
)
from exports.records import DecisionRecord
from models.tables import ClaimType


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    prodigy = "prodigy"
    doccano = "doccano"
    label_studio = "label-studio"
    dna = "dna"
    csv = "csv"


@dataclass
class ExportSummary:
    written: int  # lines, tasks or rows, as the format counts them
    unit: str
    notes: list[str] = field(default_factory=list)


def _claims(engine: Engine) -> list[tuple[str, str]]:
    with Session(engine) as session:
        rows = session.exec(
            select(ClaimType.id, ClaimType.label)
            .where(col(ClaimType.active))
            .order_by(col(ClaimType.position), col(ClaimType.id))
        ).all()
    return [(claim_id, label) for claim_id, label in rows]


def _write_text(
    engine: Engine, fmt: ExportFormat, records: Iterator[DecisionRecord], out: TextIO
) -> ExportSummary:
    if fmt is ExportFormat.prodigy:
        return ExportSummary(write_prodigy(records, out, _claims(engine)), "records")
    if fmt is ExportFormat.doccano:
        return ExportSummary(write_doccano(records, out), "lines")
    if fmt is ExportFormat.label_studio:
        return ExportSummary(write_label_studio(records, out), "tasks")
    if fmt is ExportFormat.csv:
        return ExportSummary(write_csv(records, out), "statement rows")
    counts = write_dna(records, out)
    summary = ExportSummary(counts.rows, "statement rows")
    if counts.neutral:
        summary.notes.append(
            f"{counts.neutral} neutral statement(s) left out (DNA's agreement is 1/0)"
        )
    if counts.undated:
        summary.notes.append(
            f"{counts.undated} statement(s) of undated documents left out (DNA needs a time)"
        )
    return summary


def export(
    engine: Engine, fmt: ExportFormat, target: Path | None, filters: ExportFilter
) -> ExportSummary:
    """Write the export to `target` (None: stdout). The target name only ever holds a
    complete file: it is replaced at the end, never truncated on failure."""
    records = iter_records(engine, filters)
    if fmt is ExportFormat.jsonl:
        with binary_output(target) as raw:
            summary = ExportSummary(write_native(records, raw), "lines")
    else:
        newline = "" if fmt in (ExportFormat.dna, ExportFormat.csv) else "\n"
        with output(target, newline=newline) as out:
            summary = _write_text(engine, fmt, records, out)
    if filters.resolved:
        disputed = disputed_sentences(engine, filters)
        if disputed:
            summary.notes.append(
                f"left out {disputed} disputed sentence(s): annotators disagree and no one "
                "adjudicated (annotator adjudicate)"
            )
    hidden = decisions_left_out_by_kind(engine, filters)
    if hidden:
        summary.notes.append(
            f"{hidden} decision(s) on sentences of other kinds left out (use --kind all)"
        )
    return summary
