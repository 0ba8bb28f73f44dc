"""Keys: within the reserved set, overridable by binding id, and the command that opens
the screen."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from annotator.cli import app as cli
from annotator.cli.annotate import annotator_name
from annotator.tui.bindings import MAIN_BINDINGS as BINDINGS
from annotator.tui.bindings import binding_ids
from annotator.tui.keymap import KEYMAP_ENV_VAR, default_keymap_path, load_keymap
from models.codebook import RESERVED_KEYS
from models.tables import DecisionKind
from tests.tui.conftest import SIZE, decision, make_app, queue_sentences, settle

CHARACTER_KEYS = {
    "question_mark": "?",
    "slash": "/",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "less_than_sign": "<",
    "greater_than_sign": ">",
}


def test_plain_keys_are_reserved_from_the_codebook() -> None:
    for binding in BINDINGS:
        for key in binding.key.split(","):
            key = CHARACTER_KEYS.get(key, key)
            named = key.startswith(("ctrl+", "shift+", "f")) and len(key) > 1
            arrows = key in {"up", "down", "left", "right"}
            assert key in RESERVED_KEYS or named or arrows, (binding.id, key)


def test_keymap_file_overrides_by_binding_id(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text('[keys]\nno_claim = "z"\nbogus = "b"\nskip = 3\n', encoding="utf-8")
    keymap, problems = load_keymap(path, binding_ids())
    assert keymap == {"no_claim": "z"}
    assert len(problems) == 2 and all(str(path) in p for p in problems)
    assert load_keymap(tmp_path / "missing.toml", binding_ids()) == ({}, [])
    broken = tmp_path / "broken.toml"
    broken.write_text("[keys\n", encoding="utf-8")
    assert load_keymap(broken, binding_ids())[1][0].startswith(str(broken))


def test_keymap_path_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEYMAP_ENV_VAR, str(tmp_path / "k.toml"))
    assert default_keymap_path() == tmp_path / "k.toml"
    monkeypatch.delenv(KEYMAP_ENV_VAR)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert default_keymap_path() == tmp_path / "stance-annotator" / "keymap.toml"


@pytest.mark.asyncio
async def test_an_overridden_key_drives_the_action(sqlite_sample: Engine) -> None:
    (first,) = queue_sentences(sqlite_sample, 1)
    async with make_app(sqlite_sample, keymap={"no_claim": "z"}).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")  # no longer bound
        await settle(pilot)
        assert decision(sqlite_sample, first) is None
        await pilot.press("z")
        await settle(pilot)
    saved = decision(sqlite_sample, first)
    assert saved is not None and saved.kind is DecisionKind.no_claim


def test_annotator_name_from_option_env_or_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNOTATOR_NAME", "from-env")
    assert annotator_name("given") == "given"
    assert annotator_name(None) == "from-env"
    monkeypatch.delenv("ANNOTATOR_NAME")
    monkeypatch.setattr("getpass.getuser", lambda: "os-user")
    assert annotator_name(None) == "os-user"


def test_annotate_is_a_command_and_textual_loads_only_with_it() -> None:
    result = CliRunner().invoke(cli, ["annotate", "--help"])
    assert result.exit_code == 0 and "--annotator" in result.output
    probe = "import sys, annotator.cli; print('textual' in sys.modules)"
    imported = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert imported.stdout.strip() == "False"


def test_bad_database_url_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["annotate", "--db", "nosuch+driver://x"])
    assert result.exit_code == 2 and "error:" in result.output


def test_bare_annotator_opens_the_annotation_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.tui.app import AnnotatorApp

    opened: list[str] = []
    monkeypatch.setattr(AnnotatorApp, "run", lambda self: opened.append(self.annotator))
    db = tmp_path / "annotations.db"
    monkeypatch.setenv("ANNOTATOR_DB", str(db))
    assert CliRunner().invoke(cli, ["init", "--sample"]).exit_code == 0
    monkeypatch.setenv("ANNOTATOR_NAME", "bob")
    monkeypatch.setenv(KEYMAP_ENV_VAR, str(tmp_path / "none.toml"))
    assert CliRunner().invoke(cli, []).exit_code == 0
    assert CliRunner().invoke(cli, ["annotate", "--annotator", "carol"]).exit_code == 0
    assert opened == ["bob", "carol"]


def test_an_empty_database_says_what_to_run(tmp_path: Path) -> None:
    env = {"ANNOTATOR_DB": str(tmp_path / "annotations.db"), "ANNOTATOR_NAME": "bob"}
    result = CliRunner().invoke(cli, ["annotate"], env=env)
    assert result.exit_code == 2
    assert "no codebook yet: run `annotator init`" in result.output
    assert CliRunner().invoke(cli, ["init"], env=env).exit_code == 0
    result = CliRunner().invoke(cli, [], env=env)
    assert result.exit_code == 2
    assert "no documents to annotate yet" in result.output
