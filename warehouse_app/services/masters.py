"""Loading master data: parts, barcodes, stock with bins, customers.

Every row is taken or reported with its line, field and reason (the columns
and limits are in docs/data-files.md). Loading a file again updates what
changed; a stock file's quantities become opening balances the first time
and stock check corrections after that, each one a movement in the ledger.
Stock that a stock file adds goes at once to the orders waiting for it.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from warehouse_app.domain.scans import ScanRefused
from warehouse_app.integrations.fields import (
    MAX_PRICE,
    BadRow,
)
from warehouse_app.integrations.master_report import MasterReport
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import Barcode, Customer, Depot, Part, Stock
from warehouse_app.services.change_feed import note_stock_change
from warehouse_app.services.ledger import MovementType, move
from warehouse_app.services.lookup import barcode_key
from warehouse_app.services.master_rows import (
    MAX_WEIGHT,
    Known,
    decimal_field,
    fits_column,
    load_rows,
    text_field,
    whole_field,
)
from warehouse_app.services.orders import allocate_waiting
from warehouse_app.services.station import Station

__all__ = [
    "MasterReport",
    "depots",
    "import_barcodes",
    "import_customers",
    "import_parts",
    "import_stock",
]

log = logging.getLogger("warehouse.import")


DEPOT_NAMES = {"MAIN": "Main depot", "NORTH": "North depot"}


def import_parts(database: Database, path: Path) -> MasterReport:
    columns = (
        "part_number",
        "description",
        "group",
        "retail_price",
        "vat_code",
        "weight_kg",
        "stock_item",
        "superseded_by",
    )

    def take(known: Known, line: int, row: dict[str, str]) -> None:
        number = text_field(row, "part_number", 40, upper=True)
        if not number:
            raise BadRow("part_number", "", "bad field", "part_number is empty.")
        description = text_field(row, "description", 200, collapse=True)
        group = text_field(row, "group", 40, upper=True) or "GENERAL"
        vat = row["vat_code"].strip().upper()
        if vat not in ("S", "Z"):
            raise BadRow(
                "vat_code", vat, "bad field", f"vat_code {vat!r} must be S or Z."
            )
        stock_flag = row["stock_item"].strip().upper()
        if stock_flag not in ("Y", "N"):
            raise BadRow(
                "stock_item", stock_flag, "bad field", "stock_item must be Y or N."
            )
        price = decimal_field(row, "retail_price", MAX_PRICE) or Decimal("0")
        weight = decimal_field(row, "weight_kg", MAX_WEIGHT, optional=True)
        successor = text_field(row, "superseded_by", 40, upper=True) or None
        if successor == number:
            raise BadRow(
                "superseded_by",
                successor,
                "bad field",
                f"part {number} cannot be superseded by itself. Leave"
                " superseded_by empty, or name the part that replaces it.",
            )
        part = known.get(Part, number)
        if part is None:
            part = Part(part_number=number)
            known.add(Part, number, part)
        shown = (description, price, stock_flag == "Y", successor)
        if shown != (
            part.description,
            part.retail_price,
            part.stock_item,
            part.superseded_by,
        ):
            note_stock_change(known.session, number)
        part.description = description
        part.group_code = group
        part.retail_price = price
        part.vat_code = vat
        part.weight_kg = weight
        part.stock_item = stock_flag == "Y"
        part.superseded_by = successor

    return load_rows(path, "parts", columns, database, take, (Part,))


def import_barcodes(database: Database, path: Path) -> MasterReport:
    columns = ("barcode", "part_number", "qty_per_scan")

    def take(known: Known, line: int, row: dict[str, str]) -> None:
        code = row["barcode"].strip()
        try:
            key = barcode_key(code)
        except ScanRefused as refusal:
            raise BadRow("barcode", code, "bad check digit", str(refusal)) from None
        if len(key) > 64:
            raise BadRow(
                "barcode",
                code,
                "bad field",
                f"barcode is {len(key)} characters long; it may hold at most 64.",
            )
        number = row["part_number"].strip().upper()
        if known.get(Part, number) is None:
            raise BadRow(
                "part_number",
                number,
                "unknown part",
                f"part {number} is not in the parts master; load parts first.",
            )
        quantity = (
            whole_field(row, "qty_per_scan") if row["qty_per_scan"].strip() else 1
        )
        if quantity == 0:
            raise BadRow(
                "qty_per_scan",
                row["qty_per_scan"].strip(),
                "bad number",
                "qty_per_scan is 0; one scan must count at least 1. Write how"
                " many pieces one scan of this barcode stands for, or leave it"
                " empty for 1.",
            )
        barcode = known.get(Barcode, key)
        if barcode is not None and barcode.part_number != number:
            raise BadRow(
                "barcode",
                code,
                "barcode on another part",
                f"barcode {code} is already on part {barcode.part_number}, not"
                f" {number}. Remove it from part {barcode.part_number} first,"
                " then load this line again.",
            )
        if barcode is None:
            barcode = Barcode(code=key)
            known.add(Barcode, key, barcode)
        barcode.part_number = number
        barcode.qty_per_scan = quantity

    return load_rows(path, "barcodes", columns, database, take, (Part, Barcode))


def import_stock(database: Database, path: Path, station: Station) -> MasterReport:
    """Load bins and quantities; new stock goes to waiting orders, oldest first."""
    columns = (
        "depot",
        "part_number",
        "bin",
        "second_bin",
        "on_hand",
        "min_qty",
        "max_qty",
    )
    # On hand of each part-depot before this file touched it, and the last
    # line that did.
    before: dict[tuple[str, str], int] = {}
    last_line: dict[tuple[str, str], int] = {}

    def take(known: Known, line: int, row: dict[str, str]) -> None:
        depot = text_field(row, "depot", 16, upper=True)
        if not depot:
            raise BadRow("depot", "", "bad field", "depot is empty.")
        number = row["part_number"].strip().upper()
        if known.get(Part, number) is None:
            raise BadRow(
                "part_number",
                number,
                "unknown part",
                f"part {number} is not in the parts master; load parts first.",
            )
        bin_ = text_field(row, "bin", 32, upper=True)
        second_bin = text_field(row, "second_bin", 32, upper=True)
        on_hand = whole_field(row, "on_hand")
        min_qty, max_qty = whole_field(row, "min_qty"), whole_field(row, "max_qty")
        if known.get(Depot, depot) is None:
            name = DEPOT_NAMES.get(depot, depot)
            known.add(
                Depot, depot, Depot(code=depot, name=name, serves_web=depot == "MAIN")
            )
            known.session.flush()
        stock = known.get(Stock, (depot, number))
        existing = stock is not None
        if stock is None:
            stock = Stock(depot=depot, part_number=number, on_hand=0, allocated=0)
            known.add(Stock, (depot, number), stock)
        before.setdefault((depot, number), stock.on_hand)
        last_line[(depot, number)] = line
        stock.bin = bin_ or None
        stock.second_bin = second_bin or None
        stock.min_qty, stock.max_qty = min_qty, max_qty
        change = on_hand - stock.on_hand
        if change:
            kind = (
                MovementType.STOCK_CHECK if existing else MovementType.OPENING_BALANCE
            )
            move(
                known.session,
                station,
                stock,
                kind,
                change,
                path.name[:40],
                "stock file loaded",
            )

    def finish(known: Known, report: MasterReport) -> None:
        allocated_to: set[int] = set()
        for depot, number in sorted(before):
            stock = known.get(Stock, (depot, number))
            if stock is not None and stock.on_hand > before[(depot, number)]:
                orders = allocate_waiting(known.session, depot, number)
                allocated_to.update(order.id for order in orders)
        if allocated_to:
            report.notes["orders allocated from new stock"] = len(allocated_to)
        for (depot, number), line in sorted(last_line.items()):
            stock = known.get(Stock, (depot, number))
            if stock is None or stock.on_hand >= stock.allocated:
                continue
            report.notes["on hand below allocated"] += 1
            report.warnings.append(
                f"{path.name} line {line}: part {number} at {depot} now has"
                f" {stock.on_hand} on hand, but orders hold {stock.allocated} of"
                " it: they hold stock that is not there. Count bin"
                f" {stock.bin or '(none)'} and correct the stock, or short-pick"
                " the orders that cannot be filled."
            )

    return load_rows(
        path, "stock", columns, database, take, (Part, Depot, Stock), finish
    )


def import_customers(database: Database, path: Path) -> MasterReport:
    columns = (
        "account",
        "name",
        "address1",
        "address2",
        "town",
        "postcode",
        "country",
        "email",
        "account_type",
        "order_ref_required",
    )
    limits = {
        "address1": 120,
        "address2": 120,
        "town": 80,
        "postcode": 20,
        "country": 60,
        "email": 120,
    }

    def take(known: Known, line: int, row: dict[str, str]) -> None:
        account = row["account"].strip().removesuffix(".0")
        if not account:
            raise BadRow("account", "", "bad field", "account is empty.")
        account = fits_column(account, "account", 20)
        kind = row["account_type"].strip().lower() or "account"
        if kind not in ("account", "cash"):
            raise BadRow(
                "account_type",
                kind,
                "bad field",
                "account_type must be account or cash.",
            )
        name = text_field(row, "name", 120) or account
        address = {
            field: text_field(row, field, limit) for field, limit in limits.items()
        }
        customer = known.get(Customer, account)
        if customer is None:
            customer = Customer(account=account)
            known.add(Customer, account, customer)
        customer.name = name
        for field, value in address.items():
            setattr(customer, field, value)
        customer.account_type = kind
        customer.order_ref_required = row["order_ref_required"].strip().upper() == "Y"

    return load_rows(path, "customers", columns, database, take, (Customer,))


def depots(database: Database) -> list[str]:
    with database.reading() as session:
        return list(session.scalars(select(Depot.code).order_by(Depot.code)))
