"""Masters at scale: parts, barcodes, customers and the stock rows with their bins.

The shipped sample rows are kept as they are; the rest are drawn from them,
so a new part copies the group, price, VAT code, weight and description of
a sample part and gets its own number, bin and barcodes.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from decimal import Decimal

from benchmarks.bulk import BulkTables
from benchmarks.sample_shape import SampleShape
from benchmarks.scales import Scale
from warehouse_app.services.intake_rows import GUEST_ACCOUNT
from warehouse_app.services.lookup import barcode_key

BAYS = 12
LEVELS = "ABCDE"
SAMPLE_ZONES = 4
SAMPLE_AISLES = 24
FIRST_NUMBER = 100_000
FIRST_ACCOUNT = 20_000
CUSTOMERS_PER_ORDER = 0.2
DEPOTS = (("MAIN", "Main depot", 1), ("NORTH", "North depot", 0))


@dataclass
class PartFacts:
    description: str
    price: Decimal
    vat_code: str
    weight: float
    unit_barcode: str  # as printed (EAN-13), or "" when the part has none


@dataclass
class Masters:
    """What the history generator needs to know about the masters it wrote."""

    facts: dict[str, PartFacts] = field(default_factory=dict)
    charges: list[str] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    account_country: dict[str, str] = field(default_factory=dict)
    # One entry per stock row, by index.
    depot: list[str] = field(default_factory=list)
    part: list[str] = field(default_factory=list)
    bin: list[str | None] = field(default_factory=list)
    second_bin: list[str | None] = field(default_factory=list)
    min_max: list[tuple[int, int]] = field(default_factory=list)
    opening: list[int] = field(default_factory=list)
    other_depot_row: list[int] = field(default_factory=list)
    main_row: dict[str, int] = field(default_factory=dict)


def ean13(body: str) -> str:
    """Twelve digits and their EAN-13 check digit."""
    odd = sum(int(d) for d in body[0::2])
    even = sum(int(d) for d in body[1::2])
    return body + str((10 - (odd + 3 * even) % 10) % 10)


def write_masters(
    tables: BulkTables, shape: SampleShape, rng: random.Random, scale: Scale
) -> Masters:
    masters = Masters()
    for code, name, web in DEPOTS:
        tables.add("depot", (code, name, web))
    new_parts = _parts(tables, shape, rng, scale, masters)
    _barcodes(tables, shape, rng, masters, new_parts)
    _customers(tables, shape, rng, scale, masters)
    _stock_rows(shape, rng, masters, new_parts)
    return masters


def _parts(
    tables: BulkTables,
    shape: SampleShape,
    rng: random.Random,
    scale: Scale,
    masters: Masters,
) -> list[str]:
    for row in shape.parts:
        number = row["part_number"]
        _add_part(tables, masters, number, row, row["superseded_by"] or None)
        if row["stock_item"] == "N":
            masters.charges.append(number)
    new_parts: list[str] = []
    for index in range(max(0, scale.parts - len(shape.parts))):
        template = rng.choice(shape.stock_parts)
        number = str(FIRST_NUMBER + index)
        if rng.random() < shape.lettered_share:
            number += rng.choice(shape.suffixes)
        successor = None
        if new_parts and rng.random() < shape.superseded_share:
            successor = rng.choice(new_parts)
        _add_part(tables, masters, number, template, successor)
        new_parts.append(number)
    return new_parts


def _add_part(
    tables: BulkTables,
    masters: Masters,
    number: str,
    row: dict[str, str],
    successor: str | None,
) -> None:
    weight = float(row["weight_kg"]) if row["weight_kg"] else None
    stock_item = row["stock_item"] == "Y"
    tables.add(
        "part",
        (
            number,
            row["description"],
            row["group"],
            float(row["retail_price"]),
            row["vat_code"],
            weight,
            int(stock_item),
            successor,
            None,  # set from the invoices once they are written
        ),
    )
    masters.facts[number] = PartFacts(
        row["description"],
        Decimal(row["retail_price"]),
        row["vat_code"],
        weight or 0.5,
        "",
    )


def _barcodes(
    tables: BulkTables,
    shape: SampleShape,
    rng: random.Random,
    masters: Masters,
    new_parts: list[str],
) -> None:
    taken = set()
    for row in shape.barcodes:
        code = barcode_key(row["barcode"])
        taken.add(code)
        tables.add("barcode", (code, row["part_number"], int(row["qty_per_scan"])))
        if row["qty_per_scan"] == "1":
            masters.facts[row["part_number"]].unit_barcode = row["barcode"]
    counter = 0

    def fresh() -> str:
        # A multiplier prime to 10 visits every 11-digit body once, in an
        # order that looks random, so codes never repeat.
        nonlocal counter
        while True:
            counter += 1
            body = f"2{(counter * 7_368_787 + 1_234_567) % 10**11:011d}"
            code = ean13(body)
            if "0" + code not in taken:
                return code

    for number in new_parts:
        if rng.random() < shape.no_barcode_share:
            continue
        unit = fresh()
        tables.add("barcode", ("0" + unit, number, 1))
        masters.facts[number].unit_barcode = unit
        if rng.random() < shape.pack_barcode_share:
            tables.add("barcode", ("0" + fresh(), number, rng.choice(shape.pack_sizes)))


def _customers(
    tables: BulkTables,
    shape: SampleShape,
    rng: random.Random,
    scale: Scale,
    masters: Masters,
) -> None:
    columns = ("name", "address1", "address2", "town", "postcode", "country")
    for row in shape.customers:
        tables.add("customer", _customer(row["account"], row, columns))
        masters.accounts.append(row["account"])
        masters.account_country[row["account"]] = row["country"]
    tables.add(
        "customer",
        (GUEST_ACCOUNT, "Web shop guest checkout", "", "", "", "", "", "", "cash", 0),
    )
    firsts, seconds = shape.name_words
    wanted = int(scale.orders * CUSTOMERS_PER_ORDER) - len(shape.customers)
    for index in range(max(0, wanted)):
        template = dict(rng.choice(shape.customers))
        account = str(FIRST_ACCOUNT + index)
        template["name"] = f"{rng.choice(firsts)} {rng.choice(seconds)}"
        street = template["address1"].split(" ", 1)[-1]
        template["address1"] = f"{rng.randint(1, 250)} {street}"
        tables.add("customer", _customer(account, template, columns))
        masters.accounts.append(account)
        masters.account_country[account] = template["country"]


def _customer(
    account: str, row: dict[str, str], columns: tuple[str, ...]
) -> tuple[object, ...]:
    return (
        account,
        *(row[column] for column in columns),
        f"orders{account}@example.com",
        row["account_type"],
        int(row["order_ref_required"] == "Y"),
    )


def _stock_rows(
    shape: SampleShape, rng: random.Random, masters: Masters, new_parts: list[str]
) -> None:
    for row in shape.stock:
        _add_stock(
            masters,
            row["depot"],
            row["part_number"],
            row["bin"] or None,
            row["second_bin"] or None,
            (int(row["min_qty"]), int(row["max_qty"])),
            int(row["on_hand"]),
        )
    main_bins = _main_bins(rng, len(new_parts))
    overflow = max(30, len(new_parts) // 100)
    north_slots = max(SAMPLE_AISLES, len(new_parts) // 60)
    for number, bin_code in zip(new_parts, main_bins, strict=True):
        second = None
        if rng.random() < shape.second_bin_share:
            second = f"OVR-{rng.randint(1, overflow)}"
        _add_stock(
            masters,
            "MAIN",
            number,
            bin_code,
            second,
            shape.min_max["MAIN"],
            rng.choice(shape.on_hand["MAIN"]),
        )
        if rng.random() < shape.north_share:
            _add_stock(
                masters,
                "NORTH",
                number,
                f"N{rng.randint(1, 6)}-{rng.randint(1, north_slots)}",
                None,
                shape.min_max["NORTH"],
                rng.choice(shape.on_hand["NORTH"]),
            )
    masters.other_depot_row = [-1] * len(masters.part)
    rows: dict[tuple[str, str], int] = {
        (depot, part): index
        for index, (depot, part) in enumerate(
            zip(masters.depot, masters.part, strict=True)
        )
    }
    for index, (depot, part) in enumerate(
        zip(masters.depot, masters.part, strict=True)
    ):
        other = rows.get(("NORTH" if depot == "MAIN" else "MAIN", part))
        if other is not None:
            masters.other_depot_row[index] = other
        if depot == "MAIN":
            masters.main_row[part] = index


def _main_bins(rng: random.Random, count: int) -> list[str]:
    """Zone-aisle-bay-level bins (`B-12-3-C`), half again as many as parts."""
    wanted = math.ceil(count * 1.5)
    zones = SAMPLE_ZONES
    if wanted > SAMPLE_ZONES * SAMPLE_AISLES * BAYS * len(LEVELS):
        zones = 26
    per_aisle = BAYS * len(LEVELS)
    aisles = max(SAMPLE_AISLES, math.ceil(wanted / (zones * per_aisle)))
    places = rng.sample(range(zones * aisles * per_aisle), count)
    bins = []
    for place in places:
        zone, rest = divmod(place, aisles * per_aisle)
        aisle, rest = divmod(rest, per_aisle)
        bay, level = divmod(rest, len(LEVELS))
        bins.append(f"{chr(65 + zone)}-{aisle + 1}-{bay + 1}-{LEVELS[level]}")
    return bins


def _add_stock(
    masters: Masters,
    depot: str,
    part: str,
    bin_code: str | None,
    second_bin: str | None,
    min_max: tuple[int, int],
    opening: int,
) -> None:
    masters.depot.append(depot)
    masters.part.append(part)
    masters.bin.append(bin_code)
    masters.second_bin.append(second_bin)
    masters.min_max.append(min_max)
    masters.opening.append(opening)
