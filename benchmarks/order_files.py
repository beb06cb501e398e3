"""Order files in the shop's `online-retail` layout, for the benchmarks to import.

Parts and customers are read from the generated database, so every row of a
file is one the import takes. Each benchmark numbers its orders from its own
range, far above the generated history, so no file repeats another's orders.
"""

from __future__ import annotations

import csv
import random
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from warehouse_app.integrations.online_retail import COLUMNS

FIRST_DAY = datetime(2026, 11, 28, 7, 0)


@dataclass
class FilePart:
    part_number: str
    description: str
    price: str
    free: int


def parts_to_pick(
    database: Path, rng: random.Random, wanted: int, min_free: int
) -> list[FilePart]:
    """Stock parts at MAIN with a one-unit barcode and `min_free` free to sell."""
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT s.part_number, p.description, p.retail_price,"
            " s.on_hand - s.allocated"
            " FROM stock s JOIN part p ON p.part_number = s.part_number"
            " WHERE s.depot = 'MAIN' AND p.stock_item = 1 AND s.bin IS NOT NULL"
            " AND p.retail_price > 0"
            " AND s.on_hand - s.allocated >= ?"
            " AND EXISTS (SELECT 1 FROM barcode b WHERE b.part_number = s.part_number"
            "  AND b.qty_per_scan = 1)",
            (min_free,),
        ).fetchall()
    chosen = rng.sample(rows, min(wanted, len(rows)))
    return [FilePart(r[0], r[1], f"{r[2]:.2f}", r[3]) for r in chosen]


def parts_to_sell(database: Path, rng: random.Random, wanted: int) -> list[FilePart]:
    """Any stock parts at MAIN, in stock or not: what a shop's customers order."""
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT s.part_number, p.description, p.retail_price,"
            " s.on_hand - s.allocated"
            " FROM stock s JOIN part p ON p.part_number = s.part_number"
            " WHERE s.depot = 'MAIN' AND p.stock_item = 1 AND p.retail_price > 0"
        ).fetchall()
    chosen = rng.sample(rows, min(wanted, len(rows)))
    return [FilePart(r[0], r[1], f"{r[2]:.2f}", r[3]) for r in chosen]


def accounts(database: Path, rng: random.Random, wanted: int) -> list[str]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT account FROM customer WHERE account != 'WEBGUEST'"
        ).fetchall()
    return [row[0] for row in rng.sample(rows, min(wanted, len(rows)))]


@dataclass
class FileOrder:
    number: str
    account: str | None
    lines: list[tuple[FilePart, int]]


def orders_of(
    rng: random.Random,
    first_number: int,
    count: int,
    parts: list[FilePart],
    customers: list[str],
    lines: list[int],
    quantities: list[int],
    guest_share: float = 0.0,
    in_stock: bool = False,
) -> list[FileOrder]:
    """`count` orders, each with a line count and quantities drawn from the lists.

    With `in_stock`, a part is used only while its free stock lasts, so
    every line is allocated in full and can be picked.
    """
    orders = []
    cursor = 0
    for index in range(count):
        wanted = rng.choice(lines)
        taken: list[tuple[FilePart, int]] = []
        seen: set[str] = set()
        while len(taken) < wanted:
            if cursor > 100 * len(parts):
                raise RuntimeError("too few parts with free stock for these orders")
            part = parts[cursor % len(parts)]
            cursor += 1
            quantity = rng.choice(quantities)
            if part.part_number in seen:
                continue
            if in_stock:
                if part.free < quantity:
                    continue
                part.free -= quantity
            seen.add(part.part_number)
            taken.append((part, quantity))
        guest = rng.random() < guest_share
        orders.append(
            FileOrder(
                str(first_number + index),
                None if guest else rng.choice(customers),
                taken,
            )
        )
    return orders


def write_order_file(path: Path, orders: list[FileOrder]) -> int:
    """Write the orders in the `online-retail` layout; returns the rows written."""
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        for index, order in enumerate(orders):
            at = FIRST_DAY + timedelta(seconds=30 * index)
            customer = f"{order.account}.0" if order.account else "0.0"
            for part, quantity in order.lines:
                writer.writerow(
                    (
                        order.number,
                        part.part_number,
                        part.description,
                        quantity,
                        f"{at:%Y-%m-%d %H:%M:%S}",
                        part.price,
                        customer,
                        "United Kingdom",
                    )
                )
                rows += 1
    return rows
