"""Run every benchmark and write the results page.

    .venv/bin/python -m benchmarks.run            # full scale -> docs/benchmarks.md
    .venv/bin/python -m benchmarks.run --quick    # small scale, a smoke test

A quick run writes its page to benchmarks/.data/benchmarks-quick.md, so a
smoke test never overwrites the full results; `--out` names another file.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QtMsgType, qInstallMessageHandler  # noqa: E402

from benchmarks import batch, enquiry, floor, paper, screens, start  # noqa: E402
from benchmarks import webservice as web_service  # noqa: E402
from benchmarks.generate import DATA, ensure_database  # noqa: E402
from benchmarks.machine import OtherLoad, describe  # noqa: E402
from benchmarks.report import write_report  # noqa: E402
from benchmarks.sample_shape import read_sample  # noqa: E402
from benchmarks.scales import FULL, QUICK  # noqa: E402
from benchmarks.timing import Row  # noqa: E402
from benchmarks.workspace import WORK, remove_copies, working_copy  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FULL_PAGE = ROOT / "docs" / "benchmarks.md"
QUICK_PAGE = DATA / "benchmarks-quick.md"
# A step during which other processes took more of the CPU than this says so.
BUSY = 0.10


def _quiet_qt(kind: QtMsgType, context: object, message: str) -> None:
    # The offscreen platform says this on every show(); it means nothing here.
    if "propagateSizeHints" not in message:
        sys.stderr.write(f"Qt: {message}\n")


def _step(name: str, work: Callable[[], list[Row]]) -> tuple[list[Row], float]:
    """Run one benchmark; return its rows and the share of CPU others used."""
    print(f"-- {name} ...", file=sys.stderr, flush=True)
    gc.collect()
    started = time.perf_counter()
    others = OtherLoad()
    rows = work()
    share = others.share()
    if share > BUSY:
        note = f"Other processes used {share:.0%} of the CPU while this ran."
        rows = [replace(row, notes=(*row.notes, note)) for row in rows]
    for row in rows:
        extra = f", p99 {row.p99}" if row.p99 else ""
        print(
            f"   {row.result}: {row.measured}{extra} ({row.workload})",
            file=sys.stderr,
            flush=True,
        )
    print(
        f"   took {time.perf_counter() - started:.0f} s; others used {share:.0%}",
        file=sys.stderr,
    )
    return rows, share


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the warehouse app benchmarks.")
    parser.add_argument(
        "--quick", action="store_true", help="small scale: a smoke test"
    )
    parser.add_argument("--out", type=Path, help="where to write the results page")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("benchmarks").setLevel(logging.INFO)
    qInstallMessageHandler(_quiet_qt)
    scale = QUICK if args.quick else FULL
    page = args.out or (QUICK_PAGE if args.quick else FULL_PAGE)

    started = time.perf_counter()
    source = ensure_database(scale)
    load_before = os.getloadavg()[0]
    shape = read_sample()
    files = WORK / "files"
    files.mkdir(parents=True, exist_ok=True)
    # `reading` stays as generated; `floor` takes the orders the runs make.
    reading = working_copy(source, "reading")
    floor_db = working_copy(source, "floor")
    steps: list[tuple[str, str, Callable[[], list[Row]]]] = [
        (
            "life",
            "order life cycle",
            lambda: [floor.life_cycle(floor_db, scale, files)],
        ),
        (
            "scan",
            "pick-confirm scan",
            lambda: [floor.pick_scans(floor_db, scale, files)],
        ),
        (
            "repaint",
            "scan to repaint",
            lambda: [screens.scan_to_repaint(floor_db, scale, files)],
        ),
        ("stock", "stock files", lambda: batch.stock_files(floor_db, scale, files)),
        ("paper", "paper", lambda: paper.rendering(floor_db, scale, files)),
        (
            "list",
            "incoming orders screen",
            lambda: screens.orders_screen(reading, scale),
        ),
        ("start", "app start", lambda: start.app_start(reading, scale, files)),
        ("enquiry", "parts enquiry", lambda: enquiry.enquiries(reading, scale)),
        (
            "web",
            "web service",
            lambda: web_service.service_speed(floor_db, scale),
        ),
        # Last: it adds tens of thousands of orders to the floor database.
        (
            "import",
            "order file import",
            lambda: [batch.order_import(floor_db, scale, shape, files)],
        ),
    ]
    rows: dict[str, list[Row]] = {}
    shares: list[float] = []
    try:
        for key, name, work in steps:
            rows[key], share = _step(name, work)
            shares.append(share)
    finally:
        remove_copies()
    order = (
        "life",
        "scan",
        "repaint",
        "import",
        "stock",
        "paper",
        "list",
        "start",
        "enquiry",
        "web",
    )
    table = [row for key in order for row in rows[key]]
    minutes = (time.perf_counter() - started) / 60
    # The machine may be shared: say how busy it was around the run.
    load = f"{load_before:.2f} at the start, {os.getloadavg()[0]:.2f} at the end"
    machine = [
        *describe(),
        ("Load average (1 min)", load),
        ("Most CPU other processes used in a step", f"{max(shares):.0%}"),
    ]
    page.parent.mkdir(parents=True, exist_ok=True)
    write_report(page, table, scale, machine, args.quick, minutes)
    print(page.read_text(encoding="utf-8"))
    print(f"written to {page}", file=sys.stderr)


if __name__ == "__main__":
    main()
