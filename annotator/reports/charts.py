"""Charts of the net position over time: in the terminal (plotext) and for papers
(matplotlib, PNG or SVG).

One line per side or speaker in its side's colour from the codebook; with --per-claim one
panel per claim. Periods without a defined net position break the line rather than
pretending to be zero; the publication chart shades the 95 % Wilson interval and draws
low-n periods with hollow markers.
"""

from __future__ import annotations

import datetime as dt
import sys
import textwrap
from pathlib import Path
from typing import Any

from annotator.reports.periods import Interval, start
from annotator.reports.stance import StanceReport, StanceRow

# Used for groups whose side has no colour: matplotlib's default cycle, colour-blind safe.
PERIOD_DAYS = {Interval.week: 7, Interval.month: 30.4, Interval.quarter: 91.3, Interval.year: 365.2}
DODGE = 0.06  # of a period, between neighbouring series
MARKERS = ["●", "■", "▲", "◆", "x", "+", "*"]
FALLBACK = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442"]


def _panels(report: StanceReport) -> list[tuple[str | None, dict[str, list[StanceRow]]]]:
    """(claim or None, {group: rows in period order}) for each panel to draw."""
    panels: dict[str | None, dict[str, list[StanceRow]]] = {}
    for row in report.rows:
        panels.setdefault(row.claim, {}).setdefault(row.group, []).append(row)
    return list(panels.items())


def _colours(report: StanceReport) -> dict[str, str]:
    groups = sorted({r.group for r in report.rows}, key=lambda g: report.groups[g].position)
    spare = iter(FALLBACK * (len(groups) // len(FALLBACK) + 1))
    return {g: report.groups[g].color or next(spare) for g in groups}


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _title(report: StanceReport) -> str:
    by = "speaker" if report.options.by.value == "speaker" else "side"
    return f"Net position by {by}, per {report.options.interval.value}"


def terminal_chart(report: StanceReport, *, to_stderr: bool = False, width: int = 100) -> None:
    """Draw the net position per side over time as text (colours only on a terminal)."""
    import plotext as plt

    stream = sys.stderr if to_stderr else sys.stdout
    if not report.rows:
        stream.write("no statements to chart\n")
        return
    periods = sorted({r.period for r in report.rows})
    index = {p: i + 1 for i, p in enumerate(periods)}
    step = max(1, len(periods) // 8)
    panels = _panels(report)
    colours = _colours(report)
    plt.clf()
    plt.subplots(len(panels), 1)
    plt.plotsize(width, 16 * len(panels))
    for number, (claim, groups) in enumerate(panels, start=1):
        plt.subplot(number, 1)
        plt.theme("pro" if stream.isatty() else "clear")
        for series, (group, rows) in enumerate(groups.items()):
            for run, points in enumerate(_runs(rows, index)):
                xs, ys = zip(*points, strict=True)
                plt.plot(
                    list(xs),
                    list(ys),
                    label=report.groups[group].name if run == 0 else None,
                    color=_rgb(colours[group]),
                    # Without colour (piped), the marker tells the sides apart.
                    marker=MARKERS[series % len(MARKERS)],
                )
        # Headroom above +1 keeps the legend off the lines.
        plt.ylim(-1.1, 1.5)
        plt.yticks([-1, -0.5, 0, 0.5, 1])
        plt.xlim(0.5, len(periods) + 0.5)
        plt.xticks([index[p] for p in periods[::step]], list(periods[::step]))
        plt.title(_title(report) + (f": {claim}" if claim else ""))
    text = plt.build()
    if not stream.isatty():
        text = plt.uncolorize(text)
    stream.write(text + "\n")


def _runs(rows: list[StanceRow], index: dict[str, int]) -> list[list[tuple[int, float]]]:
    """Consecutive periods with a net position: a line never bridges a period without one."""
    runs: list[list[tuple[int, float]]] = [[]]
    for row in rows:
        if row.net is None:
            runs.append([])
        else:
            runs[-1].append((index[row.period], row.net))
    return [run for run in runs if run]


def save_plot(report: StanceReport, path: Path) -> None:
    """Write the publication chart to a PNG or SVG file (the suffix decides)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    panels = _panels(report) or [(None, {})]
    colours = _colours(report)
    interval = report.options.interval
    fig, axes = plt.subplots(
        len(panels),
        1,
        figsize=(8, 2.6 * len(panels) + 1.2),
        sharex=True,
        squeeze=False,
        layout="constrained",
    )
    for ax, (claim, groups) in zip(axes[:, 0], panels, strict=True):
        ax.axhline(0, color="#999999", linewidth=0.8, zorder=0)
        for series, (group, rows) in enumerate(groups.items()):
            # Sides side by side within a period, so their whiskers do not hide each other.
            dodge = (series - (len(groups) - 1) / 2) * DODGE * PERIOD_DAYS[interval]
            _draw_series(ax, rows, interval, colours[group], report.groups[group].name, dodge)
        ax.set_ylim(-1.05, 1.05)
        ax.set_yticks([-1, -0.5, 0, 0.5, 1])
        ax.set_ylabel("net position")
        ax.grid(axis="y", color="#e5e5e5", linewidth=0.6)
        ax.spines[["top", "right"]].set_visible(False)
        if claim is not None:
            label = report.claims.get(claim, claim)
            ax.set_title(textwrap.shorten(f"{claim}: {label}", 90), loc="left", fontsize=10)
    bottom = axes[-1, 0]
    locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
    bottom.xaxis.set_major_locator(locator)
    bottom.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    handles, labels = axes[0, 0].get_legend_handles_labels()
    for ax in axes[1:, 0]:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            if label not in labels:
                handles.append(handle)
                labels.append(label)
    if handles:
        fig.legend(
            handles, labels, loc="outside upper right", frameon=False, ncols=min(4, len(labels))
        )
    fig.suptitle(_title(report), x=0.01, ha="left", fontsize=12, fontweight="bold")
    fig.supxlabel(
        "Net position = (support − oppose) / (support + oppose); band: 95 % Wilson interval; "
        "hollow markers: fewer than 5 statements with a position.",
        fontsize=8,
        color="#555555",
    )
    fig.savefig(path, dpi=200)
    plt.close(fig)


def _draw_series(
    ax: Any, rows: list[StanceRow], interval: Interval, colour: str, name: str, dodge: float
) -> None:
    import math

    xs = [start(r.period, interval) + dt.timedelta(days=dodge) for r in rows]
    net = [r.net if r.net is not None else math.nan for r in rows]
    low = [r.ci_low if r.ci_low is not None else math.nan for r in rows]
    high = [r.ci_high if r.ci_high is not None else math.nan for r in rows]
    ax.fill_between(xs, low, high, color=colour, alpha=0.15, linewidth=0, step=None)
    ax.plot(xs, net, color=colour, linewidth=1.6, label=name)
    # A whisker per period, so an isolated period (no band without a neighbour) shows its interval.
    defined = [
        (x, r.net, r.ci_low, r.ci_high)
        for x, r in zip(xs, rows, strict=True)
        if r.net is not None and r.ci_low is not None and r.ci_high is not None
    ]
    if defined:
        ax.errorbar(
            [d[0] for d in defined],
            [d[1] for d in defined],
            yerr=[[d[1] - d[2] for d in defined], [d[3] - d[1] for d in defined]],
            fmt="none",
            ecolor=colour,
            elinewidth=0.8,
            capsize=2,
            alpha=0.7,
        )
    solid = [
        (x, y) for x, y, r in zip(xs, net, rows, strict=True) if r.net is not None and not r.low_n
    ]
    hollow = [
        (x, y) for x, y, r in zip(xs, net, rows, strict=True) if r.net is not None and r.low_n
    ]
    if solid:
        ax.plot(*zip(*solid, strict=True), "o", color=colour, markersize=4)
    if hollow:
        ax.plot(
            *zip(*hollow, strict=True),
            "o",
            markerfacecolor="white",
            markeredgecolor=colour,
            markersize=4,
        )
