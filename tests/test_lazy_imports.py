"""Commands load only what they need: no Textual, numpy, scikit-learn, matplotlib or
alembic for help, reports and listings (DESIGN.md §11); a report loads no other report,
SQLite no PostgreSQL dialect, the reports not even the ORM, and the annotation
screen no dialog before it is opened."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

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
print(json.dumps({{"code": code, "heavy": heavy, "modules": sorted(sys.modules)}}), file=sys.stderr)
"""

# Modules of one report, or of the PostgreSQL dialect, that another report has no use for.
REPORTS = [f"annotator.reports.{name}" for name in ("agreement", "claims", "codings", "evidence")]
POSTGRESQL = ["sqlalchemy.dialects.postgresql", "psycopg"]


def _probe(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    result = json.loads(done.stderr.strip().splitlines()[-1])
    assert result["code"] in (0, None), done.stderr
    return dict(result)


def _heavy_modules(*args: str) -> list[str]:
    """The heavy packages `annotator ARGS…` imports."""
    return list(_probe(*args)["heavy"])


def _loaded(modules: list[str], *args: str) -> list[str]:
    """Which of `modules` `annotator ARGS…` imports."""
    return sorted(set(modules) & set(_probe(*args)["modules"]))


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


def test_report_progress_loads_no_other_report_and_no_postgresql_dialect(sample_db: str) -> None:
    assert _loaded(REPORTS + POSTGRESQL, "report", "progress", "--db", sample_db) == []


# What the reports read through instead: the Core schema (models/schema.py).
ORM = ["sqlmodel", "pydantic", "sqlalchemy.orm", "models.tables"]


@pytest.mark.parametrize("report", ["progress", "stance", "claims", "evidence"])
def test_reports_read_without_the_orm_sqlmodel_or_pydantic(sample_db: str, report: str) -> None:
    """Their start is that of SQLAlchemy Core, typer and rich, not of the ORM, SQLModel
    and pydantic (0.4 s on the sample before, a quarter of a second after)."""
    assert _loaded(ORM, "report", report, "--db", sample_db) == []


def test_report_stance_loads_no_other_report(sample_db: str) -> None:
    assert _loaded(REPORTS + POSTGRESQL, "report", "stance", "--db", sample_db) == []


def test_the_annotation_screen_loads_no_dialog_before_it_is_opened() -> None:
    """Its start (launch to the first sentence) imports the screen, not the adjudication
    screen or the dialogs (nor the speaker picker's fuzzy matcher)."""
    probe = "import json, sys; import annotator.tui.app; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=True
    )
    dialogs = [
        f"annotator.tui.screens.{name}"
        for name in ("adjudicate", "codebook_entry", "documents", "filter", "help", "speaker")
    ]
    loaded = set(json.loads(done.stdout))
    assert "annotator.tui.screens.main" in loaded
    assert sorted(loaded & {*dialogs, "rapidfuzz", *POSTGRESQL}) == []


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
