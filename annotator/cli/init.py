"""`annotator init`: create the database and store a codebook."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from annotator.cli.codebook import store_codebook_file
from annotator.cli.common import DbOption, open_db, say
from annotator.cli.importing import import_label_files, import_paths
from annotator.sample import sample_data_dir
from exports.labels import LabelFormat
from models.db import redact, resolve_url


def init(
    db: DbOption = None,
    codebook: Annotated[
        Path | None,
        typer.Option("--codebook", "-c", help="Codebook TOML to store (default: the sample one)."),
    ] = None,
    sample: Annotated[
        bool, typer.Option("--sample", help="Also import the sample corpus (five articles).")
    ] = False,
) -> None:
    """Create (or upgrade) the database and store the codebook; safe to run again."""
    engine = open_db(db)
    samples = sample_data_dir()
    store_codebook_file(engine, codebook or samples / "codebook.toml")
    say(f"database ready: {redact(resolve_url(db))}")
    if sample:
        import_paths(engine, [samples])
        import_label_files(
            engine,
            [samples / "annotations.jsonl"],
            LabelFormat.jsonl,
            as_decisions=True,
            add_to_codebook=False,
        )
