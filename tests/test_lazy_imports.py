"""Commands load only what they need: no Textual, numpy, scikit-learn, matplotlib or
alembic for help, reports and listings (DESIGN.md §11)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command

from models.db import make_engine
from models.migrate import HEAD_REVISION, alembic_config, stored_revisions
from tests.cli_helpers import run
from tests.conftest import REPO

HEAVY = ["textual", "numpy", "scipy", "sklearn", "matplotlib", "alembic"]

# Runs the command in a fresh interpreter, then lists the heavy packages it imported.
PROBE = f"""
import json, sys
from annotator.cli import app
code = 0
try:
    app(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r}))
print(json.dumps({{"code": code, "heavy": heavy}}), file=sys.stderr)
"""


def _heavy_modules(*args: str) -> list[str]:
    """The heavy packages `annotator ARGS…` imports."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    result = json.loads(done.stderr.strip().splitlines()[-1])
    assert result["code"] in (0, None), done.stderr
    return list(result["heavy"])


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('lazy') / 'annotations.db'}"
    assert run(url, "init", "--sample").exit_code == 0
    return url


def test_help_loads_no_heavy_package() -> None:
    assert _heavy_modules("--help") == []


@pytest.mark.parametrize(
    "command",
    [
        ("report", "stance", "--interval", "quarter"),
        ("report", "stance", "--annotator", "sample", "--per-claim", "-f", "csv"),
        ("report", "progress"),
        ("report", "claims"),
        ("docs", "--format", "csv"),
        ("export", "-o", "{tmp}/labels.jsonl"),
    ],
)
def test_reports_and_listings_load_no_heavy_package(
    sample_db: str, command: tuple[str, ...], tmp_path: Path
) -> None:
    args = [part.replace("{tmp}", str(tmp_path)) for part in command]
    assert _heavy_modules(*args, "--db", sample_db) == []


def test_an_old_schema_still_loads_alembic_and_upgrades(tmp_path: Path) -> None:
    """The cheap revision check only skips alembic when the schema is at its head."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    assert run(url, "init").exit_code == 0
    engine = make_engine(url)
    command.downgrade(alembic_config(engine), "0003_report_counts")
    assert stored_revisions(engine) == ["0003_report_counts"]
    assert "alembic" in _heavy_modules("docs", "--db", url)
    assert stored_revisions(engine) == [HEAD_REVISION]
    engine.dispose()
