"""Two years of trading at scale: stock movements day by day, and the orders.

Day by day: stock comes in, is counted, adjusted, returned and moved between
depots, and the day's web orders arrive and take it. The movements not
caused by orders fill the ledger up to the scale's count.
"""

from __future__ import annotations

import random
from datetime import timedelta

from benchmarks.bulk import BulkTables
from benchmarks.generate_ledger import GOODS_IN, OFFICE, Ledger
from benchmarks.generate_masters import Masters
from benchmarks.generate_orders import DAYS, END, OrderWriter, PlannedOrder, plan_orders
from benchmarks.sample_shape import SampleShape
from benchmarks.scales import Scale

# Kinds of the movements that are not picks, and how often each happens.
BACKGROUND = (
    ("goods_receipt", 0.50),
    ("stock_check", 0.25),
    ("adjustment", 0.08),
    ("customer_return", 0.07),
    ("transfer", 0.10),
)


def _day_text(day: int) -> str:
    return f"{END - timedelta(days=DAYS - day):%Y-%m-%d}"


def _clock(rng: random.Random) -> str:
    seconds = rng.randrange(6 * 3600, 21 * 3600)
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.000000"


def write_history(
    tables: BulkTables,
    shape: SampleShape,
    rng: random.Random,
    scale: Scale,
    masters: Masters,
) -> Ledger:
    ledger = Ledger(tables, masters)
    opening = f"{_day_text(0)} 06:00:00.000000"
    for row, quantity in enumerate(masters.opening):
        if quantity:
            ledger.move(
                row,
                quantity,
                "opening_balance",
                opening,
                "stock.csv",
                "stock file loaded",
                OFFICE,
            )
    plans = plan_orders(shape, rng, scale, masters)
    by_day: list[list[PlannedOrder]] = [[] for _ in range(DAYS + 1)]
    for plan in plans:
        by_day[(plan.at - (END - timedelta(days=DAYS))).days].append(plan)
    issues_left = sum(plan.issues() for plan in plans)
    rows = list(range(len(masters.part)))
    rng.shuffle(rows)
    receiving = OrderWriter(tables, ledger, masters, rng)
    for day, todays in enumerate(by_day):
        days_left = DAYS + 1 - day
        budget = (scale.movements - ledger.seq - issues_left) // days_left
        for _ in range(max(0, budget)):
            row = rows[int(len(rows) * rng.random() ** 2)]
            _background(ledger, rng, masters, row, f"{_day_text(day)} {_clock(rng)}")
        for plan in todays:
            receiving.receive(plan)
            issues_left -= plan.issues()
    return ledger


def _background(
    ledger: Ledger, rng: random.Random, masters: Masters, row: int, at: str
) -> None:
    kinds, weights = zip(*BACKGROUND, strict=True)
    kind = rng.choices(kinds, weights)[0]
    low, high = masters.min_max[row]
    free = ledger.free(row)
    if kind == "stock_check" and free > 0:
        change = rng.choice((-3, -2, -1, 1, 2, 3))
        change = max(change, -free)
        ledger.move(row, change, kind, at, "COUNT", "cycle count", OFFICE)
    elif kind == "adjustment" and free > 0:
        ledger.move(row, -1, kind, at, "DAMAGED", "damaged in the bin", OFFICE)
    elif kind == "customer_return":
        ledger.move(row, rng.randint(1, 3), kind, at, "RETURN", "returned", GOODS_IN)
    elif kind == "transfer" and free > 0 and masters.other_depot_row[row] >= 0:
        quantity = min(free, rng.randint(1, 10))
        ref = f"TR{ledger.seq:08d}"
        ledger.move(row, -quantity, "transfer_out", at, ref, "", GOODS_IN)
        ledger.move(
            masters.other_depot_row[row], quantity, "transfer_in", at, ref, "", GOODS_IN
        )
    else:
        quantity = rng.randint(max(1, high // 4), max(2, high))
        ledger.move(
            row, quantity, "goods_receipt", at, "PO", "goods received", GOODS_IN
        )
