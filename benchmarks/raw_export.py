"""The export's floor: the native JSONL lines written with sqlite3 and orjson alone.

    python -m benchmarks.raw_export DB OUT

One ordered join (documents by date, then sentence, annotator, statement position),
codebook labels from dicts, each line's dict dumped by orjson: no SQLAlchemy, no
records. It writes the same lines as `annotator export` for the benchmark's corpus
(content sentences, no notes), which the harness checks."""

from __future__ import annotations

import itertools
import sqlite3
import sys
import time
from pathlib import Path

import orjson

QUERY = """
SELECT s.document_id, d.title, d.date, d.source, d.url, s.id, s."index", s.start, s."end",
       s.kind, s.text, c.id, c.annotator, c.role, c.kind, c.created_at, c.updated_at,
       v.version, t.speaker_id, t.claim_id, t.stance_id, t.from_suggestion,
       t.suggestion_source, t.note
FROM document d
JOIN sentence s ON s.document_id = d.id AND s.kind = 'content'
JOIN decision c ON c.sentence_id = s.id
LEFT JOIN codebook_version v ON v.id = c.codebook_version_id
LEFT JOIN statement t ON t.decision_id = c.id
ORDER BY d.date IS NULL, d.date, d.id, s."index", c.annotator, t.position
"""


def _stamp(value: str) -> str:
    return f"{value[:10]}T{value[11:]}Z"


def export(db: str, out: str) -> int:
    connection = sqlite3.connect(db)
    speakers = dict(connection.execute("SELECT id, name FROM actor"))
    sides = dict(connection.execute("SELECT id, side_id FROM actor"))
    claims = dict(connection.execute("SELECT id, label FROM claim_type"))
    scores = dict(connection.execute("SELECT id, score FROM stance"))
    count = 0
    with Path(out).open("wb") as file:
        rows = connection.execute(QUERY)
        for _, group in itertools.groupby(rows, key=lambda row: row[11]):
            first, *rest = list(group)
            statements = [
                {
                    "speaker": r[18],
                    "speaker_name": speakers[r[18]],
                    "side": sides[r[18]],
                    "claim": r[19],
                    "claim_label": claims[r[19]],
                    "stance": r[20],
                    "score": scores[r[20]],
                    "from_suggestion": bool(r[21]),
                    "suggestion_source": r[22],
                    "note": r[23],
                }
                for r in (first, *rest)
                if r[18] is not None
            ]
            created = _stamp(first[15])
            line = {
                "document_id": first[0],
                "document": {
                    "title": first[1],
                    "date": first[2],
                    "source": first[3],
                    "url": first[4],
                },
                "sentence_id": first[5],
                "index": first[6],
                "start": first[7],
                "end": first[8],
                "kind": first[9],
                "text": first[10],
                "annotator": first[12],
                "role": first[13],
                "decision": first[14],
                "statements": statements,
                "created_at": created,
                "updated_at": created if first[16] == first[15] else _stamp(first[16]),
                "codebook_version": first[17],
            }
            file.write(orjson.dumps(line, option=orjson.OPT_APPEND_NEWLINE))
            count += 1
    connection.close()
    return count


if __name__ == "__main__":
    started = time.perf_counter()
    lines = export(sys.argv[1], sys.argv[2])
    print(lines, time.perf_counter() - started)
