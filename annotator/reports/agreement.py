"""`report agreement`: intercoder reliability per variable, on the sentences that two or
more coders decided.

Rows are variable (kind, claim, speaker, side, stance, score), optionally per claim type,
per coder (against the others), per pair of coders, and per period of coding. The units
are built in annotator.reports.codings, the statistics in annotator.reports.reliability,
which is imported only here, when the report runs, because it loads numpy.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from annotator.render import Column, plain, plural
from annotator.reports.choices import AgreementBy as AgreementBy
from annotator.reports.choices import Variable as Variable
from annotator.reports.codings import (
    Coding,
    CodingData,
    Selection,
    Unit,
    claim_units,
    coding_days,
    field_units,
    load_codings,
    sentence_units,
)
from annotator.reports.periods import Interval, key_of

if TYPE_CHECKING:
    from annotator.reports.reliability import Reliability

Units = dict[Unit, dict[str, Hashable]]


# Level of measurement of each variable: the stance score is ordinal, the rest nominal.
ORDINAL = frozenset({Variable.score})
PER_SENTENCE = frozenset({Variable.kind})


@dataclass(frozen=True)
class AgreementOptions:
    selection: Selection = field(default_factory=Selection)
    by: AgreementBy = AgreementBy.variable
    interval: Interval | None = None
    variables: tuple[Variable, ...] = tuple(Variable)
    bootstrap: int = 1000
    seed: int = 1


@dataclass(frozen=True)
class AgreementRow:
    period: str | None
    group: str | None  # claim id, coder, or "a / b" for a pair
    variable: Variable
    stats: Reliability


@dataclass(frozen=True)
class AgreementReport:
    options: AgreementOptions
    rows: tuple[AgreementRow, ...]
    sentences: int
    coders: tuple[str, ...]
    skipped: int
    adjudicated: int


def agreement_report(engine: Engine, options: AgreementOptions) -> AgreementReport:
    import numpy as np

    from annotator.reports.reliability import Level, reliability

    data = load_codings(engine, options.selection)
    rng = np.random.default_rng(options.seed)
    rows = []
    for period, codings in _periods(data, options.interval):
        variables = _variables(codings, data.claims, options.variables)
        for group, variable, units, coders in _groups(variables, options.by, data.claims):
            level = Level.ordinal if variable in ORDINAL else Level.nominal
            stats = reliability(list(units.values()), level, bootstrap=options.bootstrap, rng=rng)
            if stats.units == 0:
                continue
            if coders is not None:
                stats = replace(stats, coders=coders)
            rows.append(AgreementRow(period, group, variable, stats))
    return AgreementReport(
        options,
        tuple(rows),
        sentences=len({c.sentence_id for c in data.codings}),
        coders=tuple(sorted({c.coder for c in data.codings})),
        skipped=data.skipped,
        adjudicated=data.adjudicated,
    )


def _periods(
    data: CodingData, interval: Interval | None
) -> Iterator[tuple[str | None, list[Coding]]]:
    if interval is None:
        yield None, list(data.codings)
        return
    days = coding_days(data.codings)
    by_period: dict[str, list[Coding]] = {}
    for coding in data.codings:
        by_period.setdefault(key_of(days[coding.sentence_id], interval), []).append(coding)
    yield from sorted(by_period.items())


def _variables(
    codings: list[Coding], claims: tuple[str, ...], wanted: tuple[Variable, ...]
) -> dict[Variable, Units]:
    built: dict[Variable, Units] = {}
    for variable in Variable:
        if variable not in wanted:
            continue
        if variable is Variable.kind:
            built[variable] = sentence_units(codings)
        elif variable is Variable.claim:
            built[variable] = claim_units(codings, claims)
        else:
            built[variable] = field_units(codings, variable.value)
    return built


def _groups(variables: dict[Variable, Units], by: AgreementBy, claims: tuple[str, ...]) -> Any:
    """(group, variable, units, coders to show or None) for each row of the report."""
    if by is AgreementBy.variable:
        return [(None, v, units, None) for v, units in variables.items()]
    if by is AgreementBy.claim:
        return [
            (claim, v, {k: u for k, u in units.items() if k[1] == claim}, None)
            for claim in claims
            for v, units in variables.items()
            if v not in PER_SENTENCE
        ]
    coders = sorted({c for units in variables.values() for u in units.values() for c in u})
    if by is AgreementBy.pair:
        return [
            (f"{a} / {b}", v, _pair(units, a, b), None)
            for a, b in combinations(coders, 2)
            for v, units in variables.items()
        ]
    return [
        (coder, v, *_against_others(units, coder))
        for coder in coders
        for v, units in variables.items()
    ]


def _pair(units: Units, a: str, b: str) -> Units:
    return {k: {a: u[a], b: u[b]} for k, u in units.items() if a in u and b in u}


OTHERS = "(others)"


def _against_others(units: Units, coder: str) -> tuple[Units, int]:
    """One unit per (unit, other coder): the coder's value against that coder's, so
    only pairs that involve the coder are compared (and κ is the coder against the
    others pooled). Also returns how many coders took part."""
    stacked: Units = {}
    others: set[str] = set()
    for key, unit in units.items():
        if coder not in unit:
            continue
        for other, value in unit.items():
            if other != coder:
                others.add(other)
                stacked[(f"{key[0]}\x1f{other}", key[1])] = {coder: unit[coder], OTHERS: value}
    return stacked, len(others) + 1 if others else 0


def _percent(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f}%"


def _three(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def columns(report: AgreementReport) -> list[Column]:
    keys = []
    if report.options.interval is not None:
        keys.append(Column("period", "period"))
    if report.options.by is not AgreementBy.variable:
        keys.append(Column(report.options.by.value, report.options.by.value))
    return [
        *keys,
        Column("variable", "variable"),
        Column("level", "level"),
        Column("units", "units", justify="right"),
        Column("coders", "coders", justify="right"),
        Column("agreement", "agreement", _percent, "right"),
        Column("alpha", "α", _three, "right"),
        Column("ci_low", "95% lo", _three, "right"),
        Column("ci_high", "95% hi", _three, "right"),
        Column("reliability", "reliability", plain),
        Column("kappa", "Cohen's κ", _three, "right"),
        Column("fleiss_kappa", "Fleiss' κ", _three, "right"),
    ]


def records(report: AgreementReport) -> list[dict[str, Any]]:
    out = []
    for row in report.rows:
        record: dict[str, Any] = {}
        if report.options.interval is not None:
            record["period"] = row.period
        if report.options.by is not AgreementBy.variable:
            record[report.options.by.value] = row.group
        s = row.stats
        out.append(
            record
            | {
                "variable": row.variable.value,
                "level": "ordinal" if row.variable in ORDINAL else "nominal",
                "units": s.units,
                "coders": s.coders,
                "agreement": s.agreement,
                "alpha": s.alpha,
                "ci_low": s.ci_low,
                "ci_high": s.ci_high,
                "reliability": s.verdict,
                "kappa": s.kappa,
                "fleiss_kappa": s.fleiss,
            }
        )
    return out


def footer(report: AgreementReport) -> list[str]:
    if not report.sentences:
        return ["no sentence was decided by two or more coders (role annotator) in this selection"]
    lines = [
        f"compared: {plural(report.sentences, 'sentence')} decided by two or more of "
        f"{plural(len(report.coders), 'coder')} ({', '.join(report.coders)})",
        "α ≥ 0.800 reliable; 0.667 ≤ α < 0.800 tentative; below: unreliable (Krippendorff)",
    ]
    if report.options.bootstrap:
        lines.append(
            f"95% interval: Krippendorff's bootstrap (Hayes & Krippendorff 2007), "
            f"{report.options.bootstrap} resamples, seed {report.options.seed}"
        )
    if report.skipped:
        lines.append(f"not compared: {plural(report.skipped, 'skip')} (missing data)")
    if report.adjudicated:
        lines.append(
            f"not compared: {plural(report.adjudicated, 'adjudicator decision')} "
            "(the resolved layer, not a coding)"
        )
    return lines
