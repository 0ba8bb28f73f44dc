"""The larger fuzz campaign (not run by CI): hostile files of every class through the
real CLI, with outcomes counted per class.

    python -m benchmarks.fuzz_cli [--examples 300]

Each class draws from the strategies of tests/fuzz_inputs.py (the property tests use
the same ones, with fewer examples). An outcome is `ok` (exit 0), `refused` (a clean
error), `traceback` (an exception escaped), `no line` (refused without naming file and
line) or `half-written` (refused, yet the database changed).
"""

from __future__ import annotations

import argparse
import itertools
import re
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from sqlmodel import Session, select

from models.db import open_database
from models.tables import Sentence
from tests.cli_helpers import run
from tests.conftest import SAMPLE, load_sample
from tests.fuzz_inputs import (
    codebook_text,
    db_counts,
    document_csv,
    document_jsonl,
    document_txt,
    label_jsonl,
    manifest_folder,
    outcome,
)


def _classify(result: Any, path: Path, changed: bool) -> str:
    kind = outcome(result)
    if kind != "refused":
        return kind
    where = re.compile(re.escape(path.name) + r":\d+: ")
    if not any(where.search(line) for line in result.stderr.splitlines()):
        return "no line"
    return "half-written" if changed else "refused"


def campaign(examples: int) -> dict[str, Counter[str]]:
    work = Path(tempfile.mkdtemp(prefix="fuzz-cli-"))
    url = f"sqlite:///{work / 'annotations.db'}"
    engine = open_database(url)
    load_sample(engine)
    with Session(engine) as session:
        ids = list(session.exec(select(Sentence.id).limit(20)).all())
    names = itertools.count()
    results: dict[str, Counter[str]] = {}
    options = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )

    def cli(kind: str, path: Path, *args: str) -> None:
        before = db_counts(engine)
        result = run(url, *args)
        changed = db_counts(engine) != before
        results.setdefault(kind, Counter())[_classify(result, path, changed)] += 1

    def file_class(kind: str, suffix: str, strategy: Any, *args: str) -> Callable[[], None]:
        @options
        @given(data=strategy)
        def one(data: bytes) -> None:
            path = work / f"{kind}{next(names)}{suffix}"
            path.write_bytes(data)
            cli(kind, path, *args, str(path))

        return one

    @options
    @given(files=manifest_folder())
    def folders(files: dict[str, bytes]) -> None:
        folder = work / f"corpus{next(names)}"
        for name, data in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
        cli("manifest folders", folder / "manifest.csv", "import", str(folder))

    sample = (SAMPLE / "codebook.toml").read_text(encoding="utf-8")
    for run_class in (
        file_class("documents .jsonl", ".jsonl", document_jsonl(), "import"),
        file_class("documents .csv", ".csv", document_csv(), "import"),
        file_class("documents .txt", ".txt", document_txt(), "import"),
        folders,
        file_class("label files", ".jsonl", label_jsonl(ids), "import", "--labels"),
        file_class(
            "codebooks",
            ".toml",
            codebook_text(sample).map(lambda t: t.encode("utf-8", "surrogatepass")),
            "codebook",
            "load",
        ),
    ):
        run_class()
    engine.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300, help="inputs per class")
    args = parser.parse_args()
    results = campaign(args.examples)
    outcomes = ["ok", "refused", "traceback", "no line", "half-written"]
    print("| class | inputs | " + " | ".join(outcomes) + " |")
    print("|---|---:|" + "---:|" * len(outcomes))
    for kind, counts in results.items():
        cells = " | ".join(str(counts[o]) for o in outcomes)
        print(f"| {kind} | {sum(counts.values())} | {cells} |")
    total = sum((c for c in results.values()), Counter())
    print(f"| all | {sum(total.values())} | " + " | ".join(str(total[o]) for o in outcomes) + " |")


if __name__ == "__main__":
    main()
