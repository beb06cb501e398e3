"""Generated web orders: planned over two years, then written with all they caused.

Most orders were picked, packed and invoiced long ago; the newest are still
on the floor: ready to pick, short of stock, half picked or picked. Each
order is written with its lines, allocations, picks, parcel, invoice and
print jobs, through the ledger so the stock balances stay true.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from benchmarks.bulk import BulkTables, stamp
from benchmarks.generate_ledger import GOODS_IN, PICKERS, Ledger
from benchmarks.generate_masters import Masters
from benchmarks.sample_shape import SampleShape
from benchmarks.scales import Scale
from warehouse_app.domain.lifecycle import LineStatus, derive_order_status
from warehouse_app.domain.money import line_net, vat_bands

END = datetime(2026, 11, 27)
DAYS = 730
FIRST_SHOP_ORDER = 600_001
OPEN_SHARE = 0.025
# Generated orders carry no delivery address (ship name to email) and no
# shop-visible digest yet; their first change writes their first order event.
NO_ADDRESS = ("", "", "", "", "", "", "")
OPEN_STAGES = (
    ("ready", 0.55),
    ("short", 0.15),
    ("picking", 0.08),
    ("picked", 0.07),
    ("invoiced", 0.15),
)
BACKORDER_SHARE = 0.01
# Of the orders short of stock, how many wait for every line, not just one.
SHORT_WHOLE = 0.6
BIG_ORDER_SHARE = 0.0005
BIG_ORDER_LINES = (100, 600)
STATUS = {
    "awaiting": LineStatus.AWAITING_STOCK,
    "ready": LineStatus.READY_TO_PICK,
    "picking": LineStatus.PICKING,
    "picked": LineStatus.PICKED,
    "invoiced": LineStatus.INVOICED,
    "charge": LineStatus.CHARGE,
}


@dataclass
class PlannedOrder:
    at: datetime
    account: str | None
    # (part number, quantity, what becomes of the line: a key of STATUS)
    lines: list[tuple[str, int, str]]

    def issues(self) -> int:
        """Picks the order makes (an estimate: invoiced charges count too)."""
        return sum(
            1 for _, _, end in self.lines if end in ("picking", "picked", "invoiced")
        )


def plan_orders(
    shape: SampleShape, rng: random.Random, scale: Scale, masters: Masters
) -> list[PlannedOrder]:
    """Every order of the two years, oldest first, with what becomes of each line."""
    stock_parts = list(masters.main_row)
    rng.shuffle(stock_parts)
    times = sorted(
        END
        - timedelta(days=DAYS)
        + timedelta(
            days=rng.randrange(DAYS), seconds=rng.randrange(7 * 3600, 20 * 3600)
        )
        for _ in range(scale.orders)
    )
    first_open = int(scale.orders * (1 - OPEN_SHARE))
    stages, weights = zip(*OPEN_STAGES, strict=True)
    plans = []
    for index, at in enumerate(times):
        count = rng.choice(shape.lines_per_order)
        if rng.random() < BIG_ORDER_SHARE:
            count = rng.randint(*BIG_ORDER_LINES)
        parts: dict[str, int] = {}
        while len(parts) < count:
            if rng.random() < shape.charge_line_share:
                parts.setdefault(rng.choice(masters.charges), 1)
            else:
                pick = stock_parts[int(len(stock_parts) * rng.random() ** 2)]
                parts.setdefault(pick, rng.choice(shape.quantities))
        stage = "invoiced"
        if index >= first_open:
            stage = rng.choices(stages, weights)[0]
        account = None
        if rng.random() >= shape.guest_share:
            accounts = masters.accounts
            account = accounts[int(len(accounts) * rng.random() ** 2)]
        plans.append(PlannedOrder(at, account, _line_ends(parts, stage, masters, rng)))
    return plans


def _line_ends(
    parts: dict[str, int], stage: str, masters: Masters, rng: random.Random
) -> list[tuple[str, int, str]]:
    charges = set(masters.charges)
    goods = [part for part in parts if part not in charges]
    short = set()
    if stage == "short" and goods:
        short = set(goods) if rng.random() < SHORT_WHOLE else {rng.choice(goods)}
    elif stage == "invoiced" and len(goods) > 1 and rng.random() < BACKORDER_SHARE:
        short = {rng.choice(goods)}
    lines = []
    for position, (part, quantity) in enumerate(parts.items()):
        if part in charges:
            end = "invoiced" if stage == "invoiced" or not goods else "charge"
        elif part in short:
            end = "awaiting"
        elif stage in ("ready", "short"):
            end = "ready"
        elif stage == "picking":
            end = ("picked", "picking", "ready")[min(position, 2)]
            if end == "picking" and quantity < 2:
                end = "picked"
        else:
            end = stage
        lines.append((part, quantity, end))
    return lines


class OrderWriter:
    """Writes each planned order with its lines, picks, parcel, invoice and jobs."""

    def __init__(
        self,
        tables: BulkTables,
        ledger: Ledger,
        masters: Masters,
        rng: random.Random,
    ) -> None:
        self.tables = tables
        self.ledger = ledger
        self.masters = masters
        self.rng = rng
        self.charges = set(masters.charges)
        self.ids = {name: 0 for name in ("order", "line", "scan", "parcel", "item")}
        self.jobs = 0
        self.invoices = 0

    def _next(self, name: str) -> int:
        self.ids[name] += 1
        return self.ids[name]

    def receive(self, plan: PlannedOrder) -> None:
        order_id = self._next("order")
        advice = f"AN{order_id:06d}"
        received = plan.at + timedelta(minutes=2)
        picked_at = plan.at + timedelta(hours=1, minutes=self.rng.randrange(120))
        packed_at = picked_at + timedelta(minutes=20)
        picker = self.rng.choice(PICKERS)
        lines = []
        for number, (part, quantity, end) in enumerate(plan.lines, start=1):
            line_id = self._next("line")
            picked = self._stock_for(
                part, quantity, end, line_id, advice, received, picked_at, picker
            )
            lines.append((line_id, number, part, quantity, end, picked))
        statuses = [STATUS[end] for *_, end, _ in lines]
        if any(s is LineStatus.INVOICED for s in statuses) and not any(
            end == "invoiced" and part not in self.charges
            for _, _, part, _, end, _ in lines
        ):
            packed_at = received
        invoice = self._invoice(order_id, plan, lines, packed_at)
        self._lines(order_id, lines, invoice)
        status = derive_order_status(statuses)
        value = sum(
            (line_net(q, self.masters.facts[p].price) for _, _, p, q, _, _ in lines),
            Decimal("0"),
        )
        last = packed_at if invoice else (picked_at if plan.issues() else received)
        last += timedelta(microseconds=self.rng.randrange(1, 999_999))
        account = plan.account
        self.tables.add(
            "web_order",
            (
                order_id,
                "webshop",
                str(FIRST_SHOP_ORDER + order_id - 1),
                advice,
                account or "WEBGUEST",
                int(account is None),
                self.masters.account_country.get(account or "", "United Kingdom"),
                "deliver",
                "MAIN",
                stamp(plan.at),
                stamp(received),
                stamp(last),
                status.value,
                len(lines),
                float(value),
                1,
                *NO_ADDRESS,
            ),
        )
        if any(
            end != "awaiting" and p not in self.charges for _, _, p, _, end, _ in lines
        ):
            self._job(received, "pick_document", advice, order_id, None)

    def _stock_for(
        self,
        part: str,
        quantity: int,
        end: str,
        line_id: int,
        advice: str,
        received: datetime,
        picked_at: datetime,
        picker: tuple[str, str],
    ) -> int:
        """Allocate and pick what the line's end asks for; returns the picked qty."""
        if end in ("awaiting", "charge") or part in self.charges:
            return 0
        ledger = self.ledger
        row = self.masters.main_row[part]
        if ledger.free(row) < quantity:
            topping = quantity - ledger.free(row) + self.rng.randint(0, 20)
            at = stamp(received - timedelta(hours=1))
            ledger.move(
                row, topping, "goods_receipt", at, "PO", "goods received", GOODS_IN
            )
        ledger.allocate(row, line_id, quantity, "allocate", stamp(received))
        take = {"picking": quantity // 2, "picked": quantity, "invoiced": quantity}
        taken = take.get(end, 0)
        if taken:
            at = stamp(picked_at)
            seq = ledger.move(row, -taken, "issue_on_sale", at, advice, "", picker)
            ledger.allocate(row, line_id, -taken, "issue", at)
            code = self.masters.facts[part].unit_barcode or part
            self.tables.add(
                "pick_scan",
                (
                    self._next("scan"),
                    at,
                    picker[0],
                    picker[1],
                    line_id,
                    code,
                    taken,
                    seq,
                    0,
                ),
            )
        return taken

    def _invoice(
        self,
        order_id: int,
        plan: PlannedOrder,
        lines: list[tuple[int, int, str, int, str, int]],
        at: datetime,
    ) -> str | None:
        invoiced = [line for line in lines if line[4] == "invoiced"]
        if not invoiced:
            return None
        self.invoices += 1
        number = f"INV{self.invoices:06d}"
        facts = self.masters.facts
        bands = vat_bands(
            (facts[p].vat_code, line_net(q, facts[p].price))
            for _, _, p, q, _, _ in invoiced
        )
        net = sum((band.net for band in bands), Decimal("0"))
        vat = sum((band.vat for band in bands), Decimal("0"))
        self.tables.add(
            "invoice",
            (
                number,
                order_id,
                stamp(at),
                plan.account or "WEBGUEST",
                float(net),
                float(vat),
                float(net + vat),
            ),
        )
        goods = [line for line in invoiced if line[2] not in self.charges]
        advice = f"AN{order_id:06d}"
        if goods:
            parcel_id = self._next("parcel")
            weight = sum(facts[p].weight * q for _, _, p, q, _, _ in goods)
            self.tables.add(
                "parcel",
                (
                    parcel_id,
                    order_id,
                    1,
                    round(min(max(weight, 0.1), 999.0), 3),
                    stamp(at),
                    f"{advice}-1",
                ),
            )
            for line_id, _, _, quantity, _, _ in goods:
                self.tables.add(
                    "parcel_item", (self._next("item"), parcel_id, line_id, quantity)
                )
            self._job(at, "parcel_label", f"{advice}-1", order_id, parcel_id)
        self._job(at, "invoice", number, order_id, None)
        return number

    def _lines(
        self,
        order_id: int,
        lines: list[tuple[int, int, str, int, str, int]],
        invoice: str | None,
    ) -> None:
        for line_id, number, part, quantity, end, picked in lines:
            facts = self.masters.facts[part]
            charge = part in self.charges
            allocated = 0 if charge or end == "awaiting" else quantity
            packed = quantity if end == "invoiced" and not charge else 0
            self.tables.add(
                "order_line",
                (
                    line_id,
                    order_id,
                    number,
                    part,
                    facts.description,
                    quantity,
                    float(facts.price),
                    facts.vat_code,
                    int(charge),
                    STATUS[end].value,
                    allocated,
                    picked,
                    packed,
                    None,
                    invoice if end == "invoiced" else None,
                    number + 1,
                ),
            )

    def _job(
        self, at: datetime, kind: str, ref: str, order_id: int, parcel_id: int | None
    ) -> None:
        self.jobs += 1
        printed = at + timedelta(seconds=5)
        self.tables.add(
            "print_job",
            (
                self.jobs,
                stamp(at),
                kind,
                ref,
                order_id,
                parcel_id,
                "printed",
                1,
                "",
                None,
                f"/srv/print/{kind}/{kind}-{ref}.pdf",
                stamp(printed),
            ),
        )
