"""Run the real `annotator` CLI in-process against a given database."""

from __future__ import annotations

from typer.testing import CliRunner, Result

from annotator.cli import app

runner = CliRunner()


def run(db_url: str, *args: str) -> Result:
    return runner.invoke(app, list(args), env={"ANNOTATOR_DB": db_url, "COLUMNS": "200"})
