"""`report stance` on the hand-counted fixture (tests/report_fixture.py), both backends."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from report_fixture import build
from scipy.stats import norm
from sqlalchemy import Engine

from annotator.reports.filters import Filters, UnknownIdError
from annotator.reports.periods import Interval
from annotator.reports.stance import By, Dedupe, StanceOptions, StanceRow, stance_report
from annotator.reports.wilson import net_position


def independent_wilson(pos: int, n: int) -> tuple[float, float]:
    """Wilson bounds as the roots of (n + z²)π² − (2np + z²)π + np² = 0, on the net scale."""
    z = norm.ppf(0.975)
    p = pos / n
    roots = np.sort(np.roots([n + z * z, -(2 * n * p + z * z), n * p * p]).real)
    return 2 * roots[0] - 1, 2 * roots[1] - 1


@pytest.fixture
def fixture_engine(engine: Engine) -> Engine:
    build(engine)
    return engine


def table(engine: Engine, **options: object) -> dict[tuple[str, str, str | None], StanceRow]:
    report = stance_report(engine, StanceOptions(**options))  # type: ignore[arg-type]
    return {(r.period, r.group, r.claim): r for r in report.rows}


def counts(row: StanceRow) -> tuple[int, int, int, int, int]:
    return (
        row.statements,
        row.documents,
        row.counts["support"],
        row.counts["oppose"],
        row.counts["neutral"],
    )


@pytest.mark.parametrize(("pos", "neg"), [(1, 0), (3, 0), (1, 1), (7, 3), (2, 9), (40, 25)])
def test_wilson_matches_independent_formula(pos: int, neg: int) -> None:
    net = net_position(pos, neg)
    low, high = independent_wilson(pos, pos + neg)
    assert net.net == pytest.approx((pos - neg) / (pos + neg))
    assert net.ci_low == pytest.approx(low, abs=1e-9)
    assert net.ci_high == pytest.approx(high, abs=1e-9)
    assert net.low_n is (pos + neg < 5)


def test_net_undefined_without_positive_or_negative() -> None:
    net = net_position(0, 0)
    assert (net.net, net.ci_low, net.ci_high, net.low_n) == (None, None, None, True)


def test_month_by_side_counts_resolved_decisions(fixture_engine: Engine) -> None:
    report = stance_report(fixture_engine, StanceOptions())
    rows = {(r.period, r.group): r for r in report.rows}
    sides = ["japan", "south_korea", "united_states"]
    # Every period from first to last, every side with statements: no silent gaps.
    assert [(r.period, r.group) for r in report.rows] == [
        (p, s) for p in ("2019-01", "2019-02", "2019-03") for s in sides
    ]
    # D1 counts suga's repeated statement once; the agreed D1:2 once; D2:3 in another document.
    assert counts(rows["2019-01", "japan"]) == (3, 2, 3, 0, 0)
    # Moon in D1, and the adjudicated D2:1; the disagreement D2:0 is left out.
    assert counts(rows["2019-01", "south_korea"]) == (2, 2, 1, 1, 0)
    assert counts(rows["2019-02", "japan"]) == (0, 0, 0, 0, 0)
    assert counts(rows["2019-03", "japan"]) == (2, 1, 0, 1, 1)
    # bob's sole decision in D3, and the month-precision D5.
    assert counts(rows["2019-03", "south_korea"]) == (2, 2, 1, 1, 0)
    assert counts(rows["2019-03", "united_states"]) == (1, 1, 1, 0, 0)
    assert counts(rows["2019-01", "united_states"]) == (0, 0, 0, 0, 0)

    japan_jan = rows["2019-01", "japan"]
    low, high = independent_wilson(3, 3)
    assert (japan_jan.net, japan_jan.mean_score, japan_jan.low_n) == (1.0, 1.0, True)
    assert japan_jan.ci_low == pytest.approx(low) and japan_jan.ci_high == pytest.approx(high)
    assert japan_jan.ci_low == pytest.approx(2 * 3 / (3 + norm.ppf(0.975) ** 2) - 1)
    japan_mar = rows["2019-03", "japan"]
    assert (japan_mar.net, japan_mar.mean_score) == (-1.0, -0.5)
    korea_jan = rows["2019-01", "south_korea"]
    low, high = independent_wilson(1, 2)
    assert korea_jan.net == 0.0
    assert (korea_jan.ci_low, korea_jan.ci_high) == (pytest.approx(low), pytest.approx(high))
    empty = rows["2019-02", "japan"]
    assert (empty.net, empty.ci_low, empty.ci_high, empty.mean_score) == (None, None, None, None)

    left = report.left_out
    assert (left.undated_documents, left.undated_statements) == (1, 1)
    assert (left.imprecise_documents, left.disagreements) == (0, 1)


@pytest.mark.parametrize(
    ("dedupe", "expected"),
    [
        (Dedupe.none, (4, 2, 4, 0, 0)),
        (Dedupe.document, (3, 2, 3, 0, 0)),
        (Dedupe.period, (2, 2, 2, 0, 0)),
    ],
)
def test_dedupe_modes(fixture_engine: Engine, dedupe: Dedupe, expected: tuple[int, ...]) -> None:
    rows = table(fixture_engine, dedupe=dedupe)
    assert counts(rows["2019-01", "japan", None]) == expected
    assert counts(rows["2019-03", "south_korea", None]) == (2, 2, 1, 1, 0)


def test_week_leaves_out_month_precision_documents(fixture_engine: Engine) -> None:
    report = stance_report(fixture_engine, StanceOptions(interval=Interval.week))
    periods = sorted({r.period for r in report.rows})
    assert periods == [f"2019-W{w:02d}" for w in range(2, 11)]
    assert len(report.rows) == 9 * 3
    rows = {(r.period, r.group): r for r in report.rows}
    assert counts(rows["2019-W02", "japan"]) == (2, 1, 2, 0, 0)
    assert counts(rows["2019-W04", "japan"]) == (1, 1, 1, 0, 0)
    assert counts(rows["2019-W04", "south_korea"]) == (1, 1, 0, 1, 0)
    assert counts(rows["2019-W10", "south_korea"]) == (1, 1, 1, 0, 0)
    assert counts(rows["2019-W07", "japan"]) == (0, 0, 0, 0, 0)
    left = report.left_out
    assert (left.imprecise_documents, left.imprecise_statements) == (1, 1)


@pytest.mark.parametrize(
    ("interval", "period"), [(Interval.quarter, "2019-Q1"), (Interval.year, "2019")]
)
def test_quarter_and_year(fixture_engine: Engine, interval: Interval, period: str) -> None:
    report = stance_report(fixture_engine, StanceOptions(interval=interval))
    rows = {(r.period, r.group): r for r in report.rows}
    assert len(report.rows) == 3
    japan = rows[period, "japan"]
    assert counts(japan) == (5, 3, 3, 1, 1)
    assert (japan.net, japan.mean_score, japan.low_n) == (0.5, pytest.approx(0.4), True)
    low, high = independent_wilson(3, 4)
    assert (japan.ci_low, japan.ci_high) == (pytest.approx(low), pytest.approx(high))
    assert counts(rows[period, "south_korea"]) == (4, 4, 2, 2, 0)
    assert report.left_out.imprecise_documents == 0


def test_per_claim_and_by_speaker(fixture_engine: Engine) -> None:
    rows = table(fixture_engine, per_claim=True)
    series = [(g, c) for (p, g, c) in rows if p == "2019-01"]
    assert series == [
        ("japan", "settled_1965"),
        ("japan", "breach_intl_law"),
        ("south_korea", "settled_1965"),
        ("south_korea", "respect_ruling"),
        ("united_states", "dialogue"),
    ]
    assert len(rows) == 15
    assert counts(rows["2019-01", "japan", "settled_1965"]) == (2, 2, 2, 0, 0)
    assert counts(rows["2019-03", "japan", "settled_1965"]) == (2, 1, 0, 1, 1)
    assert counts(rows["2019-03", "south_korea", "settled_1965"]) == (1, 1, 0, 1, 0)

    speakers = table(fixture_engine, by=By.speaker)
    assert counts(speakers["2019-01", "suga", None]) == (2, 2, 2, 0, 0)
    assert counts(speakers["2019-03", "kr_government", None]) == (2, 2, 1, 1, 0)
    assert counts(speakers["2019-02", "kono", None]) == (0, 0, 0, 0, 0)


def test_filters(fixture_engine: Engine) -> None:
    bob = stance_report(fixture_engine, StanceOptions(filters=Filters(annotator="bob")))
    rows = {(r.period, r.group): r for r in bob.rows}
    assert sorted({g for _, g in rows}) == ["japan", "south_korea"]
    assert counts(rows["2019-01", "japan"]) == (1, 1, 1, 0, 0)
    assert counts(rows["2019-01", "south_korea"]) == (2, 1, 1, 0, 1)
    assert counts(rows["2019-03", "japan"]) == (0, 0, 0, 0, 0)
    assert bob.left_out.disagreements == 0

    kyodo = stance_report(
        fixture_engine,
        StanceOptions(
            filters=Filters(sides=("japan",), claims=("settled_1965",), sources=("Kyodo",))
        ),
    )
    assert [(r.period, r.statements) for r in kyodo.rows] == [
        ("2019-01", 1),
        ("2019-02", 0),
        ("2019-03", 2),
    ]
    assert (kyodo.left_out.undated_documents, kyodo.left_out.disagreements) == (1, 0)

    march = table(fixture_engine, filters=Filters(since=dt.date(2019, 2, 1)))
    assert sorted({p for p, _, _ in march}) == ["2019-03"]


def test_unknown_id_is_an_error(fixture_engine: Engine) -> None:
    with pytest.raises(UnknownIdError, match="unknown claim: nope"):
        stance_report(fixture_engine, StanceOptions(filters=Filters(claims=("nope",))))


def test_no_statements_gives_no_rows(engine: Engine) -> None:
    report = stance_report(engine, StanceOptions())
    assert report.rows == ()
    assert report.left_out.disagreements == 0
