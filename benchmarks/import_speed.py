"""Import speed (clean + segment + store) on a corpus made from the sample articles.

    python -m benchmarks.import_speed [--sentences 100000] [--db URL]

Each copy of a sample article gets a distinct closing sentence, so every copy is a new
document (identical texts would be skipped as re-imports). Reports sentences/s for the
whole import and for segmentation + classification alone, on one core.
"""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
import time
from pathlib import Path

from annotator.ingest.clean import classify
from annotator.ingest.importer import plan, run_import
from annotator.ingest.segment import segment
from models.db import open_database

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


def build_corpus(folder: Path, sentences: int) -> tuple[Path, int]:
    rows = list(csv.DictReader((SAMPLE / "manifest.csv").open(encoding="utf-8")))
    texts = [(row, (SAMPLE / row["file"]).read_text(encoding="utf-8")) for row in rows]
    per_copy = sum(len(segment(text)) for _, text in texts) + len(texts)
    copies = sentences // per_copy + 1
    path = folder / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            for row, text in texts:
                record = {
                    "text": f"{text}\n\nThis is copy number {copy} of the article.",
                    "date": row["date"],
                    "source": row["source"],
                    "title": row["title"] or None,
                }
                out.write(json.dumps(record) + "\n")
    return path, copies * per_copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sentences", type=int, default=100_000)
    parser.add_argument(
        "--db", default=None, help="database URL (default: a temporary SQLite file)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus, expected = build_corpus(folder, args.sentences)
        texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]

        start, cpu = time.perf_counter(), time.process_time()
        count = 0
        for text in texts:
            spans = segment(text)
            classify(text, spans)
            count += len(spans)
        split_seconds, split_cpu = time.perf_counter() - start, time.process_time() - cpu

        engine = open_database(args.db or f"sqlite:///{folder / 'bench.db'}")
        start, cpu = time.perf_counter(), time.process_time()
        summary = run_import(engine, list(plan([corpus])))
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
        stored = sum(summary.sentences.values())
        assert not summary.errors, summary.errors
        print(f"documents: {sum(summary.documents.values())}, sentences: {stored} (~{expected})")
        print(
            f"segment + classify: {count / split_seconds:,.0f} sentences/s wall "
            f"({split_seconds:.2f} s), {count / split_cpu:,.0f}/s of CPU time"
        )
        print(
            f"full import into {engine.url.get_backend_name()}: {stored / seconds:,.0f} "
            f"sentences/s wall ({seconds:.2f} s), {stored / cpu_seconds:,.0f}/s of CPU time"
        )
        engine.dispose()


if __name__ == "__main__":
    main()
