"""What every benchmark shares: alternating product/floor pairs, ratios, the machine, the final table.

Each row of the table times the product against its floor *in the same run*, alternating
(product, floor, floor, product, …) so that a busy neighbour slows both alike. A row reports the median of the
per-pair ratios and their range (min–max), so a noisy machine shows up as a wide range, not as a wrong median.
"""

import os
import platform
import resource
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0", "false")


@dataclass
class Row:
    """One line of the table. `higher_is_better`: a throughput (ratio = product/floor, goal ≥); else a time."""

    name: str
    product: str  # the product's own figure, e.g. "0.72 s" or "180 MB/s"
    floor: str
    ratios: list[float]
    goal: float
    higher_is_better: bool = False
    notes: list[str] = field(default_factory=list)
    extra_goals: list[tuple[str, bool]] = field(default_factory=list)  # (what, met)

    @property
    def median(self) -> float:
        return statistics.median(self.ratios)

    @property
    def met(self) -> bool:
        ratio_ok = self.median >= self.goal if self.higher_is_better else self.median <= self.goal
        return ratio_ok and all(ok for _what, ok in self.extra_goals)

    def ratio_text(self) -> str:
        return f"{self.median:.2f}× ({min(self.ratios):.2f}–{max(self.ratios):.2f}, {len(self.ratios)} pairs)"

    def goal_text(self) -> str:
        text = f"{'≥' if self.higher_is_better else '≤'} {self.goal:g}×"
        for what, ok in self.extra_goals:
            text += f"; {what} {'✓' if ok else '✗'}"
        return text


ROWS: list[Row] = []


def alternate(product: Callable[[], float], floor: Callable[[], float], pairs: int) -> tuple[list[float], list[float]]:
    """Runs product and floor `pairs` times each, alternating which goes first; returns both lists of figures."""
    products, floors = [], []
    for i in range(pairs):
        if i % 2 == 0:
            products.append(product())
            floors.append(floor())
        else:
            floors.append(floor())
            products.append(product())
    return products, floors


def ratios(products: list[float], floors: list[float]) -> list[float]:
    return [p / f for p, f in zip(products, floors, strict=True)]


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def proc_mb(pid: int, key: str = "VmRSS") -> float:
    """VmRSS (now) or VmHWM (peak) of a process, in MB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def spread(values: list[float], unit: str, scale: float = 1.0, digits: int = 2) -> str:
    """`median unit (min–max)` of a list of figures."""
    values = [v * scale for v in values]
    return f"{statistics.median(values):.{digits}f} {unit} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    try:
        from django.db import connection

        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SHOW server_version")
                database = f"PostgreSQL {cursor.fetchone()[0]}"
            else:
                database = f"{connection.vendor} {connection.Database.sqlite_version}"
    except Exception as error:  # the table still prints if the database is gone
        database = f"database unknown ({error.__class__.__name__})"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        commit = "?"
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit}; {cpu}, {os.cpu_count()} cores, "
        f"load average {load}; Python {platform.python_version()}, {database}"
    )


def print_table() -> None:
    print()
    print(f"Measured {machine()}")
    print("| | the product | its floor | product/floor | goal | met |")
    print("|---|---|---|---|---|---|")
    for row in ROWS:
        print(
            f"| {row.name} | {row.product} | {row.floor} | {row.ratio_text()} | {row.goal_text()} | "
            f"{'yes' if row.met else 'NO'} |"
        )
    for row in ROWS:
        for note in row.notes:
            print(f"- {row.name}: {note}")
