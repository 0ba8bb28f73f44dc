"""The native export writes each line as orjson writes the whole line's object.

The exporter encodes a line in parts and caches what repeats (exports/native.py); this
checks its bytes against the plain encoding of every line's complete object, built from
the same decisions as every other format reads them (exports.query.iter_records), on
text that JSON must escape: quotes, backslashes, control characters, NUL (in a note
on SQLite: PostgreSQL text cannot hold it, nor can an input file), DEL, line and
paragraph separators, non-ASCII and astral characters; on floats whose shortest
spelling is long or in exponent form, dates and undated documents, timestamps that
differ, notes, suggestion sources, several statements per decision, task lines and the
resolved layer.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import Engine, text

from exports.query import ExportFilter, iter_records
from exports.records import DecisionRecord, utc_text
from models.db import session_scope
from models.decisions import StatementData, save_decision
from models.tables import DecisionKind
from tests.conftest import load_sample
from tests.export_helpers import label_sample, run

HOSTILE = 'He said "no" \\ then\ttabbed \x01\x1f\x7f \u2028\u2029 ünïcödé 漢字 😀 {"a": [1]}'
SCORES = {"support": 0.30000000000000004, "oppose": -1e-7, "neutral": 1e16}


def _statement(s: Any) -> dict[str, Any]:
    return {
        "speaker": s.speaker,
        "speaker_name": s.speaker_name,
        "side": s.side,
        "claim": s.claim,
        "claim_label": s.claim_label,
        "stance": s.stance,
        "score": s.score,
        "from_suggestion": s.from_suggestion,
        "suggestion_source": s.suggestion_source,
        "note": s.note,
    }


def expected_line(record: DecisionRecord) -> bytes:
    """A native line as one object, keys in the order docs/exports.md gives."""
    created = utc_text(record.created_at)
    updated = created if record.updated_at == record.created_at else utc_text(record.updated_at)
    line = {
        "document_id": record.document_id,
        "document": {
            "title": record.title,
            "date": record.date.isoformat() if record.date else None,
            "source": record.source,
            "url": record.url,
        },
        "sentence_id": record.sentence_id,
        "index": record.sentence_index,
        "start": record.start,
        "end": record.end,
        "kind": record.kind,
        "text": record.text,
        "annotator": record.annotator,
        "role": record.role,
        "decision": record.decision,
        "statements": [_statement(s) for s in record.statements],
        "created_at": created,
        "updated_at": updated,
        "codebook_version": record.codebook_version,
    }
    return orjson.dumps(line, option=orjson.OPT_APPEND_NEWLINE)


def _hostile_database(engine: Engine, db_url: str, folder: Path) -> None:
    load_sample(engine)
    label_sample(engine)
    hostile = HOSTILE
    # A NUL cannot be imported (nor held by PostgreSQL), but SQLite keeps one in a note.
    note = HOSTILE + ("\x00" if db_url.startswith("sqlite") else "")
    corpus = folder / "hostile.jsonl"
    records = [
        {
            "text": f"{hostile} First.\n\nA second {hostile} sentence here.",
            "date": "2020-02-29",
            "title": f"Title {hostile}",
            "source": 'Sürce "quoted"',
            "url": 'https://e.x/ü?q="1"',
        },
        {"text": f"Undated {hostile}.", "title": None},
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    imported = run("import", "--db", db_url, str(corpus))
    assert imported.exit_code == 0, imported.output
    with session_scope(engine) as session:
        for stance, score in SCORES.items():
            session.execute(
                text("UPDATE stance SET score = :score WHERE id = :id"),
                {"score": score, "id": stance},
            )
        ids = list(
            session.execute(
                text(
                    "SELECT s.id FROM sentence s JOIN document d ON d.id = s.document_id"
                    " WHERE d.text LIKE '%ünïcödé%' ORDER BY s.id"
                )
            ).scalars()
        )
        assert len(ids) >= 3
        first = datetime(1999, 12, 31, 23, 59, 59, 5, tzinfo=UTC)
        later = datetime(2024, 2, 29, 0, 0, 0, 999999, tzinfo=UTC)
        for n, sentence in enumerate(ids):
            save_decision(
                session,
                sentence_id=sentence,
                annotator=f"ann {hostile[:12]}",
                kind=DecisionKind.statements,
                statements=[
                    StatementData("suga", "settled_1965", "support", note=note),
                    StatementData(
                        "jp_government",
                        "breach_intl_law",
                        ("oppose", "neutral")[n % 2],
                        from_suggestion=True,
                        suggestion_source=f"model:{hostile[:20]}",
                    ),
                ],
                created_at=first,
                updated_at=later if n % 2 else first,
            )
            if n % 2:
                save_decision(
                    session, sentence_id=sentence, annotator="bob", kind=DecisionKind.skip
                )


@pytest.mark.parametrize(
    ("options", "filters"),
    [
        ((), ExportFilter()),
        (
            ("--kind", "all", "--include-unlabelled"),
            ExportFilter(kinds=(), include_unlabelled=True),
        ),
        (("--resolved",), ExportFilter(resolved=True)),
    ],
)
def test_native_lines_are_the_encoding_of_whole_lines(
    engine: Engine, db_url: str, tmp_path: Path, options: tuple[str, ...], filters: ExportFilter
) -> None:
    _hostile_database(engine, db_url, tmp_path)
    target = tmp_path / "out.jsonl"
    result = run("export", "--db", db_url, "-o", str(target), *options)
    assert result.exit_code == 0, result.output
    written = target.read_bytes().splitlines(keepends=True)
    expected = [expected_line(record) for record in iter_records(engine, filters)]
    assert len(written) == len(expected) > 3
    for ours, plain in zip(written, expected, strict=True):
        assert ours == plain
    every = b"".join(written)
    assert "ünïcödé 漢字 😀".encode() in every and b"\\u0001\\u001f\x7f" in every
    for score in (b"0.30000000000000004", b"-1e-7", b"1e+16"):
        assert b'"score":' + score + b"," in every
    assert b'"updated_at":"2024-02-29T00:00:00.999999Z"' in every
