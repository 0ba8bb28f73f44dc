"""Net position and its 95 % Wilson interval, from counts of positive and negative stances.

The interval is Wilson's score interval for p = pos / (pos + neg), mapped to the net
scale by 2p − 1; unlike the normal approximation it stays inside [−1, 1] and behaves at
small n, which is where most period × side cells of a news corpus are.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

Z95 = 1.959963984540054  # the standard normal's 97.5th percentile
LOW_N = 5  # fewer non-neutral statements than this: the net position is flagged


@dataclass(frozen=True)
class Net:
    net: float | None
    ci_low: float | None
    ci_high: float | None
    low_n: bool


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion (n > 0)."""
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    # At p = 0 and p = 1 the bound is exact (0 and 1): rounding must not leave it a hair
    # inside, or the interval would not contain the estimate (net -1.0, low -0.99999…).
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return min(low, p), max(high, p)


@lru_cache(maxsize=65_536)  # a report asks for the same few small counts thousands of times
def net_position(pos: int, neg: int) -> Net:
    """(pos − neg) / (pos + neg) with its interval; all None when there is neither."""
    n = pos + neg
    if n == 0:
        return Net(None, None, None, True)
    low, high = wilson(pos, n)
    net = (pos - neg) / n
    # Mapped to the net scale, the interval still contains the estimate exactly.
    return Net(net, min(2 * low - 1, net), max(2 * high - 1, net), n < LOW_N)
