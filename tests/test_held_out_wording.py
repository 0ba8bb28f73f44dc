"""`python -m benchmarks.held_out_wording`: claims on wording no trigger was written for."""

from __future__ import annotations

import json

import pytest

from benchmarks.held_out_wording import main
from tests.conftest import REPO

HONG_KONG = REPO / "benchmarks" / "corpora" / "hong_kong_protests"


def test_each_split_has_a_row_per_way_of_holding_wording_out(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main([str(HONG_KONG), "--format", "json"])
    rows = json.loads(capsys.readouterr().out)
    assert [(row["split"], row["mode"]) for row in rows] == [
        ("dev", "label words"),
        ("dev", "one trigger out"),
        ("test", "label words"),
        ("test", "one trigger out"),
    ]
    for row in rows:
        assert row["wanted"] > 0
        assert row["r"] is not None and 0 <= row["r"] <= 1
    # With every claim's triggers gone, its label's words still find some of it.
    assert sum(row["found"] for row in rows if row["mode"] == "label words") > 0
