"""One entry point for every export format: stream records, write atomically."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TextIO

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from exports.atomic import binary_output, output
from exports.csv_rows import write_csv
from exports.dna_csv import write_dna_csv
from exports.dna_db import write_dna_database
from exports.doccano import write_doccano
from exports.label_studio import write_label_studio
from exports.native import line_builder, write_native
from exports.prodigy import write_prodigy
from exports.query import (
    ExportFilter,
    decisions_left_out_by_kind,
    disputed_sentences,
    iter_pages,
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
    dna_csv = "dna-csv"
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
    engine: Engine,
    fmt: ExportFormat,
    records: Iterator[DecisionRecord],
    out: TextIO,
    emails: Mapping[str, str],
) -> ExportSummary:
    if fmt is ExportFormat.prodigy:
        return ExportSummary(write_prodigy(records, out, _claims(engine)), "records")
    if fmt is ExportFormat.doccano:
        return ExportSummary(write_doccano(records, out), "lines")
    if fmt is ExportFormat.label_studio:
        return ExportSummary(write_label_studio(records, out, emails), "tasks")
    if fmt is ExportFormat.csv:
        return ExportSummary(write_csv(records, out), "statement rows")
    counts = write_dna_csv(records, out)
    return ExportSummary(counts.rows, "statement rows", counts.notes())


def export(
    engine: Engine,
    fmt: ExportFormat,
    target: Path | None,
    filters: ExportFilter,
    *,
    emails: Mapping[str, str] | None = None,
) -> ExportSummary:
    """Write the export to `target` (None: stdout). The target name only ever holds a
    complete file: it is replaced at the end, never truncated on failure. `emails`:
    annotator → Label Studio user email, for `completed_by`."""
    records = iter_records(engine, filters)
    if fmt is ExportFormat.dna:
        if target is None:
            raise ValueError("--format dna writes a database file: give -o FILE")
        counts = write_dna_database(engine, records, target)
        summary = ExportSummary(counts.rows, "DNA statements", counts.notes())
    elif fmt is ExportFormat.jsonl:
        with binary_output(target) as raw:
            lines = iter_pages(engine, filters, line_builder)
            summary = ExportSummary(write_native(lines, raw), "lines")
    else:
        newline = "" if fmt in (ExportFormat.dna_csv, ExportFormat.csv) else "\n"
        with output(target, newline=newline) as out:
            summary = _write_text(engine, fmt, records, out, emails or {})
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
