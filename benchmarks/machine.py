"""The machine and software a run measured on, for the results page."""

from __future__ import annotations

import os
import platform
import resource
import sqlite3
import time
from pathlib import Path

import PySide6
import reportlab
import sqlalchemy


def _first(path: str, key: str) -> str:
    try:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def describe() -> list[tuple[str, str]]:
    memory_kb = _first("/proc/meminfo", "MemTotal").split()[0]
    memory = (
        f"{int(memory_kb) / 1024 / 1024:.1f} GiB" if memory_kb.isdigit() else "unknown"
    )
    return [
        ("CPU", _first("/proc/cpuinfo", "model name")),
        ("Cores", str(os.cpu_count())),
        ("Memory", memory),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("SQLite", sqlite3.sqlite_version),
        ("PySide6", PySide6.__version__),
        ("SQLAlchemy", sqlalchemy.__version__),
        ("reportlab", reportlab.Version),
    ]


def _busy_ticks() -> int:
    """Clock ticks every CPU spent on anything but idling, since boot."""
    try:
        fields = Path("/proc/stat").read_text(encoding="utf-8").split("\n")[0].split()
    except OSError:
        return 0
    values = [int(value) for value in fields[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values[:8]) - idle


def _own_seconds() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


class OtherLoad:
    """How much of the machine other processes used while a step ran.

    The machine may be shared; a step that ran beside other work is slower
    than it would be alone, and the page says so.
    """

    def __init__(self) -> None:
        self._ticks = _busy_ticks()
        self._own = _own_seconds()
        self._started = time.perf_counter()

    def share(self) -> float:
        """Other processes' CPU time as a share of all CPUs over the step."""
        elapsed = time.perf_counter() - self._started
        ticks = (_busy_ticks() - self._ticks) / os.sysconf("SC_CLK_TCK")
        others = ticks - (_own_seconds() - self._own)
        return max(0.0, others) / (elapsed * (os.cpu_count() or 1))
