"""Medians, percentiles and the rows of the results table."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Row:
    """One line of the results table; `result` is PASS, MISS or why there is none."""

    workload: str
    target: str
    measured: str
    result: str
    p99: str = ""
    reference: str = ""
    ratio: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


def median(values: list[float]) -> float:
    return float(statistics.median(values))


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value at or above `share` of all."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def repeat(action: Callable[[], object], times: int, warm_up: int = 1) -> list[float]:
    for _ in range(warm_up):
        action()
    return [timed(action) for _ in range(times)]


def verdict(passed: bool) -> str:
    return "PASS" if passed else "MISS"


def ms(seconds: float) -> str:
    value = seconds * 1000
    if value < 1:
        return f"{value:.3f} ms"
    if value < 100:
        return f"{value:.2f} ms"
    return f"{value:,.0f} ms"


def secs(seconds: float) -> str:
    return f"{seconds:.2f} s"


def ratio(measured: float, reference: float) -> str:
    return f"{measured / reference:.1f}x" if reference > 0 else ""
