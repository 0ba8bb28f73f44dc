"""`annotator report agreement`: statistics against published and hand-computed values,
the unit design, and the options, through the real CLI on both backends."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from cli_helpers import run
from conftest import SAMPLE
from sqlalchemy import Engine

from annotator.reports.reliability import (
    Level,
    alpha_from_coincidences,
    bootstrap_interval,
    coincidences,
    differences,
    fleiss_kappa,
    pairable,
    reliability,
)
from models.codebook import parse_codebook, store_codebook
from models.db import open_database, session_scope
from models.decisions import StatementData, save_decision
from models.tables import DecisionKind, DecisionRole, Document, Sentence

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the example of
# section C: four observers A–D, twelve units, values 1–5, None = missing.
# Published: α nominal 0.743, ordinal 0.815, interval 0.849.
_ = None
KRIPPENDORFF_2011 = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
    "C": [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
}


def _units(data: dict[str, list[Any]]) -> list[dict[str, Any]]:
    n = len(next(iter(data.values())))
    return [{c: vs[j] for c, vs in data.items() if vs[j] is not None} for j in range(n)]


def _json(result: Any) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _by(rows: list[dict[str, Any]], key: str = "variable") -> dict[str, dict[str, Any]]:
    return {row[key]: row for row in rows}


# ------------------------------------------------------------------ statistics module


@pytest.mark.parametrize(
    ("level", "published"),
    [(Level.nominal, 0.743), (Level.ordinal, 0.815), (Level.interval, 0.849)],
)
def test_alpha_reproduces_krippendorff_2011(level: Level, published: float) -> None:
    stats = reliability(_units(KRIPPENDORFF_2011), level, bootstrap=500)
    assert round(stats.alpha, 3) == published
    assert stats.units == 11 and stats.coders == 4 and stats.values == 40
    assert stats.ci_low < stats.alpha < stats.ci_high


@pytest.mark.parametrize("level", list(Level))
def test_the_bootstraps_coincidences_give_the_packages_alpha(level: Level) -> None:
    """The bootstrap draws from our coincidence matrix and differences; they must be
    the ones behind the package's α, or the interval would be around another value."""
    units = pairable(_units(KRIPPENDORFF_2011))
    domain = sorted({v for u in units for v in u.values()})
    o = coincidences(units, domain)
    alpha = alpha_from_coincidences(o, differences(domain, o.sum(axis=1), level))
    assert alpha == pytest.approx(reliability(units, level, bootstrap=0).alpha, abs=1e-12)


def test_bootstrap_is_reproducible_and_centred_on_alpha() -> None:
    units = pairable(_units(KRIPPENDORFF_2011))
    domain = sorted({v for u in units for v in u.values()})

    def interval(seed: int) -> tuple[float, float]:
        rng = np.random.default_rng(seed)
        return bootstrap_interval(units, 4, domain, Level.nominal, 4000, rng)

    assert interval(7) == interval(7)
    low, high = interval(7)
    # 60 pairs of 40 values: an interval of roughly ±0.12 around 0.743.
    assert 0.55 < low < 0.70 and 0.80 < high < 0.92


def test_fleiss_kappa_reproduces_fleiss_1971_example() -> None:
    """The ten subjects × fourteen raters × five categories example of Fleiss' κ
    (as worked on Wikipedia: P̄ = 0.378, P_e = 0.213, κ = 0.210)."""
    table = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    units = []
    for row in table:
        values = [category for category, n in enumerate(row) for _ in range(n)]
        units.append({f"rater{i}": v for i, v in enumerate(values)})
    assert round(fleiss_kappa(units), 3) == 0.210


def test_undefined_statistics_are_none_not_numbers() -> None:
    """One category throughout: α and κ are 0/0; agreement is still 100 %."""
    stats = reliability([{"a": "x", "b": "x"}, {"a": "x", "b": "x"}])
    assert stats.alpha is None and stats.kappa is None and stats.verdict is None
    assert stats.agreement == 1.0 and stats.units == 2


# ------------------------------------------------------------------ through the report

PUBLISHED_CODEBOOK = """
[codebook]
name = "Krippendorff 2011 as decisions"
version = "1"

[[sides]]
id = "side1"
label = "Side 1"
{sides}
{actors}
[[claims]]
id = "the_claim"
label = "The claim"
definition = "Coded on every compared sentence."
key = "1"

[[claims]]
id = "other_claim"
label = "Another claim"
definition = "Coded by nobody."
key = "2"
{stances}
"""


def _published_codebook() -> str:
    sides = "".join(f'\n[[sides]]\nid = "side{v}"\nlabel = "Side {v}"\n' for v in range(2, 6))
    actors = "".join(
        f'\n[[actors]]\nid = "actor{v}"\nname = "Actor {v}"\nside = "side{v}"\n'
        for v in range(1, 6)
    )
    # Values 1–5 become stance scores −1 … 1: ordinal α depends only on their order.
    stances = "".join(
        f'\n[[stances]]\nid = "stance{v}"\nlabel = "Stance {v}"\nscore = {(v - 3) / 2}\n'
        for v in range(1, 6)
    )
    return PUBLISHED_CODEBOOK.format(sides=sides, actors=actors, stances=stances)


def _corpus(engine: Engine, codebook: str, sentences: int) -> list[str]:
    """One document of `sentences` content sentences under `codebook`."""
    with session_scope(engine) as session:
        store_codebook(session, parse_codebook(codebook), codebook)
        session.add(Document(id="doc", text="text", source="Kyodo", date=dt.date(2019, 1, 9)))
        session.flush()
        for i in range(sentences):
            session.add(
                Sentence(
                    id=f"doc:{i}", document_id="doc", index=i, paragraph=0, start=i, end=i + 1,
                    text=f"sentence {i}",
                )
            )  # fmt: skip
    return [f"doc:{i}" for i in range(sentences)]


def test_report_reproduces_published_alpha_from_decisions(db_url: str) -> None:
    """The 2011 example stored as real decisions: coder X's value v on unit j is a
    statement by actor v (on side v) with stance v on one claim; a missing value is no
    decision. Speaker, side and stance (nominal) give 0.743, the score (ordinal) 0.815."""
    engine = open_database(db_url)
    ids = _corpus(engine, _published_codebook(), 12)
    with session_scope(engine) as session:
        for coder, values in KRIPPENDORFF_2011.items():
            for sentence_id, v in zip(ids, values, strict=True):
                if v is not None:
                    save_decision(
                        session,
                        sentence_id=sentence_id,
                        annotator=coder,
                        kind=DecisionKind.statements,
                        statements=[StatementData(f"actor{v}", "the_claim", f"stance{v}")],
                    )
    engine.dispose()
    rows = _by(_json(run(db_url, "report", "agreement", "-f", "json", "--bootstrap", "200")))
    for variable in ("speaker", "side", "stance"):
        assert round(rows[variable]["alpha"], 3) == 0.743, variable
        assert rows[variable]["level"] == "nominal"
    assert round(rows["score"]["alpha"], 3) == 0.815
    assert rows["score"]["level"] == "ordinal"
    assert rows["speaker"]["units"] == 11 and rows["speaker"]["coders"] == 4
    assert rows["speaker"]["fleiss_kappa"] is not None and rows["speaker"]["kappa"] is None
    # Every coder coded the claim on every sentence and nobody the other one: complete
    # agreement on presence; every decision has statements: kind has one category, so
    # its α is undefined.
    assert rows["claim"]["alpha"] == 1.0 and rows["claim"]["agreement"] == 1.0
    assert rows["claim"]["units"] == 11 * 2
    assert rows["kind"]["alpha"] is None and rows["kind"]["agreement"] == 1.0


def _two_coders(engine: Engine) -> list[str]:
    """A hand-countable double coding on the sample corpus (codebook of 15 claims):

    s0 ann, bob: jp_government settled_1965 support              (agree)
    s1 ann, bob: no claim                                         (agree)
    s2 ann: suga breach_intl_law support; bob: kono … support     (speaker differs)
    s3 ann: kr_government respect_ruling support; bob: no claim   (claim seen by one)
    s4 ann: skip; bob: statements                                 (not compared)
    s5 ann: statements; carol (adjudicator): statements           (not compared)
    """
    from export_helpers import sentence_ids

    ids = sentence_ids(engine)
    s = StatementData
    plan: list[tuple[int, str, Any, DecisionRole]] = [
        (0, "ann", [s("jp_government", "settled_1965", "support")], DecisionRole.annotator),
        (0, "bob", [s("jp_government", "settled_1965", "support")], DecisionRole.annotator),
        (1, "ann", DecisionKind.no_claim, DecisionRole.annotator),
        (1, "bob", DecisionKind.no_claim, DecisionRole.annotator),
        (2, "ann", [s("suga", "breach_intl_law", "support")], DecisionRole.annotator),
        (2, "bob", [s("kono", "breach_intl_law", "support")], DecisionRole.annotator),
        (3, "ann", [s("kr_government", "respect_ruling", "support")], DecisionRole.annotator),
        (3, "bob", DecisionKind.no_claim, DecisionRole.annotator),
        (4, "ann", DecisionKind.skip, DecisionRole.annotator),
        (4, "bob", [s("suga", "settled_1965", "support")], DecisionRole.annotator),
        (5, "ann", [s("suga", "settled_1965", "support")], DecisionRole.annotator),
        (5, "carol", [s("suga", "settled_1965", "oppose")], DecisionRole.adjudicator),
    ]
    with session_scope(engine) as session:
        for index, coder, what, role in plan:
            save_decision(
                session,
                sentence_id=ids[index],
                annotator=coder,
                kind=what if isinstance(what, DecisionKind) else DecisionKind.statements,
                statements=() if isinstance(what, DecisionKind) else what,
                role=role,
            )
    return ids


def test_units_cover_every_claim_of_the_codebook(sample_engine: Engine, db_url: str) -> None:
    """Hand-computed. claim: 4 sentences × 15 claims = 60 units, present/absent; the
    coincidences are present–present 4, absent–absent 114, present–absent 1 + 1, so
    α = 1 − 119 · 2 / (2 · 5 · 115) = 0.7930; κ: p_o = 59/60, p_e = (3·2 + 57·58)/3600,
    κ = 0.7917. kind: 4 units, 3 agree; α = 1 − 7 · 2 / (2 · 5 · 3) = 0.5333, κ = 0.5.
    speaker: the two units both coded (s3's claim only ann coded is missing data
    there, its disagreement is in `claim`), one agrees; side: both Japan, one
    category, α undefined."""
    _two_coders(sample_engine)
    result = run(db_url, "report", "agreement", "-f", "json", "--bootstrap", "0")
    rows = _by(_json(result))
    claim, kind = rows["claim"], rows["kind"]
    assert claim["units"] == 60 and claim["coders"] == 2
    assert claim["agreement"] == pytest.approx(59 / 60, abs=1e-4)
    assert claim["alpha"] == pytest.approx(1 - 119 * 2 / (2 * 5 * 115), abs=1e-4)
    p_e = (3 * 2 + 57 * 58) / 3600
    assert claim["kappa"] == pytest.approx((59 / 60 - p_e) / (1 - p_e), abs=1e-4)
    assert claim["reliability"] == "tentative"
    assert kind["units"] == 4 and kind["agreement"] == 0.75
    assert kind["alpha"] == pytest.approx(1 - 7 * 2 / (2 * 5 * 3), abs=1e-4)
    assert kind["kappa"] == 0.5 and kind["reliability"] == "unreliable"
    assert rows["speaker"]["units"] == 2 and rows["speaker"]["agreement"] == 0.5
    assert rows["side"]["agreement"] == 1.0 and rows["side"]["alpha"] is None
    assert "not compared: 1 skip (missing data)" in result.stderr
    assert "not compared: 1 adjudicator decision" in result.stderr
    assert "compared: 4 sentences decided by two or more of 2 coders (ann, bob)" in result.stderr


def test_by_claim_pair_and_coder(sample_engine: Engine, db_url: str) -> None:
    _two_coders(sample_engine)
    by_claim = _json(
        run(db_url, "report", "agreement", "-f", "json", "--by", "claim", "--bootstrap", "0")
    )
    presence = {r["claim"]: r for r in by_claim if r["variable"] == "claim"}
    assert len(presence) == 15 and all(r["units"] == 4 for r in presence.values())
    assert presence["respect_ruling"]["agreement"] == 0.75
    assert presence["settled_1965"]["alpha"] == 1.0
    assert presence["dialogue"]["alpha"] is None  # absent everywhere: undefined
    assert {r["variable"] for r in by_claim} == {"claim", "speaker", "side", "stance", "score"}

    pairs = _json(
        run(db_url, "report", "agreement", "-f", "json", "--by", "pair", "--bootstrap", "0")
    )
    assert {r["pair"] for r in pairs} == {"ann / bob"}
    overall = _by(_json(run(db_url, "report", "agreement", "-f", "json", "--bootstrap", "0")))
    assert _by(pairs)["claim"]["kappa"] == overall["claim"]["kappa"]

    coders = _json(
        run(db_url, "report", "agreement", "-f", "json", "--by", "coder", "--bootstrap", "0")
    )
    # With two coders each one against the other is the whole comparison.
    for coder in ("ann", "bob"):
        rows = {r["variable"]: r for r in coders if r["coder"] == coder}
        assert rows["claim"]["alpha"] == overall["claim"]["alpha"]
        assert rows["claim"]["coders"] == 2


def test_three_coders_fleiss_and_coder_against_the_others(
    sample_engine: Engine, db_url: str
) -> None:
    ids = _two_coders(sample_engine)
    with session_scope(sample_engine) as session:
        for index, what in ((0, DecisionKind.statements), (1, DecisionKind.statements)):
            save_decision(
                session,
                sentence_id=ids[index],
                annotator="cho",
                kind=what,
                statements=[StatementData("jp_government", "settled_1965", "support")],
            )
    rows = _json(run(db_url, "report", "agreement", "-f", "json", "--bootstrap", "0"))
    kind = _by(rows)["kind"]
    assert kind["coders"] == 3 and kind["kappa"] is None
    # kind: s0 3× statements; s1 no, no, statements; s2, s3 as before (two coders).
    # P_u: 1, 1/3, 1, 0 → P̄ = 7/12; 10 values, 7 statements → P_e = 0.49 + 0.09.
    assert kind["fleiss_kappa"] == pytest.approx((7 / 12 - 0.58) / (1 - 0.58), abs=1e-4)
    by_coder = _json(
        run(db_url, "report", "agreement", "-f", "json", "--by", "coder", "--variable", "kind",
            "--bootstrap", "0")
    )  # fmt: skip
    cho = _by(by_coder, "coder")["cho"]
    # cho against ann and bob on s0 (agree twice) and s1 (disagree twice).
    assert cho["units"] == 4 and cho["agreement"] == 0.5 and cho["coders"] == 3
    only = _json(
        run(
            db_url,
            "report",
            "agreement",
            "-f",
            "json",
            "--annotator",
            "ann,cho",
            "--bootstrap",
            "0",
        )
    )
    assert _by(only)["kind"]["units"] == 2 and _by(only)["kind"]["coders"] == 2


def test_interval_puts_units_in_the_period_of_coding(sample_engine: Engine, db_url: str) -> None:
    ids = _two_coders(sample_engine)
    later = datetime(2026, 12, 15, 10, 0, tzinfo=UTC)
    with session_scope(sample_engine) as session:
        save_decision(
            session,
            sentence_id=ids[1],
            annotator="bob",
            kind=DecisionKind.no_claim,
            updated_at=later,
            created_at=later,
        )
    result = run(
        db_url, "report", "agreement", "-f", "csv", "--interval", "month", "--variable", "kind",
        "--bootstrap", "0",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("period,variable,level,units")
    periods = {line.split(",")[0]: int(line.split(",")[3]) for line in lines[1:]}
    now = datetime.now(UTC).strftime("%Y-%m")
    assert periods["2026-12"] == 1 + (now == "2026-12") * 3
    if now != "2026-12":
        assert periods[now] == 3


def test_self_agreement_is_one_everywhere(db_url: str, tmp_path: Path) -> None:
    """The sample annotations and an exact copy under another name."""
    assert run(db_url, "init", "--sample").exit_code == 0
    copy = tmp_path / "copy.jsonl"
    lines = (SAMPLE / "annotations.jsonl").read_text(encoding="utf-8").splitlines()
    copied = [json.loads(line) | {"annotator": "copy"} for line in lines]
    copy.write_text("".join(json.dumps(r) + "\n" for r in copied), encoding="utf-8")
    assert run(db_url, "import", "--labels", str(copy)).exit_code == 0
    rows = _json(run(db_url, "report", "agreement", "-f", "json", "--bootstrap", "300"))
    assert {r["variable"] for r in rows} == {"kind", "claim", "speaker", "side", "stance", "score"}
    for row in rows:
        assert row["alpha"] == 1.0 and row["ci_low"] == 1.0 and row["ci_high"] == 1.0, row
        assert row["agreement"] == 1.0 and row["reliability"] == "reliable"
        assert row["kappa"] == (None if row["level"] == "ordinal" else 1.0)
    assert _by(rows)["kind"]["units"] == 76
    assert _by(rows)["claim"]["units"] == 76 * 15


def test_table_names_the_thresholds(sample_engine: Engine, db_url: str) -> None:
    _two_coders(sample_engine)
    result = run(db_url, "report", "agreement", "--bootstrap", "100")
    assert result.exit_code == 0, result.output
    assert "tentative" in result.stdout and "unreliable" in result.stdout
    assert "α ≥ 0.800 reliable; 0.667 ≤ α < 0.800 tentative" in result.stdout
    assert "100 resamples, seed 1" in result.stdout
    markdown = run(db_url, "report", "agreement", "-f", "markdown", "--bootstrap", "0")
    assert markdown.stdout.startswith("| variable | level | units | coders | agreement | α |")


def test_nothing_to_compare_and_unknown_names(sample_engine: Engine, db_url: str) -> None:
    empty = run(db_url, "report", "agreement")
    assert empty.exit_code == 0
    assert "no sentence was decided by two or more coders" in empty.stdout
    _two_coders(sample_engine)
    for option, value, message in (
        ("--documents", "d_nope", "unknown document: d_nope"),
        ("--annotator", "ann,zed", "unknown annotator: zed"),
    ):
        result = run(db_url, "report", "agreement", option, value)
        assert result.exit_code == 2
        assert result.stderr.strip() == f"error: {message}"


def test_documents_option_limits_the_sample(sample_engine: Engine, db_url: str) -> None:
    ids = _two_coders(sample_engine)
    document = ids[0].split(":")[0]
    rows = _by(_json(run(db_url, "report", "agreement", "-f", "json", "--documents", document,
                         "--bootstrap", "0")))  # fmt: skip
    same_document = sum(1 for i in ids[:4] if i.startswith(document + ":"))
    assert rows["kind"]["units"] == same_document


def test_statistics_libraries_load_only_for_the_agreement_report() -> None:
    code = (
        "import sys, annotator.cli.report; "
        "print(sorted(m for m in ('krippendorff', 'sklearn') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_second_coding_of_two_sample_articles(db_url: str) -> None:
    """sample_data/second_coding.jsonl loads with `import --labels`, and the agreement
    with the sample annotations is what docs/reports.md shows."""
    assert run(db_url, "init", "--sample").exit_code == 0
    loaded = run(db_url, "import", "--labels", str(SAMPLE / "second_coding.jsonl"))
    assert loaded.exit_code == 0, loaded.output
    assert "35 decisions" in loaded.stderr
    result = run(db_url, "report", "agreement", "-f", "json", "--annotator", "sample,second")
    rows = _by(_json(result))
    assert rows["kind"]["units"] == 35 and rows["kind"]["alpha"] == 1.0
    claim = rows["claim"]
    assert claim["units"] == 35 * 15 and round(claim["alpha"], 3) == 0.976
    assert round(claim["kappa"], 3) == 0.976 and claim["agreement"] == pytest.approx(
        524 / 525, abs=1e-4
    )
    assert rows["speaker"]["units"] == 21 and rows["stance"]["alpha"] == 1.0
    assert "compared: 35 sentences" in result.stderr
