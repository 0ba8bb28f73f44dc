"""Reliability statistics on coding data: Krippendorff's α with its bootstrapped
interval, Cohen's κ, Fleiss' κ and percent agreement.

Coding data is a sequence of units, each a mapping coder → value (a coder who did not
code the unit is simply absent: missing data). α comes from the `krippendorff` package
and Cohen's κ from scikit-learn; the bootstrap follows Krippendorff's algorithm for
the KALPHA macro (Hayes & Krippendorff 2007): pairs of values are drawn from the
observed coincidence matrix, each draw's disagreement set against the original
expected disagreement. This module imports numpy, so only the agreement report loads it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import combinations
from typing import Any, Literal

import numpy as np

Units = Sequence[Mapping[str, Hashable]]

# Krippendorff (2004, p. 241): rely on variables with α ≥ .800; draw tentative
# conclusions only from those with .667 ≤ α < .800.
RELIABLE = 0.800
TENTATIVE = 0.667


class Level(StrEnum):
    """Level of measurement: which difference between two values counts as how much."""

    nominal = "nominal"
    ordinal = "ordinal"
    interval = "interval"


@dataclass(frozen=True)
class Reliability:
    """The statistics of one variable. `None` where a statistic is undefined (no
    pairable values, a single category, fewer or more coders than it needs)."""

    units: int  # units with values from two or more coders
    coders: int  # coders with a value in such a unit
    values: int  # values in those units (n.. of the coincidence matrix)
    agreement: float | None  # share of agreeing pairs of values within units
    alpha: float | None
    ci_low: float | None
    ci_high: float | None
    kappa: float | None  # Cohen's κ: exactly two coders, nominal variables
    fleiss: float | None  # Fleiss' κ: more than two coders, nominal variables

    @property
    def verdict(self) -> str | None:
        if self.alpha is None:
            return None
        if self.alpha >= RELIABLE:
            return "reliable"
        if self.alpha >= TENTATIVE:
            return "tentative"
        return "unreliable"


def pairable(units: Units) -> list[Mapping[str, Hashable]]:
    """Units with values from at least two coders: the only ones α can compare."""
    return [u for u in units if len(u) >= 2]


def reliability(
    units: Units,
    level: Level = Level.nominal,
    *,
    bootstrap: int = 1000,
    rng: np.random.Generator | None = None,
) -> Reliability:
    """Every statistic of one variable; `bootstrap` resamples for α's 95 % interval
    (0: no interval)."""
    units = pairable(units)
    coders = sorted({coder for u in units for coder in u})
    n_values = sum(len(u) for u in units)
    domain = _domain(units, level)
    alpha = ci_low = ci_high = None
    if len(domain) > 1:
        alpha = _alpha(units, coders, domain, level)
        if bootstrap > 0:
            ci_low, ci_high = bootstrap_interval(
                units, len(coders), domain, level, bootstrap, rng or np.random.default_rng(0)
            )
    nominal = level is Level.nominal
    return Reliability(
        units=len(units),
        coders=len(coders),
        values=n_values,
        agreement=percent_agreement(units),
        alpha=alpha,
        ci_low=ci_low,
        ci_high=ci_high,
        kappa=cohen_kappa(units, coders) if nominal and len(coders) == 2 else None,
        fleiss=fleiss_kappa(units) if nominal and len(coders) > 2 else None,
    )


def _domain(units: Units, level: Level) -> list[Hashable]:
    values = {v for u in units for v in u.values()}
    if level is Level.nominal:
        return sorted(values, key=str)
    return sorted(values, key=float)  # type: ignore[arg-type]


def _alpha(units: Units, coders: list[str], domain: list[Hashable], level: Level) -> float:
    import krippendorff

    index = {v: i for i, v in enumerate(domain)}
    data = np.full((len(coders), len(units)), np.nan)
    row = {c: i for i, c in enumerate(coders)}
    for j, unit in enumerate(units):
        for coder, value in unit.items():
            data[row[coder], j] = index[value]
    if level is Level.nominal:
        return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    # Ordinal and interval differences need the values themselves, not their codes.
    numeric = np.array([float(v) for v in domain])  # type: ignore[arg-type]
    values = np.where(np.isnan(data), np.nan, numeric[np.nan_to_num(data).astype(int)])
    metric: Literal["ordinal", "interval"] = "ordinal" if level is Level.ordinal else "interval"
    return float(
        krippendorff.alpha(
            reliability_data=values, value_domain=numeric, level_of_measurement=metric
        )
    )


def coincidences(units: Units, domain: list[Hashable]) -> np.ndarray:
    """Krippendorff's observed coincidence matrix: o_ck = Σ_u n_uc (n_uk − [c = k]) / (m_u − 1)."""
    index = {v: i for i, v in enumerate(domain)}
    rows = np.fromiter((j for j, u in enumerate(units) for _ in u), dtype=np.intp)
    values = np.fromiter((index[v] for u in units for v in u.values()), dtype=np.intp)
    counts = np.zeros((len(units), len(domain)))
    np.add.at(counts, (rows, values), 1)
    weights = 1 / (counts.sum(axis=1) - 1)
    weighted = counts * weights[:, None]
    return counts.T @ weighted - np.diag(weighted.sum(axis=0))


def differences(domain: list[Hashable], marginals: np.ndarray, level: Level) -> np.ndarray:
    """δ²_ck: nominal 0/1; ordinal (Σ_{g=c..k} n_g − (n_c + n_k)/2)²; interval (c − k)²."""
    size = len(domain)
    if level is Level.nominal:
        return 1.0 - np.eye(size)
    if level is Level.interval:
        values = np.array([float(v) for v in domain])  # type: ignore[arg-type]
        return np.subtract.outer(values, values) ** 2
    cumulative = np.concatenate(([0.0], np.cumsum(marginals)))
    delta = np.zeros((size, size))
    for c in range(size):
        for k in range(size):
            low, high = min(c, k), max(c, k)
            between = cumulative[high + 1] - cumulative[low]
            delta[c, k] = (between - (marginals[c] + marginals[k]) / 2) ** 2
    return delta


def alpha_from_coincidences(o: np.ndarray, delta: np.ndarray) -> float:
    """1 − D_o / D_e, written out, so the bootstrap's base can be checked against the
    `krippendorff` package."""
    n = o.sum()
    marginals = o.sum(axis=1)
    expected = (np.outer(marginals, marginals) - np.diag(marginals)) / (n - 1)
    return float(1 - (o * delta).sum() / (expected * delta).sum())


def bootstrap_interval(
    units: Units,
    n_coders: int,
    domain: list[Hashable],
    level: Level,
    resamples: int,
    rng: np.random.Generator,
) -> tuple[float, float]:
    """The 2.5th and 97.5th percentiles of `resamples` bootstrapped α values.

    Krippendorff's algorithm (2006, rev. 2011; the KALPHA macro of Hayes & Krippendorff
    2007): draw M = (m − 1) n.. / 2 pairs of values (m coders, n.. pairable values: the
    number of pairs in complete data) with replacement from the observed coincidences,
    take α* = 1 − mean δ² of the draws / D_e with the original expected disagreement
    D_e, floor α* at −1, and count as 0 (not 1) as many perfect resamples as a data set
    without variation would produce by chance, where α would be undefined. The note
    also caps M at 25 times the number of non-empty cells, a limit on computing time
    in 2006 that would make the interval of a large sample as wide as a small one's;
    it is not applied."""
    o = coincidences(units, domain)
    n = o.sum()
    marginals = o.sum(axis=1)
    delta = differences(domain, marginals, level)
    expected = (np.outer(marginals, marginals) - np.diag(marginals)) / (n - 1)
    d_e = (expected * delta).sum() / n
    upper = np.triu_indices(len(domain))
    cells = np.where(upper[0] == upper[1], o[upper], 2 * o[upper]) / n
    draws = max(1, math.floor((n_coders - 1) * n / 2))
    # How often each cell is drawn in each resample: the same as drawing the pairs one
    # by one, in memory that does not grow with the number of pairs.
    drawn = rng.multinomial(draws, cells / cells.sum(), size=resamples)
    alphas = 1 - (drawn @ delta[upper]) / draws / d_e
    alphas = np.maximum(alphas, -1.0)
    perfect = np.flatnonzero(alphas == 1.0)
    by_chance = round(resamples * float(((np.diag(o) / n) ** draws).sum()))
    alphas[perfect[: min(by_chance, len(perfect))]] = 0.0
    low, high = np.quantile(alphas, [0.025, 0.975])
    return float(low), float(high)


def percent_agreement(units: Units) -> float | None:
    """Agreeing pairs of values over all pairs of values within units (for two coders:
    the share of units on which they agree)."""
    pairs = agreeing = 0
    for unit in units:
        for a, b in combinations(unit.values(), 2):
            pairs += 1
            agreeing += a == b
    return agreeing / pairs if pairs else None


def cohen_kappa(units: Units, coders: Sequence[str]) -> float | None:
    """Cohen's κ of two coders on the units both coded; None when it is undefined
    (both used one and the same category throughout)."""
    from sklearn.metrics import cohen_kappa_score

    first, second = coders
    both = [u for u in units if first in u and second in u]
    if not both:
        return None
    a = [str(u[first]) for u in both]
    b = [str(u[second]) for u in both]
    if len(set(a) | set(b)) < 2:
        return None
    return float(cohen_kappa_score(a, b))


def fleiss_kappa(units: Units) -> float | None:
    """Fleiss' κ (1971), in the form that allows the number of coders to vary by unit:
    P_u = Σ_c n_uc (n_uc − 1) / (m_u (m_u − 1)), P̄ their mean, p_c the share of all
    values in category c, P_e = Σ_c p_c², κ = (P̄ − P_e) / (1 − P_e). With the same
    number of coders on every unit this is Fleiss' original statistic."""
    if not units:
        return None
    totals: Counter[Any] = Counter()
    agreement = 0.0
    for unit in units:
        counts = Counter(unit.values())
        m = len(unit)
        agreement += sum(n * (n - 1) for n in counts.values()) / (m * (m - 1))
        totals.update(counts)
    mean_agreement = agreement / len(units)
    n_values = sum(totals.values())
    chance = sum((n / n_values) ** 2 for n in totals.values())
    if chance == 1:
        return None
    return (mean_agreement - chance) / (1 - chance)
