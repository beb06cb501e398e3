"""Copies of the generated database that a run may change, and plain inserts."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from benchmarks.bulk import stamp
from benchmarks.order_files import FileOrder

WORK = Path(__file__).parent / ".data" / "work"


def working_copy(source: Path, name: str) -> Path:
    """A fresh copy of `source` that benchmarks may write to."""
    WORK.mkdir(parents=True, exist_ok=True)
    target = WORK / f"{name}.sqlite3"
    for old in WORK.glob(f"{name}.sqlite3*"):
        old.unlink()
    shutil.copyfile(source, target)
    return target


def remove_copies() -> None:
    shutil.rmtree(WORK, ignore_errors=True)


def url(path: Path) -> str:
    return f"sqlite:///{path}"


def app_connection(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection set up as the app sets up its own."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute("PRAGMA busy_timeout=15000")
    connection.execute("PRAGMA synchronous=NORMAL")
    return connection


class PlainInsert:
    """The reference: the same orders and lines as rows, with executemany.

    The rows are built before the clock starts; what is timed is two
    executemany calls (orders, then their lines) in one transaction and the
    commit, on the same schema and indexes the app writes to.
    """

    def __init__(self, path: Path, orders: list[FileOrder], channel: str) -> None:
        self.path = path
        connection = sqlite3.connect(path)
        next_id = connection.execute(
            "SELECT coalesce(max(id), 0) + 1 FROM web_order"
        ).fetchone()[0]
        connection.close()
        at = stamp(datetime(2026, 11, 28, 7, 0))
        self.order_rows: list[tuple[object, ...]] = []
        self.line_rows: list[tuple[object, ...]] = []
        for offset, order in enumerate(orders):
            order_id = next_id + offset
            self.order_rows.append(
                (
                    order_id,
                    channel,
                    order.number,
                    f"R{order_id:09d}",
                    order.account or "WEBGUEST",
                    int(order.account is None),
                    "United Kingdom",
                    "deliver",
                    "MAIN",
                    at,
                    at,
                    at,
                    "ready to pick",
                    len(order.lines),
                    0.0,
                    1,
                )
            )
            for number, (part, quantity) in enumerate(order.lines, start=1):
                self.line_rows.append(
                    (
                        order_id,
                        number,
                        part.part_number,
                        part.description,
                        quantity,
                        float(part.price),
                        "S",
                        0,
                        "ready_to_pick",
                        quantity,
                        0,
                        0,
                        number + 1,
                    )
                )

        # Opened before the clock starts, as the app's engine keeps its own open.
        self._connection = app_connection(path)

    @property
    def rows(self) -> int:
        return len(self.order_rows) + len(self.line_rows)

    def __call__(self) -> None:
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(
            "INSERT INTO web_order (id, channel, shop_order_no, advice_note,"
            " customer_account, guest, country, delivery_method, depot, ordered_at,"
            " received_at, updated_at, status, line_count, value, part_ship)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.order_rows,
        )
        connection.executemany(
            "INSERT INTO order_line (order_id, line_no, part_number, description,"
            " quantity, unit_price, vat_code, is_charge, status, qty_allocated,"
            " qty_picked, qty_packed, source_row)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.line_rows,
        )
        connection.execute("COMMIT")
        connection.close()
