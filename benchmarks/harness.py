"""What every figure shares: its row in the table, timing helpers, the printed table.

A figure is measured next to its reference (the floor: the same work done the plainest
way) in the same run, because the machines are shared and noisy: the ratio to the floor
says more than the absolute time. Lower is better for times, higher for rates."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "benchmarks" / "out"


@dataclass(frozen=True)
class Figure:
    name: str
    unit: str  # "ms", "s" or "/s"
    measured: float
    reference: float | None
    reference_name: str
    target: float | None = None  # absolute target (None: the ratio alone)
    max_ratio: float | None = None  # to the reference; for rates, the reference / measured
    notes: str = ""

    @property
    def higher_is_better(self) -> bool:
        return self.unit == "/s"

    @property
    def ratio(self) -> float | None:
        if not self.reference or not self.measured:
            return None
        if self.higher_is_better:
            return self.reference / self.measured
        return self.measured / self.reference

    @property
    def passed(self) -> bool:
        ok = True
        if self.target is not None:
            ok = (
                self.measured >= self.target
                if self.higher_is_better
                else self.measured <= self.target
            )
        if self.max_ratio is not None and self.ratio is not None:
            ok = ok and self.ratio <= self.max_ratio
        return ok

    def target_text(self) -> str:
        parts = []
        if self.target is not None:
            parts.append(("≥ " if self.higher_is_better else "< ") + _value(self.target, self.unit))
        if self.max_ratio is not None:
            parts.append(f"≤ {self.max_ratio:g}× ref")
        return ", ".join(parts) or "—"

    def row(self) -> dict[str, Any]:
        return asdict(self) | {"ratio": self.ratio, "passed": self.passed}


def _value(number: float, unit: str) -> str:
    if unit == "/s":
        return f"{number:,.0f}/s"
    if unit == "ms":
        return f"{number:.1f} ms"
    return f"{number:.3f} s"


def table(figures: Sequence[Figure]) -> str:
    """Figure, target, measured, reference, ratio, pass/miss: a Markdown table."""
    lines = [
        "| figure | target | measured | reference | ratio | |",
        "|---|---|---|---|---|---|",
    ]
    for f in figures:
        reference = f"{_value(f.reference, f.unit)} ({f.reference_name})" if f.reference else "—"
        ratio = f"{f.ratio:.2f}×" if f.ratio is not None else "—"
        lines.append(
            f"| {f.name} | {f.target_text()} | {_value(f.measured, f.unit)} | {reference} "
            f"| {ratio} | {'pass' if f.passed else 'miss'} |"
        )
    return "\n".join(lines)


def best(run: Callable[[], float], repeats: int) -> float:
    """The least of `repeats` timings: the one least disturbed by other work."""
    return min(run() for _ in range(repeats))


def timed(work: Callable[[], Any]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def process_seconds(args: Sequence[str], repeats: int, **kwargs: Any) -> float:
    """Best wall time of a child process, from spawn to exit."""

    def once() -> float:
        started = time.perf_counter()
        subprocess.run(
            list(args), check=True, stdout=subprocess.DEVNULL, cwd=REPO, env=_env(), **kwargs
        )
        return time.perf_counter() - started

    return best(once, repeats)


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def annotator_command(*args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "annotator"), *args]


def _env() -> dict[str, str]:
    """The environment of a measured child: this checkout first on the path, and Python's
    bytecode cache on as in any installation (some shells set PYTHONDONTWRITEBYTECODE,
    which recompiles every module of the project at each start: ~55 ms of the TUI's)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(int(len(ordered) * share + 0.5) - 1, 0)]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def machine() -> dict[str, Any]:
    """Where the run happened: CPU, cores, load (the machines are shared)."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": model or os.uname().machine,
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
        "load_average": [round(v, 2) for v in os.getloadavg()],
    }
