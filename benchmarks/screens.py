"""Screens on the big database: scan to repaint at the pick screen, the order list.

Run offscreen in this process with a plain QApplication (no pytest-qt). A
paint is caught by an event filter; the time runs from the call that starts
the work until the event loop has finished the paint that shows its result.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from benchmarks.floor import advice_notes  # noqa: E402
from benchmarks.order_files import (  # noqa: E402
    accounts,
    orders_of,
    parts_to_pick,
    write_order_file,
)
from benchmarks.scales import Scale  # noqa: E402
from benchmarks.timing import Row, median, ms, percentile, verdict  # noqa: E402
from benchmarks.workspace import url  # noqa: E402
from station.compose import build, build_window  # noqa: E402
from ui.main import qt_application  # noqa: E402
from ui.orders_view import OrdersView  # noqa: E402
from warehouse_app.domain.lifecycle import OrderStatus  # noqa: E402
from warehouse_app.persistence.database import Database  # noqa: E402
from warehouse_app.services.order_import import import_orders  # noqa: E402
from warehouse_app.services.order_list import OrderList  # noqa: E402
from warehouse_app.settings import Settings, StationSettings  # noqa: E402

FRAME = 0.016
OPEN_TARGET = 0.300
FILTER_TARGET = 0.050
PAINT_TIMEOUT = 5.0
SCREEN_WARM_UP = 5
SIZE = (1200, 800)


class PaintWatch(QObject):
    """Notes that a widget received a paint event."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.painted = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def until_painted(
    qt: QApplication, watch: PaintWatch, action: Callable[[], object]
) -> float:
    """Seconds from starting `action` until the watched widget has been painted."""
    watch.painted = False
    started = time.perf_counter()
    action()
    while not watch.painted:
        qt.processEvents()
        if time.perf_counter() - started > PAINT_TIMEOUT:
            raise RuntimeError("the screen did not repaint within 5 s")
    return time.perf_counter() - started


def settle(qt: QApplication, seconds: float = 0.05) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        qt.processEvents()


def scan_to_repaint(path: Path, scale: Scale, folder: Path) -> Row:
    qt = qt_application()
    rng = random.Random(scale.seed + 5)
    per_order = 5 * 3
    count = (scale.screen_scans + SCREEN_WARM_UP) // (per_order - 1) + 1
    parts = parts_to_pick(path, rng, count * 10, 5)
    orders = orders_of(
        rng,
        940_000_000,
        count,
        parts,
        accounts(path, rng, 200),
        [5],
        [3],
        in_stock=True,
    )
    file = folder / "screen-scans.csv"
    write_order_file(file, orders)
    prints = folder / "printed"
    settings = Settings(station=replace(StationSettings(), print_folder=str(prints)))
    application = build(url(path), settings)
    import_orders(application.database, application.station, file)
    notes = advice_notes(path, orders)

    window = build_window(application)
    window.resize(*SIZE)
    window.scans.start()
    window.show()
    settle(qt, 0.3)
    watch = PaintWatch(window.pick_screen)
    samples = []
    for advice_note in notes:
        until_painted(qt, watch, lambda note=advice_note: window.handle_scan(note))
        while True:
            view = window.pick_screen.view
            task = window.pick_screen.current_task()
            if view is None or task is None:
                break
            if sum(t.remaining for t in view.tasks) == 1:
                window.handle_scan(task.barcode)  # the tab turns to packing
                break
            code = task.barcode
            samples.append(
                until_painted(qt, watch, lambda c=code: window.handle_scan(c))
            )
            if window.band.tone is None or window.band.tone.name != "GOOD":
                raise RuntimeError(f"scan {code} refused: {window.band.text()}")
    window.scans.stop()
    window.close()
    window.deleteLater()
    settle(qt)
    application.database.dispose()
    samples = samples[SCREEN_WARM_UP:]
    p50, p99 = percentile(samples, 0.50), percentile(samples, 0.99)
    return Row(
        workload=(
            f"Scan to repaint at the pick screen, real main window offscreen"
            f" ({len(samples)} scans)"
        ),
        target=f"p99 < {ms(FRAME)}",
        measured=f"p50 {ms(p50)}",
        p99=ms(p99),
        reference=f"one frame at 60 Hz: {ms(FRAME)}",
        ratio=f"{p99 / FRAME:.1f}x (p99)",
        result=verdict(p99 < FRAME),
        notes=(
            "window.handle_scan(code) until the pick screen's next paint has"
            " finished; 5-line orders of 3 units a line, the scan that finishes"
            " an order (it turns to packing) is not counted. The window runs as"
            " in use, with the incoming-orders list refreshing itself once a"
            " second behind the pick screen; a scan that meets a refresh counts.",
        ),
    )


def orders_screen(path: Path, scale: Scale) -> list[Row]:
    qt = qt_application()
    database = Database(url(path))
    orders = OrderList(database)
    opens: list[float] = []
    filters: dict[str, list[float]] = {
        OrderStatus.READY_TO_PICK: [],
        OrderStatus.INVOICED: [],
    }
    total = sum(orders.counts_by_status().values())
    for _ in range(scale.screen_repeats):
        started = time.perf_counter()
        view = OrdersView(orders)
        view.resize(*SIZE)
        watch = PaintWatch(view.table.viewport())
        view.show()
        while not watch.painted:
            qt.processEvents()
        opens.append(time.perf_counter() - started)
        for status, samples in filters.items():
            index = view.status_filter.findData(status.value)
            samples.append(
                until_painted(
                    qt,
                    watch,
                    lambda box=view.status_filter, i=index: box.setCurrentIndex(i),
                )
            )
            view.status_filter.setCurrentIndex(0)
            settle(qt, 0.01)
        view.timer.stop()
        view.close()
        view.deleteLater()
        settle(qt)
    database.dispose()
    rows = [
        Row(
            workload=(
                f"Incoming orders screen, {total:,} orders: open and show the first"
                " page"
            ),
            target=f"< {ms(OPEN_TARGET)}",
            measured=ms(median(opens)),
            result=verdict(median(opens) < OPEN_TARGET),
            notes=(
                f"Median of {scale.screen_repeats}: from constructing"
                " OrdersView(OrderList(database)) until its table has painted"
                " the first page.",
            ),
        )
    ]
    for status, samples in filters.items():
        rows.append(
            Row(
                workload=f"Incoming orders screen: filter to “{status.value}”",
                target=f"< {ms(FILTER_TARGET)}",
                measured=ms(median(samples)),
                result=verdict(median(samples) < FILTER_TARGET),
                notes=(
                    f"Median of {len(samples)}: from setting the status filter"
                    " (which reloads the list) until the table has repainted.",
                ),
            )
        )
    return rows
