"""Storage, formats and the CLI never import Textual (DESIGN.md §3)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_tui_imports_textual() -> None:
    offenders = [
        str(path.relative_to(REPO))
        for package in ("models", "exports", "annotator")
        for path in (REPO / package).rglob("*.py")
        if "tui" not in path.relative_to(REPO).parts and "textual" in _imports(path)
    ]
    assert offenders == []
