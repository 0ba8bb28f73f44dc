"""`annotator report …` through the CLI on the hand-counted fixture, both backends."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from report_fixture import build
from sqlalchemy import Engine
from typer.testing import CliRunner

from annotator.cli import app

runner = CliRunner()


@pytest.fixture
def db(engine: Engine, db_url: str) -> str:
    build(engine)
    return db_url


def run(db: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["report", *args, "--db", db])
    return result.exit_code, result.stdout, result.stderr


STANCE_KEYS = [
    "period",
    "side",
    "statements",
    "documents",
    "counts",
    "mean_score",
    "net",
    "ci_low",
    "ci_high",
    "low_n",
]


def test_stance_json_has_exactly_the_documented_keys(db: str) -> None:
    code, out, err = run(db, "stance", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert [list(r) for r in rows] == [STANCE_KEYS] * 9
    japan = next(r for r in rows if (r["period"], r["side"]) == ("2019-01", "japan"))
    assert japan["counts"] == {"support": 3, "oppose": 0, "neutral": 0}
    assert (japan["statements"], japan["documents"], japan["net"], japan["low_n"]) == (
        3,
        2,
        1.0,
        True,
    )
    assert japan["ci_low"] == pytest.approx(-0.123, abs=1e-4) and japan["ci_high"] == 1.0
    gap = next(r for r in rows if (r["period"], r["side"]) == ("2019-02", "japan"))
    assert (gap["statements"], gap["net"], gap["mean_score"], gap["ci_low"]) == (
        0,
        None,
        None,
        None,
    )
    # The footer goes to stderr so stdout stays valid JSON.
    assert "left out: 1 statement in 1 undated document" in err
    assert "1 sentence on which annotators disagree" in err


def test_stance_json_per_claim_by_speaker(db: str) -> None:
    code, out, _ = run(
        db, "stance", "-f", "json", "--per-claim", "--by", "speaker", "--interval", "year"
    )
    assert code == 0
    rows = json.loads(out)
    assert list(rows[0]) == ["period", "speaker", "claim", *STANCE_KEYS[2:]]
    suga = next(r for r in rows if (r["speaker"], r["claim"]) == ("suga", "settled_1965"))
    assert suga["counts"] == {"support": 2, "oppose": 1, "neutral": 0}
    assert suga["net"] == pytest.approx(1 / 3, abs=1e-4)


def test_stance_csv_week_and_stderr_footer(db: str) -> None:
    code, out, err = run(db, "stance", "--format", "csv", "--interval", "week", "--dedupe", "none")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [
        "period", "side", "statements", "documents", "support", "oppose", "neutral",
        "mean_score", "net", "ci_low", "ci_high", "low_n",
    ]  # fmt: skip
    assert [r["period"] for r in rows[::3]] == [f"2019-W{w:02d}" for w in range(2, 11)]
    first = rows[0]
    assert (first["side"], first["statements"], first["support"], first["net"]) == (
        "japan",
        "3",
        "3",
        "1.0",
    )
    assert rows[3]["net"] == "" and rows[3]["low_n"] == "true"
    assert "1 document dated too coarsely for week periods" in err
    assert "left out" not in out


def test_stance_table_and_markdown(db: str) -> None:
    code, out, _ = run(db, "stance", "--interval", "quarter")
    assert code == 0
    assert "2019-Q1" in out and "South Korea" in out and "+0.50" in out
    assert "left out: 1 statement in 1 undated document" in out
    code, out, _ = run(db, "stance", "-f", "markdown", "--side", "japan", "--interval", "year")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("| period | side | stmts | docs | Support |")
    assert lines[2] == "| 2019 | Japan | 5 | 3 | 3 | 1 | 1 | 0.40 | +0.50 | -0.40 | +0.91 | yes |"


def test_stance_chart_and_plot(db: str, tmp_path: Path) -> None:
    code, out, _ = run(db, "stance", "--chart")
    assert code == 0
    assert "Net position by side, per month" in out and "2019-03" in out
    png, svg = tmp_path / "net.png", tmp_path / "net.svg"
    code, _, err = run(db, "stance", "--plot", str(png), "--per-claim")
    assert code == 0, err
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code, _, _ = run(db, "stance", "--plot", str(svg), "--interval", "week")
    assert code == 0
    assert "<svg" in svg.read_text()[:500]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stance", "--claim", "nope"], "unknown claim: nope"),
        (["stance", "--side", "mars"], "unknown side: mars"),
        (["stance", "--since", "2019-13"], "--since/--until"),
        (["stance", "--since", "2020", "--until", "2019"], "is after --until"),
        (["stance", "--plot", "chart.pdf"], "must end in .png or .svg"),
        (["evidence", "--period", "2019-W60"], "--period"),
    ],
)
def test_bad_options_exit_2_with_one_line(db: str, args: list[str], message: str) -> None:
    code, out, err = run(db, *args)
    assert code == 2
    assert message in err and err.count("\n") == 1
    assert out == ""


def test_claims_first_last_and_reversals(db: str) -> None:
    code, out, _ = run(db, "claims", "--format", "json")
    assert code == 0
    rows = {(r["claim"], r["side"]): r for r in json.loads(out)}
    japan = rows["settled_1965", "japan"]
    assert (japan["first_date"], japan["first_document"]) == ("2019-01-10", "D1")
    assert (japan["last_date"], japan["last_document"]) == ("2019-03-05", "D3")
    assert (japan["statements"], japan["reversals"]) == (4, 1)
    assert japan["net"] == pytest.approx(1 / 3, abs=1e-4)
    korea = rows["settled_1965", "south_korea"]
    assert (korea["first_document"], korea["last_date"], korea["last_document"]) == (
        "D2",
        "2019-03",
        "D5",
    )
    assert (korea["reversals"], korea["net"]) == (0, -1.0)


def test_evidence_lists_the_sentences_behind_a_cell(db: str) -> None:
    code, out, err = run(db, "evidence", "--side", "japan", "--claim", "settled_1965", "-f", "json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["document"], r["speaker"], r["stance"]) for r in rows] == [
        ("D1", "Yoshihide Suga", "Support"),
        ("D1", "Yoshihide Suga", "Support"),
        ("D2", "Yoshihide Suga", "Support"),
        ("D3", "Yoshihide Suga", "Oppose"),
        ("D3", "Taro Kono", "Neutral"),
    ]
    assert rows[0]["text"] == "sentence 0 of D1"
    assert "left out: 1 statement in undated documents" in err
    code, out, _ = run(
        db, "evidence", "--claim", "breach_intl_law", "--period", "2019-01", "-f", "json"
    )
    assert [r["annotator"] for r in json.loads(out)] == ["ann, bob"]
    code, out, _ = run(db, "evidence", "--side", "south_korea", "--period", "2019-W04", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["annotator"], r["stance"]) for r in rows] == [("carol", "Oppose")]
    code, out, err = run(
        db, "evidence", "--side", "south_korea", "--claim", "settled_1965", "--period", "2019-W09"
    )
    assert code == 0 and "dated too coarsely" in out


def test_progress_per_annotator_and_document(db: str) -> None:
    code, out, _ = run(db, "progress", "--format", "json")
    assert code == 0
    rows = {r["annotator"]: r for r in json.loads(out)}
    counted = ("sentences", "decided", "no_claim", "skipped", "statements", "remaining")
    assert tuple(rows["ann"][k] for k in counted) == (13, 12, 1, 0, 12, 1)
    assert tuple(rows["bob"][k] for k in counted) == (13, 4, 0, 1, 4, 9)
    assert tuple(rows["carol"][k] for k in counted) == (13, 1, 0, 0, 1, 12)
    assert rows["ann"]["today"] == 12
    code, out, _ = run(db, "progress", "--by", "document", "--annotator", "ann", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["document"], r["sentences"], r["decided"], r["statements"]) for r in rows][:2] == [
        ("D1", "3", "3", "4"),
        ("D2", "4", "4", "3"),
    ]


def test_empty_database_says_so(db_url: str) -> None:
    code, out, err = run(db_url, "stance", "-f", "json")
    assert code == 0
    assert json.loads(out) == []
    assert "no dated statements match these options" in err
    code, out, _ = run(db_url, "progress")
    assert code == 0 and "annotator" in out


def test_stance_and_claims_footers_count_adjudicated_sentences(db: str) -> None:
    """D2:1 counts with carol's (the adjudicator's) decision; D2 is from Yonhap."""
    line = "adjudicated: 1 sentence counted with the adjudicator's decision"
    for command in ("stance", "claims"):
        code, out, _ = run(db, command)
        assert code == 0 and line in out, command
        code, _, err = run(db, command, "-f", "csv")
        assert code == 0 and line in err, command
    code, out, _ = run(db, "stance", "--source", "Kyodo")
    assert code == 0 and "adjudicated" not in out
    code, out, _ = run(db, "stance", "--annotator", "ann")
    assert code == 0 and "adjudicated" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stance", "--side", "nowhere"], "unknown side: nowhere (valid: japan (Japan), "),
        (["stance", "--annotator", "nobody"], "no decisions by annotator 'nobody' (annotators: "),
        (["evidence", "--annotator", "nobody"], "no decisions by annotator 'nobody'"),
        (["progress", "--annotator", "nobody"], "no decisions by annotator 'nobody'"),
        (["claims", "--claim", "nope"], "unknown claim: nope (valid: settled_1965 ("),
    ],
)
def test_what_names_nothing_says_so_and_lists_the_valid(
    db: str, args: list[str], message: str
) -> None:
    code, out, err = run(db, *args)
    assert code == 2
    assert message in err and err.count("\n") == 1
    assert out == ""


def test_a_side_or_claim_label_is_taken_for_its_id(db: str) -> None:
    by_id = run(db, "stance", "--side", "japan", "--claim", "settled_1965", "-f", "json")
    by_label = run(db, "stance", "--side", "JAPAN", "--side", "Japan", "-f", "json")
    assert by_id[0] == by_label[0] == 0
    assert {r["side"] for r in json.loads(by_label[1])} == {"japan"}
    assert json.loads(by_id[1]) == json.loads(
        run(db, "stance", "--side", "Japan", "--claim", "settled_1965", "-f", "json")[1]
    )


def test_all_opposed_cells_plot_with_an_interval_that_holds_the_net(
    db: str, tmp_path: Path
) -> None:
    """Net -1.0 with n = 3 used to get a lower bound of -0.9999999999999999 and crash
    matplotlib ('yerr' must not contain negative values)."""
    png = tmp_path / "x.png"
    code, out, err = run(
        db, "stance", "--per-claim", "--interval", "quarter", "--plot", str(png), "-f", "json"
    )
    assert code == 0, err
    assert png.stat().st_size > 0
    rows = [r for r in json.loads(out) if r["net"] is not None]
    assert any(r["net"] == -1.0 for r in rows)
    assert all(r["ci_low"] <= r["net"] <= r["ci_high"] for r in rows)


def test_claims_and_progress_name_documents_by_title(db: str) -> None:
    code, out, _ = run(db, "claims", "-f", "json")
    assert code == 0
    assert all(r["first_title"] == f"title of {r['first_document']}" for r in json.loads(out))
    code, out, _ = run(db, "progress", "--by", "document", "-f", "json")
    assert code == 0
    assert {r["title"] for r in json.loads(out)} >= {"title of D1", "title of D2"}
